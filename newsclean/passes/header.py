"""header: the scraper's first line, ` date YYYY-MM-DD URL`, when the dump has one."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..context import Context
from ..document import Document
from ..io.remote import is_url

#: a URL whose host is plain letters, digits, dots and hyphens (no user, port or IPv6 brackets): its
#: host is what ``urlsplit(url).hostname`` gives, read without building a ``SplitResult``
_PLAIN_HOST = re.compile(r"https?://([A-Za-z0-9.-]+)(?:[/?#]|\Z)")


def domain_of(url: str) -> str | None:
    """Host of a URL, lowercased, without a leading ``www.``: the key outlets are grouped by."""
    m = _PLAIN_HOST.match(url)
    if m is not None:
        return m[1].lower().removeprefix("www.")
    try:
        host = urlsplit(url if is_url(url) else f"http://{url}").hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def header(doc: Document, ctx: Context) -> None:
    """Parse the first line ` date YYYY-MM-DD URL` (either order) into date, url and domain.

    Only the first non-blank line is looked at: a date and URL further down are content or metadata.
    """
    first = next((i for i, lab in enumerate(doc.labels) if lab is None), None)
    if first is None:
        return
    m = ctx.shapes.header.fullmatch(doc.lines[first])
    if m is None:
        return
    doc.url = m["url"] or m["url2"]
    doc.date = m["date"] or m["date2"]
    doc.domain = domain_of(doc.url)
    doc.label(first, "header", "header")
