""" "same but …": the previous plan again with what the request names changed — the filter on the
same column replaced (or one added), or the chart drawn as another kind.

"same but for 2014" after "total units by region" keeps the aggregate and puts ``year == 2014``
before it, from the previous request's source; when the filter needs a column only the real frame
has (the previous request was itself a follow-up), the whole chain is redone from that frame.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ..errors import CompileError
from ..plan import BoolOp, Expr, Filter, Plan, Plot, columns_of
from ..schema import FrameSchema
from . import charts
from .followup import FollowUp, lineage, root_frame, what_it_is

if TYPE_CHECKING:
    from ..backends import BackendResult

Planner = Callable[[str, Mapping[str, FrameSchema], str], "BackendResult"]


def _conjuncts(cond: Expr) -> list[Expr]:
    if isinstance(cond, BoolOp) and cond.op == "and":
        return [x for op in cond.operands for x in _conjuncts(op)]
    return [cond]


def _and(parts: list[Expr]) -> Expr:
    return parts[0] if len(parts) == 1 else BoolOp(op="and", operands=tuple(parts))


def merge_filters(steps: tuple, new: list[Expr]) -> tuple:
    """``steps`` with each new condition in place of the old conditions on the same columns (in
    the first filter that had one), the rest added as a filter before everything else."""
    pending = list(new)
    out: list = []
    for st in steps:
        if not isinstance(st, Filter):
            out.append(st)
            continue
        parts = []
        for c in _conjuncts(st.condition):
            cols = set(columns_of(c))
            hit = [x for x in pending if set(columns_of(x)) & cols]
            if hit:
                parts.extend(hit)
                pending = [x for x in pending if x not in hit]
            elif not any(cols & set(columns_of(x)) for x in new):
                parts.append(c)
        if parts:
            out.append(Filter(condition=_and(parts)))
    if pending:
        out.insert(0, Filter(condition=_and(pending)))
    return tuple(out)


def plan_same(fu: FollowUp, planner: Planner, known: dict[str, FrameSchema]) -> BackendResult:
    """The previous plan again, with the filters the request names in place of those on the same
    columns, or drawn as the chart it names; from the previous request's source, or (when the
    filter is about columns only the real frame has) from the real frame with every step since."""
    from ..backends import BackendResult

    prev = fu.previous
    starts = [(prev.plan.source, prev.plan.steps)]
    root = root_frame(prev)
    if root != prev.plan.source:
        starts.append((root, lineage(prev)))
    ask = charts.find_chart(fu.ref.rest)
    if ask is not None and not ask.rest:
        source, steps = starts[0]
        if isinstance(steps[-1], Plot):
            plot = charts.replot(ask, steps[-1])
        elif prev.target in known:
            plot = charts.plot_of(ask, lineage(prev), known[prev.target])
        else:
            raise CompileError(f"the previous result ({what_it_is(prev)}) cannot be drawn as a chart")
        return BackendResult(
            Plan(source=source, steps=(*steps[:-1], plot) if isinstance(steps[-1], Plot) else (*steps, plot)),
            backend="rules",
        )
    failure: CompileError | None = None
    for source, steps in starts:
        if source not in known:
            continue
        try:
            r = planner(fu.ref.rest, known, source)
        except CompileError as exc:
            failure = failure or exc
            continue
        conds = [c for st in r.plan.steps if isinstance(st, Filter) for c in _conjuncts(st.condition)]
        if len(conds) and all(isinstance(st, Filter) for st in r.plan.steps):
            plan = Plan(source=source, steps=merge_filters(steps, conds))
            return BackendResult(plan, r.backend, r.model, r.usage)
    if failure is not None:
        raise failure
    raise CompileError(
        "'same but …' changes which rows are used (e.g. 'same but for 2014') or the kind of chart; "
        "for other changes, write the whole request",
        words=list(fu.ref.words),
    )


__all__ = ["merge_filters", "plan_same"]
