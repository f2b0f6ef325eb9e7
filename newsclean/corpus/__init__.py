"""Corpus-level tools over cleaned records: reading JSONL, a streaming report, deduplication.

Library code only (no click, no rich): the commands live in ``newsclean.cli_corpus`` and the
terminal rendering in ``newsclean.view``.
"""

from newsclean.corpus.dedup import Deduplicator, DedupSummary, Duplicate, normalise
from newsclean.corpus.records import RecordError, read_records
from newsclean.corpus.stats import CorpusReport, compute_report

__all__ = [
    "CorpusReport",
    "DedupSummary",
    "Deduplicator",
    "Duplicate",
    "RecordError",
    "compute_report",
    "normalise",
    "read_records",
]
