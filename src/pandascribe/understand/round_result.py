"""A computed result rounded: "the mean age per occupation, rounded to 2 decimals", "calculate the
mean age for each animal and round the mean to one decimal place", "round the average household
size by village to 1 decimal place".

The rounding words are read from ``data/round_result.tsv``: at the end of the request (a joining
comma or "and", the verb, what is rounded, "to N decimal places") or around it (the verb first,
"to N places" last). The rest of the request is planned as usual; the values it computed are then
rounded, one ``Derive`` of ``round(…, N)`` each. Rounding named columns of the frame ("round
brainwt to two decimal places") is :mod:`.rounding`'s and is tried first: this only reads a
request the ordinary reading refused.

Only an aggregate's values are rounded (the last ``Aggregate`` of the plan, with nothing after it
but steps that pick or order rows); a request whose result is anything else is refused with the
reason, as is an object ("the mean") that names no value the aggregate computed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..errors import AmbiguousPlans, CompileError
from ..plan import Aggregate, Col, Derive, Filter, Head, MathCall, Plan, Sort, Step, Tail, TopN
from ..schema import FrameSchema
from .phrases import Row, Word, cut, load, match_at, number, words
from .shape import schema_after

Understand = Callable[[str, Mapping[str, FrameSchema], str], Plan]
#: steps after the aggregate that keep its columns as they are
_ROW_STEPS = (Filter, Sort, Head, Tail, TopN)
#: aggregates whose values are counts: whole numbers, never rounded
_COUNTS = frozenset({"size", "count", "nunique"})
#: the most places a request may ask for
MAX_PLACES = 15


@dataclass(frozen=True)
class RoundAsk:
    """The rounding phrase of a request: the request without it (``rest``), the number of
    places, and which aggregate it names ("any": every computed value)."""

    rest: str
    digits: int
    func: str = "any"


@functools.cache
def _table() -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in load("round_result.tsv"):
        out.setdefault(row.fields[0], []).append(row)
    return out


def _at(ws: list[Word], i: int, role: str) -> tuple[int, str]:
    """The longest phrase of ``role`` at ``i``: (its length, its func field)."""
    best, func = 0, ""
    for row in _table()[role]:
        n = match_at(ws, i, row.phrases)
        if n > best:
            best, func = n, row.fields[1]
    return best, func


def _places(ws: list[Word], i: int) -> tuple[int, int] | None:
    """(the end, the places) of "to 2 decimal places" / "to the nearest whole number" at ``i``."""
    n, _ = _at(ws, i, "whole")
    if n:
        return i + n, 0
    n, _ = _at(ws, i, "to")
    if not n or i + n >= len(ws):
        return None
    digits = number(ws[i + n].low)
    u, _ = _at(ws, i + n + 1, "unit")
    if digits is None or not u:
        return None
    return i + n + 1 + u, digits


def find_rounding(text: str) -> RoundAsk | None:
    """The rounding phrase that ends ``text`` (or wraps it), or None."""
    ws = words(text)
    end = len(ws)
    while end and ws[end - 1].low in (".", "?", "!"):
        end -= 1
    for i in range(1, end):  # trailing: "…, rounded to 2 decimals"
        j = i + _at(ws, i, "join")[0]
        v, _ = _at(ws, j, "verb")
        if not v:
            continue
        o, func = _at(ws, j + v, "object")
        got = _places(ws, j + v + o)
        if got is not None and got[0] == end:
            rest = cut(text, [(ws[i].start, len(text))])
            return _checked(RoundAsk(rest, got[1], func or "any"))
    v, _ = _at(ws, 0, "verb")  # around: "round the mean age per village to 1 decimal place"
    if v:
        for k in range(v + 1, end):
            got = _places(ws, k)
            if got is not None and got[0] == end:
                return _checked(RoundAsk(text[ws[v].start : ws[k].start].strip(), got[1]))
    return None


def _checked(ask: RoundAsk) -> RoundAsk | None:
    if not ask.rest.strip() or ask.digits > MAX_PLACES:
        return None
    return ask


def rounded(plan: Plan, ask: RoundAsk, schemas: Mapping[str, FrameSchema]) -> Plan:
    """``plan`` with the values its last aggregate computed rounded to ``ask.digits`` places."""
    at = next((k for k in range(len(plan.steps) - 1, -1, -1) if isinstance(plan.steps[k], Aggregate)), -1)
    agg = plan.steps[at] if at >= 0 else None
    if not isinstance(agg, Aggregate) or not all(isinstance(s, _ROW_STEPS) for s in plan.steps[at + 1 :]):
        raise CompileError("rounding is read only for a computed table (an aggregate per group)")
    current = schemas[plan.source]
    for step in plan.steps:
        current = schema_after(current, step, schemas)
    floats = {c.name for c in current.columns if c.kind == "float"}
    names = [
        a.name for a in agg.aggs if a.func not in _COUNTS and a.name in floats and ask.func in ("any", a.func)
    ]
    if not names:
        said = "" if ask.func == "any" else f" {ask.func}"
        raise CompileError(f"nothing to round: the result holds no{said} value with decimals")
    steps: list[Step] = [
        Derive(name=n, expr=MathCall(func="round", expr=Col(name=n), digits=ask.digits)) for n in names
    ]
    return Plan(source=plan.source, steps=(*plan.steps, *steps))


def with_rounding(base: Understand) -> Understand:
    """``base`` that also reads a rounding of the result, when ``base`` refused the request."""

    def understand(request: str, schemas: Mapping[str, FrameSchema], source: str) -> Plan:
        try:
            return base(request, schemas, source)
        except AmbiguousPlans:
            raise
        except CompileError as first:
            ask = find_rounding(request)
            if ask is None:
                raise
            try:
                plan = base(ask.rest, schemas, source)
            except CompileError:
                raise first from None
            return rounded(plan, ask, schemas)

    return understand


__all__ = ["RoundAsk", "find_rounding", "rounded", "with_rounding"]
