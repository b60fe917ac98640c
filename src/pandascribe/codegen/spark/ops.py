"""Spark generators for the everyday-question steps of :mod:`pandascribe.plan.ops` (registered into
:data:`.steps.STEP_GENERATORS` by the package).

Each answers as the pandas generator does, with the DataFrame API only: ``count()`` /
``columns`` / ``dtypes`` for frame facts, ``try_to_timestamp`` with the format in Spark's pattern
letters and ``try_cast`` for conversions, explicit column lists for positions and for "every
numeric column" (a Spark frame's types are known from its schema), ``unionByName`` for stacking,
``date_trunc`` / ``last_day`` for calendar periods labelled by their end (a calendar from
``F.sequence`` fills the empty ones), ``avg`` / ``bool_or`` / ``bool_and`` of a filled condition
for shares and yes/no questions (one value to the driver), ``F.when`` chains for value mappings,
and ``limit(bound + 1).toPandas()`` before pandas draws a chart.
"""

from __future__ import annotations

import re

from ...plan import (
    Cast,
    Check,
    ColumnSlice,
    Concat,
    EachNumeric,
    FrameInfo,
    GroupShare,
    Node,
    Plot,
    Replace,
    Resample,
    Share,
)
from ...plan.ops import XY_KINDS
from ..engine_common import StepCtx, unsupported
from ..engine_exprs import ExprCtx
from ..engine_ops import PLOT_ROW_BOUND, Wrap, bounded_pandas, kinds_mix, pandas_plot_links, replace_family
from ..pyfmt import ATOM, Link, call, link, lit, s
from .exprs import quoted_names, scol, sexpr
from .order import Order, StepGen
from .reshape import aliased_aggs, not_null

ENGINE = "spark"
_FIRST = Link(".first()[0]")


def flag(cond: Node, cx: StepCtx) -> str:
    """The condition where a row it cannot decide is false (as pandas compares a missing value)."""
    return f"F.coalesce({sexpr(cond, ExprCtx(cx)).text}, F.lit(False))"


# ---------------------------------------------------------------- facts


#: facts Spark does not give as pandas does → why
_NOT_FACTS = {
    "describe": "Spark's describe() gives other statistics (no quartiles) as text columns",
    "transpose": "a Spark frame has no row labels to become column names",
}


def _frame_info(st: FrameInfo, cx: StepCtx, order: Order) -> list[Link]:
    """Names and types are the schema's (free); the number of rows is one ``count()`` job."""
    if st.fact == "index":
        raise unsupported("the index labels", ENGINE, "a Spark frame has no index")
    if st.fact in _NOT_FACTS:
        raise unsupported(f"frame_info {st.fact}", ENGINE, _NOT_FACTS[st.fact])
    if st.fact == "n_rows":
        return [call("count")]
    if st.fact == "n_columns":
        return [Wrap("len(", tail=".columns)")]
    if st.fact == "shape":
        return [Wrap("(lambda d: (d.count(), len(d.columns)))(", tail=")")]
    if st.fact == "size":
        return [Wrap("(lambda d: d.count() * len(d.columns))(", tail=")")]
    return [link(".columns" if st.fact == "columns" else ".dtypes")]


# ---------------------------------------------------------------- changing values

#: strftime directives → Spark datetime pattern letters (one letter reads one or two digits, as
#: strptime does)
_PATTERN = {
    "%Y": "yyyy",
    "%m": "M",
    "%d": "d",
    "%H": "H",
    "%M": "m",
    "%S": "s",
    "%y": "yy",
    "%b": "MMM",
    "%B": "MMMM",
    "%I": "h",
    "%p": "a",
    "%%": "%",
}


def spark_pattern(fmt: str) -> str | None:
    """The Spark pattern for a strftime format, or None when a directive has no exact equivalent;
    letters and quotes outside directives are quoted as literals."""
    out = []
    for part in re.split(r"(%.)", fmt):
        if part.startswith("%") and len(part) == 2:
            if part not in _PATTERN:
                return None
            out.append(_PATTERN[part])
        elif part:
            out.append("".join(f"'{ch}'" if ch.isalpha() else ("''" if ch == "'" else ch) for ch in part))
    return "".join(out)


def _cast_one(st: Cast, column: str, cx: StepCtx) -> str | None:
    c, kind = scol(column), cx.kind(column)
    if st.to == "category":
        raise unsupported("converting to categories", ENGINE, "Spark has no categorical type")
    if st.errors == "raise" and st.to in ("datetime", "number"):
        why = "Spark does not stop on the first value it cannot read"
        raise unsupported(f"converting {column!r} with errors='raise'", ENGINE, why)
    if st.to == "datetime":
        if kind == "datetime":
            return None
        pattern = spark_pattern(st.format) if st.format is not None else None
        if kind != "text" or pattern is None:
            why = "pandas guesses a date format Spark cannot; give the format" if kind == "text" else ""
            raise unsupported(f"reading {column!r} as dates without a usable format", ENGINE, why)
        return f"F.try_to_timestamp({c}, F.lit({s(pattern)}))"
    if st.to == "number":
        if kind in ("integer", "float", "bool"):
            return None
        if kind != "text":
            raise unsupported(f"reading {kind} column {column!r} as numbers", ENGINE)
        return f'F.trim({c}).try_cast("double")'
    if st.to in ("float", "integer"):
        if kind not in ("integer", "float", "bool"):
            raise unsupported(f"changing the {kind} column {column!r} to {st.to}", ENGINE)
        return f'{c}.cast("{"double" if st.to == "float" else "bigint"}")'
    if kind in ("text", "integer"):  # whole numbers and text read the same
        return None if kind == "text" else f'{c}.cast("string")'
    why = "Spark writes floats, true/false and dates as text differently from pandas"
    raise unsupported(f"converting the {kind} column {column!r} to text", ENGINE, why)


def _with(pairs: list[tuple[str, str]]) -> list[Link]:
    if not pairs:
        return []
    return [call("withColumns", "{" + ", ".join(f"{s(c)}: {code}" for c, code in pairs) + "}")]


def _cast(st: Cast, cx: StepCtx, order: Order) -> list[Link]:
    return _with([(c, code) for c in st.columns if (code := _cast_one(st, c, cx)) is not None])


def _replace(st: Replace, cx: StepCtx, order: Order) -> list[Link]:
    replace_family(st, cx, ENGINE)
    c = scol(st.column)
    code = "F"
    for p in st.pairs:
        code += f".when({c} == F.lit({lit(p.old).text}), F.lit({lit(p.new).text}))"
    if st.unmatched == "keep":
        code += f".otherwise({c})"
    return _with([(st.column, code)])


def _numeric_op(st: EachNumeric, c: str, kind: str) -> str | None:
    v = "" if st.value is None else lit(st.value).at(ATOM)
    if st.func == "round":
        return f"F.bround({c}, {v})" if kind == "float" else None  # whole numbers stay as they are
    if st.func == "mod":
        return f"F.pmod({c}, F.lit({v}))"
    return {
        "add": f"{c} + {v}",
        "sub": f"{c} - {v}",
        "mul": f"{c} * {v}",
        "div": f"{c} / {v}",
        "floordiv": f"F.floor({c} / {v})",
        "pow": f"F.pow({c}, {v})",
        "abs": f"F.abs({c})",
    }[st.func]


def _each_numeric(st: EachNumeric, cx: StepCtx, order: Order) -> list[Link]:
    """The numeric columns, listed from the schema (a Spark frame's types are fixed), in place."""
    if st.func in ("div", "floordiv", "mod") and st.value is not None and st.value <= 0:
        why = "Spark stops on a division by zero, and its remainder of a negative divisor differs"
        raise unsupported(f"{st.func} by {st.value} on every numeric column", ENGINE, why)
    if st.func == "round" and isinstance(st.value, int) and st.value < 0:
        raise unsupported("rounding to tens, hundreds …", ENGINE, "pandas leaves whole numbers as they are")
    cols = [(c, k) for c, k in cx.state.columns.items() if k in ("integer", "float") and c not in st.exclude]
    return _with([(c, code) for c, k in cols if (code := _numeric_op(st, scol(c), k)) is not None])


# ---------------------------------------------------------------- choosing and stacking


def _column_slice(st: ColumnSlice, cx: StepCtx, order: Order) -> list[Link]:
    if cx.state.open:
        raise unsupported("columns by position after a pivot", ENGINE, "the columns depend on the data")
    return [call("select", quoted_names(list(cx.after.columns)))]


def _concat(st: Concat, cx: StepCtx, order: Order) -> list[Link]:
    if st.axis == "columns":
        raise unsupported("frames side by side", ENGINE, "Spark rows have no index to match them by")
    kinds_mix(cx, st.frames, ENGINE)
    return [call("unionByName", f, "allowMissingColumns=True") for f in st.frames]


# ---------------------------------------------------------------- by period

_UNIT = {"hour": "hour", "day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}
#: the step of the calendar of period starts
_STEP = {
    "hour": "F.make_dt_interval(hours=F.lit(1))",
    "day": "F.make_dt_interval(days=F.lit(1))",
    "week": "F.make_dt_interval(days=F.lit(7))",
    "month": "F.make_ym_interval(months=F.lit(1))",
    "quarter": "F.make_ym_interval(months=F.lit(3))",
    "year": "F.make_ym_interval(years=F.lit(1))",
}
#: a period's pandas label (its end; hours and days by their start) from its start ``{}``
_LABEL = {
    "hour": "{}",
    "day": "{}",
    "week": 'F.date_add({}, 6).cast("timestamp")',
    "month": 'F.last_day({}).cast("timestamp")',
    "quarter": 'F.date_sub(F.add_months({}, 3), 1).cast("timestamp")',
    "year": 'F.date_sub(F.add_months({}, 12), 1).cast("timestamp")',
}
_ZERO_WHEN_EMPTY = ("size", "count", "sum", "nunique")


def _resample(st: Resample, cx: StepCtx, order: Order) -> list[Link]:
    """Group by the period's start (``date_trunc``); without groups, join the aggregates onto a
    calendar of every start between the first and the last (an empty period counts 0); label each
    period by its end; sort as pandas does."""
    if cx.kind(st.on) != "datetime":
        raise unsupported(f"periods of the {cx.kind(st.on)} column {st.on!r}", ENGINE)
    if any(a.func in ("first", "last") for a in st.aggs):
        raise unsupported(
            "the first or last value of each period", ENGINE, "the row order is not defined here"
        )
    c = scol(st.on)
    links = [
        *not_null([*st.by, st.on], cx),
        call("withColumn", s(st.on), f"F.date_trunc({s(_UNIT[st.every])}, {c})"),
    ]
    links += [call("groupBy", quoted_names([*st.by, st.on])), call("agg", *aliased_aggs(st.aggs, cx, None))]
    if not st.by:
        cal = cx.temp("_calendar")
        calendar = (
            f"d.agg(F.sequence(F.min({c}), F.max({c}), {_STEP[st.every]}).alias({s(cal)}))"
            f".select(F.explode({s(cal)}).alias({s(st.on)}))"
        )
        links.append(call("transform", f'lambda d: {calendar}.join(d, {s(st.on)}, "left")'))
        zero = [a.name for a in st.aggs if a.func in _ZERO_WHEN_EMPTY]
        if zero:
            links += _with([(z, f"F.coalesce({scol(z)}, F.lit(0))") for z in zero])
    if _LABEL[st.every] != "{}":
        links.append(call("withColumn", s(st.on), _LABEL[st.every].format(c)))
    order.ordered = True
    return [
        *links,
        call("orderBy", quoted_names([*st.by, st.on])),
        call("select", quoted_names([*st.by, st.on, *(a.name for a in st.aggs)])),
    ]


# ---------------------------------------------------------------- shares and questions


def _mean_flag(cond: Node, cx: StepCtx, percent: bool) -> str:
    return f'F.avg({flag(cond, cx)}.cast("int"){" * 100" if percent else ""})'


def _share(st: Share, cx: StepCtx, order: Order) -> list[Link]:
    return [
        call("agg", f'F.coalesce({_mean_flag(st.condition, cx, st.percent)}, F.lit(float("nan")))'),
        _FIRST,
    ]


def _group_share(st: GroupShare, cx: StepCtx, order: Order) -> list[Link]:
    order.ordered = True
    share = f"{_mean_flag(st.condition, cx, st.percent)}.alias({s(st.name)})"
    return [
        *not_null(st.by, cx),
        call("groupBy", quoted_names(st.by)),
        call("agg", share),
        call("orderBy", quoted_names(st.by)),
    ]


def _missing(column: str, cx: StepCtx) -> str:
    c = scol(column)
    return f"{c}.isNull() | F.isnan({c})" if cx.kind(column) == "float" else f"{c}.isNull()"


def _check(st: Check, cx: StepCtx, order: Order) -> list[Link]:
    if st.condition is not None:
        fn, empty = ("bool_or", "False") if st.test == "any" else ("bool_and", "True")
        return [call("agg", f"F.coalesce(F.{fn}({flag(st.condition, cx)}), F.lit({empty}))"), _FIRST]
    cols = list(st.columns or cx.state.columns)
    if st.test == "duplicates":
        n = cx.temp("_rows")
        return [
            call("groupBy", quoted_names(cols)),
            call("agg", f"F.count(F.lit(1)).alias({s(n)})"),
            call("agg", f"F.coalesce(F.max({s(n)}) > 1, F.lit(False))"),
            _FIRST,
        ]
    anywhere = " | ".join(f"({_missing(c, cx)})" for c in cols)
    return [call("agg", f"F.coalesce(F.bool_or({anywhere}), F.lit(False))"), _FIRST]


# ---------------------------------------------------------------- charts


def _plot(st: Plot, cx: StepCtx, order: Order) -> list[Link]:
    """At most the bound's rows come to pandas (``limit`` one more to tell), then pandas draws."""
    if st.kind in (*XY_KINDS, "pie") and not order.ordered:
        raise unsupported(
            f"a {st.kind} chart here", ENGINE, "the row order is not defined after a join or distinct"
        )
    draw = pandas_plot_links(st, ENGINE)
    return [call("limit", str(PLOT_ROW_BOUND + 1)), call("toPandas"), bounded_pandas(ENGINE), *draw]


OPS_GENERATORS: dict[type[Node], StepGen] = {
    FrameInfo: _frame_info,
    Cast: _cast,
    ColumnSlice: _column_slice,
    Concat: _concat,
    Resample: _resample,
    EachNumeric: _each_numeric,
    Share: _share,
    GroupShare: _group_share,
    Check: _check,
    Replace: _replace,
    Plot: _plot,
}

__all__ = ["OPS_GENERATORS", "spark_pattern"]
