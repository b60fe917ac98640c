"""The plan of a follow-up: the request (without its follow-up words) planned against the previous
result's schema, so the code starts from the previous result's name; or, for "same but …", the
previous plan with the filters the request names put in place of the ones on the same columns.

Three things a follow-up needs that a standalone request does not, each a small general rule:

- the result's computed columns are known by what they compute: after "total units by region",
  "units" and "total units" name ``sum_units`` (the words come from ``data/aggwords.tsv``);
- a bare "top 2" / "first 5" (``rank`` rows of ``data/followup.tsv``) takes rows of a result that
  is already in order, or ranks by its one measure when it is not;
- a chart asked of the previous result ("and plot it") plots what the previous step computed
  (:mod:`.charts`).

"same but …" is :mod:`.followup_same`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ..errors import CompileError
from ..plan import (
    Aggregate,
    Cast,
    Derive,
    Drop,
    DropDuplicates,
    DropMissing,
    FillMissing,
    Filter,
    Head,
    Plan,
    Plot,
    Rename,
    Replace,
    Select,
    Sort,
    Tail,
    TopN,
    ValueCounts,
)
from ..schema import FrameSchema
from . import charts
from .followup import FollowUp, chain, derived_schema, lineage, root_frame, what_it_is, with_results
from .followup_same import plan_same
from .phrases import ends_at, load, number, words

if TYPE_CHECKING:
    from ..backends import BackendResult
    from ..compiler import Transform

Planner = Callable[[str, Mapping[str, FrameSchema], str], "BackendResult"]

#: Steps after which the rows keep the order they had (so a sort before them still holds).
_KEEPS_ORDER: tuple[type, ...] = (Filter, Select, Drop, Rename, Derive, Head, Tail, FillMissing, DropMissing)
_KEEPS_ORDER += (DropDuplicates, Cast, Replace)


def _order(steps: tuple) -> tuple[str, bool] | None:
    """The column the result is in order of and whether ascending; None when it is in no order
    a user asked for (a group-by's key order does not count)."""
    for st in reversed(steps):
        if isinstance(st, Sort):
            return st.keys[0].column, st.keys[0].ascending
        if isinstance(st, TopN):
            return st.column, not st.largest
        if isinstance(st, ValueCounts):
            return ("proportion" if st.normalize else "count"), False
        if not isinstance(st, (*_KEEPS_ORDER, Sort)):
            return None
    return None


def _last_aggregate_at(steps: tuple) -> int | None:
    """Where the aggregate that made the result's columns is in ``steps`` (None: there is none)."""
    for k in range(len(steps) - 1, -1, -1):
        if isinstance(steps[k], Aggregate):
            return k
        if not isinstance(steps[k], (*_KEEPS_ORDER, Sort, TopN)):
            return None
    return None


def _last_aggregate(steps: tuple) -> Aggregate | None:
    k = _last_aggregate_at(steps)
    return None if k is None else steps[k]


# ---------------------------------------------------------------- computed columns by their words


def _norm(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _col_words(name: str) -> list[tuple[str, ...]]:
    parts = tuple(_norm(p) for p in re.split(r"[_\W]+", name.lower()) if p)
    out = [parts]
    if len(parts) > 1 and len(parts[-1]) <= 2:  # a unit suffix: body_mass_g → "body mass"
        out.append(parts[:-1])
    return out


@functools.cache
def _agg_words() -> dict[str, tuple[tuple[str, ...], ...]]:
    return {row.fields[0]: row.phrases for row in load("aggwords.tsv")}


def alias_columns(text: str, steps: tuple, schema: FrameSchema) -> str:
    """``text`` with the words naming a computed column ("units", "total units") replaced by the
    column's name (``sum_units``). Only a column's own words that no other column of ``schema``
    or other aggregate also claims are replaced."""
    agg = _last_aggregate(steps)
    if agg is None:
        return text
    phrases: dict[tuple[str, ...], set[str]] = {}
    for a in agg.aggs:
        if a.column is None or a.name not in schema or a.column in schema:
            continue
        for cw in _col_words(a.column):
            phrases.setdefault(cw, set()).add(a.name)
            for pre in _agg_words().get(a.func, ()):
                phrases.setdefault(tuple(_norm(p) for p in pre) + cw, set()).add(a.name)
    unique = {p: next(iter(n)) for p, n in phrases.items() if len(n) == 1}
    if not unique:
        return text
    ws = words(text)
    low = [_norm(w.low) for w in ws]
    out, pos, i = [], 0, 0
    while i < len(ws):
        n = max((len(p) for p in unique if tuple(low[i : i + len(p)]) == p), default=0)
        if n:
            out.append(text[pos : ws[i].start] + unique[tuple(low[i : i + n])])
            pos = ws[i + n - 1].end
            i += n
        else:
            i += 1
    return "".join(out) + text[pos:]


def ground_aliases(
    text: str,
    failed: tuple[str, ...],
    before: tuple,
    root: str,
    known: Mapping[str, FrameSchema],
    planner: Planner,
) -> str:
    """Like :func:`alias_columns`, for words the data's own vocabulary ties to an aggregated
    column ("arrival delay" for ``arr_delay``, so for ``mean_arr_delay``): the words around the one
    the planner did not understand are grounded against the frame the aggregate read, the way
    'select <words>' would be."""
    k = _last_aggregate_at(before)
    if k is None or not failed:
        return text
    agg: Aggregate = before[k]
    owners: dict[str, set[str]] = {}
    for a in agg.aggs:
        if a.column is not None:
            owners.setdefault(a.column, set()).add(a.name)
    ws = words(text)
    bad = {f.lower() for f in failed}
    at = next((i for i, w in enumerate(ws) if w.low in bad), None)
    if at is None:
        return text
    pool = {**known, "_input": derived_schema("_input", root, before[:k], known)}
    for size in range(min(4, len(ws)), 0, -1):
        for start in range(max(0, at - size + 1), min(at, len(ws) - size) + 1):
            span = text[ws[start].start : ws[start + size - 1].end]
            try:
                steps = planner(f"select {span}", pool, "_input").plan.steps
            except CompileError:
                continue
            if len(steps) != 1 or not isinstance(steps[0], Select) or len(steps[0].columns) != 1:
                continue
            names = owners.get(steps[0].columns[0], set())
            if len(names) != 1:
                continue
            (name,) = names
            func = next(a.func for a in agg.aggs if a.name == name)
            lead = max((ends_at(ws, start, _agg_words().get(func, ())) for _ in [0]), default=0)
            begin = ws[start - lead].start if lead else ws[start].start
            return text[:begin] + name + text[ws[start + size - 1].end :]
    return text


# ---------------------------------------------------------------- "top 2", "first 5"


def _rank(text: str, steps: tuple, schema: FrameSchema) -> tuple | None:
    """The steps of a bare rank request ("only the top 2"), or None when ``text`` is not one."""
    ws = words(text)
    for row in load("followup.tsv"):
        if row.fields[0] != "rank":
            continue
        for p in row.phrases:
            if len(p) == len(ws) and all(
                (q == "#" and number(w.low) is not None) or q == w.low for w, q in zip(ws, p, strict=True)
            ):
                n = next(number(w.low) for w, q in zip(ws, p, strict=True) if q == "#")
                return _rank_steps(row.fields[1], n or 0, steps, schema)
    return None


def _rank_steps(end: str, n: int, steps: tuple, schema: FrameSchema) -> tuple:
    if n < 1:
        raise CompileError("say how many rows to keep (a number of 1 or more)")
    if end == "first":
        return (Head(n=n),)
    if end == "last":
        return (Tail(n=n),)
    order = _order(steps)
    if order is not None:
        col, ascending = order
        if end in ("top", "bottom"):  # the top of the table as it stands
            return (Head(n=n),) if end == "top" else (Tail(n=n),)
        if (end == "best") != ascending:
            return (Head(n=n),)
        return (TopN(n=n, column=col, largest=end == "best"),)
    agg = _last_aggregate(steps)
    measures = [a.name for a in agg.aggs] if agg else [c.name for c in schema.columns if c.numeric]
    measures = [m for m in measures if (c := schema.get(m)) is not None and c.numeric]
    if len(measures) != 1:
        raise CompileError(
            f"{end} {n} by what? the previous result is in no order; name the column",
            suggestions=measures,
        )
    return (TopN(n=n, column=measures[0], largest=end in ("top", "best")),)


# ---------------------------------------------------------------- the entry point


def _lost_column(
    exc: CompileError, rest: str, prev: Transform, schema: FrameSchema, known: Mapping[str, FrameSchema]
) -> CompileError:
    """Words of the follow-up that name a column the earlier frames had and the previous result
    no longer has ("by sex" after "mean body mass by species"): say so, with the result's columns."""
    earlier: dict[tuple[str, ...], str] = {}
    for x in chain(prev):
        for c in known[x.plan.source].columns if x.plan.source in known else ():
            if c.name not in schema:
                for cw in _col_words(c.name):
                    earlier.setdefault(cw, c.name)
    low = [_norm(w.low) for w in words(rest)]
    lost = next(
        (earlier[p] for i in range(len(low)) for p in earlier if tuple(low[i : i + len(p)]) == p),
        None,
    )
    if lost is None:
        return exc
    return CompileError(
        f"the previous result {prev.target!r} has no column {lost!r} (it has "
        f"{', '.join(schema.names)}); to use {lost!r}, ask about {root_frame(prev)!r} itself",
        words=list(exc.words),
        suggestions=list(schema.names),
    )


def plan_followup(
    fu: FollowUp, planner: Planner, schemas: Mapping[str, FrameSchema]
) -> tuple[BackendResult, dict[str, FrameSchema]]:
    """The plan of follow-up ``fu`` and the schemas to validate it with (the frames' and the
    previous results')."""
    from ..backends import BackendResult

    prev = fu.previous
    if fu.frame not in schemas:
        raise CompileError(
            f"this request builds on {prev.target!r}, which was computed from the frame {fu.frame!r}; "
            f"pass {fu.frame!r} among the frames too",
            suggestions=[fu.frame],
        )
    known = with_results(prev, schemas)
    if fu.ref.mode == "same":
        return plan_same(fu, planner, known), known
    last = prev.plan.steps[-1]
    if isinstance(last, Plot):  # building on a chart builds on the data it drew
        source, base, before = prev.plan.source, prev.plan.steps[:-1], lineage(prev)[:-1]
    elif prev.target in known:
        source, base, before = prev.target, (), lineage(prev)
    else:
        raise CompileError(
            f"the previous result ({what_it_is(prev)}) cannot be built on before it runs; "
            "ask about a frame by name",
            words=list(fu.ref.words),
        )
    if source not in known:
        raise CompileError(f"the previous request started from {source!r}, which is not available now")
    # the frames the result came from are not offered to the planner: a column the result lost
    # ("year" after "by region") is refused, not brought back by joining the source on again
    behind = {x.plan.source for x in chain(prev)} | {x.target for x in chain(prev)}
    here = "_previous" if base else source
    pool = {k: v for k, v in known.items() if k not in behind}
    pool[here] = derived_schema(here, source, base, known) if base else known[source]
    schema = pool[here]
    rest = alias_columns(fu.ref.rest, before, schema)
    ask = charts.find_chart(rest)
    if ask is not None and not ask.rest:
        return BackendResult(
            Plan(source=source, steps=(*base, charts.plot_of(ask, before, schema))), "rules"
        ), known
    if ask is not None:

        def columns(text: str) -> tuple[str, ...]:
            *others, sel = planner(f"select {text}", pool, here).plan.steps
            return sel.columns if isinstance(sel, Select) and not others else ()

        keyed = charts.plot_of_keys(ask, before, schema, columns)
        if keyed is not None:
            return BackendResult(Plan(source=source, steps=(*base, keyed)), "rules"), known
    ranked = _rank(rest, before, schema)
    if ranked is not None:
        return BackendResult(Plan(source=source, steps=(*base, *ranked)), "rules"), known
    try:
        r = planner(rest, pool, here)
    except CompileError as exc:
        again = ground_aliases(rest, exc.words, before, fu.frame, known, planner)
        if again == rest:
            raise _lost_column(exc, rest, prev, schema, known) from None
        r = planner(again, pool, here)
    if r.plan.source != here:
        raise CompileError(f"the follow-up was planned from {r.plan.source!r}, not the previous result")
    plan = Plan(source=source, steps=(*base, *r.plan.steps))
    return BackendResult(plan, r.backend, r.model, r.usage), known


__all__ = ["Planner", "alias_columns", "ground_aliases", "plan_followup"]
