"""The query clause: rows kept, groups, aggregates, order and limit — in one sentence.

"keep flights with arr_delay of at least 120, average dep_delay by carrier, highest first" is read
like SQL: the sort, limit, group and aggregate phrases are taken out first (each by a small
production over typed items), what is left must be row conditions, and the pieces are assembled
in the one order that makes sense: filter → derive group keys → aggregate → sort → limit.
The extractors live in ``query_order`` (sort, limit) and ``query_aggs`` (aggregates, groups,
having); this module assembles their ``Query`` into steps.
"""

from __future__ import annotations

from typing import Any, cast

from ..errors import CompileError
from ..plan import (
    Agg,
    Aggregate,
    ArgBest,
    BoolOp,
    Cast,
    Col,
    Compare,
    DatePart,
    Derive,
    Expr,
    Filter,
    Head,
    Lit,
    ScalarAgg,
    Select,
    Sort,
    SortKey,
    Step,
    Tail,
    TopN,
)
from ..plan.nodes import AggFunc
from .conditions import Conditions
from .context import Clause
from .projection import (
    alphabetical_order,
    projected,
    projected_sort_column,
    resolve_age_directions,
    shown,
    take_row_scopes,
)
from .query_aggs import extract_aggs, extract_group, extract_having, extract_which
from .query_best import extract_best_row, extract_best_with_its
from .query_mode import extract_mode
from .query_order import extract_limit, extract_sort
from .query_postagg import extract_trailing_agg
from .query_state import Query
from .stats import mark_compared_stats, mark_group_conditions

# ---------------------------------------------------------------- assembly


def agg_name(func: str, col: str | None, taken: set[str]) -> str:
    base = "count" if func == "size" else f"{func}_{col}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def _counted_columns(cl: Clause, q: Query) -> Expr | None:
    """ "rows where the number of visits is greater than 3" with no groups: a whole-number column
    that counts something (visits, gears, cylinders) is the number itself — a row condition, not a
    condition on a group's count. Taken only when every aggregate condition is of that form."""
    if not q.having or q.group or q.top_entity is not None:
        return None
    if not all(f == "count" and c is not None and cl.ctx.kind(c) == "integer" for f, c, _, _ in q.having):
        return None
    parts: list[Expr] = [
        Compare(op=cast(Any, op), left=Col(name=cast(str, col)), right=Lit(value=cast(Any, value)))
        for _, col, op, value in q.having
    ]
    q.having = []
    return parts[0] if len(parts) == 1 else BoolOp(op="and", operands=tuple(parts))


def assemble(cl: Clause, q: Query) -> list[Step]:
    steps: list[Step] = []
    cond = Conditions(cl, cl.live()).parse()
    counted = _counted_columns(cl, q)
    if counted is not None:
        cond = counted if cond is None else BoolOp(op="and", operands=(cond, counted))
    if cond is not None:
        steps.append(Filter(condition=cond))
    by: list[str] = []
    for key, dt in q.group:
        if dt is not None:
            name = key if key not in cl.ctx.current.names else f"{dt}_{key}"
            steps.append(Derive(name=name, expr=DatePart(part=key, expr=Col(name=dt))))  # type: ignore[arg-type]
            by.append(name)
        else:
            by.append(key)
    if q.top_entity is not None and q.top is not None:
        by.append(q.top_entity)
    if q.having and not by:
        raise CompileError("a condition on a total or average needs groups: say 'by <column>'")
    # references used by sort / top / argbest that are aggregates become aggregates too
    refs = [r for r, _ in q.sort]
    if q.top:
        refs.append(q.top[1])
    if q.argbest:
        refs.append(q.argbest[1])
    aggs = list(q.aggs)
    for func, col, _, _ in q.having:
        if (func, col) not in aggs:
            aggs.append((func, col))
    if by:
        for r in refs:
            if isinstance(r, tuple) and r[0] == "agg" and (r[1], r[2]) not in aggs:
                aggs.append((r[1], r[2]))
    out_names: dict[tuple[str, str | None], str] = {}
    taken = set(by)
    for func, col in aggs:
        out_names[(func, col)] = agg_name(func, col, taken)
        taken.add(out_names[(func, col)])

    def resolve(ref: object) -> str:
        kind = ref[0]  # type: ignore[index]
        if kind == "implied":
            if len(out_names) == 1:
                return next(iter(out_names.values()))
            raise CompileError(
                "top by what? name the column (e.g. 'top 5 by distance')",
                suggestions=list(out_names.values()),
            )
        if kind == "agg":
            key = (ref[1], ref[2])  # type: ignore[index]
            if key in out_names:
                return out_names[key]
            raise CompileError(f"sort/limit by {ref[1]} of {ref[2]} needs a grouping ('by …')")  # type: ignore[index]
        col = ref[1]  # type: ignore[index]
        if aggs:
            if col in by:
                return col
            matches = [n for (f, c), n in out_names.items() if c == col]
            if len(matches) == 1:
                return matches[0]
            raise CompileError(
                f"after grouping, '{col}' is not a column; sort by a group key or an aggregate",
                suggestions=list(out_names.values()),
            )
        return col

    if aggs and not by and not q.argbest:
        if len(aggs) == 1 and not q.sort and not q.top and not q.head:
            func, col = aggs[0]
            steps.append(ScalarAgg(func=cast(AggFunc, func), column=col))
            return steps
        nodes = tuple(Agg(func=cast(AggFunc, f), column=c, name=out_names[(f, c)]) for f, c in aggs)
        steps.append(Aggregate(by=(), aggs=nodes))
    elif aggs:
        nodes = tuple(Agg(func=cast(AggFunc, f), column=c, name=out_names[(f, c)]) for f, c in aggs)
        steps.append(Aggregate(by=tuple(by), aggs=nodes))
    elif by and not q.argbest and q.sort_implied_dir is not None and not q.sort:
        steps.append(Sort(keys=tuple(SortKey(column=b, ascending=q.sort_implied_dir) for b in by)))
        return steps  # "cars by Name from Z to A"
    elif by and not q.argbest and any(it.rownoun and it.used and not it.cols for it in cl.items):
        steps.append(
            Aggregate(by=tuple(by), aggs=(Agg(func="size", name="count"),))
        )  # "flights per destination"
    elif by and not q.argbest:
        raise CompileError(
            "grouped by " + ", ".join(by) + ", but what should be computed per group? "
            "(e.g. 'mean <column>', 'number of rows')",
            words=by,
        )
    if q.having:
        tests = [
            Compare(op=op, left=Col(name=out_names[(f, c)]), right=Lit(value=v))  # type: ignore[arg-type]
            for f, c, op, v in q.having
        ]
        steps.append(
            Filter(condition=tests[0] if len(tests) == 1 else BoolOp(op="and", operands=tuple(tests)))
        )
    # sorting
    keys: list[SortKey] = []
    for ref, asc in q.sort:
        keys.append(SortKey(column=resolve(ref), ascending=True if asc is None else asc))
    if not keys and q.sort_implied_dir is not None:
        implied = (
            cl.concept_column(q.sort_concepts, "first")
            if q.sort_concepts and not out_names
            else _implied_sort_column(cl, aggs, out_names, cond)
        )
        keys.append(SortKey(column=implied, ascending=q.sort_implied_dir))
    if q.argbest:
        label, ref, largest = q.argbest
        steps.append(ArgBest(label=label, column=resolve(ref), largest=largest))
        return steps
    if keys:
        steps.append(Sort(keys=tuple(keys)))
    if q.top:
        n, ref, largest = q.top
        if ref == ("implied",) and keys:  # "sort by x descending and show the top 10"
            steps.append(Head(n=n))
        else:
            steps.append(TopN(n=n, column=resolve(ref), largest=largest))
    if q.head:
        steps.append(Head(n=q.head[1]) if q.head[0] == "head" else Tail(n=q.head[1]))
    return steps


def _implied_sort_column(cl: Clause, aggs: list, out_names: dict, cond: object) -> str:
    if len(out_names) == 1:
        return next(iter(out_names.values()))
    cond_cols: list[str] = []
    if not aggs and cond is not None:
        from ..plan import columns_of

        cond_cols = list(columns_of(cond))  # type: ignore[arg-type]
    if not aggs and projected(cl):
        got = projected_sort_column(cl, cond_cols)
        if got is not None:
            return got  # "the titles of all cartoons in alphabetical order"
        if alphabetical_order(cl) or (len(projected(cl)) == 1 and cond_cols):
            raise CompileError(
                "sorted by what? name the column (e.g. 'sorted by <column> descending')",
                suggestions=list(dict.fromkeys((*projected(cl), *cond_cols))),
            )
    if len(cond_cols) == 1:
        return cond_cols[0]
    mentioned = [it for it in cl.items if it.col and not it.used and not it.vals]
    if len(mentioned) == 1:
        mentioned[0].used = True  # "prices sorted highest first"
        return mentioned[0].col  # type: ignore[return-value]
    numeric = [c.name for c in cl.ctx.current.columns if c.numeric]
    if not aggs and len(numeric) == 1 and len(cl.ctx.current.columns) <= 3:
        return numeric[0]  # after "mean arr_delay by carrier", "then sort ascending" means that mean
    raise CompileError(
        "sorted by what? name the column (e.g. 'sorted by <column> descending')",
        suggestions=list(out_names.values()),
    )


def parse_query(cl: Clause) -> list[Step]:
    mark_compared_stats(cl)  # "lifeExp above the per continent average" is no aggregate nor grouping
    mark_group_conditions(cl)  # "where the sum of vs for each cyl is 0": a condition, not an aggregate
    q = Query()
    take_row_scopes(cl)  # "for all singers", "across all poker players": the rows, all of them
    resolve_age_directions(cl)  # "by age from the oldest to the youngest"
    extract_sort(cl, q)
    best = extract_best_with_its(cl, q) or extract_best_row(cl, q) or extract_mode(cl, q)
    if not best and not extract_which(cl, q):
        extract_limit(cl, q)
    extract_having(cl, q)
    if not extract_trailing_agg(cl, q):  # "the number of total goals maximum"
        extract_aggs(cl, q)
    extract_group(cl, q)
    steps = assemble(cl, q)
    if q.casts:  # "the youngest teacher" by an age stored as text: read its numbers first
        steps = [Cast(columns=tuple(dict.fromkeys(q.casts)), to="number"), *steps]
    if q.project:
        return [*steps, Select(columns=q.project)]
    asked = shown(cl)
    if asked and steps and all(isinstance(s, _ROW_STEPS) for s in steps):
        return [*steps, Select(columns=asked)]  # "what was the attendance in 2002": that column
    return steps


#: steps that keep the frame's columns: a column the conditions passed over can be shown after them
_ROW_STEPS = (Filter, Sort, Head, Tail, TopN, Cast)
