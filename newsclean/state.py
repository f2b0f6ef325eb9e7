"""Run state in SQLite: which inputs were done, with what content, into which shard.

Re-running with the same state file skips inputs that did not change (size and mtime equal, or
else the same content hash) and redoes the rest. Exactly-once output across a kill rests on a
two-step commit with the shard writer:

1. every outcome is recorded as *staged* for the shard being written (``shard``, ``staged = 1``);
2. the shard is renamed into place, then its rows are marked committed (``staged = 0``).

A kill between 1 and 2 leaves staged rows: on ``--resume`` those whose shard exists under its final
name are committed (the rename happened), the others are dropped and their inputs done again. So
every document ends in exactly one committed shard. Rejects are kept too (a bad file stays skipped
until it changes), except the passing kinds (``TRANSIENT``), which are tried again next run.

An input that changed is done again, and its new outcome replaces its row; the record an earlier run
wrote for it stays in its shard (shards are never rewritten) and is listed as *superseded*, by shard
and line, in the ``superseded`` table and the manifest, which ``stats``, ``dedup`` and ``compact``
honour: one live record per input. A superseding row is staged like any other; if its shard never
lands, ``reconcile`` puts the old row back, so the old record stays live.

The module imports neither click nor rich; the CLI wires it to the writer.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from .document import Reject, content_digest, path_bytes
from .io.readers import STDIN, read_file

#: Reject reasons that say nothing about the content: not recorded, so the next run tries again.
TRANSIENT = frozenset({"not-found", "unreadable", "timeout", "worker-error", "not-a-file"})

SCHEMA = """
CREATE TABLE IF NOT EXISTS inputs (
    source   TEXT PRIMARY KEY,
    size     INTEGER,
    mtime_ns INTEGER,
    hash     TEXT,
    status   TEXT NOT NULL,      -- 'done' or 'rejected'
    reason   TEXT,
    shard    TEXT,
    staged   INTEGER NOT NULL,   -- 1 until the shard is under its final name
    run      INTEGER NOT NULL,
    line     INTEGER             -- the record's line in its shard (0-based); null for a reject
);
CREATE INDEX IF NOT EXISTS inputs_staged ON inputs (staged, shard);
CREATE TABLE IF NOT EXISTS superseded (
    shard    TEXT NOT NULL,      -- where the superseded record is, and on which line
    line     INTEGER NOT NULL,
    by_shard TEXT,               -- the shard being written when the new outcome replaced it
    staged   INTEGER NOT NULL,
    run      INTEGER NOT NULL,
    old      TEXT NOT NULL,      -- the replaced inputs row (JSON), restored if by_shard never lands
    PRIMARY KEY (shard, line)
);
CREATE TABLE IF NOT EXISTS runs (
    id       INTEGER PRIMARY KEY,
    started  TEXT NOT NULL,
    finished TEXT,
    options  TEXT,
    summary  TEXT
);
"""

#: The columns of an inputs row, in the order ``superseded.old`` keeps them.
_COLUMNS = "source, size, mtime_ns, hash, status, reason, shard, staged, run, line"
_MARKS = ", ".join("?" * len(_COLUMNS.split(", ")))

#: Rows written per transaction while a shard fills: few fsyncs, little lost work on a kill.
FLUSH_EVERY = 2000


def source_key(source: str) -> str | bytes:
    """The state's key of an input: its path, or the path's bytes (a BLOB) when it is not UTF-8, which
    SQLite cannot store as text; exact either way, so two odd names never share a row."""
    try:
        source.encode("utf-8")
        return source
    except UnicodeEncodeError:
        return path_bytes(source, "surrogatepass")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class StateError(Exception):
    """The state file cannot be used as asked (interrupted run without --resume, not SQLite)."""


class State:
    """One state file, used by one run at a time."""

    def __init__(self, path: str) -> None:
        try:
            self.db = sqlite3.connect(path, isolation_level=None)  # explicit transactions below
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
            columns = {row[1] for row in self.db.execute("PRAGMA table_info(inputs)")}
            if "line" not in columns:  # a state file from before superseded records were tracked
                self.db.execute("ALTER TABLE inputs ADD COLUMN line INTEGER")
        except sqlite3.OperationalError as exc:  # no such directory, no permission, locked
            raise StateError(f"cannot open the state file {path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise StateError(f"{path}: not a usable state file ({exc})") from exc
        self.path = path
        self.run_id = 0
        self.skipped = 0
        self._pending: list[tuple[Any, ...]] = []
        self._stats: dict[str, tuple[int, int]] = {}

    def close(self) -> None:
        self.db.close()

    # --- runs -----------------------------------------------------------------------------------

    def is_new(self) -> bool:
        """Whether no run has used this state file yet."""
        return self.db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 0

    def interrupted(self) -> bool:
        """Whether an earlier run stopped without finishing (killed, crashed)."""
        row = self.db.execute("SELECT COUNT(*) FROM runs WHERE finished IS NULL").fetchone()
        staged = self.db.execute("SELECT COUNT(*) FROM inputs WHERE staged = 1").fetchone()
        return bool(row[0] or staged[0])

    def begin(self, directory: str, options: dict[str, Any], resume: bool) -> None:
        """Start a run writing shards into ``directory``; settle what a killed run left first."""
        if self.interrupted():
            if not resume:
                raise StateError(f"{self.path} records an interrupted run: add --resume to continue it "
                                 "(or remove the state file to start over)")
            self.reconcile(directory)
        cur = self.db.execute("INSERT INTO runs (started, options) VALUES (?, ?)",
                              (_now(), orjson.dumps(options).decode()))
        self.run_id = int(cur.lastrowid or 0)

    def reconcile(self, directory: str) -> None:
        """Staged rows: committed when their shard made it to its final name, else forgotten (and the
        rows they had replaced put back, so what those point to is live again)."""
        self.db.execute("BEGIN")
        while True:
            shards = {r[0] for r in self.db.execute("SELECT DISTINCT shard FROM inputs WHERE staged = 1")}
            shards |= {r[0] for r in self.db.execute(
                "SELECT DISTINCT by_shard FROM superseded WHERE staged = 1")}
            if not shards:
                break
            for shard in shards:
                if shard and os.path.exists(os.path.join(directory, shard)):
                    self.db.execute("UPDATE inputs SET staged = 0 WHERE staged = 1 AND shard = ?", (shard,))
                    self.db.execute("UPDATE superseded SET staged = 0 WHERE staged = 1 AND by_shard = ?",
                                    (shard,))
                    continue
                self.db.execute("DELETE FROM inputs WHERE staged = 1 AND shard IS ?", (shard,))
                restored = self.db.execute("SELECT old FROM superseded WHERE staged = 1 AND by_shard IS ?",
                                           (shard,)).fetchall()
                for (old,) in restored:
                    row = orjson.loads(old)
                    if isinstance(row[0], list):  # a BLOB key (a path that is not UTF-8)
                        row[0] = bytes(row[0])
                    self.db.execute(f"INSERT OR REPLACE INTO inputs ({_COLUMNS}) VALUES ({_MARKS})", row)
                self.db.execute("DELETE FROM superseded WHERE staged = 1 AND by_shard IS ?", (shard,))
        self.db.execute("UPDATE runs SET finished = ? , summary = ? WHERE finished IS NULL",
                        (_now(), '{"interrupted": true}'))
        self.db.execute("COMMIT")

    def finish(self, summary: dict[str, Any]) -> None:
        """Commit what is left (rejects after the last shard) and close the run."""
        self.flush(None)
        self.db.execute("BEGIN")
        self.db.execute("UPDATE inputs SET staged = 0 WHERE staged = 1 AND run = ?", (self.run_id,))
        self.db.execute("UPDATE superseded SET staged = 0 WHERE staged = 1 AND run = ?", (self.run_id,))
        self.db.execute("UPDATE runs SET finished = ?, summary = ? WHERE id = ?",
                        (_now(), orjson.dumps(summary).decode(), self.run_id))
        self.db.execute("COMMIT")

    # --- inputs ---------------------------------------------------------------------------------

    def filter(self, items: Iterable[tuple[Any, ...]], max_bytes: int) -> Iterator[tuple[Any, ...]]:
        """The items that need doing; unchanged ones are counted in ``skipped`` and left out."""
        lookup = self.db.execute
        for item in items:
            source, data = item[0], item[1]
            if source == STDIN or isinstance(data, Reject):
                yield item
                continue
            row = lookup("SELECT size, mtime_ns, hash FROM inputs WHERE source = ? AND staged = 0",
                         (source_key(source),)).fetchone()
            if data is not None:  # an archive member or JSONL line: its bytes are here, compare hashes
                if row is not None and row[2] == content_digest(data):
                    self.skipped += 1
                    continue
                yield item
                continue
            try:
                st = os.stat(source)
            except OSError:
                yield item  # the worker turns it into the right reject
                continue
            self._stats[source] = (st.st_size, st.st_mtime_ns)
            if row is None:
                yield item
            elif row[0] == st.st_size and row[1] == st.st_mtime_ns:
                self.skipped += 1
                self._stats.pop(source, None)
            elif row[2] is not None:
                # touched or rewritten: the content decides (read once here, reused by the worker)
                try:
                    body = read_file(source, max_bytes)
                except Reject:
                    yield item
                    continue
                if content_digest(body) == row[2]:
                    self.skipped += 1
                    self._stats.pop(source, None)
                    self.db.execute("UPDATE inputs SET size = ?, mtime_ns = ? WHERE source = ?",
                                    (st.st_size, st.st_mtime_ns, source_key(source)))
                else:
                    yield (source, body)
            else:
                yield item

    def note(self, source: str, reason: str | None, digest_: str | None, shard: str | None,
             line: int | None = None) -> None:
        """Record one outcome as staged for ``shard`` (the shard being written), a record on ``line``."""
        size, mtime = self._stats.pop(source, (None, None))
        if source == STDIN or reason in TRANSIENT:
            return
        status = "done" if reason is None else "rejected"
        line = line if reason is None else None
        # (in _COLUMNS order, staged)
        self._pending.append((source_key(source), size, mtime, digest_, status, reason, shard, 1, self.run_id,
                              line))
        if len(self._pending) >= FLUSH_EVERY:
            self.flush(None)

    def flush(self, shard: str | None) -> None:
        """Write buffered rows (all staged) in one transaction."""
        del shard  # rows carry the shard they were noted for
        if not self._pending:
            return
        self.db.execute("BEGIN")
        for row in self._pending:  # one by one: an input seen twice in a batch supersedes itself
            self._supersede(row[0], row[6])
            self.db.execute(f"INSERT OR REPLACE INTO inputs ({_COLUMNS}) VALUES ({_MARKS})", row)
        self.db.execute("COMMIT")
        self._pending.clear()

    def _supersede(self, key: str | bytes, by_shard: str | None) -> None:
        """The record an earlier outcome of this input wrote (if any) is superseded by the new one."""
        old = self.db.execute(f"SELECT {_COLUMNS} FROM inputs WHERE source = ? AND status = 'done' "
                              "AND line IS NOT NULL", (key,)).fetchone()
        if old is None:
            return
        row = [list(old[0]) if isinstance(old[0], bytes) else old[0], *old[1:]]
        self.db.execute("INSERT OR REPLACE INTO superseded (shard, line, by_shard, staged, run, old) "
                        "VALUES (?, ?, ?, 1, ?, ?)", (old[6], old[9], by_shard, self.run_id,
                                                      orjson.dumps(row).decode()))

    def commit(self, shard: str) -> None:
        """The shard is under its final name: its rows are done for good."""
        self.db.execute("UPDATE inputs SET staged = 0 WHERE staged = 1 AND shard = ?", (shard,))
        self.db.execute("UPDATE superseded SET staged = 0 WHERE staged = 1 AND by_shard = ?", (shard,))

    def superseded(self) -> dict[str, list[int]]:
        """Committed superseded records: shard name -> sorted line numbers (what the manifest lists)."""
        out: dict[str, list[int]] = {}
        for shard, line in self.db.execute("SELECT shard, line FROM superseded WHERE staged = 0 "
                                           "ORDER BY shard, line"):
            out.setdefault(shard, []).append(line)
        return out

    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT status, COUNT(*) FROM inputs WHERE staged = 0 GROUP BY status"))
