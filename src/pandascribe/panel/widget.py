"""The panel itself: an ipywidgets ``VBox`` laid out as frame → request → Compile → result.

The buttons call the plain functions in :mod:`.actions`; this module only arranges widgets, keeps
them in step (busy state, visibility) and talks to the frontend through :mod:`.bridge`.
A rules compile runs inside the click (instant, deterministic); a model backend runs in a thread so
the notebook stays responsive while a busy line says what is happening.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from .. import ties
from . import actions, offers, render
from .bridge import FrontendBridge, Reply
from .frames import dataframes_in, describe_frame

if TYPE_CHECKING:
    from ..compiler import Transform
    from ..history import HistoryEntry, HistoryStore

_LABEL = {"description_width": "72px"}
_HIDDEN, _SHOWN = "none", ""
HISTORY_ROWS = 50

_BRIDGE_TEXT: dict[str, Callable[[FrontendBridge], str]] = {
    "waiting": lambda b: (
        "Insert cell needs the pandascribe JupyterLab extension: not detected yet "
        "(until it answers, Insert cell copies the code instead)."
    ),
    "connected": lambda b: (
        f"✓ Connected to {b.frontend} {b.frontend_version}: Insert cell adds a cell below this panel."
    ),
    "absent": lambda b: (
        "This frontend has no pandascribe extension (e.g. VS Code, Colab): Insert cell copies the code "
        "instead. The %%transform magic still inserts cells."
    ),
}


_NO_INSERT = {
    "waiting": "Insert cell needs the pandascribe JupyterLab extension, which has not answered "
    "(not installed, or the browser page was not reloaded since): copy the code instead.",
    "absent": "Insert cell needs the pandascribe JupyterLab extension, which this frontend lacks: "
    "copy the code instead.",
}


_INSERTED = {
    "inserted": "Inserted a new cell below this panel ({where}).",
    "unchanged": "This request's cell is already there, unchanged ({where}).",
    "adopted": "This request's cell is already there, unchanged ({where}).",
    "updated": "Updated this request's cell in place ({where}): the code changed.",
    "inserted-above-edited": "This request's cell was edited by hand, so it was kept as it is; "
    "the new code is in a new cell above it ({where}).",
}


def _button(label: str, icon: str, tooltip: str, style: str = "") -> w.Button:
    return w.Button(
        description=label,
        icon=icon,
        tooltip=tooltip,
        button_style=style,
        layout=w.Layout(width="auto", min_width="110px"),
    )


def _show(widget: w.DOMWidget, visible: bool) -> None:
    widget.layout.display = _SHOWN if visible else _HIDDEN


class Panel(w.VBox):
    """Pick a DataFrame, write a request, Compile; then Insert cell, Run or Copy."""

    def __init__(
        self,
        namespace: dict[str, Any],
        *,
        source: str | None = None,
        backend: str | None = None,
        store: HistoryStore | bool | None = True,
        comm_factory: Callable[..., Any] | None = None,
    ) -> None:
        super().__init__(layout=w.Layout(border="1px solid #c8c8c8", padding="8px", max_width="960px"))
        self.add_class("pandascribe-panel")
        self.namespace = namespace
        self._backend = backend
        self._store = self._open_store() if store is True else (store or None)
        self.compiled: actions.Compiled | None = None
        self._history: dict[int, HistoryEntry] = {}
        self._loading = False
        self.worker: threading.Thread | None = None  # the compile running for a model backend

        self.title = w.HTML("<b style='font-size:15px'>pandascribe</b> — plain English → pandas code")
        self.extension_status = w.HTML()
        self.frame_picker = w.Dropdown(description="DataFrame", style=_LABEL, layout=w.Layout(width="360px"))
        self.refresh_button = _button(
            "Refresh", "refresh", "List the DataFrames defined in the notebook again"
        )
        self.frame_info = w.HTML()
        self.request_box = w.Textarea(
            description="Request",
            placeholder="e.g. mean body_mass_g by species",
            rows=2,
            style=_LABEL,
            layout=w.Layout(width="100%"),
        )
        self.compile_button = _button("Compile", "cogs", "Turn the request into pandas code", "primary")
        self.busy = w.HTML()
        self.error = w.HTML()
        self.suggestion_bar = w.HBox()
        self.choice_bar = w.VBox()  # one button per reading of an ambiguous request
        self.explanation = w.HTML()
        self.code = w.HTML()
        self.preview_box = w.HTML()
        self.preview_button = _button(
            "Preview", "eye", "Run the code on a bounded sample of the data (nothing is defined)"
        )
        self.insert_button = _button(
            "Insert cell", "plus", "Insert the code as a new cell below this panel", "success"
        )
        self.run_button = _button("Run", "play", "Run the code now in the notebook's namespace")
        self.copy_button = _button("Copy", "copy", "Copy the code to the clipboard")
        self.follow_button = _button(
            "Follow up", "reply", "Ask a next request that builds on this result (e.g. 'now sort that by …')"
        )
        self.follow_from: Transform | None = None  # the result a follow-up builds on
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
            description="History", rows=5, style=_LABEL, layout=w.Layout(width="100%")
        )
        self.history_refresh = _button("Refresh", "history", "Reload the request history")
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
        _show(self.results, False)

        self.refresh_button.on_click(lambda _: self.refresh_frames())
        self.frame_picker.observe(lambda _: self._describe(), names="value")
        self.compile_button.on_click(lambda _: self.compile())
        self.insert_button.on_click(lambda _: self.insert())
        self.preview_button.on_click(lambda _: self.preview())
        self.run_button.on_click(lambda _: self.run())
        self.copy_button.on_click(lambda _: self.copy())
        self.follow_button.on_click(lambda _: self.follow_up())
        self.history_refresh.on_click(lambda _: self.refresh_history())
        self.history_list.observe(self._history_picked, names="value")

        self.refresh_frames(prefer=source)
        self.refresh_history()
        self._ties, self._created_in = ties.current_shell()  # and the cell that shows the panel
        self._tie_key = ""
        self.bridge = FrontendBridge(self.model_id, on_state=self._bridge_changed, comm_factory=comm_factory)
        self._bridge_changed(self.bridge)

    # -- setup helpers -------------------------------------------------------------------------
    @staticmethod
    def _open_store() -> HistoryStore | None:
        from ..errors import SettingsError
        from ..history import open_history

        try:
            return open_history()
        except SettingsError:
            return None

    def _backend_name(self) -> str:
        if self._backend:
            return self._backend
        from ..settings import get_settings

        return get_settings().effective_backend

    def _bridge_changed(self, bridge: FrontendBridge) -> None:
        show = render.note_html if bridge.state == "absent" else render.info_html
        self.extension_status.value = show(_BRIDGE_TEXT[bridge.state](bridge))

    # -- frames --------------------------------------------------------------------------------
    def refresh_frames(self, prefer: str | None = None) -> None:
        """List the DataFrames again, keeping the selection (or ``prefer``) when still there."""
        names = list(dataframes_in(self.namespace))
        keep = prefer if prefer in names else self.frame_picker.value
        self.frame_picker.options = names
        self.frame_picker.value = keep if keep in names else (names[0] if names else None)
        self._describe()

    def _describe(self) -> None:
        name = self.frame_picker.value
        frames = dataframes_in(self.namespace)
        if name in frames:
            self.frame_info.value = describe_frame(name, frames[name])
        elif not frames:
            self.frame_info.value = render.note_html(
                "No DataFrame is defined yet: load one in a cell (e.g. df = pd.read_csv(...)), then Refresh."
            )
        else:
            self.frame_info.value = ""

    # -- compile -------------------------------------------------------------------------------
    def _set_busy(self, text: str) -> None:
        self.compile_button.disabled = bool(text)
        self.compile_button.description = "Compiling…" if text else "Compile"
        self.busy.value = f"<span style='color:#555'>⏳ {text}</span>" if text else ""

    def compile(self) -> None:
        """Compile the request (in a thread for model backends) and show code and preview."""
        request = self.request_box.value.strip()
        source = self.frame_picker.value
        frames = dataframes_in(self.namespace)
        if source not in frames:
            self._fail("No DataFrame selected", "Pick a DataFrame (Refresh lists the current ones).")
            return
        if not request:
            self._fail("The request is empty", "Say what you want, e.g. 'mean body_mass_g by species'.")
            return
        try:
            backend = self._backend_name()
        except Exception as exc:  # SettingsError: a bad PANDASCRIBE_* value
            self._fail("Settings problem", str(exc))
            return
        self._set_busy(f"Compiling with the {backend} backend…")
        if backend == "rules":
            self._compile(request, source, frames, backend)
        else:
            self.worker = threading.Thread(
                target=self._compile, args=(request, source, frames, backend), daemon=True
            )
            self.worker.start()

    def _compile(self, request: str, source: str, frames: dict[str, Any], backend: str) -> None:
        from ..errors import AmbiguousRequest, PandascribeError

        slot = ties.panel_slot(source, request)
        try:
            compiled = actions.compile_request(
                self._ties.namespace_for(self.namespace, self._key(), slot),  # no drift to _2
                frames,
                source,
                request,
                backend=backend,
                store=self._store,
                previous=self.follow_from,
            )
        except AmbiguousRequest as exc:
            self._offer_choices(exc, source, frames)
            return
        except PandascribeError as exc:
            message = getattr(exc, "message", str(exc))
            self._fail("Could not compile this request", message, error=exc, request=request)
            return
        except Exception as exc:  # a bug of ours: say so inline rather than vanish into a log
            self._fail("pandascribe failed unexpectedly", f"{type(exc).__name__}: {exc}")
            return
        finally:
            self._set_busy("")
        self._show_compiled(compiled, frames)
        self.refresh_history()

    def _fail(
        self, title: str, message: str, *, error: BaseException | None = None, request: str = ""
    ) -> None:
        """Show a refusal inline; with the ``error`` raised for ``request``, fix buttons for it."""
        words, suggestions = getattr(error, "words", ()), getattr(error, "suggestions", ())
        self.error.value = render.error_html(title, message, words=words, suggestions=suggestions)
        self.choice_bar.children = ()
        self.suggestion_bar.children = ()
        if error is not None:  # fix buttons: a close match in place of the words the error is about
            self.suggestion_bar.children = offers.fix_buttons(request, error, self._use_fix)
        self.compiled = None
        _show(self.results, False)

    def _use_fix(self, fixed: str) -> None:
        self.request_box.value = fixed
        self.compile()

    # -- ambiguous requests --------------------------------------------------------------------
    def _offer_choices(self, exc: Any, source: str, frames: dict[str, Any]) -> None:
        """One button per reading (numbered as the magic's --choose N); nothing is compiled until
        one is clicked."""
        from ..choices import headline

        self.compiled = None
        self.suggestion_bar.children = ()
        _show(self.results, False)
        self.error.value = render.choices_html(headline(exc), len(exc.choices))
        self.choice_bar.children = offers.choice_buttons(
            exc.choices, lambda n: self.use_choice(exc, n, source, frames)
        )

    def use_choice(self, exc: Any, n: int, source: str, frames: dict[str, Any]) -> None:
        """Show reading ``n`` like any compiled request (explanation, code, bounded preview); the
        request box then holds that reading's own request, which compiles to the same code. The
        other readings stay on offer."""
        choice = exc.choices[n - 1]
        slot = ties.panel_slot(source, choice.request)
        compiled = actions.choose(
            self._ties.namespace_for(self.namespace, self._key(), slot),
            frames,
            source,
            exc,
            n,
            store=self._store,
        )
        offered, note = self.choice_bar.children, self.error.value
        self.request_box.value = choice.request
        self._show_compiled(compiled, frames)
        self.error.value, self.choice_bar.children = note, offered
        for i, button in enumerate(offered, 1):
            button.button_style = "info" if i == n else ""
        self.refresh_history()

    def _show_compiled(self, compiled: actions.Compiled, frames: dict[str, Any]) -> None:
        self.compiled = compiled
        self.error.value = ""
        self.suggestion_bar.children = ()
        self.choice_bar.children = ()
        self.explanation.value = render.explanation_html(compiled.transform.explanation)
        self.code.value = render.code_html(compiled.text)
        # A model's plan is code the user has not read yet: it runs (even on a sample) only when
        # they click Preview. The rules backend's plans are previewed at once, as before.
        if compiled.transform.backend == "rules":
            self.preview(frames)
        else:
            self.preview_box.value = render.note_html(
                "Planned by a model: read the code, then click Preview to run it on a sample."
            )
        self.action_status.value = ""
        self.run_output.value = ""
        _show(self.results, True)

    # -- actions -------------------------------------------------------------------------------
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
            self._copy_fallback(_NO_INSERT[self.bridge.state])
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

    def _key(self) -> str:
        """The panel's cell as the kernel knows it (ties and naming are per cell and request)."""
        if not self._tie_key:
            self._tie_key = self._created_in or f"panel:{self.model_id}"
        return self._tie_key

    def _inserted(self, reply: Reply) -> None:
        if reply.ok:
            where = f"cell {reply.index + 1}" if reply.index is not None else "below this panel"
            text = _INSERTED.get(reply.action, _INSERTED["inserted"]).format(where=where)
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

    # -- history -------------------------------------------------------------------------------
    def refresh_history(self) -> None:
        """Reload the latest requests (all sessions), one line per distinct request."""
        if self._store is None:
            self.history_note.value = render.note_html(
                "History is off (PANDASCRIBE_HISTORY=off, or its file could not be used)."
            )
            _show(self.history_list, False)
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
        _show(self.results, False)

    def close(self) -> None:
        self.bridge.close()
        super().close()
