"""Quote and reported-speech extraction for news articles (rule-based, linear time)."""

from .extract import extract_quotes

__all__ = ["extract_quotes"]
