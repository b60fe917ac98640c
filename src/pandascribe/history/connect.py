"""Opening the history file safely: refuse symbolic links, classify SQLite errors, move a corrupt
file aside — every failure becomes a :class:`~pandascribe.errors.HistoryError` with one line.

Why these choices:

- **Symlinks are refused, not followed** (``history.sqlite3`` or one of its ``-wal``/``-shm``/
  ``-journal`` side files): following one lets whoever planted it make pandascribe overwrite an
  empty file elsewhere with a database, or create a file where a dangling link points. Refusing
  never touches the link's target. Directories above the file may be links (``~/.local`` often
  is); only the file's own name is checked, just before SQLite opens it.
- **A short busy timeout** (``FOREGROUND_BUSY_S``): a cell must not wait behind another kernel's
  long write; the store hands a busy write to a background writer instead.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from ..errors import HistoryError

#: How long a write in the cell's own thread waits for another process's lock (seconds).
FOREGROUND_BUSY_S = 0.5
#: How long opening waits for the lock per step, only when the file is new or needs a migration
#: (an up-to-date file is opened without taking the write lock).
OPEN_BUSY_S = 2.0
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
_CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


class BusyError(HistoryError):
    """Another process holds the write lock longer than this write may wait."""


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF  # the primary code of an extended one


def is_corrupt(exc: BaseException) -> bool:
    return _code(exc) in _CORRUPT_CODES


def is_busy(exc: BaseException) -> bool:
    return _code(exc) in _BUSY_CODES


def refuse_symlinks(path: Path) -> None:
    """Raise :class:`HistoryError` when ``path`` or one of its side files is a symbolic link."""
    for candidate in (path, *(path.with_name(path.name + s) for s in SIDE_SUFFIXES)):
        if candidate.is_symlink():
            raise HistoryError(
                f"{candidate} is a symbolic link; pandascribe does not follow links for its history "
                "(set PANDASCRIBE_HISTORY_PATH to the real file)"
            )


def set_busy(con: sqlite3.Connection, busy_s: float) -> None:
    con.execute(f"PRAGMA busy_timeout = {int(busy_s * 1000)}")


def connect(path: Path, busy_s: float = FOREGROUND_BUSY_S) -> sqlite3.Connection:
    """A connection in autocommit mode with WAL, the busy timeout and foreign keys on. Raises
    ``sqlite3.DatabaseError`` (corrupt or busy files are told apart by the caller) or
    :class:`HistoryError` for a location that cannot be used."""
    refuse_symlinks(path)
    if path.exists() and not path.is_file():
        raise HistoryError(f"{path} is not a regular file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HistoryError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
    try:
        con = sqlite3.connect(path, timeout=busy_s, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise HistoryError(f"cannot open {path}: {exc}") from None
    try:
        con.row_factory = sqlite3.Row
        set_busy(con, busy_s)
        # journal_mode cannot change inside a transaction: set it first, in autocommit mode.
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        con.close()
        raise
    return con


def as_history_error(path: Path, exc: BaseException, doing: str = "use") -> HistoryError:
    """One line for a failure on ``path``; a busy file becomes :class:`BusyError`."""
    if isinstance(exc, HistoryError):
        return exc
    if is_busy(exc):
        return BusyError(f"history file {path} is busy (another process is writing it)")
    detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return HistoryError(f"cannot {doing} history file {path}: {detail}")


def move_aside(path: Path) -> Path:
    """Rename a corrupt file (and its side files) to ``<name>.corrupt-<UTC stamp>``, kept for the
    user; :class:`HistoryError` when the directory does not allow it (read-only, immutable)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists() or target.is_symlink():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        os.replace(path, target)
    except OSError as exc:
        raise HistoryError(
            f"the history file {path} is corrupt and cannot be moved aside ({exc.strerror or exc})"
        ) from None
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        try:
            if side.exists() and not side.is_symlink():
                os.replace(side, target.with_name(target.name + suffix))
        except OSError:
            pass  # the main file is aside already; a stale side file is rebuilt or ignored by SQLite
    return target
