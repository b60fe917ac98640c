"""The SQLite history store: one row per request, grouped into sessions (one per kernel process).

Why these choices:

- **WAL + busy timeout + ``BEGIN IMMEDIATE``**: several kernels append to one file at once; WAL lets
  readers run beside the writer, and taking the write lock at ``BEGIN`` (not on the first write)
  means a waiting writer gets the busy handler instead of an immediate ``database is locked``.
- **Corruption is survivable**: a file SQLite reports as corrupt or not-a-database is moved aside
  (``<name>.corrupt-<timestamp>``, kept for the user), a warning is shown once and a fresh file is
  used — history must never stop someone's work.
- **Never secrets**: only what is passed to :meth:`HistoryStore.record` is stored, and nobody passes
  settings or keys.
"""

from __future__ import annotations

import json
import os
import platform
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from .._version import __version__
from ..errors import HistoryError
from .entry import COLUMNS, OUTCOMES, HistoryEntry, format_ts
from .migrations import has_fts, migrate
from .notices import warn_once

_BUSY_TIMEOUT_S = 30.0
_CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_UNWRITABLE_CODES = {
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_PERM,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
}

T = TypeVar("T")
#: The entry columns qualified for a join with the full-text table (which has a ``request`` too).
_E_COLUMNS = ", ".join(f"e.{name}" for name in COLUMNS.split(", "))


def _process_started() -> datetime:
    """When this process (the kernel) started; on Linux from ``/proc``, else now."""
    try:
        stat = Path("/proc/self/stat").read_text()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        boot = next(
            int(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
        return datetime.fromtimestamp(boot + ticks / os.sysconf("SC_CLK_TCK"), UTC)
    except (OSError, ValueError, IndexError, StopIteration):
        return datetime.now(UTC)


def _is_corrupt(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorcode", None) in _CORRUPT_CODES


def _fts_query(text: str) -> str | None:
    """User text → an FTS5 query that cannot be a syntax error: every word quoted, prefix-matched."""
    words = re.findall(r"\w+", text)
    return " ".join(f'"{w}"*' for w in words) or None


class HistoryStore:
    """A history file opened for reading and appending. Use :func:`pandascribe.history.open_history`
    rather than building one directly: it applies settings and turns failures into one warning."""

    def __init__(self, path: Path, *, retention_days: int = 0) -> None:
        self.path = Path(path)
        self.retention_days = retention_days
        self._lock = threading.RLock()
        self._session_id: int | None = None
        self._con: sqlite3.Connection | None = None
        self._con = self._open_recovering()

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, retention_days: int = 0) -> HistoryStore:
        """Open (creating, migrating and cleaning up) the file at ``path``; :class:`HistoryError`
        when the location cannot be written."""
        return cls(Path(path), retention_days=retention_days)

    def _open_recovering(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            if not _is_corrupt(exc):
                raise HistoryError(f"cannot use history file {self.path}: {exc}") from None
        self._move_aside()
        try:
            return self._connect()
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot use history file {self.path}: {exc}") from None

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError(f"cannot create {self.path.parent}: {exc.strerror or exc}") from None
        try:
            con = sqlite3.connect(
                self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot open {self.path}: {exc}") from None
        try:
            con.row_factory = sqlite3.Row
            con.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_S * 1000)}")
            # journal_mode cannot change inside a transaction: set it first, in autocommit mode.
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = NORMAL")
            con.execute("PRAGMA foreign_keys = ON")
            migrate(con)
            self._fts = has_fts(con)
            self._cleanup(con)
        except sqlite3.DatabaseError as exc:
            con.close()
            if _is_corrupt(exc):
                raise
            code = getattr(exc, "sqlite_errorcode", None)
            if code in _UNWRITABLE_CODES or isinstance(exc, sqlite3.OperationalError):
                raise HistoryError(f"cannot write {self.path}: {exc}") from None
            raise
        return con

    def _move_aside(self) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        if self._con is not None:
            self._con.close()
            self._con = None
        os.replace(self.path, target)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
        self._session_id = None
        warn_once(
            f"corrupt:{self.path}",
            f"pandascribe: the history file {self.path} was corrupt; it was moved to {target} "
            "and a fresh one is used.",
        )

    def _cleanup(self, con: sqlite3.Connection) -> None:
        """Delete entries older than the retention period (0 keeps everything)."""
        if self.retention_days <= 0:
            return
        cutoff = format_ts(datetime.now(UTC) - timedelta(days=self.retention_days))
        con.execute("BEGIN IMMEDIATE")
        try:
            con.execute("DELETE FROM entries WHERE ts < ?", (cutoff,))
            con.execute(
                "DELETE FROM sessions WHERE started_at < ? AND id NOT IN "
                "(SELECT session_id FROM entries WHERE session_id IS NOT NULL)",
                (cutoff,),
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    # -- plumbing ------------------------------------------------------------------------------
    @property
    def closed(self) -> bool:
        return self._con is None

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` on the connection; a corrupt file is moved aside and the work retried once."""
        with self._lock:
            for attempt in (1, 2):
                if self._con is None:
                    self._con = self._open_recovering()
                try:
                    return work(self._con)
                except sqlite3.DatabaseError as exc:
                    if attempt == 1 and _is_corrupt(exc):
                        self._move_aside()
                        continue
                    raise HistoryError(f"history file {self.path}: {exc}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    @contextmanager
    def _write(con: sqlite3.Connection) -> Iterator[None]:
        con.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def _ensure_session(self, con: sqlite3.Connection) -> int:
        if self._session_id is None:
            try:
                import pandas as pd

                pandas_version: str | None = pd.__version__
            except ImportError:  # pragma: no cover - pandas is a dependency
                pandas_version = None
            cur = con.execute(
                "INSERT INTO sessions (started_at, pid, python, pandas, pandascribe) VALUES (?, ?, ?, ?, ?)",
                (
                    format_ts(_process_started()),
                    os.getpid(),
                    platform.python_version(),
                    pandas_version,
                    __version__,
                ),
            )
            self._session_id = int(cur.lastrowid or 0)
        return self._session_id

    @property
    def session_id(self) -> int | None:
        """This process's session row, or None before the first :meth:`record`."""
        return self._session_id

    # -- writing -------------------------------------------------------------------------------
    def record(
        self,
        *,
        request: str,
        sources: Sequence[str],
        schema_fingerprint: str | None,
        backend: str | None,
        model: str | None,
        plan_json: str | None,
        code: str | None,
        outcome: str,
        duration_ms: float | None,
        target: str | None = None,
        error: str | None = None,
        prompt_tokens: int | None = None,
        completion_tokens: int | None = None,
        cost: float | None = None,
        total_tokens: int | None = None,
    ) -> int:
        """Append one entry (in this process's session) and return its id. ``total_tokens``
        defaults to prompt + completion when either is given."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}, not {outcome!r}")
        if total_tokens is None and (prompt_tokens is not None or completion_tokens is not None):
            total_tokens = (prompt_tokens or 0) + (completion_tokens or 0)
        row = (
            format_ts(datetime.now(UTC)),
            json.dumps(list(sources)),
            schema_fingerprint,
            request,
            backend,
            model,
            target,
            plan_json,
            code,
            outcome,
            error,
            duration_ms,
            prompt_tokens,
            completion_tokens,
            cost,
            total_tokens,
        )

        def work(con: sqlite3.Connection) -> int:
            with self._write(con):
                session = self._ensure_session(con)
                cur = con.execute(
                    "INSERT INTO entries (session_id, ts, sources, schema_fingerprint, request, backend, "
                    "model, target, plan_json, code, outcome, error, duration_ms, prompt_tokens, "
                    "completion_tokens, cost, total_tokens) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (session, *row),
                )
            return int(cur.lastrowid or 0)

        try:
            return self._run(work)
        except HistoryError:
            self._session_id = None  # the session row may have been rolled back with the entry
            raise

    # -- reading -------------------------------------------------------------------------------
    def search(
        self, text: str | None = None, limit: int = 50, all_sessions: bool = False
    ) -> list[HistoryEntry]:
        """Entries whose request matches ``text`` (full-text, word-prefix; LIKE without FTS5),
        newest first. Only this session's entries unless ``all_sessions``."""
        if not all_sessions and self._session_id is None:
            return []
        session = [] if all_sessions else [self._session_id]
        query = _fts_query(text) if self._fts and text and text.strip() else None
        if query:
            # Driven from the full-text index, newest match first: SQLite walks the matches in
            # descending rowid order and stops at ``limit``. Filtering ``session_id`` in ``entries``
            # instead (its index, then the match list) needs a sort of every hit: 10-60 ms at 100k
            # entries for a common word, against 0.2-4 ms this way (docs/benchmarks.md).
            sql = (
                f"SELECT {_E_COLUMNS} FROM entries_fts f JOIN entries e ON e.id = f.rowid "  # noqa: S608
                "WHERE entries_fts MATCH ?"
                + ("" if all_sessions else " AND e.session_id = ?")
                + " ORDER BY f.rowid DESC LIMIT ?"
            )
            params: list[Any] = [query, *session, int(limit)]
        else:
            where = [] if all_sessions else ["session_id = ?"]
            params = list(session)
            if text and text.strip():
                escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                where.append("request LIKE ? ESCAPE '\\'")
                params.append(f"%{escaped}%")
            sql = f"SELECT {COLUMNS} FROM entries"  # noqa: S608 - fixed column names, values are bound
            if where:
                sql += " WHERE " + " AND ".join(where)
            sql += " ORDER BY id DESC LIMIT ?"
            params.append(int(limit))
        rows = self._run(lambda con: con.execute(sql, params).fetchall())
        return [HistoryEntry.from_row(r) for r in rows]

    def recent(self, limit: int = 50, all_sessions: bool = False) -> list[HistoryEntry]:
        """The latest entries, newest first."""
        return self.search(None, limit=limit, all_sessions=all_sessions)

    def transforms(self, all_sessions: bool = False) -> list[HistoryEntry]:
        """Entries that produced code (compiled or ran), oldest first: what an export replays."""
        where = "outcome IN ('compiled', 'ran') AND code IS NOT NULL"
        params: tuple[Any, ...] = ()
        if not all_sessions:
            if self._session_id is None:
                return []
            where += " AND session_id = ?"
            params = (self._session_id,)
        sql = f"SELECT {COLUMNS} FROM entries WHERE {where} ORDER BY id"  # noqa: S608 - fixed text
        rows = self._run(lambda con: con.execute(sql, params).fetchall())
        return [HistoryEntry.from_row(r) for r in rows]

    def count(self) -> int:
        """How many entries the file holds (all sessions)."""
        return int(self._run(lambda con: con.execute("SELECT count(*) FROM entries").fetchone()[0]))

    def tokens_used_since(self, when: datetime) -> int:
        """Tokens (total, else prompt + completion) recorded since ``when`` in every session (the
        daily budget is per user, not per kernel). A naive ``when`` is local time."""
        cutoff = format_ts(when)
        sql = (
            "SELECT COALESCE(SUM(COALESCE(total_tokens, "
            "COALESCE(prompt_tokens, 0) + COALESCE(completion_tokens, 0))), 0) "
            "FROM entries WHERE ts >= ?"
        )
        return int(self._run(lambda con: con.execute(sql, (cutoff,)).fetchone()[0]))

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check``: ``"ok"`` or the first problems found."""
        rows = self._run(lambda con: con.execute("PRAGMA integrity_check").fetchall())
        return "; ".join(str(r[0]) for r in rows)

    def export(self, path: Path | str, *, all_sessions: bool = False) -> int:
        """Write this session's transforms (or every session's) in order to ``path`` — a ``.py``
        script or an ``.ipynb`` notebook — creating parent directories. Returns how many."""
        from .export import export_entries

        return export_entries(self.transforms(all_sessions=all_sessions), Path(path))

    def __repr__(self) -> str:
        return f"HistoryStore({str(self.path)!r}, session={self._session_id})"
