"""Writes that found the file busy, finished by a background thread so no cell waits for them.

When another process holds the write lock longer than :data:`~.connect.FOREGROUND_BUSY_S`, the
store queues the entry here and returns at once. One daemon thread (started on demand, ending
when the queue is empty) writes the queue in order on its own connection, waiting for the lock
up to ``deadline_s`` after the oldest queued entry; past that, the queue is dropped with a
warning. While entries are queued, new ones join the queue, so the file keeps their order.
Warnings are kept as notices and shown by the next call from the user's thread (a warning raised
in a thread would land under whichever cell happens to be running).
"""

from __future__ import annotations

import atexit
import sqlite3
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from .connect import is_busy

#: How long queued entries may wait for the lock before they are dropped (seconds).
BACKGROUND_DEADLINE_S = 30.0
#: One wait of the background connection for the lock (seconds).
_BACKGROUND_BUSY_S = 1.0
#: How long a process about to exit waits for its queued entries (seconds, all writers together).
EXIT_FLUSH_S = 5.0
_LIVE: weakref.WeakSet[PendingWriter] = weakref.WeakSet()

Row = dict[str, Any]  # one entry as written (rows.stored_row)


class PendingWriter:
    """A queue of rows plus the thread that writes them; thread-safe."""

    def __init__(
        self,
        connect: Callable[[float], sqlite3.Connection],
        insert: Callable[[sqlite3.Connection, Sequence[Row]], list[int]],
        deadline_s: float = BACKGROUND_DEADLINE_S,
    ) -> None:
        self._connect = connect
        self._insert = insert
        self.deadline_s = deadline_s
        self._rows: deque[tuple[float, Row]] = deque()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stop = False
        self.notices: list[str] = []
        self.written = 0
        self.dropped = 0
        _LIVE.add(self)

    @property
    def active(self) -> bool:
        """Whether entries are queued or being written (new entries must queue behind them)."""
        with self._cond:
            return bool(self._rows) or self._thread is not None

    def put(self, row: Row) -> None:
        with self._cond:
            self._rows.append((time.monotonic(), row))
            if self._thread is None:
                self._stop = False
                self._thread = threading.Thread(target=self._work, name="pandascribe-history", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def take_notices(self) -> list[str]:
        with self._cond:
            out, self.notices = self.notices, []
        return out

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until the queue is written or dropped (at most ``timeout`` s); True when empty."""
        end = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._rows or self._thread is not None:
                left = None if end is None else end - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._cond.wait(0.05 if left is None else min(left, 0.05))
        return True

    def stop(self, timeout: float = 1.0) -> None:
        """Finish what can be finished within ``timeout``, then drop the rest (closing a store)."""
        if not self.flush(timeout):
            with self._cond:
                self._stop = True
                self._cond.notify_all()
            self.flush(timeout)

    def _drop(self, why: str) -> None:
        with self._cond:
            n = len(self._rows)
            self._rows.clear()
            self.dropped += n
            self.notices.append(
                f"pandascribe: {n} history entr{'y was' if n == 1 else 'ies were'} dropped: {why}"
            )
            self._thread = None
            self._cond.notify_all()

    def _work(self) -> None:
        con: sqlite3.Connection | None = None
        try:
            while True:
                with self._cond:
                    if not self._rows:
                        self._thread = None  # under the lock: a later put starts a new thread
                        self._cond.notify_all()
                        return
                    if self._stop:
                        break
                    oldest = self._rows[0][0]
                    batch = [row for _, row in self._rows]
                try:
                    if con is None:
                        con = self._connect(_BACKGROUND_BUSY_S)
                    self._insert(con, batch)
                except sqlite3.Error as exc:
                    if is_busy(exc) and time.monotonic() - oldest < self.deadline_s:
                        with self._cond:  # the busy timeout waited already; a short pause in case
                            self._cond.wait(0.05)  # SQLite answered busy at once (a deadlock)
                        continue
                    why = (
                        f"the history file stayed busy for {self.deadline_s:g} s "
                        "(another process held its write lock)"
                        if is_busy(exc)
                        else f"the history file could not be written ({exc})"
                    )
                    self._drop(why)
                    return
                except Exception as exc:  # a thread must not die with a traceback
                    self._drop(f"the history file could not be written ({exc})")
                    return
                with self._cond:
                    for _ in batch:
                        self._rows.popleft()
                    self.written += len(batch)
                    self._cond.notify_all()
            self._drop("the history was closed while the file was busy")
        finally:
            if con is not None:
                con.close()


@atexit.register
def _flush_at_exit() -> None:
    """Give queued entries a last, bounded chance when the process ends (daemon threads die)."""
    end = time.monotonic() + EXIT_FLUSH_S
    for writer in list(_LIVE):
        if writer.active and not writer.flush(max(0.0, end - time.monotonic())):
            print("pandascribe: history entries still queued at exit were dropped", file=sys.stderr)
