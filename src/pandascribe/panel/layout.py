"""The panel's widgets and where they sit: frame → request → Compile → result → history.

Only construction and arrangement live here, no behaviour: :class:`PanelLayout` builds every
widget as a named attribute and lays them out; the handlers (:mod:`.widget` for the compile flow,
:mod:`.results` for what to do with compiled code, :mod:`.choosing` for ambiguous requests,
:mod:`.history_view` for the history list) subclass it and read the same attributes. The shared
state those parts use is declared here too (assigned by :class:`.widget.Panel`), so that each part
type-checks on its own.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import ipywidgets as w

if TYPE_CHECKING:
    from ..compiler import Transform
    from ..history import HistoryStore
    from ..ties import Registry
    from . import actions
    from .bridge import FrontendBridge

LABEL = {"description_width": "72px"}
_HIDDEN, _SHOWN = "none", ""


def button(label: str, icon: str, tooltip: str, style: str = "") -> w.Button:
    return w.Button(
        description=label,
        icon=icon,
        tooltip=tooltip,
        button_style=style,
        layout=w.Layout(width="auto", min_width="110px"),
    )


def show(widget: w.DOMWidget, visible: bool) -> None:
    widget.layout.display = _SHOWN if visible else _HIDDEN


class PanelLayout(w.VBox):
    """The widgets of the panel, laid out; the result area starts hidden."""

    # shared state, assigned by Panel.__init__ (declared here for the parts that read it)
    namespace: dict[str, Any]
    compiled: actions.Compiled | None
    follow_from: Transform | None  # the result a follow-up builds on
    worker: threading.Thread | None  # the compile running for a model backend
    bridge: FrontendBridge
    _store: HistoryStore | None
    _ties: Registry

    if TYPE_CHECKING:  # what the parts call on one another (defined in the parts themselves)

        def refresh_frames(self, prefer: str | None = None) -> None: ...
        def refresh_history(self) -> None: ...
        def preview(self, frames: dict[str, Any] | None = None) -> None: ...
        def _show_compiled(self, compiled: actions.Compiled, frames: dict[str, Any]) -> None: ...
        def _key(self) -> str: ...

    def __init__(self) -> None:
        super().__init__(layout=w.Layout(border="1px solid #c8c8c8", padding="8px", max_width="960px"))
        self.add_class("pandascribe-panel")
        self.title = w.HTML("<b style='font-size:15px'>pandascribe</b> — plain English → pandas code")
        self.extension_status = w.HTML()
        self.frame_picker = w.Dropdown(description="DataFrame", style=LABEL, layout=w.Layout(width="360px"))
        self.refresh_button = button(
            "Refresh", "refresh", "List the DataFrames defined in the notebook again"
        )
        self.frame_info = w.HTML()
        self.request_box = w.Textarea(
            description="Request",
            placeholder="e.g. mean body_mass_g by species",
            rows=2,
            style=LABEL,
            layout=w.Layout(width="100%"),
        )
        self.compile_button = button("Compile", "cogs", "Turn the request into pandas code", "primary")
        self.busy = w.HTML()
        self.error = w.HTML()
        self.suggestion_bar = w.HBox()
        self.choice_bar = w.VBox()  # one button per reading of an ambiguous request
        self.explanation = w.HTML()
        self.code = w.HTML()
        self.preview_box = w.HTML()
        self.preview_button = button(
            "Preview", "eye", "Run the code on a bounded sample of the data (nothing is defined)"
        )
        self.insert_button = button(
            "Insert cell", "plus", "Insert the code as a new cell below this panel", "success"
        )
        self.run_button = button("Run", "play", "Run the code now in the notebook's namespace")
        self.copy_button = button("Copy", "copy", "Copy the code to the clipboard")
        self.follow_button = button(
            "Follow up", "reply", "Ask a next request that builds on this result (e.g. 'now sort that by …')"
        )
        self.action_status = w.HTML()
        self.run_output = w.HTML()
        self.results = w.VBox(
            [
                self.explanation,
                self.code,
                self.preview_box,
                w.HBox(
                    [
                        self.preview_button,
                        self.insert_button,
                        self.run_button,
                        self.copy_button,
                        self.follow_button,
                    ]
                ),
                self.action_status,
                self.run_output,
            ]
        )
        self.history_list = w.Select(
            description="History", rows=5, style=LABEL, layout=w.Layout(width="100%")
        )
        self.history_refresh = button("Refresh", "history", "Reload the request history")
        self.history_note = w.HTML()
        self.children = [
            self.title,
            self.extension_status,
            w.HBox([self.frame_picker, self.refresh_button]),
            self.frame_info,
            self.request_box,
            w.HBox([self.compile_button, self.busy]),
            self.error,
            self.suggestion_bar,
            self.choice_bar,
            self.results,
            w.HBox([self.history_list, self.history_refresh]),
            self.history_note,
        ]
        show(self.results, False)
