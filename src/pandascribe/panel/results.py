"""What the panel does with compiled code: Preview, Insert cell, Run, Copy and Follow up.

The buttons under a compiled result, kept apart from the compile flow (:mod:`.widget`) because
they share nothing with it but the compiled result: each one starts from ``self.compiled``, does
its one thing (through :mod:`.actions` for the work, :mod:`.bridge` for the frontend) and reports
in the action line. Without the JupyterLab extension, Insert cell and Copy fall back to a text area
to copy the code from.
"""

from __future__ import annotations

from typing import Any

from .. import ties
from . import actions, render
from .bridge import Reply
from .frames import dataframes_in
from .layout import PanelLayout

NO_INSERT = {
    "waiting": "Insert cell needs the pandascribe JupyterLab extension, which has not answered "
    "(not installed, or the browser page was not reloaded since): copy the code instead.",
    "absent": "Insert cell needs the pandascribe JupyterLab extension, which this frontend lacks: "
    "copy the code instead.",
}


INSERTED = {
    "inserted": "Inserted a new cell below this panel ({where}).",
    "unchanged": "This request's cell is already there, unchanged ({where}).",
    "adopted": "This request's cell is already there, unchanged ({where}).",
    "updated": "Updated this request's cell in place ({where}): the code changed.",
    "inserted-above-edited": "This request's cell was edited by hand, so it was kept as it is; "
    "the new code is in a new cell above it ({where}).",
}


class ResultActions(PanelLayout):
    """The handlers of the buttons under a compiled result."""

    def preview(self, frames: dict[str, Any] | None = None) -> None:
        """Run the compiled code on bounded samples (when its size can be bounded) and show it."""
        if self.compiled is None:
            return
        compiled = self.compiled
        frames = dataframes_in(self.namespace) if frames is None else frames
        try:
            shown = actions.preview(compiled, frames)
            self.preview_box.value = render.value_html(
                shown.value,
                f"{shown.caption} → {compiled.transform.target}: {render.shape_text(shown.value)}",
            )
        except actions.PreviewRefused as refused:
            self.preview_box.value = render.note_html(
                f"No preview: {refused.reason}. Run or Insert cell computes the full result."
            )
        except Exception as exc:
            self.preview_box.value = render.error_html("The preview failed", f"{type(exc).__name__}: {exc}")

    def follow_up(self) -> None:
        """The next request builds on the shown result: the request box is cleared for it."""
        if self.compiled is None:
            return
        self.follow_from = self.compiled.transform
        self.request_box.value = ""
        self.request_box.placeholder = f"builds on {self.follow_from.target}: e.g. now sort that by …"
        self.action_status.value = render.info_html(
            f"The next request can build on {self.follow_from.target} ('that', 'those', 'it', 'now …')."
        )

    def insert(self) -> None:
        """A new cell below this panel (via the extension), else the copy fallback."""
        if self.compiled is None:
            return
        if not self.bridge.connected:
            self._copy_fallback(NO_INSERT[self.bridge.state])
            return
        self.action_status.value = render.info_html("Inserting…")
        compiled = self.compiled
        t = compiled.transform
        slot = ties.panel_slot(compiled.source, t.request)
        frames = dataframes_in(self.namespace)
        used = {compiled.source: frames[compiled.source]} if compiled.source in frames else {}
        key = self._key()
        tie = ties.make_tie(key, t.request, [compiled.source], used, compiled.text, t.target, slot=slot)

        def inserted(reply: Reply) -> None:
            if reply.ok:
                self._ties.remember(key, tie, t.target, compiled.text, slot)
            self._inserted(reply)

        self.bridge.insert(compiled.text, inserted, tie=tie.metadata())

    def _inserted(self, reply: Reply) -> None:
        if reply.ok:
            where = f"cell {reply.index + 1}" if reply.index is not None else "below this panel"
            text = INSERTED.get(reply.action, INSERTED["inserted"]).format(where=where)
            self.action_status.value = render.info_html(text)
        else:
            self._copy_fallback(f"Could not insert the cell: {reply.message}")

    def copy(self) -> None:
        """The code to the clipboard (via the extension), else a text area to copy from."""
        if self.compiled is None:
            return
        if not self.bridge.connected:
            self._copy_fallback("")
            return
        self.bridge.copy(self.compiled.text, self._copied)

    def _copied(self, reply: Reply) -> None:
        if reply.ok:
            self.action_status.value = render.info_html("Copied the code to the clipboard.")
        else:
            self._copy_fallback(f"Could not copy automatically: {reply.message}")

    def _copy_fallback(self, why: str) -> None:
        if self.compiled is None:
            return
        note = render.note_html(why) if why else ""
        self.action_status.value = note + render.copy_box_html(self.compiled.text)

    def run(self) -> None:
        """Execute the code in the notebook's namespace and show the head of the result."""
        if self.compiled is None:
            return
        target = self.compiled.transform.target
        try:
            value = actions.run(
                self.compiled, self.namespace, dataframes_in(self.namespace), store=self._store
            )
        except Exception as exc:
            self.run_output.value = render.error_html(
                "The code failed when run", f"{type(exc).__name__}: {exc}"
            )
        else:
            self.run_output.value = render.value_html(
                value, f"Ran in the notebook: {target} is now {render.shape_text(value)}"
            )
            self.refresh_frames()
        self.refresh_history()
