"""IPython magics: ``%%transform`` (and the one-line ``%transform SOURCE: request``),
``%transform_history``, ``%transform_config`` and ``%transform_doctor``.

The magic never runs code the user has not seen unless ``--run`` is given: it shows the
explanation and code, then inserts the code as a new cell below, headed by a provenance comment
that recreates it. A request that cannot be compiled raises ``UsageError`` (a short message, no
traceback) and inserts nothing. A request with several readings shows them numbered and inserts
nothing; ``--choose N`` takes reading N (:mod:`.choices`), and the inserted cell's comment says that
reading in words that compile to it alone.

The magic's parts: its command lines (:mod:`.magics_args`), its input checking
(:mod:`.magics_input`), how the code travels to a new cell (:mod:`.magics_insert`), what it shows
(:mod:`.magics_display`) and ``%transform_history``'s table and export (:mod:`.magics_history`);
this module holds what the magics do with them.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, line_magic, magics_class, no_var_expand
from IPython.core.magic_arguments import parse_argstring

from . import ties
from .cells import cell_text, free_name, retarget
from .conversation import Conversation, scope_of
from .errors import PandascribeError, SettingsError
from .magics_args import BACKENDS, history_arguments, transform_arguments
from .magics_input import error_message, resolve_sources, split_line_form
from .magics_insert import insert_cell

if TYPE_CHECKING:
    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell

    from .compiler import Transform
    from .history import HistoryStore

__all__ = [
    "BACKENDS",
    "MAGIC_NAMES",
    "TransformMagics",
    "load_ipython_extension",
    "resolve_sources",
    "split_line_form",
    "unload_ipython_extension",
]


@magics_class
class TransformMagics(Magics):
    """The notebook face of pandascribe."""

    def __init__(self, shell: Any, store: HistoryStore | None = None) -> None:
        super().__init__(shell)
        self.store = store
        self._duration_ms: float | None = None  # of the latest compile, for its history entry
        # follow-ups: the last transform per notebook, and what the current request builds on
        self.conversation = Conversation()
        self._previous: Transform | None = None
        self._parent: int | None = None
        self._entry: int | None = None

    @property
    def _ip(self) -> InteractiveShell:
        if self.shell is None:  # pragma: no cover - IPython always passes a shell
            raise UsageError("pandascribe's magics need an IPython shell")
        return self.shell

    # -- %%transform ---------------------------------------------------------------------------
    @transform_arguments  # magics_args.py
    @line_cell_magic
    @no_var_expand  # a request is literal text: "{x}" and "$x" are not the notebook's variables
    def transform(self, line: str, cell: str | None = None) -> Any:
        """Turn a plain-English request into pandas code, shown and inserted as a new cell below.

        Cell form (request in the cell body)::

            %%transform flights -o late
            rows where arr_delay is at least 120, sorted by arr_delay descending

        One-line form::

            %transform flights: mean arr_delay by carrier

        Nothing runs unless --run is given. The source frame is never modified; the result goes
        to a new name (an existing name is only reused with -o, and then you are told; the
        result of this same cell's previous run does not count as existing).

        In JupyterLab 4 / Notebook 7 with the pandascribe extension the inserted cell is tied to
        this one: running this cell again keeps, updates in place, or (when you edited it)
        keeps it and inserts the new code above it. Elsewhere each run inserts a new cell
        below; --no-insert only shows the code.

        A request that can be read several ways shows the numbered readings and inserts nothing;
        add --choose N to use reading N.
        """
        if cell is None:
            line, request = split_line_form(line)
        else:
            request = cell.strip()
            if not request:
                raise UsageError("the cell is empty: write the request below %%transform")
        args = parse_argstring(self.transform, line)
        ns = self._ip.user_ns
        scope = scope_of(ns)  # follow-ups: "now sort that …" builds on this notebook's last result
        if args.fresh:
            self.conversation.forget(scope)
        self._previous, self._parent = self.conversation.previous_for(scope, request)
        frames = resolve_sources(ns, self.conversation.frames_for(self._previous, args.sources, request))
        sources = list(frames)
        backend = args.backend or self._settings().effective_backend
        cell_id = ties.current_cell_id(self._ip)
        made = ties.registry(self._ip)
        key = cell_id or "text:" + ties.fingerprint(f"{line}\n{request}")  # no cell id: the magic's text
        naming = made.namespace_for(ns, key)
        head = " ".join(["%%transform" if cell is not None else "%transform", *line.split(), "--choose 1"])
        rerun = head if cell is not None else f"{head}: {request}"  # how to pick, shown with the choices
        compiled = self._compile(
            request, frames, sources, args.target, backend, naming, args.choose, rerun, args.engine
        )
        transform, notes, choice = compiled
        text = cell_text(transform, sources, ns, args.target)
        from IPython.display import display

        display(_bundle(transform, text, notes), raw=True)
        result = None
        if args.run:
            result = self._run(transform, text, frames, sources, choice)
        else:
            self._record(transform, transform.request, sources, frames, outcome="compiled", choice=choice)
        self.conversation.remember(scope, transform, self._entry)
        options = [" ".join(sources), args.target or "", backend]
        if choice is not None:  # another reading of the same words is another request
            options.append(f"choose={choice}")
        tie = None
        if cell_id is not None and not args.no_insert:
            tie = ties.make_tie(cell_id, request, options, frames, text, transform.target)
        made.remember(key, tie, transform.target, text)
        if not args.no_insert:
            insert_cell(self._ip, text, cell_id, tie)  # magics_insert.py
        return result

    def _settings(self) -> Any:
        from .settings import get_settings

        try:
            return get_settings()
        except SettingsError as exc:
            raise UsageError(str(exc)) from None

    def _compile(
        self,
        request: str,
        frames: dict[str, pd.DataFrame],
        sources: list[str],
        target: str | None,
        backend: str,
        ns: Mapping[str, Any],
        choose: int | None = None,
        rerun: str = "",
        engine: str | None = None,
    ) -> tuple[Transform, list[str], int | None]:
        """Compile; ``ns`` is the namespace as naming sees it (this cell's own previous result
        hidden). An ambiguous request shows its numbered readings and inserts nothing, unless
        ``choose`` picks one (:mod:`.choices`); returns the transform, notes and the reading picked."""
        from .choices import ChoiceOutOfRange, compile_choosing
        from .compiler import compile as compile_request
        from .errors import AmbiguousRequest

        start = time.perf_counter()
        try:
            transform, choice = compile_choosing(
                lambda: compile_request(
                    request,
                    frames,
                    source=sources[0],
                    target=target,
                    backend=backend,
                    previous=self._previous,
                    engine=engine,
                ),
                choose,
            )
        except PandascribeError as exc:
            self._duration_ms = (time.perf_counter() - start) * 1000
            from .history import record_transform

            record_transform(
                self.store,
                exc,
                request,
                sources,
                frames,
                self._duration_ms,
                backend=backend,
                parent=self._parent,
            )
            if isinstance(exc, ChoiceOutOfRange):
                raise UsageError(str(exc)) from None
            if isinstance(exc, AmbiguousRequest):
                raise UsageError(self._offer_choices(exc, rerun)) from None
            raise UsageError(error_message(exc)) from None
        self._duration_ms = (time.perf_counter() - start) * 1000
        notes: list[str] = []
        if choice is not None:
            notes.append(f"reading {choice}: this cell's request is read as '{transform.request}'")
        if target is None and transform.target in ns:
            transform = retarget(transform, free_name(transform.target, ns))
        elif target is not None and target in ns:
            what = "the source frame" if target in frames else "an existing variable"
            notes.append(f"{target!r} is {what}; running this code will overwrite it")
        return transform, notes, choice

    @staticmethod
    def _offer_choices(exc: Any, rerun: str) -> str:
        """Show the numbered readings and how to pick one (``rerun``: this magic's line with
        ``--choose 1``); return the one line the UsageError says."""
        from IPython.display import display

        from .choices import headline
        from .magics_display import choices_bundle

        display(choices_bundle(headline(exc), exc.choices, rerun), raw=True)
        count = len(exc.choices)
        return (
            f"pandascribe could not decide: {headline(exc)}; "
            f"rerun with --choose N (1 to {count}) to use reading N"
        )

    def _run(
        self,
        t: Transform,
        text: str,
        frames: dict[str, pd.DataFrame],
        sources: list[str],
        choice: int | None = None,
    ) -> Any:
        try:
            self._ip.ex(text)
        except Exception as exc:
            self._record(t, t.request, sources, frames, outcome="error", error=exc, choice=choice)
            raise UsageError(f"the generated code failed: {type(exc).__name__}: {exc}") from None
        self._record(t, t.request, sources, frames, outcome="ran", choice=choice)
        return self._ip.user_ns.get(t.target)

    def _record(
        self,
        result: Any,
        request: str,
        sources: list[str],
        frames: Mapping[str, Any],
        *,
        outcome: str,
        error: BaseException | None = None,
        choice: int | None = None,
    ) -> None:
        from .history import record_transform

        self._entry = record_transform(
            self.store,
            result,
            request,
            sources,
            frames,
            self._duration_ms,
            outcome,
            error=error,
            parent=self._parent,
            choice=choice,
        )

    # -- %transform_history --------------------------------------------------------------------
    @history_arguments  # magics_args.py
    @line_magic
    def transform_history(self, line: str) -> Any:
        """Show the requests of this notebook (a table), search them, or export them as a
        replayable script or notebook. "This notebook" is the notebook the kernel serves when it
        knows it (across kernel restarts), else this kernel session; --all-sessions widens it.
        --search, --since and -n filter the table and the export alike."""
        from .magics_history import show_history

        return show_history(self.store, parse_argstring(self.transform_history, line), self._ip.user_ns)

    # -- %transform_panel ---------------------------------------------------------------------
    @line_magic
    def transform_panel(self, line: str) -> Any:
        """Open the point-and-click panel (``%transform_panel [SOURCE]``): pick a DataFrame, write a
        request, Compile, then insert the code below, run it or copy it."""
        from .panel import open_panel

        return open_panel(self._ip, line)

    # -- %transform_config ---------------------------------------------------------------------
    @line_magic
    def transform_config(self, line: str) -> Any:
        """Show the effective settings (secrets masked), re-reading PANDASCRIBE_* variables (the
        history then follows a changed PANDASCRIBE_HISTORY or PANDASCRIBE_HISTORY_PATH)."""
        from .magics_display import Table
        from .settings import reset_settings

        reset_settings()
        settings = self._settings()
        from .history import open_history

        self.store = open_history(settings)  # follow a changed PANDASCRIBE_HISTORY / _PATH
        rows = [(k, v) for k, v in settings.masked().items()]
        rows.append(("(effective backend)", settings.effective_backend))
        return Table(("setting", "value"), rows, title="pandascribe settings")

    # -- %transform_doctor ---------------------------------------------------------------------
    @line_magic
    def transform_doctor(self, line: str) -> Any:
        """Check settings, history file (writable, integrity) and backend reachability."""
        from .doctor import run_checks
        from .magics_display import Table

        checks = run_checks()
        return Table(
            ("", "check", "detail"),
            [("ok" if c.ok else "FAILED", c.name, c.detail) for c in checks],
            title="pandascribe doctor",
        )


def _bundle(t: Transform, text: str, notes: list[str]) -> dict[str, str]:
    from .magics_display import code_bundle

    return code_bundle(t.explanation, text, notes)


MAGIC_NAMES = {
    "line": ("transform", "transform_history", "transform_config", "transform_doctor", "transform_panel"),
    "cell": ("transform",),
}


def load_ipython_extension(ip: Any) -> None:
    """Validate settings (a bad value fails here, naming the variable), open history, register."""
    from .history import open_history
    from .settings import get_settings

    try:
        settings = get_settings()
    except SettingsError as exc:
        raise UsageError(f"pandascribe not loaded: {exc}") from None
    ip.register_magics(TransformMagics(ip, store=open_history(settings)))
    ties.registry(ip)  # installs the Run All refresh of stale tied cells


def unload_ipython_extension(ip: Any) -> None:
    ties.uninstall(ip)
    for kind, names in MAGIC_NAMES.items():
        for name in names:
            ip.magics_manager.magics[kind].pop(name, None)
