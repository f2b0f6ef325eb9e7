"""Corpus-level tools over cleaned records: reading JSONL (``records``), a streaming report
(``stats``), deduplication (``dedup``, which brings numpy: import it only where it is used).

Library code only (no click, no rich): the commands live in ``newsclean.cli_corpus`` and the
terminal rendering in ``newsclean.view``.
"""
