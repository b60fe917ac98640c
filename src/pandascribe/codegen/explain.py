"""Plans paraphrased back into plain English, so a reviewer can check the request was understood.

One phrase function per step and per expression (:data:`STEP_EXPLAINERS`,
:data:`EXPR_EXPLAINERS`); the step phrases are joined with ", then ". Column names are shown as
they are (quoted only when they contain spaces or punctuation); text values are quoted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..plan import (
    Agg,
    Aggregate,
    ArgBest,
    Arith,
    Between,
    BoolOp,
    Col,
    Compare,
    Cond,
    Correlation,
    Crosstab,
    DateLit,
    DatePart,
    Derive,
    Distinct,
    Drop,
    DropDuplicates,
    DropMissing,
    FillMissing,
    Filter,
    Head,
    IsIn,
    IsNull,
    Join,
    Lit,
    MathCall,
    Melt,
    Node,
    Not,
    Pivot,
    Plan,
    Plot,
    Rename,
    Resample,
    Scalar,
    ScalarAgg,
    Select,
    Sort,
    StrCall,
    StrMatch,
    Tail,
    TopN,
    ValueCounts,
    Window,
)
from ..plan.expr import GroupStat
from .explain_missing import missing_explainers
from .explain_ops import chart, chart_agg, explainers
from .explain_rows import row_explainers

Phrase = Callable[[Any], str]

_CMP = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
_ARITH = {"add": "+", "sub": "−", "mul": "×", "div": "/", "floordiv": "//", "mod": "mod", "pow": "^"}
AGG_WORDS = {
    "size": "count rows",
    "count": "count non-missing",
    "sum": "total",
    "mean": "average",
    "median": "median",
    "min": "minimum",
    "max": "maximum",
    "std": "standard deviation of",
    "var": "variance of",
    "sem": "standard error of the mean of",
    "nunique": "count distinct",
    "first": "first",
    "last": "last",
}
_WINDOW = {
    "cumsum": "running total of",
    "cummax": "running maximum of",
    "cummin": "running minimum of",
    "cumcount": "running count",
    "pct_change": "percent change of",
    "diff": "difference of",
    "shift": "previous value of",
    "rank": "rank of",
}


def name(col: str) -> str:
    """A column name as shown in prose: bare when it is a simple word, else quoted."""
    return col if col.replace("_", "").isalnum() else repr(col)


def names(cols: tuple[str, ...] | list[str]) -> str:
    items = [name(c) for c in cols]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def value(v: Scalar) -> str:
    if v is None:
        return "missing"
    if isinstance(v, str):
        return repr(v)
    return str(v)


def phrase(e: Node) -> str:
    """English for an expression."""
    fn = EXPR_EXPLAINERS.get(type(e))
    if fn is None:
        raise NotImplementedError(f"no explanation for expression {type(e).__name__}")
    return fn(e)


def _compare(e: Compare) -> str:
    if isinstance(e.right, Lit) and e.right.value is None and e.op in ("eq", "ne"):
        return f"{phrase(e.left)} is {'missing' if e.op == 'eq' else 'present'}"
    return f"{phrase(e.left)} {_CMP[e.op]} {phrase(e.right)}"


def _between(e: Between) -> str:
    ends = {
        "both": "",
        "neither": " (ends excluded)",
        "left": " (upper end excluded)",
        "right": " (lower end excluded)",
    }[e.inclusive]
    return f"{phrase(e.expr)} is between {phrase(e.low)} and {phrase(e.high)}{ends}"


def _isin(e: IsIn) -> str:
    vals = ", ".join(value(v) for v in e.values)
    return f"{phrase(e.expr)} is {'not ' if e.negate else ''}one of {vals}"


def _strmatch(e: StrMatch) -> str:
    verb = {"contains": "contains", "startswith": "starts with", "endswith": "ends with", "equals": "equals"}[
        e.how
    ]
    if e.negate:
        verb = {
            "contains": "does not contain",
            "startswith": "does not start with",
            "endswith": "does not end with",
            "equals": "does not equal",
        }[e.how]
    case = "" if e.case_sensitive else " (ignoring case)"
    return f"{phrase(e.expr)} {verb} {e.pattern!r}{case}"


def _boolop(e: BoolOp) -> str:
    parts = [f"({phrase(o)})" if isinstance(o, BoolOp) else phrase(o) for o in e.operands]
    return f" {e.op} ".join(parts)


def _arith(e: Arith) -> str:
    def side(x: Node) -> str:
        return f"({phrase(x)})" if isinstance(x, Arith) else phrase(x)

    return f"{side(e.left)} {_ARITH[e.op]} {side(e.right)}"


def _math(e: MathCall) -> str:
    if e.func == "round":
        return f"{phrase(e.expr)} rounded to {e.digits} decimal{'' if e.digits == 1 else 's'}"
    words = {
        "abs": "absolute value of",
        "sqrt": "square root of",
        "log": "natural log of",
        "exp": "exp of",
        "neg": "minus",
    }
    return f"{words[e.func]} {phrase(e.expr)}"


def _datepart(e: DatePart) -> str:
    part = {
        "weekday": "weekday (Monday=0)",
        "dayofyear": "day of year",
        "date": "date",
        "day_name": "weekday name",
        "month_name": "month name",
    }.get(e.part, e.part)
    return f"{part} of {phrase(e.expr)}"


def _strcall(e: StrCall) -> str:
    words = {
        "lower": "lowercase",
        "upper": "uppercase",
        "title": "title case",
        "strip": "trimmed",
        "len": "length of",
    }
    return f"{words[e.func]} {phrase(e.expr)}"


def _cond(e: Cond) -> str:
    parts = [f"{phrase(t)} where {phrase(c)}" for c, t in e.branches]
    return ", ".join(parts) + f", else {phrase(e.otherwise)}"


def _window(e: Window) -> str:
    subject = "" if e.func == "cumcount" else " " + name(e.column)
    extra = ""
    if e.func in ("shift", "diff", "pct_change") and e.periods != 1:
        extra = f" over {e.periods} rows"
    if e.func == "rank":
        extra = " (1 = smallest" if e.ascending else " (1 = largest"
        extra += ")" if e.ties == "average" else "; ties share the best place)"
    groups = f" within each {names(e.by)}" if e.by else ""
    return f"{_WINDOW[e.func]}{subject}{extra}{groups}"


def _group_stat(e: GroupStat) -> str:
    what = AGG_WORDS[e.func].removesuffix(" of")
    where = f" within its {names(e.by)}" if e.by else " over all rows"
    return f"the {what} of {name(e.column)}{where}"


EXPR_EXPLAINERS: dict[type[Node], Phrase] = {
    Col: lambda e: name(e.name),
    Lit: lambda e: value(e.value),
    DateLit: lambda e: e.value,
    Compare: _compare,
    Between: _between,
    IsIn: _isin,
    IsNull: lambda e: f"{phrase(e.expr)} is {'present' if e.negate else 'missing'}",
    StrMatch: _strmatch,
    BoolOp: _boolop,
    Not: lambda e: f"not ({phrase(e.operand)})",
    Arith: _arith,
    MathCall: _math,
    DatePart: _datepart,
    StrCall: _strcall,
    Cond: _cond,
    Window: _window,
    GroupStat: _group_stat,
}


def _agg(func: str, column: str | None) -> str:
    if func == "size":
        return "count rows"
    return f"{AGG_WORDS[func]} {name(column or '')}"


def _aggregate(st: Aggregate) -> str:
    what = ", ".join(_agg(a.func, a.column) for a in st.aggs)
    return f"{what} by {names(st.by)}" if st.by else f"{what} over all rows"


def _sort(st: Sort) -> str:
    keys = [f"{name(k.column)}, {'smallest' if k.ascending else 'largest'} first" for k in st.keys]
    return "sort by " + "; then by ".join(keys)


def _fill(st: FillMissing) -> str:
    where = f"in {names(st.columns)}" if st.columns else "everywhere"
    how = {
        "value": f"with {value(st.value)}",
        "zero": "with 0",
        "ffill": "with the previous value",
        "bfill": "with the next value",
        "mean": "with the column mean",
        "median": "with the column median",
        "interpolate": "by straight-line interpolation between the known values around each gap "
        "(in number columns; a gap at the start or end stays)",
    }[st.method]
    return f"fill missing values {where} {how}"


def _join(st: Join) -> str:
    keys = names(st.left_on) if st.left_on == st.right_on else f"{names(st.left_on)} = {names(st.right_on)}"
    brought = f", bringing {names(st.columns)}" if st.columns else ""
    return f"join {st.right} on {keys}{brought} ({st.how} join)"


def _pivot(st: Pivot) -> str:
    cells = "row counts" if st.values is None else _agg(st.func, st.values)
    return f"pivot: {names(st.index)} down, {name(st.columns)} across, cells = {cells}"


def _melt(st: Melt) -> str:
    cols = names(st.value_vars) if st.value_vars else "all other columns"
    keep = f", keeping {names(st.id_vars)}" if st.id_vars else ""
    return f"unpivot {cols} into {name(st.var_name)}/{name(st.value_name)}{keep}"


def _correlation(st: Correlation) -> str:
    if len(st.columns) == 2:
        return f"correlation between {name(st.columns[0])} and {name(st.columns[1])}"
    return f"correlation matrix of {names(st.columns) if st.columns else 'all numeric columns'}"


def _scalar(st: ScalarAgg) -> str:
    if st.column is None:
        return "count rows"
    return _agg(st.func, st.column)


STEP_EXPLAINERS: dict[type[Node], Phrase] = {
    Filter: lambda st: f"keep rows where {phrase(st.condition)}",
    Select: lambda st: f"keep columns {names(st.columns)}",
    Drop: lambda st: f"drop columns {names(st.columns)}",
    Rename: lambda st: "rename " + ", ".join(f"{name(p.old)} to {name(p.new)}" for p in st.pairs),
    Sort: _sort,
    Head: lambda st: f"take the first {st.n} rows",
    Tail: lambda st: f"take the last {st.n} rows",
    TopN: lambda st: (
        f"take the {st.n} rows with the {'largest' if st.largest else 'smallest'} {name(st.column)}"
    ),
    Distinct: lambda st: f"distinct values of {names(st.columns)}",
    DropDuplicates: lambda st: (
        "drop duplicate rows"
        + (f" (judged on {names(st.subset)})" if st.subset else "")
        + (", keeping the last" if st.keep == "last" else "")
    ),
    Derive: lambda st: f"add column {name(st.name)} = {phrase(st.expr)}",
    FillMissing: _fill,
    DropMissing: lambda st: (
        f"drop rows where {'all of' if st.how == 'all' else 'any of'} "
        f"{names(st.columns) if st.columns else 'the columns'} {'are' if st.how == 'all' else 'is'} missing"
    ),
    Aggregate: _aggregate,
    Join: _join,
    Pivot: _pivot,
    Crosstab: lambda st: (
        f"cross-tabulate {name(st.index)} by {name(st.columns)}" + (" as proportions" if st.normalize else "")
    ),
    Melt: _melt,
    ValueCounts: lambda st: (
        f"count each value of {names(st.columns)}"
        + (" as proportions" if st.normalize else "")
        + ("" if st.dropna else ", missing included")
        + ", most common first"
    ),
    Correlation: _correlation,
    ScalarAgg: _scalar,
    ArgBest: lambda st: (
        f"the {name(st.label)} with the {'largest' if st.largest else 'smallest'} {name(st.column)}"
    ),
}


STEP_EXPLAINERS.update(explainers(name, names, phrase, value, _agg))
STEP_EXPLAINERS.update(missing_explainers(names))
STEP_EXPLAINERS.update(row_explainers(names))


def _chart_of_aggregate(prev: Node, plot: Plot) -> str | None:
    """A chart of what the step before it computed, in one phrase ("bar chart of mean body_mass_g
    by species"), when it plots only that step's aggregates."""
    if not isinstance(prev, Aggregate | Resample):
        return None
    aggs: dict[str, Agg] = {a.name: a for a in prev.aggs}
    if not all(y in aggs for y in plot.y):
        return None
    labels = {n: chart_agg(a, name) for n, a in aggs.items()}
    if isinstance(prev, Resample):
        labels[prev.on] = f"{prev.every} of {name(prev.on)}"
    return chart(plot, lambda c: labels.get(c, name(c)))


def explain(plan: Plan) -> str:
    """One line of English for the whole plan: the steps in order, joined by ", then "."""
    parts = []
    for step in plan.steps:
        fn = STEP_EXPLAINERS.get(type(step))
        if fn is None:
            raise NotImplementedError(f"no explanation for step {type(step).__name__}")
        parts.append(fn(step))
    last = plan.steps[-1]
    if isinstance(last, Plot) and len(plan.steps) > 1:
        folded = _chart_of_aggregate(plan.steps[-2], last)
        if folded is not None:
            parts[-2:] = [folded]
    text = ", then ".join(parts)
    return text[:1].upper() + text[1:]
