"""The run's report: what came in, what went out, what was rejected and why; it sets the exit code."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .runner import Outcome

#: Exit codes, documented in ``newsclean clean --help`` and the README.
EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2


@dataclass(slots=True)
class Report:
    files: int = 0
    records: int = 0
    bytes_in: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.perf_counter)
    finished: float | None = None

    def add(self, outcome: Outcome) -> None:
        self.files += 1
        self.bytes_in += outcome.bytes_in
        if outcome.reason is None:
            self.records += 1
            self.removed.update(outcome.removed)
        else:
            self.rejected[outcome.reason] += 1

    def finish(self) -> None:
        self.finished = time.perf_counter()

    @property
    def seconds(self) -> float:
        return (self.finished or time.perf_counter()) - self.started

    @property
    def exit_code(self) -> int:
        return EXIT_REJECTED if self.rejected else EXIT_OK

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "records": self.records,
            "rejected": sum(self.rejected.values()),
            "rejected_by_reason": dict(self.rejected.most_common()),
            "lines_removed_by_pass": dict(self.removed),
            "bytes_in": self.bytes_in,
            "seconds": round(self.seconds, 3),
        }
