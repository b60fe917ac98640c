"""pandas generators for the steps of :mod:`pandascribe.plan.ops` and :class:`~pandascribe.plan.Resample`
(merged into :data:`.pandas_steps.STEP_GENERATORS`).

Each emits what a pandas user writes by hand: ``len(df)``, ``pd.to_datetime(...)`` inside
``.assign``, ``df.iloc[:, :3]``, ``pd.concat([a, b], ignore_index=True)``, a ``pd.Grouper`` with
pandas ≥ 2.2 period aliases, ``select_dtypes("number")``, ``bool(...any())``, ``Series.replace`` /
``Series.map`` with an explicit mapping, and ``df.plot.<kind>(...)``. A step that turns the whole
frame into one value is the expression itself on the source frame and ``.pipe(lambda d: ...)``
later in a chain (:func:`.pandas_common.whole`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..plan import (
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
from ..plan.ops import DISTRIBUTION_KINDS
from .pandas_common import AGG_RESERVED, Restart, assign_links, rename_link, whole, with_temp_names
from .pandas_expr import recv
from .pyfmt import Link, call, kwargs, link, lit, one_or_list, s, str_list

StepGen = Callable[[Any, str], list[Link]]

# ---------------------------------------------------------------- facts


def _frame_info(st: FrameInfo, ref: str) -> list[Link]:
    first = ref != "d"
    if st.fact == "n_rows":
        return [Restart(f"len({ref})")] if first else [link(".shape[0]")]
    if st.fact == "columns":
        return [Restart(f"list({ref}.columns)")] if first else [call("columns.tolist")]
    if st.fact == "index":
        return [call("index.tolist")]
    if st.fact == "describe":
        return [call("describe")]
    return [
        link(
            {
                "n_columns": ".shape[1]",
                "dtypes": ".dtypes",
                "shape": ".shape",
                "transpose": ".T",
                "size": ".size",
            }[st.fact]
        )
    ]


# ---------------------------------------------------------------- changing values


def _cast_code(st: Cast, column: str) -> str:
    c = f"d[{s(column)}]"
    if st.to == "text":
        return f'{c}.astype("string")'
    if st.to == "category":
        return f'{c}.astype("category")'
    if st.to in ("float", "integer"):
        return f'{c}.astype("{"float64" if st.to == "float" else "int64"}")'
    args = [c]
    if st.errors == "coerce":
        args.append('errors="coerce"')
    if st.format is not None:
        args.append(f"format={s(st.format)}")
    return f"pd.{'to_datetime' if st.to == 'datetime' else 'to_numeric'}({', '.join(args)})"


def _cast(st: Cast, ref: str) -> list[Link]:
    return assign_links([(c, _cast_code(st, c)) for c in st.columns])


def _replace(st: Replace, ref: str) -> list[Link]:
    mapping = "{" + ", ".join(f"{lit(p.old).text}: {lit(p.new).text}" for p in st.pairs) + "}"
    method = "replace" if st.unmatched == "keep" else "map"
    return assign_links([(st.column, f"d[{s(st.column)}].{method}({mapping})")])


def _each_numeric(st: EachNumeric, ref: str) -> list[Link]:
    """``d.assign(**d.select_dtypes("number").mul(100))``: the numeric columns, computed at once, put
    back in their places (the other columns and the column order unchanged)."""

    def body(f: str) -> str:
        cols = f'{f}.select_dtypes("number")'
        if st.exclude:
            cols += f".drop(columns={str_list(st.exclude)})"
        arg = "" if st.value is None else lit(st.value).text
        return f"**{cols}.{st.func}({arg})"

    if ref != "d":
        return [call("assign", body(ref))]
    return [call("pipe", f"lambda d: d.assign({body('d')})")]


# ---------------------------------------------------------------- choosing and stacking


def _column_slice(st: ColumnSlice, ref: str) -> list[Link]:
    if st.part == "range":
        lo = "" if st.start is None else s(st.start)
        hi = "" if st.end is None else s(st.end)
        return [link(f".loc[:, {lo}:{hi}]")]
    n = st.n
    cut = {"first": f":{n}", "last": f"-{n}:", "all_but_first": f"{n}:", "all_but_last": f":-{n}"}
    return [link(f".iloc[:, {cut[st.part]}]")]


def _concat(st: Concat, ref: str) -> list[Link]:
    extra = "ignore_index=True" if st.axis == "rows" else "axis=1"
    return [whole(ref, lambda f: f"pd.concat([{', '.join((f, *st.frames))}], {extra})")]


# ---------------------------------------------------------------- by period

#: pandas ≥ 2.2 offset aliases ("ME", "QE", "YE" replace the removed "M", "Q", "Y").
FREQ = {"hour": "h", "day": "D", "week": "W", "month": "ME", "quarter": "QE", "year": "YE"}


def _resample(st: Resample, ref: str) -> list[Link]:
    grouper = f"pd.Grouper(key={s(st.on)}, freq={s(FREQ[st.every])})"
    keys = grouper if not st.by else "[" + ", ".join([*map(s, st.by), grouper]) + "]"
    names, back = with_temp_names([a.name for a in st.aggs], AGG_RESERVED, {*st.by, st.on})
    specs = [
        (n, f"({s(a.column if a.column is not None else st.on)}, {s(a.func)})")
        for n, a in zip(names, st.aggs, strict=True)
    ]
    # reset_index, not as_index=False: pandas 2.2 drops a Grouper's key with as_index=False
    links = [call("groupby", keys), call("agg", *kwargs(specs)), call("reset_index")]
    if back:
        links.append(rename_link(back))
    return links


# ---------------------------------------------------------------- shares and questions


def _share(st: Share, ref: str) -> list[Link]:
    pct = " * 100" if st.percent else ""
    return [whole(ref, lambda f: f"{recv(st.condition, f)}.mean(){pct}")]


def _group_share(st: GroupShare, ref: str) -> list[Link]:
    """Flag each row, then the mean of the flags per group (true counts 1): ``percent`` flags with
    100 instead of 1, so the mean is the percentage."""
    flag = recv(st.condition, "d") + (".mul(100)" if st.percent else "")
    group = Link(".groupby(", (one_or_list(st.by), "as_index=False"), f")[{s(st.name)}]")
    return [*assign_links([(st.name, flag)]), group, call("mean")]


def _check_body(st: Check, f: str) -> str:
    if st.condition is not None:  # any / all (the node guarantees a condition there)
        return f"{recv(st.condition, f)}.{st.test}()"
    if st.test == "duplicates":
        if len(st.columns) == 1:
            return f"{f}[{s(st.columns[0])}].duplicated().any()"
        subset = f"subset={str_list(st.columns)}" if st.columns else ""
        return f"{f}.duplicated({subset}).any()"
    if len(st.columns) == 1:
        return f"{f}[{s(st.columns[0])}].isna().any()"
    part = f"[{str_list(st.columns)}]" if st.columns else ""
    return f"{f}{part}.isna().any().any()"


def _check(st: Check, ref: str) -> list[Link]:
    return [whole(ref, lambda f: f"bool({_check_body(st, f)})")]


# ---------------------------------------------------------------- charts


def _labels(st: Plot) -> list[tuple[str, str]]:
    return [(k, s(v)) for k, v in (("title", st.title), ("xlabel", st.xlabel), ("ylabel", st.ylabel)) if v]


def _plot(st: Plot, ref: str) -> list[Link]:
    """One Axes whatever the kind: a split by ``by`` spreads the frame wide (one column per group)
    and draws all groups on the same Axes, where ``df.plot.hist(by=...)`` would make one Axes per
    group."""
    y = one_or_list(st.y)
    args: list[tuple[str, str]] = []
    links: list[Link] = []
    if st.by is not None:
        if st.kind in DISTRIBUTION_KINDS:  # each row keeps its own index; rows without a group go
            links.append(call("dropna", f"subset={str_list([st.by])}"))
            links.append(call("pivot", f"columns={s(st.by)}", f"values={y}"))
            if st.kind == "hist":
                args.append(("alpha", "0.5"))
        else:
            index = [] if st.x is None else [f"index={s(st.x)}"]
            links.append(call("pivot", *index, f"columns={s(st.by)}", f"values={y}"))
    elif st.kind in DISTRIBUTION_KINDS:
        args.append(("column", y))
    elif st.kind == "pie":
        links.append(call("set_index", s(st.x or "")))
        args += [("y", y), ("legend", "False")]
    else:
        if st.x is not None:
            args.append(("x", s(st.x)))
        args.append(("y", y))
    if st.bins is not None:
        args.append(("bins", str(st.bins)))
    links.append(call(f"plot.{st.kind}", *kwargs(args + _labels(st))))
    return links


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
