"""Follow-up requests: does a request build on the previous result, and on what.

"now sort that by units, highest first" refers back ("now", "that"); so do "only the top 2 of
those", "and plot it" and "same but for 2014". Which words do so is data
(``data/followup.tsv``): openers at the start, references anywhere, and the ambiguous "that" /
"it" / "this" only where they name a thing (at the start or end, or after a verb or preposition:
"sort that", "plot it") — "regions that sold more" is a relative clause, not a reference.

:func:`find_reference` reads those words and returns the request without them;
:func:`prepare_followup` pairs that with the previous :class:`~pandascribe.Transform`, and
:mod:`.followup_plan` builds the plan against the previous result's schema. A request that refers
back with nothing to refer to is refused (a :class:`~pandascribe.CompileError`), never run on the
original frame instead.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..errors import CompileError
from ..schema import ColumnInfo, FrameSchema
from .phrases import Row, Word, cut, ends_at, load, match_at, words
from .pronouns import refers_within
from .shape import schema_after

if TYPE_CHECKING:
    from ..compiler import Transform

Mode = Literal["refer", "same"]
_PUNCT = {",", ";", ".", "?", "!", ":"}


@dataclass(frozen=True)
class Reference:
    """What a request says about the previous result: ``mode`` ``refer`` (start from it) or
    ``same`` (re-use its request with ``rest`` changed); ``rest`` is the request without the
    follow-up words; ``words`` are the words that referred back (for messages); ``strong`` is False
    when only an opener ("now …", "then …") marked it, which alone refers back only if there is a
    previous result."""

    mode: Mode
    rest: str
    words: tuple[str, ...]
    strong: bool


@functools.cache
def _table() -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in load("followup.tsv"):
        out.setdefault(row.fields[0], []).append(row)
    return out


def _longest(ws: list[Word], i: int, role: str) -> tuple[int, Row | None]:
    best, which = 0, None
    for row in _table().get(role, []):
        n = match_at(ws, i, row.phrases)
        if n > best:
            best, which = n, row
    return best, which


def _after_governor(ws: list[Word], j: int, lo: int) -> bool:
    return any(ends_at(ws, j, row.phrases, lo) for row in _table()["governor"])


def _prep_before(ws: list[Word], j: int, lo: int) -> int:
    return max((ends_at(ws, j, row.phrases, lo) for row in _table()["prep"]), default=0)


def _qualified(ws: list[Word], end: int) -> bool:
    """A reference followed by words that say which ones ("those going to ORD", "those with …")."""
    if end >= len(ws):
        return False
    w = ws[end].low
    return match_at(ws, end, _table()["qualifier"][0].phrases) > 0 or (
        len(w) > 4 and w.endswith(("ing", "ed"))
    )


def _weight(ws: list[Word], j: int, n: int, lo: int) -> str | None:
    """How surely the reference at ``j`` (``n`` words) points at a previous result: "strong" at the
    end of the request or after a preposition ("the top 2 of those"); at the start of the ask
    ("keep those …") strong, or "weak" (only when there is a previous result) when words after it
    say which ones ("keep those with …"); later in the request, a qualified "those" ("flights from
    EWR except those going to ORD") means rows named in the same request: no reference (None)."""
    end = j + n
    if end == len(ws) or ws[end].low in _PUNCT or _prep_before(ws, j, lo):
        return "strong"
    qualified = _qualified(ws, end)
    initial = all(_after_governor(ws, k + 1, k) for k in range(lo, j))
    if initial:
        return "weak" if qualified else "strong"
    return None if qualified else "strong"


def find_reference(request: str) -> Reference | None:
    """The follow-up words of ``request`` and the request without them; None when it does not
    refer back."""
    ws = words(request)
    spans: list[tuple[int, int]] = []
    fillers: list[tuple[int, int]] = []
    said: list[str] = []
    mode: Mode | None = None
    strong = False
    i = 0
    while i < len(ws):  # openers, in any order: "ok so now", "and same but"
        for role in ("same", "continue", "filler"):
            n, _ = _longest(ws, i, role)
            if n:
                span = (ws[i].start, ws[i + n - 1].end)
                (fillers if role == "filler" else spans).append(span)
                if role != "filler":
                    said.append(request[span[0] : span[1]])
                    mode = "same" if role == "same" else mode or "refer"
                    strong = strong or role == "same"
                i += n
                break
        else:
            break
    lo = i
    j = i
    while j < len(ws):
        n, row = _longest(ws, j, "refer")
        if row is not None and row.fields[1] == "object":
            end = j + n
            free = j == lo or end == len(ws) or ws[end].low in _PUNCT or _after_governor(ws, j, lo)
            n = n if free else 0
        weight = _weight(ws, j, n, lo) if n else None
        if weight is not None:
            p = _prep_before(ws, j, lo)
            start = ws[j - p].start if p else ws[j].start
            spans.append((start, ws[j + n - 1].end))
            said.append(request[ws[j].start : ws[j + n - 1].end])
            mode, strong = mode or "refer", strong or weight == "strong"
            j += n
        else:
            j += 1
    if mode is None:
        return None
    return Reference(mode, cut(request, spans + fillers), tuple(said), strong)


# ---------------------------------------------------------------- the previous result's schema


def chain(t: Transform) -> list[Transform]:
    """``t`` and the transforms it builds on, oldest first."""
    out: list[Transform] = []
    seen: set[int] = set()
    cur: Transform | None = t
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        out.append(cur)
        cur = cur.previous
    return out[::-1]


def lineage(t: Transform) -> tuple:
    """Every step from the real frame to ``t``'s result, across the chain."""
    by_target = {x.target: x for x in chain(t)}
    steps: tuple = t.plan.steps
    seen = {t.target}
    src = t.plan.source
    while src in by_target and src not in seen:
        seen.add(src)
        steps = by_target[src].plan.steps + steps
        src = by_target[src].plan.source
    return steps


def root_frame(t: Transform) -> str:
    """The name of the real frame the chain ending in ``t`` starts from."""
    targets = {x.target for x in chain(t)}
    for x in chain(t):
        if x.plan.source not in targets:
            return x.plan.source
    return t.plan.source


def with_results(t: Transform, schemas: Mapping[str, FrameSchema]) -> dict[str, FrameSchema]:
    """``schemas`` plus the schema of every frame-valued result in the chain ending in ``t``,
    derived from the plans (the results need not exist yet). A result whose columns cannot be known
    before running it (a pivot) or that is not a table (a number, a chart) is left out."""
    from ..validate import plan_states

    out = dict(schemas)
    for x in chain(t):
        if x.plan.source not in out:
            continue
        states, issues = plan_states(x.plan, out)
        last = states[-1]
        if issues or last.scalar or last.open:
            continue
        out[x.target] = derived_schema(x.target, x.plan.source, x.plan.steps, out)
    return out


def derived_schema(name: str, source: str, steps: tuple, schemas: Mapping[str, FrameSchema]) -> FrameSchema:
    """The schema after ``steps`` from ``schemas[source]``: names and kinds as the validator
    carries them, distinct values kept where a column passes through unchanged."""
    from ..plan import Plan
    from ..validate import plan_states

    base = schemas[source]
    shaped = base
    for step in steps:
        shaped = schema_after(shaped, step, schemas)
    if not steps:
        return FrameSchema(name, base.n_rows, base.columns)
    kinds = plan_states(Plan(source=source, steps=steps), schemas)[0][-1].columns
    cols = []
    for col, kind in kinds.items():
        info = shaped.get(col)
        if info is not None and info.kind == kind:
            cols.append(info)
        else:
            cols.append(ColumnInfo(col, kind, kind, True))  # type: ignore[arg-type]
    return FrameSchema(name, base.n_rows, tuple(cols))


def what_it_is(t: Transform) -> str:
    """The previous result in words, for refusals ("'n_rows', a single value")."""
    from ..plan import TERMINAL, Plot

    last = t.plan.steps[-1]
    if isinstance(last, Plot):
        return f"{t.target!r}, a chart"
    if isinstance(last, TERMINAL):
        return f"{t.target!r}, a single value"
    return f"{t.target!r}, a table whose columns depend on the data"


def _restyle(request: str) -> Reference | None:
    """A chart asked for with no data ("as a bar chart", "plot") can only be of the previous
    result, so it refers back too."""
    from .charts import find_chart

    ask = find_chart(request)
    return Reference("refer", request.strip(), (), False) if ask is not None and not ask.rest else None


@dataclass(frozen=True)
class FollowUp:
    """A request that builds on ``previous``, as :func:`find_reference` read it."""

    ref: Reference
    previous: Transform

    @property
    def frame(self) -> str:
        """The real frame the whole chain starts from (the source to resolve among the frames)."""
        return root_frame(self.previous)

    @property
    def taken(self) -> set[str]:
        """Names a new result must not take: every result in the chain."""
        return {x.target for x in chain(self.previous)}


def refers_back(request: str) -> bool:
    """Whether ``request`` would build on a previous result if there were one."""
    return find_reference(request) is not None or _restyle(request) is not None


def prepare_followup(request: str, previous: Transform | None) -> FollowUp | None:
    """The follow-up reading of ``request``; None when it stands alone (then ``previous`` is
    ignored). Refers back with no ``previous``: CompileError."""
    from ..compiler import Transform

    if previous is not None and not isinstance(previous, Transform):
        raise CompileError(
            f"previous= takes the Transform a compile() returned, not a {type(previous).__name__}"
        )
    ref = find_reference(request)
    if ref is None and previous is not None:
        ref = _restyle(request)
    if ref is None:
        return None
    if previous is None:
        if not ref.strong or refers_within(request, ref.words):
            return None  # "now sort flights by distance" with nothing before: an ordinary request
        said = ", ".join(repr(w) for w in ref.words)
        raise CompileError(
            f"this request builds on a previous result ({said}), but there is none: ask the first "
            "request first, then this one as its follow-up (previous= in Python, --then in the CLI)",
            words=list(ref.words),
        )
    if not ref.rest:
        raise CompileError(
            f"say what to do with the previous result {previous.target!r} (e.g. 'sort that by …')",
            words=list(ref.words),
        )
    return FollowUp(ref, previous)


__all__ = [
    "FollowUp",
    "Reference",
    "find_reference",
    "prepare_followup",
    "refers_back",
    "root_frame",
    "with_results",
]
