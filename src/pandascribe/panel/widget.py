"""The panel itself: pick a DataFrame, write a request, Compile; then Insert cell, Run or Copy.

:class:`Panel` puts the parts together: the widgets (:mod:`.layout`), the buttons under a result
(:mod:`.results`), the readings of an ambiguous request (:mod:`.choosing`) and the history list
(:mod:`.history_view`). What stays here is the compile flow: the frames on offer, the request
compiled (a rules compile inside the click, instant and deterministic; a model backend in a thread
so the notebook stays responsive while a busy line says what is happening), and a refusal or a
result shown. The work itself is in the plain functions of :mod:`.actions`; the frontend is
reached through :mod:`.bridge`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .. import ties
from . import actions, offers, render
from .bridge import FrontendBridge
from .choosing import ChoiceHandling
from .frames import dataframes_in, describe_frame
from .history_view import HISTORY_ROWS, HistoryView
from .layout import show
from .results import ResultActions

if TYPE_CHECKING:
    from ..history import HistoryStore

__all__ = ["HISTORY_ROWS", "Panel"]  # HISTORY_ROWS: where it was before the split

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


class Panel(ResultActions, ChoiceHandling, HistoryView):
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
        super().__init__()  # the widgets, laid out (layout.PanelLayout)
        self.namespace = namespace
        self._backend = backend
        self._store = self._open_store() if store is True else (store or None)
        self.compiled = None
        self._history = {}
        self._loading = False
        self.worker = None
        self.follow_from = None

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
        say = render.note_html if bridge.state == "absent" else render.info_html
        self.extension_status.value = say(_BRIDGE_TEXT[bridge.state](bridge))

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
        show(self.results, False)

    def _use_fix(self, fixed: str) -> None:
        self.request_box.value = fixed
        self.compile()

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
        show(self.results, True)

    def _key(self) -> str:
        """The panel's cell as the kernel knows it (ties and naming are per cell and request)."""
        if not self._tie_key:
            self._tie_key = self._created_in or f"panel:{self.model_id}"
        return self._tie_key

    def close(self) -> None:
        self.bridge.close()
        super().close()
