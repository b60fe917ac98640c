"""The panel's history list: the latest requests (all sessions), one line per distinct request;
picking one puts its request and source frame back in the panel, ready to Compile.

Kept apart from the compile flow (:mod:`.widget`) because it reads only the history store
(:mod:`pandascribe.history`) and writes only the request box and frame picker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import render
from .layout import PanelLayout, show

if TYPE_CHECKING:
    from ..history import HistoryEntry

HISTORY_ROWS = 50


class HistoryView(PanelLayout):
    """Fill the history list from the store; a pick fills the request box."""

    _history: dict[int, HistoryEntry]
    _loading: bool  # the list is being refilled: its value changes are not picks

    def refresh_history(self) -> None:
        """Reload the latest requests (all sessions), one line per distinct request."""
        if self._store is None:
            self.history_note.value = render.note_html(
                "History is off (PANDASCRIBE_HISTORY=off, or its file could not be used)."
            )
            show(self.history_list, False)
            return
        seen: set[tuple[tuple[str, ...], str]] = set()
        self._history = {}
        options: list[tuple[str, int]] = []
        for entry in self._store.recent(limit=HISTORY_ROWS, all_sessions=True):
            key = (entry.sources, entry.request)
            if key in seen:
                continue
            seen.add(key)
            self._history[entry.id] = entry
            when = entry.ts.astimezone().strftime("%m-%d %H:%M")
            options.append(
                (f"{when} · {' '.join(entry.sources)} · {entry.request} ({entry.outcome})", entry.id)
            )
        self._loading = True
        try:
            self.history_list.options = options
            self.history_list.value = None
        finally:
            self._loading = False
        self.history_note.value = "" if options else "<span style='color:#777'>No requests yet.</span>"

    def _history_picked(self, change: dict[str, Any]) -> None:
        entry = self._history.get(change["new"]) if not self._loading else None
        if entry is None:
            return
        self.request_box.value = entry.request
        if entry.sources and entry.sources[0] in self.frame_picker.options:
            self.frame_picker.value = entry.sources[0]
        self.compiled = None
        self.error.value = ""
        self.suggestion_bar.children = ()
        self.choice_bar.children = ()
        show(self.results, False)
