"""What the commands print for a person, with rich: ``show_view`` (``newsclean show``: a dump's lines
and what became of each) and ``stats_view`` (``newsclean stats``: the corpus report as tables).

The library core never imports this package; ``cli.py`` and ``cli_corpus.py`` do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def console(**kwargs: Any) -> Console:
    """A rich console whose closed pipe is a quiet end (``newsclean show … | head``). rich is imported
    here, when something is to be shown: a quiet run never loads it (a fifth of the start-up)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            """rich exits 1 when the reader closes the pipe; that status means "rejects" here, so the
            error goes up to the command group, which ends quietly with 0."""
            raise BrokenPipeError

    return _Console(**kwargs)
