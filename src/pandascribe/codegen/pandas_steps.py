"""Plan steps → links of a pandas method chain; :func:`generate` lays the chain out for reading.

One function per step node in :data:`STEP_GENERATORS` (a completeness test checks every type in
:data:`pandascribe.plan.STEP_TYPES` has one). A step function gets the frame reference to use
(``ref``): the source frame's name for the first step, so a lone filter reads
``penguins.loc[penguins["year"] == 2007]``; later steps see the intermediate frame only through
``lambda d:``. The emitted code never mutates an input: every method used returns a new object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..plan import (
    Agg,
    Aggregate,
    ArgBest,
    Correlation,
    Crosstab,
    Derive,
    Distinct,
    Drop,
    DropDuplicates,
    DropMissing,
    FillMissing,
    Filter,
    Head,
    Join,
    Melt,
    Node,
    Pivot,
    Plan,
    Rename,
    ScalarAgg,
    Select,
    Sort,
    Tail,
    TopN,
    ValueCounts,
)
from .pandas_common import AGG_RESERVED, Restart, assign_links
from .pandas_common import fn as _fn
from .pandas_common import rename_link as _rename_link
from .pandas_common import with_temp_names as _with_temp_names
from .pandas_expr import expr
from .pandas_missing import MISSING_GENERATORS
from .pandas_ops import OPS_GENERATORS
from .pandas_rows import ROW_GENERATORS
from .pyfmt import WIDTH, Link, call, chain, kwargs, link, lit, one_or_list, s, str_list

StepGen = Callable[[Any, str], list[Link]]


def _filter(st: Filter, ref: str) -> list[Link]:
    return [Link(".loc[", (_fn(ref, lambda f: expr(st.condition, f).text),), "]")]


def _select(st: Select, ref: str) -> list[Link]:
    return [link(f"[{str_list(st.columns)}]")]


def _drop(st: Drop, ref: str) -> list[Link]:
    return [call("drop", f"columns={str_list(st.columns)}")]


def _rename(st: Rename, ref: str) -> list[Link]:
    return [_rename_link({p.old: p.new for p in st.pairs})]


def _sort(st: Sort, ref: str) -> list[Link]:
    """Stable and missing-last, as the Sort node promises: one key needs ``kind="stable"``; several
    keys are always sorted stably by pandas."""
    cols = [k.column for k in st.keys]
    dirs = [k.ascending for k in st.keys]
    args = [one_or_list(cols)]
    if len(set(dirs)) > 1:
        args.append("ascending=[" + ", ".join(map(str, dirs)) + "]")
    elif not dirs[0]:
        args.append("ascending=False")
    if len(cols) == 1:
        args.append('kind="stable"')
    return [call("sort_values", *args)]


def _head(st: Head, ref: str) -> list[Link]:
    return [call("head", str(st.n))]


def _tail(st: Tail, ref: str) -> list[Link]:
    return [call("tail", str(st.n))]


def _topn(st: TopN, ref: str) -> list[Link]:
    return [call("nlargest" if st.largest else "nsmallest", str(st.n), s(st.column))]


def _distinct(st: Distinct, ref: str) -> list[Link]:
    return [link(f"[{str_list(st.columns)}]"), call("drop_duplicates")]


def _drop_duplicates(st: DropDuplicates, ref: str) -> list[Link]:
    args = [f"subset={str_list(st.subset)}"] if st.subset else []
    if st.keep != "first":
        args.append(f"keep={s(st.keep)}")
    return [call("drop_duplicates", *args)]


def _derive(st: Derive, ref: str) -> list[Link]:
    return assign_links([(st.name, expr(st.expr, "d").text)])


def _fill_missing(st: FillMissing, ref: str) -> list[Link]:
    if st.method in ("value", "zero"):
        value = lit(0 if st.method == "zero" else st.value).text
        if not st.columns:
            return [call("fillna", value)]
        return [call("fillna", "{" + ", ".join(f"{s(c)}: {value}" for c in st.columns) + "}")]
    if st.method in ("ffill", "bfill"):
        if not st.columns:
            return [call(st.method)]
        return assign_links([(c, f"d[{s(c)}].{st.method}()") for c in st.columns])
    if st.method == "interpolate":  # only between two known values (pandas would also extend the last)
        if not st.columns:
            return [
                call(
                    "pipe", 'lambda d: d.assign(**d.select_dtypes("number").interpolate(limit_area="inside"))'
                )
            ]
        return assign_links([(c, f'd[{s(c)}].interpolate(limit_area="inside")') for c in st.columns])
    # mean / median: each column's own statistic
    if not st.columns:
        return [call("pipe", f"lambda d: d.fillna(d.{st.method}(numeric_only=True))")]
    return assign_links([(c, f"d[{s(c)}].fillna(d[{s(c)}].{st.method}())") for c in st.columns])


def _drop_missing(st: DropMissing, ref: str) -> list[Link]:
    args = [f"subset={str_list(st.columns)}"] if st.columns else []
    if st.how != "any":
        args.append(f"how={s(st.how)}")
    return [call("dropna", *args)]


def scalar_code(func: str, column: str | None, frame: str) -> str:
    """One value of ``frame``: the row count, or ``func`` over a column (``first``/``last`` are the
    first/last non-missing values, as in a grouped aggregate)."""
    if column is None:
        return f"{frame}.shape[0]"
    c = f"{frame}[{s(column)}]"
    return c + _SCALAR_SUFFIX.get(func, f".{func}()")


_SCALAR_SUFFIX = {"size": ".size", "first": ".dropna().iloc[0]", "last": ".dropna().iloc[-1]"}


def _agg_spec(a: Agg, by: tuple[str, ...]) -> str:
    column = a.column if a.column is not None else by[0]
    return f"({s(column)}, {s(a.func)})"


def _aggregate(st: Aggregate, ref: str) -> list[Link]:
    if not st.by:  # the whole frame: a one-row frame, one column per aggregate
        cells = ", ".join(f"{s(a.name)}: [{scalar_code(a.func, a.column, 'd')}]" for a in st.aggs)
        return [call("pipe", f"lambda d: pd.DataFrame({{{cells}}})")]
    names, back = _with_temp_names([a.name for a in st.aggs], AGG_RESERVED, set(st.by))
    specs = [(n, _agg_spec(a, st.by)) for n, a in zip(names, st.aggs, strict=True)]
    links = [call("groupby", one_or_list(st.by), "as_index=False"), call("agg", *kwargs(specs))]
    if back:
        links.append(_rename_link(back))
    return links


def _join(st: Join, ref: str) -> list[Link]:
    if st.left_on == st.right_on:
        keys = [f"on={one_or_list(st.left_on)}"]
    else:
        keys = [f"left_on={one_or_list(st.left_on)}", f"right_on={one_or_list(st.right_on)}"]
    right = st.right
    if st.columns:  # bring only what was asked for (and the keys), so no other name collides
        right = f"{st.right}[{str_list(tuple(dict.fromkeys((*st.right_on, *st.columns))))}]"
    return [call("merge", right, *keys, f"how={s(st.how)}")]


def _pivot(st: Pivot, ref: str) -> list[Link]:
    args = [f"index={one_or_list(st.index)}", f"columns={s(st.columns)}"]
    if st.values is not None:
        args.append(f"values={s(st.values)}")
    args.append(f"aggfunc={s(st.func)}")
    if st.func in ("size", "count", "nunique"):
        args.append("fill_value=0")  # a combination that never occurs was counted zero times
    return [call("pivot_table", *args), call("reset_index")]


def _crosstab(st: Crosstab, ref: str) -> list[Link]:
    extra = ", normalize=True" if st.normalize else ""
    body = f"pd.crosstab(d[{s(st.index)}], d[{s(st.columns)}]{extra})"
    return [call("pipe", f"lambda d: {body}"), call("reset_index")]


def _melt(st: Melt, ref: str) -> list[Link]:
    args = []
    if st.id_vars:
        args.append(f"id_vars={str_list(st.id_vars)}")
    if st.value_vars:
        args.append(f"value_vars={str_list(st.value_vars)}")
    if st.var_name != "variable":
        args.append(f"var_name={s(st.var_name)}")
    if st.value_name != "value":
        args.append(f"value_name={s(st.value_name)}")
    return [call("melt", *args)]


def _value_counts(st: ValueCounts, ref: str) -> list[Link]:
    args = [one_or_list(st.columns)] + (["normalize=True"] if st.normalize else [])
    if not st.dropna:
        args.append("dropna=False")
    return [call("value_counts", *args), call("reset_index")]


def _correlation(st: Correlation, ref: str) -> list[Link]:
    if len(st.columns) == 2:
        a, b = st.columns
        if ref != "d":
            return [link(f"[{s(a)}].corr({ref}[{s(b)}])")]
        return [call("pipe", f"lambda d: d[{s(a)}].corr(d[{s(b)}])")]
    if not st.columns:
        return [call("corr", "numeric_only=True")]
    return [link(f"[{str_list(st.columns)}]"), call("corr")]


def _scalar(st: ScalarAgg, ref: str) -> list[Link]:
    if st.column is None:
        return [link(".shape[0]")]
    return [link(f"[{s(st.column)}]{_SCALAR_SUFFIX.get(st.func, f'.{st.func}()')}")]


def _argbest(st: ArgBest, ref: str) -> list[Link]:
    if st.label == st.column:  # the value on the row where the value is largest: the largest value
        return [link(f"[{s(st.column)}].{'max' if st.largest else 'min'}()")]
    method = "idxmax" if st.largest else "idxmin"
    return [call("set_index", s(st.label)), link(f"[{s(st.column)}].{method}()")]


STEP_GENERATORS: dict[type[Node], StepGen] = {
    Filter: _filter,
    Select: _select,
    Drop: _drop,
    Rename: _rename,
    Sort: _sort,
    Head: _head,
    Tail: _tail,
    TopN: _topn,
    Distinct: _distinct,
    DropDuplicates: _drop_duplicates,
    Derive: _derive,
    FillMissing: _fill_missing,
    DropMissing: _drop_missing,
    Aggregate: _aggregate,
    Join: _join,
    Pivot: _pivot,
    Crosstab: _crosstab,
    Melt: _melt,
    ValueCounts: _value_counts,
    Correlation: _correlation,
    ScalarAgg: _scalar,
    ArgBest: _argbest,
    **OPS_GENERATORS,
    **MISSING_GENERATORS,
    **ROW_GENERATORS,
}


def generate(plan: Plan, target: str) -> str:
    """Python source assigning the result of ``plan`` to ``target`` (deterministic: the same plan and
    target always give byte-identical code). Names used: the frames', ``pd`` and ``np`` only."""
    start, links = plan.source, []
    for i, step in enumerate(plan.steps):
        gen = STEP_GENERATORS.get(type(step))
        if gen is None:
            raise NotImplementedError(f"no pandas generator for step {type(step).__name__}")
        out = gen(step, plan.source if i == 0 else "d")
        if i == 0 and out and isinstance(out[0], Restart):  # the first step is a whole expression
            start, out = out[0].flat(), out[1:]
        links += out
    if not links and len(one := f"{target} = {start}") <= WIDTH:
        return one + "\n"
    return chain(target, start, links)
