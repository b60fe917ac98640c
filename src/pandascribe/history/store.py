"""The SQLite history store: one row per request, grouped into sessions (one per kernel process).

Why these choices:

- **WAL + ``BEGIN IMMEDIATE`` + a short busy timeout**: several kernels append to one file at
  once; WAL lets readers run beside the writer, and taking the write lock at ``BEGIN`` means a
  waiting writer gets the busy handler. A write waits at most ``FOREGROUND_BUSY_S`` (0.5 s) in the
  cell's thread; if another process still holds the lock, the entry is finished in the background
  (:mod:`.pending`) and the cell goes on.
- **History never stops work**: a corrupt file is moved aside (kept for the user) and a fresh one
  used; a file that cannot be opened, moved aside, migrated or written turns history off for the
  session with one warning (:func:`~pandascribe.history.open_history`, ``record_transform``).
- **Text is stored safely**: every field is escaped so any code point encodes, and the configured
  API key (and long runs of it) masked, before anything is written (:mod:`.sanitize`).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from ..errors import HistoryError
from .connect import (
    FOREGROUND_BUSY_S,
    OPEN_BUSY_S,
    BusyError,
    as_history_error,
    connect,
    is_busy,
    is_corrupt,
    move_aside,
    set_busy,
)
from .entry import COLUMNS, OUTCOMES, HistoryEntry, format_ts
from .export import export_entries, latest_versions
from .migrations import has_fts, migrate
from .notices import warn_once
from .pending import BACKGROUND_DEADLINE_S, PendingWriter, Row
from .query import entries_sql
from .rows import FIELDS, INSERT_SQL, session_info, stored_row
from .scope import Scope, current_notebook

T = TypeVar("T")
_AUTO: Any = object()  # "detect the notebook now"


class HistoryStore:
    """A history file opened for reading and appending. Use :func:`pandascribe.history.open_history`
    rather than building one directly: it applies settings and turns failures into one warning.

    ``secrets``: texts masked in every stored field, besides the configured API key.
    ``background_deadline_s``: how long a write that found the file busy may keep trying."""

    def __init__(
        self,
        path: Path,
        *,
        retention_days: int = 0,
        secrets: Iterable[str] = (),
        background_deadline_s: float = BACKGROUND_DEADLINE_S,
    ) -> None:
        self.path = Path(path)
        self.retention_days = retention_days
        self.secrets = tuple(secrets)
        self.off_reason: str | None = None  # set when a write failed: history is off for the session
        self._lock = threading.RLock()
        self._session_id: int | None = None
        self._fts = False
        self._con: sqlite3.Connection | None = None
        # gathered now, in the caller's thread: the background writer may run while the
        # interpreter shuts down, when importing anything fails
        self._session_info = session_info()
        self._pending = PendingWriter(self._background_connect, self._insert, background_deadline_s)
        self._con = self._open_recovering()

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, **options: Any) -> HistoryStore:
        """Open (creating, migrating and cleaning up) the file at ``path``; :class:`HistoryError`
        with one line when it cannot be used."""
        return cls(Path(path), **options)

    def _open_recovering(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            if not is_corrupt(exc):
                raise as_history_error(self.path, exc) from None
        self._move_aside()
        try:
            return self._connect()
        except (sqlite3.Error, OSError) as exc:
            raise as_history_error(self.path, exc) from None

    def _connect(self) -> sqlite3.Connection:
        """Connect, migrate, clean up; a corrupt file's ``sqlite3.DatabaseError`` passes through."""
        try:
            con = connect(self.path, OPEN_BUSY_S)
        except OSError as exc:
            raise as_history_error(self.path, exc, "open") from None
        try:
            migrate(con)
            self._fts = has_fts(con)
            set_busy(con, FOREGROUND_BUSY_S)
            self._cleanup(con)
        except sqlite3.DatabaseError as exc:
            con.close()
            if is_corrupt(exc):
                raise
            raise as_history_error(self.path, exc, "migrate") from None
        except BaseException:
            con.close()
            raise
        return con

    def _background_connect(self, busy_s: float) -> sqlite3.Connection:
        return connect(self.path, busy_s)

    def _move_aside(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        target = move_aside(self.path)
        self._session_id = None
        warn_once(
            f"corrupt:{self.path}",
            f"pandascribe: the history file {self.path} was corrupt; it was moved to {target} "
            "and a fresh one is used.",
        )

    def _cleanup(self, con: sqlite3.Connection) -> None:
        """Delete entries older than the retention period (0 keeps everything). Skipped when the
        file is busy (it runs again on the next open) or the period reaches before year 1."""
        if self.retention_days <= 0:
            return
        try:
            cutoff = format_ts(datetime.now(UTC) - timedelta(days=self.retention_days))
        except (OverflowError, ValueError):
            return  # longer than recorded time: nothing can be that old
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                return
            raise
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
        """Finish background writes (waiting at most a second), then close."""
        self._pending.stop(1.0)
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def flush(self, timeout: float | None = None) -> bool:
        """Wait for entries queued while the file was busy (at most ``timeout`` s); True when all
        were written or dropped. Shows any warning they left."""
        done = self._pending.flush(timeout)
        self._show_notices()
        return done

    def _show_notices(self) -> None:
        for message in self._pending.take_notices():
            warn_once(f"{message}:{id(self)}:{self._pending.dropped}", message)

    def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` on the connection; a corrupt file is moved aside and the work retried once.
        Failures become :class:`HistoryError` (:class:`BusyError` when the file is busy)."""
        with self._lock:
            for attempt in (1, 2):
                try:
                    if self._con is None:
                        self._con = self._open_recovering()
                    return work(self._con)
                except sqlite3.DatabaseError as exc:
                    if attempt == 1 and is_corrupt(exc):
                        self._move_aside()
                        continue
                    raise as_history_error(self.path, exc) from None
                except (OSError, UnicodeError, OverflowError, ValueError) as exc:
                    raise as_history_error(self.path, exc, "write") from None
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
            cur = con.execute(
                "INSERT INTO sessions (started_at, pid, python, pandas, pandascribe) VALUES (?, ?, ?, ?, ?)",
                self._session_info,
            )
            self._session_id = int(cur.lastrowid or 0)
        return self._session_id

    @staticmethod
    def _known_parent(con: sqlite3.Connection, parent: int | None) -> int | None:
        """``parent`` when that entry exists (a stale or made-up id must not fail the foreign key
        and with it the write), else None."""
        if parent is None:
            return None
        return parent if con.execute("SELECT 1 FROM entries WHERE id = ?", (parent,)).fetchone() else None

    def _insert(self, con: sqlite3.Connection, rows: Sequence[Row]) -> list[int]:
        """Insert ``rows`` in one transaction (creating this process's session row if needed)."""
        had_session = self._session_id is not None
        try:
            with self._write(con):
                session = self._ensure_session(con)
                ids = []
                for r in rows:
                    values = {**r, "parent": self._known_parent(con, r["parent"])}
                    cur = con.execute(INSERT_SQL, (session, *(values[f] for f in FIELDS)))
                    ids.append(int(cur.lastrowid or 0))
        except BaseException:
            if not had_session:
                self._session_id = None  # the session row was rolled back with the entries
            raise
        return ids

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
        engine: str = "pandas",
        parent: int | None = None,
        choice: int | None = None,
        notebook: str | None = _AUTO,
    ) -> int | None:
        """Append one entry (in this process's session) and return its id — or None when the file
        was busy and the entry went to the background writer, or history is off for the session.
        ``total_tokens`` defaults to prompt + completion when either is given; ``notebook``
        defaults to the one the kernel serves (:func:`~.scope.current_notebook`).

        A failure other than a busy file raises :class:`HistoryError` once and turns history off
        for the session (``off_reason``)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}, not {outcome!r}")
        self._show_notices()
        if self.off_reason is not None:
            return None
        if total_tokens is None and (prompt_tokens is not None or completion_tokens is not None):
            total_tokens = (prompt_tokens or 0) + (completion_tokens or 0)
        row = stored_row(
            dict(
                ts=format_ts(datetime.now(UTC)),
                sources=sources,
                schema_fingerprint=schema_fingerprint,
                request=request,
                backend=backend,
                model=model,
                target=target,
                plan_json=plan_json,
                code=code,
                outcome=outcome,
                error=error,
                duration_ms=duration_ms,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                cost=cost,
                total_tokens=total_tokens,
                engine=engine,
                parent=parent,
                choice=choice,
                notebook=current_notebook() if notebook is _AUTO else notebook,
            ),
            self.secrets,
        )
        with self._lock:
            if self._pending.active:  # earlier entries wait for the lock: keep the order
                self._pending.put(row)
                return None
            try:
                return self._run(lambda con: self._insert(con, [row]))[0]
            except BusyError:
                self._pending.put(row)
                return None
            except HistoryError as exc:
                self.off_reason = str(exc)
                raise

    # -- reading -------------------------------------------------------------------------------
    def scope(self, all_sessions: bool = False, notebook: str | None = _AUTO) -> Scope:
        """*This notebook* when the kernel knows its notebook, else this session; all sessions
        with ``all_sessions``."""
        if all_sessions:
            return Scope("all")
        found = current_notebook() if notebook is _AUTO else notebook
        return Scope("notebook", found) if found else Scope("session", self._session_id)

    def _select(self, scope: Scope, **filters: Any) -> list[HistoryEntry]:
        if scope.kind == "session" and scope.value is None:
            return []  # nothing recorded in this session yet
        self._show_notices()
        sql, params = entries_sql(scope, fts=self._fts, **filters)
        rows = self._run(lambda con: con.execute(sql, params).fetchall())
        return [HistoryEntry.from_row(r) for r in rows]

    def search(
        self,
        text: str | None = None,
        limit: int | None = 50,
        all_sessions: bool = False,
        *,
        since: datetime | None = None,
        scope: Scope | None = None,
    ) -> list[HistoryEntry]:
        """Entries whose request matches ``text`` (full-text, word-prefix; LIKE without FTS5),
        recorded since ``since``, newest first, in ``scope`` (default :meth:`scope`)."""
        scope = scope or self.scope(all_sessions)
        return self._select(scope, text=text, since=since, limit=limit)

    def recent(self, limit: int = 50, all_sessions: bool = False) -> list[HistoryEntry]:
        """The latest entries, newest first."""
        return self.search(None, limit=limit, all_sessions=all_sessions)

    def transforms(
        self,
        all_sessions: bool = False,
        *,
        text: str | None = None,
        since: datetime | None = None,
        scope: Scope | None = None,
    ) -> list[HistoryEntry]:
        """Entries that produced code (compiled or ran), oldest first: what an export replays."""
        scope = scope or self.scope(all_sessions)
        return self._select(scope, text=text, since=since, limit=None, transforms_only=True)[::-1]

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

    def export(
        self,
        path: Path | str,
        *,
        all_sessions: bool = False,
        text: str | None = None,
        limit: int | None = None,
        since: datetime | None = None,
        scope: Scope | None = None,
        frames: Mapping[str, Any] | None = None,
    ) -> int:
        """Write the latest version of each target in ``scope`` (matching ``text``, since
        ``since``; the newest ``limit`` of them) in replay order to ``path`` — a ``.py`` script or
        an ``.ipynb`` notebook — creating parent directories. Returns how many were written.
        ``frames`` (a namespace): also save the starting frames beside it (``--with-frames``)."""
        chosen = latest_versions(self.transforms(all_sessions, text=text, since=since, scope=scope), limit)
        return export_entries(chosen, Path(path), frames)

    def __repr__(self) -> str:
        return f"HistoryStore({str(self.path)!r}, session={self._session_id})"


__all__ = ["COLUMNS", "HistoryEntry", "HistoryStore"]
