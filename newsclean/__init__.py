"""newsclean: clean scraped news-page text dumps into one JSONL record per document."""

__version__ = "0.1.0"
