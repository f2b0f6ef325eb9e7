"""Shared fixtures: paths to the bundled samples and the shared seed, relative to the repo root."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED = ROOT.parent / "shared" / "seeds" / "000_b3080ccbe49157e2.txt"


def best_cpu(run: Callable[[], object], times: int) -> float:
    """Best of ``times`` CPU times of ``run()``: process time, not wall-clock (the machine may be
    busy), for tests that assert only ratios of such times."""
    best = float("inf")
    for _ in range(times):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


@pytest.fixture
def seed_path() -> Path:
    """The original dump in ../shared when present, else the byte-identical copy in samples/."""
    return SEED if SEED.exists() else SAMPLES / SEED.name


@pytest.fixture(autouse=True, scope="session")
def _pattern_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The compiled-pattern cache of the whole session (and of the commands it starts) in a
    temporary folder, never in the user's ~/.cache."""
    import os

    from newsclean import pattern_cache

    os.environ[pattern_cache.ENV] = str(tmp_path_factory.mktemp("pattern-cache"))
    pattern_cache.folder.cache_clear()
