"""Hypothesis properties: random plans over random frames with hostile column names.

For every generated plan that validates: the emitted code parses, is safe (no import, eval/exec/
open, dunder access, I/O), is deterministic, runs, leaves its input unchanged, produces exactly
the columns the validator predicted, and the plan round-trips through JSON.
"""

from __future__ import annotations

import ast
import os
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, event, given, note, settings
from hypothesis import strategies as st

from pandascribe.codegen import explain, generate
from pandascribe.plan import (
    Agg,
    Aggregate,
    ArgBest,
    Arith,
    Between,
    BoolOp,
    Cast,
    Check,
    Col,
    ColumnSlice,
    Compare,
    Concat,
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
    EachNumeric,
    FillMissing,
    Filter,
    FrameInfo,
    GroupShare,
    Head,
    IsIn,
    IsNull,
    Join,
    Lit,
    MathCall,
    Melt,
    Not,
    Pivot,
    Plan,
    Rename,
    RenamePair,
    Replace,
    ReplacePair,
    Resample,
    ScalarAgg,
    Select,
    Share,
    Sort,
    SortKey,
    StrCall,
    StrMatch,
    Tail,
    TopN,
    ValueCounts,
    Window,
)
from pandascribe.schema import schemas_for
from pandascribe.validate import FrameState, plan_issues, plan_states

SETTINGS = settings(
    max_examples=int(os.environ.get("PANDASCRIBE_HYPOTHESIS_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

HOSTILE_NAMES = [
    "it's",
    'say "hi"',
    "back\\slash",
    "new\nline",
    "sp ace",
    "class",
    "ünï",
    "__import__",
    'd["x"]',
    "1abc",
    "self",
    "func",
    "lambda d: 0",
    "os.system('x')",
    "",
    "None",
    "pd",
    "np",
    "d",
    "count",
    "a_x",
    "x",
    "y",
]
TEXT_VALUES = ["apple", "Banana", "c d", "ÄÖ", "q'\"", None]  # disjoint from column names
CATEGORIES = ["cat1", "cat2", "cat3"]
DATES = ["2020-01-01", "2020-02-29T12:30", "2021-12-31", None]
KINDS = ["integer", "float", "bool", "text", "datetime", "category"]
FAMILY = {
    "integer": "number",
    "float": "number",
    "text": "text",
    "category": "text",
    "bool": "bool",
    "datetime": "datetime",
}
FORBIDDEN = {
    "eval",
    "exec",
    "open",
    "compile",
    "__import__",
    "globals",
    "locals",
    "vars",
    "getattr",
    "setattr",
    "delattr",
    "os",
    "sys",
    "subprocess",
    "builtins",
    "input",
    "breakpoint",
    "exit",
    "quit",
}

names_st = st.one_of(st.sampled_from(HOSTILE_NAMES), st.text(max_size=6)).filter(
    lambda s: s not in TEXT_VALUES
)


def column(kind: str, n: int) -> st.SearchStrategy[pd.Series]:
    if kind == "integer":
        return st.lists(st.integers(-3, 5), min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype="int64"))
    if kind == "float":
        vals = st.sampled_from([-2.5, 0.0, 1.5, 3.0, 10.0, float("nan")])
        return st.lists(vals, min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype="float64"))
    if kind == "bool":
        return st.lists(st.booleans(), min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype=bool))
    if kind == "text":
        return st.lists(st.sampled_from(TEXT_VALUES), min_size=n, max_size=n).map(
            lambda v: pd.Series(v, dtype="str")
        )
    if kind == "category":
        vals = st.sampled_from([*CATEGORIES, None])
        return st.lists(vals, min_size=n, max_size=n).map(
            lambda v: pd.Series(pd.Categorical(v, categories=CATEGORIES))
        )
    vals = st.sampled_from(DATES)
    return st.lists(vals, min_size=n, max_size=n).map(
        lambda v: pd.Series(pd.to_datetime(v, format="ISO8601"), dtype="datetime64[ns]")
    )


@st.composite
def frames(draw: Any) -> pd.DataFrame:
    names = draw(st.lists(names_st, min_size=1, max_size=6, unique=True))
    n = draw(st.integers(0, 8))
    data = {name: draw(column(draw(st.sampled_from(KINDS)), n)) for name in names}
    return pd.DataFrame(data, index=pd.RangeIndex(n))


def lst(values: Any, min_size: int = 0, **kwargs: Any) -> st.SearchStrategy[list[Any]]:
    """``lists(sampled_from(values))``, empty when there is nothing to pick (and that is allowed)."""
    values = list(values)
    if not values:
        return st.just([]) if min_size == 0 else st.nothing()
    return st.lists(st.sampled_from(values), min_size=min_size, **kwargs)


def sf(values: Any) -> st.SearchStrategy[Any]:
    """``sampled_from`` that rejects the example (instead of erroring) when there is nothing to pick."""
    values = list(values)
    return st.sampled_from(values) if values else st.nothing()


# ---------------------------------------------------------------- expressions


def cols(frame: FrameState, family: str, exclude: tuple[str, ...] = ()) -> list[str]:
    return [n for n, k in frame.columns.items() if FAMILY.get(k) == family and k not in exclude]


def known(frame: FrameState) -> list[str]:
    return [n for n, k in frame.columns.items() if k in FAMILY]


num_lit = sf([0, 1, 2, -1, 2.5, -0.5, 10**6])


@st.composite
def expr(draw: Any, frame: FrameState, family: str, depth: int = 2) -> Any:
    """A random expression of the given family over the frame's columns."""
    options: list[Any] = []
    nums, texts, dates, bools = (cols(frame, f) for f in ("number", "text", "datetime", "bool"))
    plain_texts = cols(frame, "text", exclude=("category",))
    deeper = depth > 0

    def sub(fam: str) -> Any:
        return draw(expr(frame, fam, depth - 1))

    if family == "bool":
        if nums:
            options += [
                lambda: Compare(
                    op=draw(sf(["eq", "ne", "lt", "le", "gt", "ge"])),
                    left=Col(name=draw(sf(nums))),
                    right=Lit(value=draw(num_lit)),
                ),
                lambda: Between(
                    expr=Col(name=draw(sf(nums))),
                    low=Lit(value=draw(num_lit)),
                    high=Lit(value=draw(num_lit)),
                    inclusive=draw(sf(["both", "neither", "left", "right"])),
                ),
                lambda: IsIn(
                    expr=Col(name=draw(sf(nums))),
                    values=tuple(draw(lst([0, 1, 2.5, None], min_size=1, max_size=3))),
                    negate=draw(st.booleans()),
                ),
            ]
        if texts:
            options += [
                lambda: Compare(
                    op=draw(sf(["eq", "ne"])),
                    left=Col(name=draw(sf(texts))),
                    right=Lit(value=draw(sf(TEXT_VALUES[:-1] + CATEGORIES))),
                ),
                lambda: IsIn(
                    expr=Col(name=draw(sf(texts))),
                    values=tuple(draw(lst(TEXT_VALUES + CATEGORIES, min_size=1, max_size=3))),
                    negate=draw(st.booleans()),
                ),
                lambda: StrMatch(
                    expr=Col(name=draw(sf(texts))),
                    how=draw(sf(["contains", "startswith", "endswith", "equals"])),
                    pattern=draw(sf(["a", "AP", "'", "\\", "", ".*", "ä"])),
                    case_sensitive=draw(st.booleans()),
                    negate=draw(st.booleans()),
                ),
            ]
        if plain_texts:
            options.append(
                lambda: Compare(
                    op=draw(sf(["lt", "ge"])), left=Col(name=draw(sf(plain_texts))), right=Lit(value="b")
                )
            )
        if dates:
            options += [
                lambda: Compare(
                    op=draw(sf(["eq", "lt", "ge"])),
                    left=Col(name=draw(sf(dates))),
                    right=DateLit(value=draw(sf(DATES[:-1]))),
                ),
                lambda: Compare(
                    op="eq",
                    left=DatePart(
                        part=draw(sf(["year", "month", "weekday"])), expr=Col(name=draw(sf(dates)))
                    ),
                    right=Lit(value=draw(st.integers(0, 12))),
                ),
            ]
        if bools:
            options += [
                lambda: Col(name=draw(sf(bools))),
                lambda: Compare(op="ne", left=Col(name=draw(sf(bools))), right=Lit(value=True)),
            ]
        if known(frame):
            options.append(lambda: IsNull(expr=Col(name=draw(sf(known(frame)))), negate=draw(st.booleans())))
            options.append(
                lambda: Compare(op="eq", left=Col(name=draw(sf(known(frame)))), right=Lit(value=None))
            )
        if deeper and options:
            options += [
                lambda: BoolOp(
                    op=draw(sf(["and", "or"])),
                    operands=tuple(
                        draw(expr(frame, "bool", depth - 1)) for _ in range(draw(st.integers(2, 3)))
                    ),
                ),
                lambda: Not(operand=sub("bool")),
            ]
            if nums:
                options.append(
                    lambda: Compare(op=draw(sf(["lt", "ge", "eq"])), left=sub("number"), right=sub("number"))
                )
    elif family == "number":
        options.append(lambda: Lit(value=draw(num_lit)))
        if nums:
            options.append(lambda: Col(name=draw(sf(nums))))
        if dates:
            options.append(
                lambda: DatePart(
                    part=draw(
                        sf(["year", "quarter", "month", "day", "weekday", "dayofyear", "hour", "minute"])
                    ),
                    expr=Col(name=draw(sf(dates))),
                )
            )
        if texts:
            options.append(lambda: StrCall(func="len", expr=Col(name=draw(sf(texts)))))
        if nums:
            options.append(
                lambda: Window(
                    func=draw(sf(["cumsum", "cummax", "cummin", "pct_change", "diff", "shift", "rank"])),
                    column=draw(sf(nums)),
                    by=tuple(draw(lst(known(frame), max_size=2, unique=True))),
                    periods=draw(st.integers(1, 2)),
                    ascending=draw(st.booleans()),
                )
            )
        options.append(
            lambda: Window(
                func="cumcount",
                column=draw(sf(list(frame.columns))),
                by=tuple(draw(lst(known(frame), max_size=1))),
            )
        )
        if deeper:
            options += [
                lambda: Arith(
                    op=draw(sf(["add", "sub", "mul", "div", "floordiv", "mod"])),
                    left=sub("number"),
                    right=sub("number"),
                ),
                lambda: Arith(op="pow", left=sub("number"), right=Lit(value=draw(st.integers(0, 2)))),
                lambda: MathCall(
                    func=draw(sf(["abs", "round", "sqrt", "log", "exp", "neg"])),
                    expr=sub("number"),
                    digits=draw(st.integers(0, 2)),
                ),
                lambda: Cond(
                    branches=tuple((sub("bool"), sub("number")) for _ in range(draw(st.integers(1, 2)))),
                    otherwise=draw(st.one_of(st.just(Lit(value=None)), expr(frame, "number", 0))),
                ),
            ]
    elif family == "text":
        options.append(lambda: Lit(value=draw(sf(TEXT_VALUES[:-1]))))
        if texts:
            options += [
                lambda: Col(name=draw(sf(texts))),
                lambda: StrCall(
                    func=draw(sf(["lower", "upper", "title", "strip"])), expr=Col(name=draw(sf(texts)))
                ),
            ]
        if plain_texts:
            options.append(
                lambda: Arith(op="add", left=Col(name=draw(sf(plain_texts))), right=Lit(value="!"))
            )
        if deeper:
            options.append(
                lambda: Cond(
                    branches=tuple((sub("bool"), sub("text")) for _ in range(draw(st.integers(1, 2)))),
                    otherwise=draw(st.one_of(st.just(Lit(value=None)), expr(frame, "text", 0))),
                )
            )
    elif family == "datetime":
        options.append(lambda: DateLit(value=draw(sf(DATES[:-1]))))
        if dates:
            options += [
                lambda: Col(name=draw(sf(dates))),
                lambda: DatePart(part="date", expr=Col(name=draw(sf(dates)))),
            ]
    assume(options)
    return draw(sf(options))()


# ---------------------------------------------------------------- steps


def some(draw: Any, names: list[str], lo: int = 1, hi: int = 3) -> tuple[str, ...]:
    assume(len(names) >= lo)
    return tuple(draw(lst(names, min_size=lo, max_size=min(hi, len(names)), unique=True)))


AGG_BY_FAMILY = {
    "number": [
        "size",
        "count",
        "sum",
        "mean",
        "median",
        "min",
        "max",
        "std",
        "var",
        "nunique",
        "first",
        "last",
    ],
    "bool": ["size", "count", "sum", "mean", "min", "max", "nunique", "first"],
    "text": ["size", "count", "nunique", "first", "last"],
    "datetime": ["count", "min", "max", "nunique", "last"],
}


def agg_func(draw: Any, frame: FrameState, name: str, grouped: bool) -> str:
    kind = frame.columns[name]
    funcs = AGG_BY_FAMILY[FAMILY[kind]]
    if kind == "text":
        funcs = [*funcs, "min", "max"]
    if not grouped:  # over a whole (possibly empty) frame: no first value, and min of no text is NaN
        drop = ("first", "last") if kind in ("integer", "float", "bool") else ("first", "last", "min", "max")
        funcs = [f for f in funcs if f not in drop]
    return str(draw(sf(funcs)))


@st.composite
def step(draw: Any, frame: FrameState, source: pd.DataFrame, last: bool) -> Any:
    names, k = list(frame.columns), known(frame)
    nums = cols(frame, "number")
    ops = [
        "filter",
        "select",
        "drop",
        "rename",
        "sort",
        "head",
        "tail",
        "topn",
        "distinct",
        "dedupe",
        "derive",
        "fill",
        "dropna",
        "aggregate",
        "join",
        "pivot",
        "crosstab",
        "melt",
        "value_counts",
        "corr",
    ]
    ops += ["cast", "column_slice", "concat", "resample", "each_numeric", "group_share", "replace"]
    if last:
        ops += ["scalar", "argbest", "corr2", "frame_info", "share", "check"]
    op = draw(sf(ops))
    if op in NEW_OPS:
        return NEW_OPS[op](draw, frame)
    if op == "filter":
        return Filter(condition=draw(expr(frame, "bool")))
    if op == "select":
        return Select(columns=some(draw, names, 1, 4))
    if op == "drop":
        assume(len(names) > 1)
        return Drop(columns=some(draw, names, 1, len(names) - 1))
    if op == "rename":
        old = some(draw, names, 1, 2)
        new = draw(st.lists(names_st, min_size=len(old), max_size=len(old), unique=True))
        return Rename(pairs=tuple(RenamePair(old=o, new=n) for o, n in zip(old, new, strict=True)))
    if op == "sort":
        return Sort(keys=tuple(SortKey(column=c, ascending=draw(st.booleans())) for c in some(draw, k, 1, 2)))
    if op in ("head", "tail"):
        return (Head if op == "head" else Tail)(n=draw(st.integers(0, 5)))
    if op == "topn":
        return TopN(n=draw(st.integers(1, 4)), column=draw(sf(nums)), largest=draw(st.booleans()))
    if op == "distinct":
        return Distinct(columns=some(draw, names, 1, 3))
    if op == "dedupe":
        return DropDuplicates(
            subset=tuple(draw(lst(names, max_size=2, unique=True))), keep=draw(sf(["first", "last"]))
        )
    if op == "derive":
        family = draw(sf(["bool", "number", "text", "datetime"]))
        return Derive(name=draw(st.one_of(names_st, sf(names))), expr=draw(expr(frame, family)))
    if op == "fill":
        method = draw(sf(["value", "ffill", "bfill", "mean", "median", "zero"]))
        if method in ("ffill", "bfill"):
            return FillMissing(columns=tuple(draw(lst(names, max_size=2, unique=True))), method=method)
        if method in ("mean", "median", "zero"):
            return FillMissing(columns=tuple(draw(lst(nums, max_size=2, unique=True))), method=method)
        column = draw(sf(k))
        value = {"number": 0, "text": "filled", "bool": False, "datetime": None}.get(
            FAMILY.get(frame.columns.get(column, ""), "")
        )
        if frame.columns.get(column) == "category":
            value = draw(sf(CATEGORIES))
        assume(value is not None)
        return FillMissing(columns=(column,), value=value)
    if op == "dropna":
        return DropMissing(
            columns=tuple(draw(lst(names, max_size=2, unique=True))), how=draw(sf(["any", "all"]))
        )
    if op == "aggregate":
        by = tuple(draw(lst(k, max_size=2, unique=True))) if k else ()
        targets = draw(lst([None, *k], min_size=1, max_size=3))
        out_names = draw(
            st.lists(
                names_st.filter(lambda s: s not in by),
                min_size=len(targets),
                max_size=len(targets),
                unique=True,
            )
        )
        aggs = tuple(
            Agg(func="size", name=nm)
            if c is None
            else Agg(func=agg_func(draw, frame, c, bool(by)), column=c, name=nm)
            for c, nm in zip(targets, out_names, strict=True)
        )
        return Aggregate(by=by, aggs=aggs)
    if op == "join":
        shared = [c for c in k if c in source.columns]
        key = draw(sf(shared))
        brought = [c for c in draw(lst(list(source.columns), max_size=2, unique=True)) if c != key]
        how = draw(sf(["left", "inner", "outer"]))
        return Join(right="t", left_on=(key,), right_on=(key,), how=how, columns=tuple(brought))
    if op == "pivot":
        index, columns = some(draw, k, 2, 2)
        values = draw(sf([None, *nums]))
        func = "size" if values is None else draw(sf(["mean", "sum", "max", "count", "size"]))
        return Pivot(index=(index,), columns=columns, values=values, func=func)
    if op == "crosstab":
        index, columns = some(draw, k, 2, 2)
        return Crosstab(index=index, columns=columns, normalize=draw(st.booleans()))
    if op == "melt":
        id_vars = tuple(draw(lst(names, max_size=2, unique=True)))
        rest = [n for n in names if n not in id_vars]
        value_vars = tuple(draw(lst(rest, max_size=2, unique=True))) if rest else ()
        return Melt(
            id_vars=id_vars, value_vars=value_vars, var_name=draw(names_st), value_name=draw(names_st)
        )
    if op == "value_counts":
        return ValueCounts(
            columns=some(draw, k, 1, 2), normalize=draw(st.booleans()), dropna=draw(st.booleans())
        )
    numeric = [n for n, kind in frame.columns.items() if kind in ("integer", "float", "bool")]
    if op == "corr":
        return Correlation(columns=draw(sf([(), *[(c,) for c in numeric], tuple(numeric)])))
    if op == "corr2":
        return Correlation(columns=some(draw, numeric, 2, 2))
    if op == "scalar":
        column = draw(sf([None, *k]))
        if column is None:
            return ScalarAgg(func="size")
        return ScalarAgg(func=agg_func(draw, frame, column, True), column=column)
    dated = [n for n, kind in frame.columns.items() if kind in ("integer", "float", "datetime")]
    return ArgBest(label=draw(sf(names)), column=draw(sf(dated)), largest=draw(st.booleans()))


# ---------------------------------------------------------------- the steps of plan.ops (charts are
# checked by their drawn data in test_ops_new.py; drawing hundreds of random charts would say little)

CAST_FROM = {  # which casts each kind of column can take
    "integer": ["number", "text", "category"],
    "float": ["number", "text", "category"],
    "bool": ["number", "text", "category"],
    "text": ["datetime", "number", "text", "category"],
    "category": ["datetime", "number", "text", "category"],
    "datetime": ["datetime", "text", "category"],
}


def _cast(draw: Any, frame: FrameState) -> Any:
    column = draw(sf(known(frame)))
    return Cast(columns=(column,), to=draw(sf(CAST_FROM[frame.columns[column]])))


def _column_slice(draw: Any, frame: FrameState) -> Any:
    part = draw(sf(["first", "last", "all_but_first", "all_but_last", "range"]))
    if part != "range":
        return ColumnSlice(part=part, n=draw(st.integers(1, 4)))
    names = list(frame.columns)
    start = draw(sf([None, *names]))
    rest = names[names.index(start) :] if start is not None else names
    end = draw(sf([None, *rest])) if start is not None else draw(sf(rest))
    return ColumnSlice(part="range", start=start, end=end)


def _resample(draw: Any, frame: FrameState) -> Any:
    on = draw(sf(cols(frame, "datetime")))
    k = [c for c in known(frame) if c != on]
    by = tuple(draw(lst(k, max_size=1)))
    targets = draw(lst([None, *[c for c in k if c not in by]], min_size=1, max_size=2))
    taken = {on, *by}
    out_names = draw(
        st.lists(
            names_st.filter(lambda s: s not in taken),
            min_size=len(targets),
            max_size=len(targets),
            unique=True,
        )
    )
    aggs = tuple(
        Agg(func="size", name=nm)
        if c is None
        else Agg(func=agg_func(draw, frame, c, True), column=c, name=nm)
        for c, nm in zip(targets, out_names, strict=True)
    )
    return Resample(on=on, every=draw(sf(["day", "week", "month", "quarter", "year"])), by=by, aggs=aggs)


def _each_numeric(draw: Any, frame: FrameState) -> Any:
    func = draw(sf(["add", "sub", "mul", "div", "round", "abs", "pow"]))
    value = {"round": draw(st.integers(0, 2)), "abs": None, "pow": 2}.get(func, draw(sf([2, -1, 0.5, 100])))
    exclude = tuple(draw(lst(cols(frame, "number"), max_size=1)))
    return EachNumeric(func=func, value=value, exclude=exclude)


def _group_share(draw: Any, frame: FrameState) -> Any:
    by = some(draw, known(frame), 1, 2)
    name = draw(names_st.filter(lambda s: s not in by))
    return GroupShare(condition=draw(expr(frame, "bool")), by=by, name=name, percent=draw(st.booleans()))


def _replace(draw: Any, frame: FrameState) -> Any:
    column = draw(sf(cols(frame, "text", exclude=("category",))))
    olds = draw(lst(TEXT_VALUES[:-1], min_size=1, max_size=2, unique=True))
    if draw(st.booleans()):
        news: list[Any] = [draw(sf(TEXT_VALUES[:-1])) for _ in olds]
        unmatched = "keep"
    else:
        news, unmatched = [draw(st.booleans()) for _ in olds], "missing"
    pairs = tuple(ReplacePair(old=o, new=n) for o, n in zip(olds, news, strict=True))
    return Replace(column=column, pairs=pairs, unmatched=unmatched)


def _check(draw: Any, frame: FrameState) -> Any:
    test = draw(sf(["any", "all", "duplicates", "missing"]))
    if test in ("any", "all"):
        return Check(test=test, condition=draw(expr(frame, "bool")))
    return Check(test=test, columns=tuple(draw(lst(list(frame.columns), max_size=2, unique=True))))


NEW_OPS = {
    "cast": _cast,
    "column_slice": _column_slice,
    "concat": lambda draw, frame: Concat(frames=("t",), axis=draw(sf(["rows", "columns"]))),
    "resample": _resample,
    "each_numeric": _each_numeric,
    "group_share": _group_share,
    "replace": _replace,
    "frame_info": lambda draw, frame: FrameInfo(
        fact=draw(sf(["n_rows", "n_columns", "columns", "dtypes", "shape"]))
    ),
    "share": lambda draw, frame: Share(condition=draw(expr(frame, "bool")), percent=draw(st.booleans())),
    "check": _check,
}


@st.composite
def plans(draw: Any, source: pd.DataFrame) -> Plan:
    schemas = schemas_for({"t": source})
    steps: list[Any] = []
    n = draw(st.integers(1, 4))
    for i in range(n):
        frame = (
            plan_states(Plan(source="t", steps=tuple(steps)), schemas)[0][-1]
            if steps
            else FrameState({c.name: c.kind for c in schemas["t"].columns})
        )
        steps.append(draw(step(frame, source, last=i == n - 1)))
    return Plan(source="t", steps=tuple(steps))


# ---------------------------------------------------------------- the properties


#: ``pd.to_datetime`` / ``pd.to_numeric`` convert values; every other ``to_*`` writes somewhere.
CONVERTERS = frozenset({"to_datetime", "to_numeric"})


def unsafe(code: str) -> str | None:
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            return "import"
        if isinstance(node, ast.Name) and node.id in FORBIDDEN:
            return node.id
        if isinstance(node, ast.Attribute) and (
            node.attr.startswith("__") or (node.attr.startswith("to_") and node.attr not in CONVERTERS)
        ):
            return node.attr
    return None


def run(code: str, source: pd.DataFrame) -> Any:
    namespace: dict[str, Any] = {"pd": pd, "np": np, "t": source}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # log(0), 0/0: numpy's warnings, pandas' answers
        warnings.simplefilter("error", FutureWarning)  # emitted code must not lean on deprecated behaviour
        warnings.simplefilter("error", DeprecationWarning)
        exec(compile(code, "<pandascribe>", "exec"), namespace)
    return namespace["r"]


def check_terminal_failure(plan: Plan, source: pd.DataFrame, exc: Exception) -> None:
    """``first``/``last``/``idxmax`` have no answer when the column holds no value at all; anything
    else is a bug."""
    last = plan.steps[-1]
    column = getattr(last, "column", None)
    is_pick = isinstance(last, ArgBest) or (isinstance(last, ScalarAgg) and last.func in ("first", "last"))
    if not is_pick or not isinstance(exc, IndexError | ValueError):
        raise exc
    before = (
        source
        if len(plan.steps) == 1
        else run(generate(Plan(source="t", steps=plan.steps[:-1]), "r"), source.copy())
    )
    assert before[column].notna().sum() == 0, exc


@SETTINGS
@given(data=st.data())
def test_random_plans_give_safe_code_that_runs_without_mutating(data: Any) -> None:
    source = data.draw(frames())
    plan = data.draw(plans(source))
    states, issues = plan_states(plan, schemas_for({"t": source}))
    note(f"issues: {issues}")
    assume(not issues)
    for s in plan.steps:
        event(f"step {s.op}")
    code = generate(plan, "r")
    note(code)
    assert code == generate(plan, "r")
    assert unsafe(code) is None
    text = explain(plan)
    assert text and "\n" not in text
    assert Plan.model_validate_json(plan.model_dump_json()) == plan
    pristine = source.copy(deep=True)
    try:
        result = run(code, source)
    except Exception as exc:
        check_terminal_failure(plan, source, exc)
        event("terminal step had no value to pick")
        return
    finally:
        pd.testing.assert_frame_equal(source, pristine)
    final = states[-1]
    if isinstance(result, pd.DataFrame) and not final.open and not final.scalar:
        assert list(final.columns) == list(result.columns)
    if final.scalar:
        assert not isinstance(result, pd.DataFrame)


@SETTINGS
@given(data=st.data())
def test_random_plans_round_trip_through_json(data: Any) -> None:
    source = data.draw(frames())
    plan = data.draw(plans(source))
    text = plan.model_dump_json()
    again = Plan.model_validate_json(text)
    assert again == plan and again.model_dump_json() == text
    assert generate(again, "r") == generate(plan, "r")
    assert [str(i) for i in plan_issues(again, schemas_for({"t": source}))] == [
        str(i) for i in plan_issues(plan, schemas_for({"t": source}))
    ]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_every_hostile_name_round_trips_in_a_filter(name: str) -> None:
    source = pd.DataFrame({name: [1, 2, 3]})
    plan = Plan(
        source="t", steps=(Filter(condition=Compare(op="ge", left=Col(name=name), right=Lit(value=2))),)
    )
    assert plan_issues(plan, schemas_for({"t": source})) == []
    code = generate(plan, "r")
    assert unsafe(code) is None
    assert run(code, source)[name].tolist() == [2, 3]
