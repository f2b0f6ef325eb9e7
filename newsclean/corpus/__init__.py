"""Corpus-level tools: reading cleaned records (``records``), a streaming report (``stats``, and
its page ``html``), deduplication (``dedup``, which brings numpy: import it only where it is used),
and the boilerplate learned across a corpus (``boilerplate_table``: counting and the table the
``boilerplate`` pass reads; ``boilerplate_learn``: the first pass of ``clean --learn-boilerplate``).

Library code only (no click, no rich): the commands live in ``newsclean.cli_corpus`` and
``newsclean.cli``, the terminal rendering in ``newsclean.terminal``.
"""
