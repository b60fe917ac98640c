"""``%transform_history``'s work: the table of this notebook's requests, or their export as a
replayable script or notebook.

Kept apart from :mod:`.magics` because it needs nothing of the magics but the parsed arguments,
the history store and (for ``--with-frames``) the user's namespace; every history problem becomes a
``UsageError`` (a short message, no traceback).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError

if TYPE_CHECKING:
    from .history import HistoryStore

SHOWN = 20  # rows in the table when -n is not given (an export takes every transform)


def show_history(store: HistoryStore | None, args: Any, user_ns: Mapping[str, Any]) -> Any:
    """The table for ``args`` (a parsed ``%transform_history`` line), or ``None`` after an export
    (which prints what it wrote)."""
    from .errors import HistoryError
    from .history import parse_since
    from .magics_display import Table

    if store is None or store.off_reason:
        raise UsageError("history is off (PANDASCRIBE_HISTORY=off, or its file could not be used)")
    if args.n is not None and args.n < 0:
        raise UsageError("-n must be 0 or more")
    text = " ".join(args.search) if args.search else None
    try:
        since = parse_since(args.since) if args.since else None
        scope = store.scope(args.all_sessions)
        if args.export:
            frames = user_ns if args.with_frames else None
            n = store.export(args.export, text=text, limit=args.n, since=since, scope=scope, frames=frames)
            print(f"exported {n} transform{'s' if n != 1 else ''} to {args.export} ({scope.describe()})")
            return None
        entries = store.search(text, limit=SHOWN if args.n is None else args.n, since=since, scope=scope)
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
