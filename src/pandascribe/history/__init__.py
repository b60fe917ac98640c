"""Local, private history of every request: a SQLite file (stdlib ``sqlite3``), one session per
kernel process, full-text search over requests, replayable export.

Entry points other parts use:

- :func:`open_history` — the store configured by settings, or None (history off or unusable).
- :func:`record_transform` — record a compile result or failure (magic and panel share it).
- :class:`HistoryStore` — ``record``, ``search``, ``recent``, ``tokens_used_since``, ``export``.
- :func:`parse_since`, :func:`current_notebook`, :class:`Scope` — what ``--since`` and "this
  notebook" mean.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .entry import HistoryEntry
from .export import import_lines, provenance_comment
from .notices import HistoryWarning, warn_once
from .recording import record_transform
from .scope import Scope, current_notebook, parse_since
from .store import HistoryStore

if TYPE_CHECKING:
    from ..settings import Settings

_OPEN: dict[tuple[int, str], HistoryStore] = {}


def open_history(settings: Settings | None = None) -> HistoryStore | None:
    """The history store for ``settings`` (default: :func:`~pandascribe.settings.get_settings`),
    shared by everything in this process; None when ``PANDASCRIBE_HISTORY=off``, when the file
    cannot be used, or when a write failed earlier in this session (one warning per location, then
    work goes on without history). Never raises: loading the extension must not depend on it."""
    if settings is None:
        from ..settings import get_settings

        settings = get_settings()
    if settings.history == "off":
        return None
    path = settings.history_path.expanduser()
    key = (os.getpid(), str(path))  # a forked child must not reuse its parent's connection
    store = _OPEN.get(key)
    if store is not None and not store.closed:
        return None if store.off_reason else store
    try:
        store = HistoryStore.open(path, retention_days=settings.history_retention_days)
    except Exception as exc:  # any failure here turns history off, never the extension
        warn_once(f"off:{path}", f"pandascribe: history is off for this session: {exc}")
        return None
    _OPEN[key] = store
    return store


def close_all() -> None:
    """Close every store this process opened (tests; ``%unload_ext``)."""
    for store in _OPEN.values():
        store.close()
    _OPEN.clear()


__all__ = [
    "HistoryEntry",
    "HistoryStore",
    "HistoryWarning",
    "Scope",
    "close_all",
    "current_notebook",
    "import_lines",
    "open_history",
    "parse_since",
    "provenance_comment",
    "record_transform",
    "warn_once",
]
