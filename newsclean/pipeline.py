"""The pipeline: run the registered passes over one document. No I/O, no printing.

Library use::

    from newsclean.pipeline import clean_bytes
    record = clean_bytes(open("dump.txt", "rb").read(), source="dump.txt")
"""

from __future__ import annotations

import hashlib
import time
from pathlib import PurePath
from typing import Any

from .context import Context, Options
from .document import Document, Reject
from .passes import PASSES, REQUIRED


def content_id(data: bytes) -> str:
    """A stable id for a document with no file name (stdin): 16 hex digits of its BLAKE2b hash."""
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def id_for(source: str, data: bytes) -> str:
    return content_id(data) if source == "-" else PurePath(source).stem


def check_skip(skip: tuple[str, ...]) -> None:
    """Refuse unknown or required pass names, so a typo is an error rather than a silent no-op."""
    for name in skip:
        if name not in PASSES:
            raise ValueError(f"unknown pass '{name}' (see `newsclean passes`)")
        if name in REQUIRED:
            raise ValueError(f"pass '{name}' cannot be skipped: without it there is no text")


def prepare(options: Options) -> Context:
    """Build the context and compile every pattern the run's passes need, now rather than on the
    first document: called before a process pool forks, the workers inherit them compiled."""
    ctx = Context.build(options)
    from .passes.paragraphs import prepare as prepare_paragraphs

    prepare_paragraphs(ctx)
    if "chrome" not in options.skip:
        from .passes.chrome import prepare as prepare_chrome

        prepare_chrome(ctx)
    if "quotes" not in options.skip:
        from .passes.quotes import prepare as prepare_quotes

        prepare_quotes(ctx)
    return ctx


def run(doc: Document, ctx: Context, stop_before: str | None = None,
        timings: dict[str, float] | None = None) -> Document:
    """Every pass in order on ``doc`` (up to ``stop_before``, when given: then there is no text yet and
    no ``no-text`` check). A failing pass becomes a ``Reject`` naming it, never a crash.
    ``timings``, when given, gains each pass's CPU seconds (the benchmark's time by pass)."""
    for name, fn in PASSES.items():
        if name == stop_before:
            return doc
        if name in ctx.options.skip:
            continue
        start = time.process_time() if timings is not None else 0.0
        try:
            fn(doc, ctx)
        except Reject:
            raise
        except RecursionError as exc:
            raise Reject("pass-error", f"{name}: {exc}") from exc
        except Exception as exc:
            raise Reject("pass-error", f"{name}: {type(exc).__name__}: {exc}") from exc
        finally:
            if timings is not None:
                timings[name] = timings.get(name, 0.0) + time.process_time() - start
    if not doc.paragraphs:
        raise Reject("no-text", "every line was metadata, boilerplate or a duplicate")
    return doc


def clean_document(data: bytes, source: str = "-", ctx: Context | None = None) -> Document:
    """The cleaned ``Document`` of one dump: fields, labelled lines and per-pass counts."""
    ctx = ctx or Context.build()
    return run(Document(source=source, id=id_for(source, data), raw=data), ctx)


def clean_bytes(data: bytes, source: str = "-", options: Options | None = None) -> dict[str, Any]:
    """The record (schema in the README) of one dump; raises ``Reject`` when it cannot be one."""
    return clean_document(data, source, Context.build(options)).to_record()
