"""IPython magics: ``%%transform`` (and the one-line ``%transform SOURCE: request``),
``%transform_history``, ``%transform_config`` and ``%transform_doctor``.

The magic never runs code the user has not seen unless ``--run`` is given: it shows the
explanation and code, then inserts the code as a new cell below, headed by a provenance comment
that recreates it. A request that cannot be compiled raises ``UsageError`` (a short message, no
traceback) and inserts nothing.

Insertion travels in the execute reply as two payload entries: the classic ``set_next_input``
(VS Code, Colab, a Lab without our extension insert a new cell below, every run) and a
``pandascribe.cell`` entry with the maker's cell id and the tie (:mod:`.ties`). The bundled
JupyterLab / Notebook 7 extension removes the ``set_next_input`` entry before the notebook sees it
and keeps one tied cell below instead: left alone, replaced in place, or — when edited by hand —
kept, with a fresh cell inserted above it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, line_magic, magics_class, no_var_expand
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

from . import ties
from .cells import cell_text, free_name, retarget
from .errors import PandascribeError, SettingsError, closest

if TYPE_CHECKING:
    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell

    from .compiler import Transform
    from .history import HistoryStore

BACKENDS = ("rules", "openai", "auto")


def _dataframes(ns: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """The user's DataFrames (pandas, polars or Spark) by name (IPython's ``_``, ``_1``, ``Out`` …
    are not the user's)."""
    from .engines import engine_of

    return {k: v for k, v in ns.items() if not k.startswith("_") and engine_of(v) is not None}


def _listing(names: list[str]) -> str:
    return ", ".join(sorted(names)) if names else "(none)"


def resolve_sources(ns: Mapping[str, Any], names: list[str]) -> dict[str, pd.DataFrame]:
    """SOURCE names → frames, the source first; no names: the only DataFrame in ``ns``."""
    frames = _dataframes(ns)
    if not names:
        if len(frames) == 1:
            return frames
        if not frames:
            raise UsageError("there is no DataFrame in the namespace: load one first, then %%transform NAME")
        raise UsageError(
            f"several DataFrames are defined ({_listing(list(frames))}): name the one the request is "
            f"about, e.g. %%transform {sorted(frames)[0]}"
        )
    out: dict[str, pd.DataFrame] = {}
    for name in names:
        if name in frames:
            out[name] = frames[name]
            continue
        if name in ns:
            raise UsageError(f"{name!r} is not a pandas DataFrame (it is a {type(ns[name]).__name__})")
        hint = closest(name, list(frames))
        maybe = f"; did you mean {' or '.join(map(repr, hint))}?" if hint else ""
        raise UsageError(f"no DataFrame named {name!r}{maybe} (DataFrames defined: {_listing(list(frames))})")
    return out


def split_line_form(line: str) -> tuple[str, str]:
    """``%transform flights -o late: rows where …`` → (``flights -o late``, ``rows where …``)."""
    head, sep, tail = line.partition(":")
    if not sep or not tail.strip():
        raise UsageError("write the one-line form as  %transform SOURCE: request  (or use %%transform)")
    return head, tail.strip()


def _error_message(exc: PandascribeError) -> str:
    text = str(exc)
    words = getattr(exc, "words", ())
    if words and not any(w in text for w in words):
        text += f" (not understood: {', '.join(map(repr, words))})"
    return f"pandascribe could not compile this request: {text}"


@magics_class
class TransformMagics(Magics):
    """The notebook face of pandascribe."""

    def __init__(self, shell: Any, store: HistoryStore | None = None) -> None:
        super().__init__(shell)
        self.store = store
        self._duration_ms: float | None = None  # of the latest compile, for its history entry

    @property
    def _ip(self) -> InteractiveShell:
        if self.shell is None:  # pragma: no cover - IPython always passes a shell
            raise UsageError("pandascribe's magics need an IPython shell")
        return self.shell

    # -- %%transform ---------------------------------------------------------------------------
    @magic_arguments()
    @argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="the DataFrame the request is about (default: the only one defined); "
        "more names make those frames available too, e.g. for joins",
    )
    @argument(
        "-o",
        "--output",
        dest="target",
        metavar="NAME",
        help="name for the result (default: chosen from the request, never an existing name)",
    )
    @argument("--run", action="store_true", help="also run the code now and show the result")
    @argument(
        "--no-insert",
        dest="no_insert",
        action="store_true",
        help="only show the code: insert no cell (e.g. in a frontend without the pandascribe "
        "extension, where each run inserts another copy)",
    )
    @argument(
        "--backend",
        choices=BACKENDS,
        default=None,
        help="how to understand the request (default: PANDASCRIBE_BACKEND, else rules)",
    )
    @argument(
        "--engine",
        choices=("pandas", "polars", "spark"),
        default=None,
        help="the engine to write code for (default: the frames' own: pandas, polars or Spark)",
    )
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
        """
        if cell is None:
            line, request = split_line_form(line)
        else:
            request = cell.strip()
            if not request:
                raise UsageError("the cell is empty: write the request below %%transform")
        args = parse_argstring(self.transform, line)
        ns = self._ip.user_ns
        frames = resolve_sources(ns, list(args.sources))
        sources = list(frames)
        backend = args.backend or self._settings().effective_backend
        cell_id = ties.current_cell_id(self._ip)
        made = ties.registry(self._ip)
        key = cell_id or "text:" + ties.fingerprint(f"{line}\n{request}")  # no cell id: the magic's text
        naming = made.namespace_for(ns, key)
        transform, notes = self._compile(request, frames, sources, args.target, backend, naming, args.engine)
        text = cell_text(transform, sources, ns, args.target)
        from IPython.display import display

        display(_bundle(transform, text, notes), raw=True)
        result = None
        if args.run:
            result = self._run(transform, text, frames, sources)
        else:
            self._record(transform, request, sources, frames, outcome="compiled")
        options = [" ".join(sources), args.target or "", backend]
        tie = None
        if cell_id is not None and not args.no_insert:
            tie = ties.make_tie(cell_id, request, options, frames, text, transform.target)
        made.remember(key, tie, transform.target, text)
        if not args.no_insert:
            self._insert(text, cell_id, tie)
        return result

    def _insert(self, text: str, cell_id: str | None, tie: ties.Tie | None) -> None:
        """The classic payload for every frontend, plus the tied one for our extension."""
        self._ip.set_next_input(text, replace=False)
        payloads = getattr(self._ip, "payload_manager", None)
        if tie is None or payloads is None or getattr(self._ip, "kernel", None) is None:
            return
        payloads.write_payload(
            {
                "source": ties.PAYLOAD_SOURCE,
                "protocol": ties.PROTOCOL,
                "cell_id": cell_id,
                "text": text,
                "tie": tie.metadata(),
            },
            single=False,
        )

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
        engine: str | None = None,
    ) -> tuple[Transform, list[str]]:
        """Compile; ``ns`` is the namespace as naming sees it (this cell's own previous result
        hidden)."""
        from .compiler import compile as compile_request

        start = time.perf_counter()
        try:
            transform = compile_request(
                request, frames, source=sources[0], target=target, backend=backend, engine=engine
            )
        except PandascribeError as exc:
            self._duration_ms = (time.perf_counter() - start) * 1000
            from .history import record_transform

            record_transform(self.store, exc, request, sources, frames, self._duration_ms, backend=backend)
            raise UsageError(_error_message(exc)) from None
        self._duration_ms = (time.perf_counter() - start) * 1000
        notes: list[str] = []
        if target is None and transform.target in ns:
            transform = retarget(transform, free_name(transform.target, ns))
        elif target is not None and target in ns:
            what = "the source frame" if target in frames else "an existing variable"
            notes.append(f"{target!r} is {what}; running this code will overwrite it")
        return transform, notes

    def _run(self, t: Transform, text: str, frames: dict[str, pd.DataFrame], sources: list[str]) -> Any:
        try:
            self._ip.ex(text)
        except Exception as exc:
            self._record(t, t.request, sources, frames, outcome="error", error=exc)
            raise UsageError(f"the generated code failed: {type(exc).__name__}: {exc}") from None
        self._record(t, t.request, sources, frames, outcome="ran")
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
    ) -> None:
        from .history import record_transform

        record_transform(
            self.store, result, request, sources, frames, self._duration_ms, outcome, error=error
        )

    # -- %transform_history --------------------------------------------------------------------
    @magic_arguments()
    @argument(
        "-n",
        type=int,
        default=None,
        metavar="N",
        help="only the latest N entries (default: 20 shown; every transform exported)",
    )
    @argument("--search", nargs="+", metavar="TEXT", help="only requests containing these words")
    @argument(
        "--since",
        metavar="WHEN",
        help="only entries since a date (2026-12-01), a date and time (2026-12-01T14:30) "
        "or a duration ago (30m, 2h, 3d, 1w)",
    )
    @argument(
        "--all-sessions",
        action="store_true",
        help="every notebook and kernel, not just this notebook (or this kernel when no notebook is known)",
    )
    @argument(
        "--export",
        metavar="PATH",
        help="write the latest version of each transform, in replay order, to PATH.py or PATH.ipynb",
    )
    @argument(
        "--with-frames",
        action="store_true",
        help="with --export: also save the frames it starts from as Parquet beside it "
        "(PATH_frames/), so that `python PATH.py` runs as it is",
    )
    @line_magic
    def transform_history(self, line: str) -> Any:
        """Show the requests of this notebook (a table), search them, or export them as a
        replayable script or notebook. "This notebook" is the notebook the kernel serves when it
        knows it (across kernel restarts), else this kernel session; --all-sessions widens it.
        --search, --since and -n filter the table and the export alike."""
        from .errors import HistoryError
        from .history import parse_since
        from .magics_display import Table

        args = parse_argstring(self.transform_history, line)
        store = self.store
        if store is None or store.off_reason:
            raise UsageError("history is off (PANDASCRIBE_HISTORY=off, or its file could not be used)")
        if args.n is not None and args.n < 0:
            raise UsageError("-n must be 0 or more")
        text = " ".join(args.search) if args.search else None
        try:
            since = parse_since(args.since) if args.since else None
            scope = store.scope(args.all_sessions)
            if args.export:
                frames = self._ip.user_ns if args.with_frames else None
                n = store.export(
                    args.export, text=text, limit=args.n, since=since, scope=scope, frames=frames
                )
                print(f"exported {n} transform{'s' if n != 1 else ''} to {args.export} ({scope.describe()})")
                return None
            entries = store.search(text, limit=20 if args.n is None else args.n, since=since, scope=scope)
        except HistoryError as exc:
            raise UsageError(str(exc)) from None
        rows = [
            (
                e.ts.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                " ".join(e.sources),
                e.request,
                e.target or "",
                e.outcome,
                e.backend or "",
                e.engine,
                f"{e.duration_ms or 0:.0f} ms",
            )
            for e in reversed(entries)
        ]
        wider = "" if args.all_sessions else f" in {scope.describe()} (--all-sessions shows the others)"
        return Table(
            ("time", "sources", "request", "target", "outcome", "backend", "engine", "took"),
            rows,
            title=f"pandascribe history ({scope.describe()}, {store.path})",
            empty="no requests recorded yet" + wider,
        )

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
