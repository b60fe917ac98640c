"""polars generators for the everyday-question steps of :mod:`pandascribe.plan.ops` (registered into
:data:`.steps.STEP_GENERATORS` by the package).

Each answers as the pandas generator does: ``.height`` / ``.width`` / ``.columns`` for frame facts,
``str.to_datetime`` / ``cast`` for conversions, explicit column lists for positions (known from the
schema at compile time), ``pl.concat(how="diagonal_relaxed")`` for stacking (missing columns become
missing values, as pandas fills them), ``dt.truncate`` + ``group_by`` + ``upsample`` for calendar
periods labelled by their end, selectors for every numeric column (decided when the code runs),
``mean`` / ``any`` / ``all`` of a filled condition for shares and yes/no questions, ``replace`` /
``replace_strict`` for value mappings, and a bounded ``to_pandas()`` before pandas draws a chart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
from ..engine_common import StepCtx, unsupported
from ..engine_exprs import ExprCtx
from ..engine_ops import PLOT_ROW_BOUND, bounded_pandas, kinds_mix, pandas_plot_links, replace_family
from ..pyfmt import ATOM, Code, Link, call, link, lit, s
from .exprs import name, pcol, pexpr
from .steps import agg_expr, grouped, named

ENGINE = "polars"
StepGen = Callable[[Any, StepCtx], list[Link]]


def _names(cols: tuple[str, ...] | list[str]) -> str:
    return ", ".join(name(c) for c in cols)


def _list(cols: tuple[str, ...] | list[str]) -> str:
    return "[" + _names(cols) + "]"


def flag(cond: Node, cx: StepCtx) -> str:
    """The condition as a true/false column where a row it cannot decide is false (as pandas
    compares a missing value)."""
    return f"{pexpr(cond, ExprCtx(cx)).at(ATOM)}.fill_null(False)"


# ---------------------------------------------------------------- facts


def _frame_info(st: FrameInfo, cx: StepCtx) -> list[Link]:
    """Frame facts are attributes of an eager frame; the dtypes are polars' own (its ``schema``)."""
    if st.fact == "index":
        raise unsupported("the index labels", ENGINE, "a polars frame has no index")
    if st.fact == "describe":
        raise unsupported(
            "frame_info describe",
            ENGINE,
            "polars' describe() gives other statistics (null counts, no text columns) in another layout",
        )
    if st.fact == "transpose":
        raise unsupported(
            "frame_info transpose", ENGINE, "a polars frame has no row labels to become column names"
        )
    if st.fact == "size":
        return [call("pipe", "lambda d: d.height * d.width")]
    return [
        link(
            {
                "n_rows": ".height",
                "n_columns": ".width",
                "columns": ".columns",
                "shape": ".shape",
                "dtypes": ".schema",
            }[st.fact]
        )
    ]


# ---------------------------------------------------------------- changing values


def _cast_one(st: Cast, column: str, cx: StepCtx) -> str | None:
    c, kind = pcol(column), cx.kind(column)
    strict = "True" if st.errors == "raise" else "False"
    if st.to == "datetime":
        if kind == "datetime":
            return None
        if kind not in ("text", "category"):
            raise unsupported(f"reading {kind} column {column!r} as dates", ENGINE)
        if st.format is None:
            why = "pandas and polars guess a date format differently (01/02 is January 2 to pandas)"
            raise unsupported("reading dates without a format", ENGINE, why)
        text = f"{c}.cast(pl.String)" if kind == "category" else c
        return f"{text}.str.to_datetime(format={s(st.format)}, strict={strict})"
    if st.to == "number":
        if kind in ("integer", "float", "bool"):
            return None
        if kind != "text":
            raise unsupported(f"reading {kind} column {column!r} as numbers", ENGINE)
        return f"{c}.str.strip_chars().cast(pl.Float64, strict={strict})"
    if st.to in ("float", "integer"):
        if kind not in ("integer", "float", "bool"):
            raise unsupported(f"changing the {kind} column {column!r} to {st.to}", ENGINE)
        return f"{c}.cast({'pl.Float64' if st.to == 'float' else 'pl.Int64'})"
    if st.to == "text":
        if kind in ("text", "integer", "category"):  # whole numbers and text read the same
            return None if kind == "text" else f"{c}.cast(pl.String)"
        why = "polars writes floats, true/false and dates as text differently from pandas"
        raise unsupported(f"converting the {kind} column {column!r} to text", ENGINE, why)
    return None if kind == "category" else f"{c}.cast(pl.String).cast(pl.Categorical)"


def _cast(st: Cast, cx: StepCtx) -> list[Link]:
    pairs = [(c, code) for c in st.columns if (code := _cast_one(st, c, cx)) is not None]
    if not pairs:
        return []
    return [call("with_columns", *named([(c, Code(code)) for c, code in pairs]))]


def _replace(st: Replace, cx: StepCtx) -> list[Link]:
    replace_family(st, cx, ENGINE)
    mapping = "{" + ", ".join(f"{lit(p.old).text}: {lit(p.new).text}" for p in st.pairs) + "}"
    c = pcol(st.column)
    code = (
        f"{c}.replace({mapping})"
        if st.unmatched == "keep"
        else f"{c}.replace_strict({mapping}, default=None)"
    )
    return [call("with_columns", *named([(st.column, Code(code))]))]


def _each_numeric(st: EachNumeric, cx: StepCtx) -> list[Link]:
    """Every numeric column, chosen when the code runs (``pl.selectors``), in place."""
    if st.func in ("div", "floordiv", "mod") and st.value == 0:
        why = "polars divides whole numbers by zero into missing values, pandas into infinities"
        raise unsupported("dividing every numeric column by zero", ENGINE, why)
    if st.func == "round" and isinstance(st.value, int) and st.value < 0:
        raise unsupported("rounding to tens, hundreds …", ENGINE, "polars rounds whole numbers as they are")
    sel = "pl.selectors.float()" if st.func == "round" else "pl.selectors.numeric()"
    if st.exclude:
        sel += f".exclude({_names(st.exclude)})"
    v = "" if st.value is None else lit(st.value).at(ATOM)
    op = {
        "add": f" + {v}",
        "sub": f" - {v}",
        "mul": f" * {v}",
        "div": f" / {v}",
        "floordiv": f" // {v}",
        "mod": f" % {v}",
        "pow": f".pow({v})",
        "round": f".round({v})",
        "abs": ".abs()",
    }[st.func]
    return [call("with_columns", f"{sel}.as_expr(){op}")]


# ---------------------------------------------------------------- choosing and stacking


def _column_slice(st: ColumnSlice, cx: StepCtx) -> list[Link]:
    """The positions are known from the schema: the columns, listed."""
    if cx.state.open:
        raise unsupported("columns by position after a pivot", ENGINE, "the columns depend on the data")
    return [call("select", _names(list(cx.after.columns)))]


def _concat(st: Concat, cx: StepCtx) -> list[Link]:
    if st.axis == "columns":
        if cx.index != 0:  # pandas matches rows by index labels, which earlier steps may have changed
            why = "pandas matches the rows by index labels, which a polars frame does not have"
            raise unsupported("frames side by side after other steps", ENGINE, why)
        return [call("pipe", f'lambda d: pl.concat([d, {", ".join(st.frames)}], how="horizontal")')]
    kinds_mix(cx, st.frames, ENGINE)
    return [call("pipe", f'lambda d: pl.concat([d, {", ".join(st.frames)}], how="diagonal_relaxed")')]


# ---------------------------------------------------------------- by period

#: the start of each period (``dt.truncate``) and its pandas label (the period's end; hours and
#: days are labelled by their start)
TRUNCATE = {"hour": "1h", "day": "1d", "week": "1w", "month": "1mo", "quarter": "1q", "year": "1y"}
LABEL = {
    "hour": "",
    "day": "",
    "week": '.dt.offset_by("6d")',
    "month": ".dt.month_end()",
    "quarter": '.dt.offset_by("1q").dt.offset_by("-1d")',
    "year": '.dt.offset_by("1y").dt.offset_by("-1d")',
}
#: aggregates pandas answers with 0 (not missing) for an empty period
_ZERO_WHEN_EMPTY = ("size", "count", "sum", "nunique")


def _resample(st: Resample, cx: StepCtx) -> list[Link]:
    """``group_by`` the period's start, then (without groups) ``upsample`` so every period between
    the first and the last appears — an empty one counts 0 —, then label each period by its end."""
    if cx.kind(st.on) != "datetime":
        raise unsupported(f"periods of the {cx.kind(st.on)} column {st.on!r}", ENGINE)
    every = TRUNCATE[st.every]
    start = f"{pcol(st.on)}.dt.truncate({s(every)}).alias({s(st.on)})"
    aggs = named(
        [(a.name, Code(agg_expr(a.func, a.column if a.column is not None else st.on))) for a in st.aggs]
    )
    keys = [*st.by, st.on]
    nullable = [k for k in keys if cx.nullable(k)]
    links = [call("drop_nulls", _list(nullable))] if nullable else []
    links += [
        call("group_by", *[name(b) for b in st.by], start),
        call("agg", *aggs),
        call("sort", _names(keys)),
    ]
    if not st.by:
        # an empty result has no boundaries to fill between (polars refuses to upsample it)
        links.append(
            call("pipe", f"lambda d: d.upsample({name(st.on)}, every={s(every)}) if d.height else d")
        )
        zero = [a.name for a in st.aggs if a.func in _ZERO_WHEN_EMPTY]
        if zero:
            links.append(call("with_columns", f"pl.col({_names(zero)}).fill_null(0)"))
    if LABEL[st.every]:
        links.append(call("with_columns", f"{pcol(st.on)}{LABEL[st.every]}"))
    return links


# ---------------------------------------------------------------- shares and questions


def _share(st: Share, cx: StepCtx) -> list[Link]:
    pct = " * 100" if st.percent else ""
    return [call("select", f'({flag(st.condition, cx)}.mean(){pct}).fill_null(float("nan"))'), call("item")]


def _group_share(st: GroupShare, cx: StepCtx) -> list[Link]:
    pct = " * 100" if st.percent else ""
    share = named([(st.name, Code(f"{flag(st.condition, cx)}.mean(){pct}"))])
    return grouped(st.by, share, cx)


def _missing(column: str, cx: StepCtx) -> str:
    c = pcol(column)
    return f"{c}.is_null() | {c}.is_nan()" if cx.kind(column) == "float" else f"{c}.is_null()"


def _check(st: Check, cx: StepCtx) -> list[Link]:
    if st.condition is not None:
        return [call("select", f"{flag(st.condition, cx)}.{st.test}()"), call("item")]
    if st.test == "duplicates":
        pick = [call("select", _names(st.columns))] if st.columns else []
        return [*pick, call("is_duplicated"), call("any")]
    cols = st.columns or tuple(cx.state.columns)
    return [
        call("select", f"pl.any_horizontal({', '.join(f'({_missing(c, cx)}).any()' for c in cols)})"),
        call("item"),
    ]


# ---------------------------------------------------------------- charts


def _plot(st: Plot, cx: StepCtx) -> list[Link]:
    """At most the bound's rows come to pandas (one more is taken to tell), then pandas draws."""
    draw = pandas_plot_links(st, ENGINE)
    return [call("head", str(PLOT_ROW_BOUND + 1)), call("to_pandas"), bounded_pandas(ENGINE), *draw]


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

__all__ = ["OPS_GENERATORS"]
