"""Check a Plan against the frames' schemas and report *every* problem at once.

The columns (and their kinds) are carried step by step through the pipeline, the way pandas would
produce them: after an aggregate only the keys and aggregate names exist, a join adds the right
frame's columns with pandas' ``_x``/``_y`` suffixes, a pivot's new columns depend on the data.
Each step and expression type has one handler (:data:`STEP_VALIDATORS`, :data:`EXPR_VALIDATORS`);
problems are collected as :class:`Issue` objects with did-you-mean suggestions, and
:func:`validate_plan` raises one :class:`~pandascribe.errors.PlanValidationError` listing them all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import PlanValidationError, closest
from .plan import (
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
    Rename,
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
    columns_of,
)
from .schema import FrameSchema

#: Column kinds as in :mod:`pandascribe.schema`, plus ``null`` (a missing literal) and ``any``
#: (not knowable before running: a column a pivot makes from the data).
NUMBER = frozenset({"integer", "float", "any"})
NUMERIC_AGG = NUMBER | {"bool"}  # sum/mean of true/false is a count/proportion
TEXT = frozenset({"text", "category", "any"})
DATETIME = frozenset({"datetime", "any"})
ORDERED = NUMBER | DATETIME | {"text"}  # what <, min, max, nlargest accept
AGG_NEEDS: dict[str, frozenset[str]] = {
    "sum": NUMERIC_AGG,
    "mean": NUMERIC_AGG,
    "median": NUMERIC_AGG,
    "std": NUMERIC_AGG,
    "var": NUMERIC_AGG,
    "min": ORDERED | {"bool"},
    "max": ORDERED | {"bool"},
}
_KIND_WORDS = {
    "integer": "whole numbers",
    "float": "numbers",
    "bool": "true/false",
    "text": "text",
    "category": "categories",
    "datetime": "dates",
    "other": "mixed values",
    "null": "missing",
    "any": "values",
}


@dataclass(frozen=True)
class Issue:
    """One problem: what is wrong, at which step (1-based; None for the plan as a whole), and close
    matches the user may have meant."""

    message: str
    step: int | None = None
    suggestions: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = self.message
        if self.suggestions:
            text += "; did you mean " + " or ".join(repr(x) for x in self.suggestions) + "?"
        return text


@dataclass
class FrameState:
    """The columns of the frame between two steps, in order, with their kinds. ``open`` means more
    columns exist whose names depend on the data; ``scalar`` that the result is a single value."""

    columns: dict[str, str] = field(default_factory=dict)
    open: bool = False
    scalar: bool = False


class Checker:
    """Collects issues while walking a plan; handlers call :meth:`col` and :meth:`need`."""

    def __init__(self, schemas: Mapping[str, FrameSchema]):
        self.schemas = schemas
        self.issues: list[Issue] = []
        self.step = 0
        self.op = ""
        self.seen: set[str] = set()  # every column name that existed at some earlier point
        self.source: FrameSchema | None = None

    def add(self, message: str, suggestions: list[str] | tuple[str, ...] = ()) -> None:
        issue = Issue(message, self.step or None, tuple(suggestions))
        if issue not in self.issues:
            self.issues.append(issue)

    def col(self, frame: FrameState, name: str, where: str = "") -> str:
        """The kind of column ``name``, reporting it when it does not exist (kind ``any`` then, so one
        mistake is reported once)."""
        if name in frame.columns:
            return frame.columns[name]
        if frame.open:
            return "any"
        if name in self.seen and not where:
            self.add(
                f"column {name!r} no longer exists at step {self.step} ({self.op}); "
                f"columns there: {', '.join(map(repr, list(frame.columns)[:12]))}"
            )
        else:
            self.add(f"no column {name!r}{where}", closest(name, list(frame.columns)))
        return "any"

    def category_values(self, name: str) -> tuple[str, ...]:
        """The values seen in a category column of any frame (the schema's bounded sample)."""
        return tuple(v for s in self.schemas.values() if (c := s.get(name)) is not None for v in c.values)

    def may_be_missing(self, name: str) -> bool:
        """False only for a source column the schema saw without a missing value."""
        col = self.source.get(name) if self.source is not None else None
        return col is None or col.nullable

    def cols(self, frame: FrameState, names: tuple[str, ...] | list[str]) -> list[str]:
        return [self.col(frame, n) for n in names]

    def need(self, kind: str, allowed: frozenset[str], what: str) -> None:
        """Report ``what`` (e.g. "mean of 'species'") when ``kind`` is not one of ``allowed``."""
        if kind not in allowed and kind != "any":
            self.add(f"{what} needs {_describe(allowed)}, but it holds {_KIND_WORDS.get(kind, kind)}")

    def expr(self, e: Node, frame: FrameState) -> str:
        fn = EXPR_VALIDATORS.get(type(e))
        if fn is None:
            self.add(f"unsupported expression {type(e).__name__}")
            return "any"
        return fn(self, e, frame)


def _describe(allowed: frozenset[str]) -> str:
    if allowed == frozenset({"bool", "any"}):
        return "a true/false condition"
    if allowed <= NUMERIC_AGG:
        return "numbers"
    if allowed <= TEXT:
        return "text"
    if allowed <= DATETIME:
        return "dates"
    if allowed <= NUMBER | DATETIME:
        return "numbers or dates"
    return "numbers, dates or text"


def _what(e: Node) -> str:
    """How to name an expression in a message."""
    if isinstance(e, Col):
        return repr(e.name)
    if isinstance(e, Lit):
        return repr(e.value)
    return f"a {type(e).__name__.lower()} expression"


# ---------------------------------------------------------------- expressions


def _lit_kind(v: Scalar) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "float"
    return "text"


def _family(kind: str) -> str:
    return {"integer": "number", "float": "number", "category": "text"}.get(kind, kind)


def _comparable(chk: Checker, a: str, b: str, ordered: bool, what: str) -> None:
    if "any" in (a, b):
        return
    if "null" in (a, b):
        if ordered or (a == b == "null"):
            chk.add(f"{what} compares with a missing value; use 'is missing' instead")
        return
    fa, fb = _family(a), _family(b)
    if fa == fb == "number" or (not ordered and {fa, fb} <= {"number", "bool"}):
        pass
    elif fa == fb and fa in ("text", "datetime", "bool"):
        if a == b == "category":
            chk.add(f"{what} compares two category columns, which pandas allows only for equal categories")
        elif ordered and "category" in (a, b):
            chk.add(f"{what} orders categories, which have no order here; compare for equality instead")
    else:
        hint = "; write the date as a date" if "datetime" in (a, b) else ""
        chk.add(f"{what} compares {_KIND_WORDS[a]} with {_KIND_WORDS[b]}{hint}")


def _needs_column(chk: Checker, e: Node, what: str) -> None:
    if not columns_of(e):
        chk.add(f"{what} needs a column, not a constant")


def _v_compare(chk: Checker, e: Compare, frame: FrameState) -> str:
    a, b = chk.expr(e.left, frame), chk.expr(e.right, frame)
    _comparable(chk, a, b, e.op not in ("eq", "ne"), f"{_what(e.left)} {e.op} {_what(e.right)}")
    return "bool"


def _v_between(chk: Checker, e: Between, frame: FrameState) -> str:
    _needs_column(chk, e.expr, "between")
    k = chk.expr(e.expr, frame)
    for bound in (e.low, e.high):
        _comparable(chk, k, chk.expr(bound, frame), True, f"{_what(e.expr)} between")
    return "bool"


def _v_isin(chk: Checker, e: IsIn, frame: FrameState) -> str:
    _needs_column(chk, e.expr, "is one of")
    k = chk.expr(e.expr, frame)
    for v in e.values:
        if v is not None:
            _comparable(chk, k, _lit_kind(v), False, f"{_what(e.expr)} is one of")
    return "bool"


def _v_isnull(chk: Checker, e: IsNull, frame: FrameState) -> str:
    _needs_column(chk, e.expr, "is missing")
    chk.expr(e.expr, frame)
    return "bool"


def _v_strmatch(chk: Checker, e: StrMatch, frame: FrameState) -> str:
    _needs_column(chk, e.expr, f"text {e.how}")
    chk.need(chk.expr(e.expr, frame), TEXT, f"text match ({e.how}) on {_what(e.expr)}")
    return "bool"


def _v_boolop(chk: Checker, e: BoolOp, frame: FrameState) -> str:
    for o in e.operands:
        chk.need(chk.expr(o, frame), frozenset({"bool", "any"}), f"'{e.op}' of {_what(o)}")
    return "bool"


def _v_not(chk: Checker, e: Not, frame: FrameState) -> str:
    chk.need(chk.expr(e.operand, frame), frozenset({"bool", "any"}), f"'not' of {_what(e.operand)}")
    return "bool"


def _v_arith(chk: Checker, e: Arith, frame: FrameState) -> str:
    a, b = chk.expr(e.left, frame), chk.expr(e.right, frame)
    if e.op == "add" and a in ("text", "any") and b in ("text", "any") and "text" in (a, b):
        return "text"  # text + text joins the texts (categories cannot be added to)
    negative = isinstance(e.right, Lit) and isinstance(e.right.value, int) and e.right.value < 0
    if e.op == "pow" and a == "integer" and negative:
        chk.add(f"{_what(e.left)} holds whole numbers, which cannot be raised to a negative power")
    if e.op == "sub" and a == b == "datetime":
        return "other"
    for k, side in ((a, e.left), (b, e.right)):
        chk.need(k, NUMBER, f"arithmetic ({e.op}) on {_what(side)}")
    if e.op == "div" or "float" in (a, b):
        return "float"
    return "integer" if a == b == "integer" else "any"


def _v_math(chk: Checker, e: MathCall, frame: FrameState) -> str:
    k = chk.expr(e.expr, frame)
    chk.need(k, NUMBER, f"{e.func} of {_what(e.expr)}")
    return k if e.func in ("abs", "round", "neg") and k in NUMBER else "float"


def _v_datepart(chk: Checker, e: DatePart, frame: FrameState) -> str:
    _needs_column(chk, e.expr, f"the {e.part}")
    chk.need(chk.expr(e.expr, frame), DATETIME, f"the {e.part} of {_what(e.expr)}")
    return {"date": "datetime", "day_name": "text", "month_name": "text"}.get(e.part, "integer")


def _v_strcall(chk: Checker, e: StrCall, frame: FrameState) -> str:
    _needs_column(chk, e.expr, e.func)
    chk.need(chk.expr(e.expr, frame), TEXT, f"{e.func} of {_what(e.expr)}")
    return "integer" if e.func == "len" else "text"


def _v_cond(chk: Checker, e: Cond, frame: FrameState) -> str:
    for c, _ in e.branches:
        _needs_column(chk, c, "a condition")
        chk.need(chk.expr(c, frame), frozenset({"bool", "any"}), f"the condition {_what(c)}")
    kinds = [chk.expr(v, frame) for v in [t for _, t in e.branches] + [e.otherwise]]
    families = {_family(k) for k in kinds} - {"null", "any"}
    if len(families) > 1:
        chk.add("the values of a conditional column mix " + " and ".join(sorted(families)))
        return "any"
    if not families:
        return "any"
    fam = families.pop()
    return {"number": "float" if "float" in kinds or "null" in kinds else "integer"}.get(fam, fam)


_WINDOW_NEEDS: dict[str, frozenset[str]] = {
    "cumsum": NUMBER,
    "pct_change": NUMBER,
    "cummax": NUMBER | DATETIME,
    "cummin": NUMBER | DATETIME,
    "diff": NUMBER | DATETIME,
    "rank": NUMBER | DATETIME,
}


def _v_window(chk: Checker, e: Window, frame: FrameState) -> str:
    chk.cols(frame, e.by)
    if e.column in e.by and e.func != "cumcount":
        chk.add(f"{e.func} of {e.column!r} within groups of the same column")
    if e.func == "cumcount":
        return "integer"
    k = chk.col(frame, e.column)
    if e.func in _WINDOW_NEEDS:
        chk.need(k, _WINDOW_NEEDS[e.func], f"{e.func} of {e.column!r}")
    if e.func in ("pct_change", "rank"):
        return "float"
    if e.func == "diff":
        return "other" if k == "datetime" else "float"
    return "float" if e.func == "shift" and k == "integer" else k


EXPR_VALIDATORS: dict[type[Node], Callable[[Checker, Any, FrameState], str]] = {
    Col: lambda chk, e, f: chk.col(f, e.name),
    Lit: lambda chk, e, f: _lit_kind(e.value),
    DateLit: lambda chk, e, f: "datetime",
    Compare: _v_compare,
    Between: _v_between,
    IsIn: _v_isin,
    IsNull: _v_isnull,
    StrMatch: _v_strmatch,
    BoolOp: _v_boolop,
    Not: _v_not,
    Arith: _v_arith,
    MathCall: _v_math,
    DatePart: _v_datepart,
    StrCall: _v_strcall,
    Cond: _v_cond,
    Window: _v_window,
}

# ---------------------------------------------------------------- steps

StepCheck = Callable[[Checker, Any, FrameState], FrameState]


def _keep(frame: FrameState, names: list[str] | tuple[str, ...]) -> FrameState:
    return FrameState({n: frame.columns.get(n, "any") for n in names}, open=False)


def _s_filter(chk: Checker, st: Filter, frame: FrameState) -> FrameState:
    _needs_column(chk, st.condition, "a filter condition")
    chk.need(chk.expr(st.condition, frame), frozenset({"bool", "any"}), f"the filter {_what(st.condition)}")
    return frame


def _s_select(chk: Checker, st: Select, frame: FrameState) -> FrameState:
    chk.cols(frame, st.columns)
    return _keep(frame, st.columns)


def _s_drop(chk: Checker, st: Drop, frame: FrameState) -> FrameState:
    chk.cols(frame, st.columns)
    return FrameState({n: k for n, k in frame.columns.items() if n not in st.columns}, frame.open)


def _s_rename(chk: Checker, st: Rename, frame: FrameState) -> FrameState:
    chk.cols(frame, [p.old for p in st.pairs])
    mapping = {p.old: p.new for p in st.pairs}
    out: dict[str, str] = {}
    for n, k in frame.columns.items():
        new = mapping.get(n, n)
        if new in out:
            chk.add(f"renaming gives two columns named {new!r}")
        out[new] = k
    return FrameState(out, frame.open)


def _s_sort(chk: Checker, st: Sort, frame: FrameState) -> FrameState:
    chk.cols(frame, [k.column for k in st.keys])
    return frame


def _s_topn(chk: Checker, st: TopN, frame: FrameState) -> FrameState:
    chk.need(chk.col(frame, st.column), NUMBER | DATETIME, f"the top rows by {st.column!r}")
    return frame


def _s_distinct(chk: Checker, st: Distinct, frame: FrameState) -> FrameState:
    chk.cols(frame, st.columns)
    return _keep(frame, st.columns)


def _s_dedupe(chk: Checker, st: DropDuplicates, frame: FrameState) -> FrameState:
    chk.cols(frame, st.subset)
    return frame


def _s_derive(chk: Checker, st: Derive, frame: FrameState) -> FrameState:
    kind = chk.expr(st.expr, frame)
    return FrameState({**frame.columns, st.name: "other" if kind == "null" else kind}, frame.open)


def _s_fill(chk: Checker, st: FillMissing, frame: FrameState) -> FrameState:
    kinds = chk.cols(frame, st.columns)
    for name, kind in zip(st.columns, kinds, strict=True):
        if st.method in ("mean", "median", "zero"):
            chk.need(kind, NUMERIC_AGG, f"filling {name!r} with the {st.method}")
        elif st.method == "value":
            _comparable(chk, kind, _lit_kind(st.value), False, f"filling {name!r} with {st.value!r}")
            if kind == "category" and str(st.value) not in chk.category_values(name):
                chk.add(f"{st.value!r} is not one of the categories of {name!r}")
    if not st.columns and st.method in ("value", "zero"):
        # one value for every column with gaps: it must suit each (pandas rejects a number in a text
        # column, any value in a date column, a category it does not have)
        value = 0 if st.method == "zero" else st.value
        for name, kind in frame.columns.items():
            if chk.may_be_missing(name) and not _fits(chk, value, kind, name):
                chk.add(
                    f"filling every column with {value!r} does not fit column {name!r} "
                    f"({_KIND_WORDS[kind]}); name the columns to fill"
                )
    return frame


def _fits(chk: Checker, value: Scalar, kind: str, name: str) -> bool:
    """Whether ``value`` can fill gaps in a column of ``kind`` without changing its type."""
    if kind in ("any", "other"):
        return True
    if kind == "category":
        return str(value) in chk.category_values(name)
    family = _family(_lit_kind(value))
    return family == _family(kind) and kind != "datetime"


def _s_dropna(chk: Checker, st: DropMissing, frame: FrameState) -> FrameState:
    chk.cols(frame, st.columns)
    return frame


def _agg_kind(chk: Checker, func: str, column: str | None, frame: FrameState) -> str:
    if column is None:
        return "integer"
    kind = chk.col(frame, column)
    if func in AGG_NEEDS:
        chk.need(kind, AGG_NEEDS[func], f"the {func} of {column!r}")
        if func in ("min", "max") and kind == "category":
            chk.add(f"the {func} of {column!r} needs ordered values, but it holds categories")
    if func in ("size", "count", "nunique"):
        return "integer"
    if func in ("mean", "median", "std", "var"):
        return "float"
    return "integer" if func == "sum" and kind == "bool" else kind


def _s_aggregate(chk: Checker, st: Aggregate, frame: FrameState) -> FrameState:
    keys = dict(zip(st.by, chk.cols(frame, st.by), strict=True))
    return FrameState({**keys, **{a.name: _agg_kind(chk, a.func, a.column, frame) for a in st.aggs}})


def _s_join(chk: Checker, st: Join, frame: FrameState) -> FrameState:
    right_schema = chk.schemas.get(st.right)
    if right_schema is None:
        chk.add(f"no frame named {st.right!r} to join", closest(st.right, list(chk.schemas)))
        return FrameState(dict(frame.columns), open=True)
    right = FrameState({c.name: c.kind for c in right_schema.columns})
    if st.columns:
        for n in st.columns:
            chk.col(right, n, where=f" in frame {st.right!r}")
        keep = dict.fromkeys((*st.right_on, *st.columns))  # the order of the generated subset
        right = FrameState({n: right.columns[n] for n in keep if n in right.columns})
    lkinds = chk.cols(frame, st.left_on)
    rkinds = [chk.col(right, n, where=f" in frame {st.right!r}") for n in st.right_on]
    for lk, rk, a, b in zip(st.left_on, st.right_on, lkinds, rkinds, strict=True):
        _comparable(chk, a, b, False, f"joining {lk!r} with {st.right}.{rk!r}")
    # pandas: a key with the same name on both sides appears once; other shared names get _x / _y
    common = {lk for lk, rk in zip(st.left_on, st.right_on, strict=True) if lk == rk}
    rest = {n: k for n, k in right.columns.items() if n not in common}
    overlap = (set(frame.columns) - common) & set(rest)
    out: dict[str, str] = {}
    pairs = [(f"{n}_x" if n in overlap else n, k) for n, k in frame.columns.items()]
    pairs += [(f"{n}_y" if n in overlap else n, k) for n, k in rest.items()]
    for n, k in pairs:
        if n in out:
            chk.add(f"joining {st.right!r} gives two columns named {n!r}")
        out[n] = k
    return FrameState(out, frame.open)


def _distinct_names(chk: Checker, names: list[str], what: str) -> None:
    if len(set(names)) < len(names):
        chk.add(f"{what} uses the same column twice")


def _spread(chk: Checker, frame: FrameState, column: str, what: str) -> None:
    """The values of ``column`` become column names, and the index keys are put back beside them:
    pandas cannot insert a named column among date labels, so dates must be spread as parts."""
    if chk.col(frame, column) == "datetime":
        chk.add(
            f"{what} spreads the dates of {column!r} across columns; spread a part of them "
            "(year, month, …) instead"
        )


def _s_pivot(chk: Checker, st: Pivot, frame: FrameState) -> FrameState:
    chk.cols(frame, [*st.index, st.columns])
    _spread(chk, frame, st.columns, "the pivot")
    names = [*st.index, st.columns]
    if st.values is not None:
        names.append(st.values)
        _agg_kind(chk, st.func, st.values, frame)
    _distinct_names(chk, names, "the pivot")
    return FrameState({n: frame.columns.get(n, "any") for n in st.index}, open=True)


def _s_crosstab(chk: Checker, st: Crosstab, frame: FrameState) -> FrameState:
    chk.cols(frame, [st.index, st.columns])
    _spread(chk, frame, st.columns, "the cross-tabulation")
    _distinct_names(chk, [st.index, st.columns], "the cross-tabulation")
    return FrameState({st.index: frame.columns.get(st.index, "any")}, open=True)


def _common_kind(kinds: set[str]) -> str:
    """The kind of one column holding values of all these kinds (as pandas concatenates them)."""
    if not kinds or "any" in kinds:
        return "any"
    if len(kinds) == 1:
        return next(iter(kinds))
    return "float" if kinds <= {"integer", "float"} else "other"


def _s_melt(chk: Checker, st: Melt, frame: FrameState) -> FrameState:
    chk.cols(frame, [*st.id_vars, *st.value_vars])
    value_vars = st.value_vars or tuple(n for n in frame.columns if n not in st.id_vars)
    if st.value_name in frame.columns:
        chk.add(f"the melted values cannot be named {st.value_name!r}: a column has that name")
    _distinct_names(chk, [*st.id_vars, st.var_name, st.value_name], "the melt's output")
    kind = _common_kind({frame.columns.get(n, "any") for n in value_vars})
    out = {n: frame.columns.get(n, "any") for n in st.id_vars}
    return FrameState(
        {**out, st.var_name: "text", st.value_name: kind}, open=frame.open and not st.value_vars
    )


def _s_value_counts(chk: Checker, st: ValueCounts, frame: FrameState) -> FrameState:
    chk.cols(frame, st.columns)
    count = "proportion" if st.normalize else "count"
    if count in st.columns:
        chk.add(f"counting values of a column named {count!r} would give two columns of that name")
    return FrameState({**_keep(frame, st.columns).columns, count: "float" if st.normalize else "integer"})


def _s_correlation(chk: Checker, st: Correlation, frame: FrameState) -> FrameState:
    for name, kind in zip(st.columns, chk.cols(frame, st.columns), strict=True):
        chk.need(kind, NUMERIC_AGG, f"the correlation of {name!r}")
    if len(st.columns) == 2:
        return FrameState(scalar=True)
    names = st.columns or tuple(n for n, k in frame.columns.items() if k in NUMERIC_AGG - {"any"})
    unsure = any(k == "any" for k in frame.columns.values())  # numeric or not: known only when run
    return FrameState(dict.fromkeys(names, "float"), open=(frame.open or unsure) and not st.columns)


def _s_scalar(chk: Checker, st: ScalarAgg, frame: FrameState) -> FrameState:
    _agg_kind(chk, st.func, st.column, frame)
    return FrameState(scalar=True)


def _s_argbest(chk: Checker, st: ArgBest, frame: FrameState) -> FrameState:
    chk.col(frame, st.label)
    chk.need(chk.col(frame, st.column), NUMBER | DATETIME, f"the largest/smallest {st.column!r}")
    return FrameState(scalar=True)


STEP_VALIDATORS: dict[type[Node], StepCheck] = {
    Filter: _s_filter,
    Select: _s_select,
    Drop: _s_drop,
    Rename: _s_rename,
    Sort: _s_sort,
    Head: lambda chk, st, f: f,
    Tail: lambda chk, st, f: f,
    TopN: _s_topn,
    Distinct: _s_distinct,
    DropDuplicates: _s_dedupe,
    Derive: _s_derive,
    FillMissing: _s_fill,
    DropMissing: _s_dropna,
    Aggregate: _s_aggregate,
    Join: _s_join,
    Pivot: _s_pivot,
    Crosstab: _s_crosstab,
    Melt: _s_melt,
    ValueCounts: _s_value_counts,
    Correlation: _s_correlation,
    ScalarAgg: _s_scalar,
    ArgBest: _s_argbest,
}


def plan_states(plan: Plan, schemas: Mapping[str, FrameSchema]) -> tuple[list[FrameState], list[Issue]]:
    """The frame state before each step and after the last (``len(steps) + 1`` states), and every
    issue found on the way."""
    chk = Checker(schemas)
    src = chk.source = schemas.get(plan.source)
    if src is None:
        chk.add(f"no frame named {plan.source!r}", closest(plan.source, list(schemas)))
        frame = FrameState(open=True)
    else:
        frame = FrameState({c.name: c.kind for c in src.columns})
    states = [frame]
    for i, step in enumerate(plan.steps, start=1):
        chk.step, chk.op = i, step.op
        if frame.scalar:
            chk.add(f"step {i} ({step.op}) follows a step that gives a single value")
        chk.seen |= set(frame.columns)
        fn = STEP_VALIDATORS.get(type(step))
        if fn is None:
            chk.add(f"unsupported step {type(step).__name__}")
        else:
            frame = fn(chk, step, frame)
        states.append(frame)
    return states, chk.issues


def plan_issues(plan: Plan, schemas: Mapping[str, FrameSchema]) -> list[Issue]:
    """Every problem of ``plan`` against ``schemas`` (empty when the plan fits)."""
    return plan_states(plan, schemas)[1]


def validate_plan(plan: Plan, schemas: Mapping[str, FrameSchema]) -> None:
    """Raise :class:`PlanValidationError` listing every issue, or return quietly."""
    issues = plan_issues(plan, schemas)
    if issues:
        raise PlanValidationError(issues)


__all__ = [
    "EXPR_VALIDATORS",
    "STEP_VALIDATORS",
    "Checker",
    "FrameState",
    "Issue",
    "plan_issues",
    "plan_states",
    "validate_plan",
]
