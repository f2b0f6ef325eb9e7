"""Engines beyond the local process pool. Each runs the same ``runner.process_batch`` on the same
items, so records do not depend on where they were made."""
