"""boilerplate: lines learned as a domain's boilerplate across the corpus."""

from __future__ import annotations

from ..context import Context
from ..corpus.boilerplate_table import line_key
from ..document import Document


def boilerplate(doc: Document, ctx: Context) -> None:
    """Remove lines that recur across a domain's documents (footers, prompts); needs --learn-boilerplate.

    Does nothing in a run without a learned table, so it costs nothing by default.
    """
    table = ctx.learned.get(doc.domain or "")
    if not table:
        return
    for i in doc.open_lines():
        if line_key(doc.lines[i]) in table:
            doc.label(i, "boilerplate", "boilerplate")
