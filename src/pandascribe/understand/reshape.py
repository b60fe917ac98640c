"""Clauses that change a frame's shape: join, pivot table, crosstab, melt, correlation, value
counts."""

from __future__ import annotations

from typing import cast

from ..errors import CompileError
from ..plan import Correlation, Crosstab, Melt, Pivot, Step, ValueCounts
from ..plan.nodes import AggFunc
from .command_words import column_list
from .context import Clause


def _verb(cl: Clause, verb: str) -> int:
    i = next(i for i, it in enumerate(cl.items) if it.kw("verb", verb) and not it.used)
    cl.use(i)
    return i


def _use_fillers(cl: Clause, words: tuple[str, ...] = ()) -> None:
    for it in cl.items:
        if not it.used and (it.filler or (it.rownoun and not it.cols) or it.words[0] in words):
            it.used = True


# ---------------------------------------------------------------- join


# ---------------------------------------------------------------- pivot / crosstab / melt


_ROW_WORDS = ("rows", "row", "index", "side", "down")
_COL_WORDS = ("columns", "column", "cols", "top", "across", "header", "headers")


def _words_around(cl: Clause, i: int, step: int, n: int = 4) -> list[str]:
    """Up to n words next to item i (step -1: before, +1: after), nearest first."""
    out: list[str] = []
    j = i + step
    while 0 <= j < len(cl.items) and len(out) < n:
        out.extend(cl.items[j].words[::step])
        j += step
    return out[:n]


def _pivot_role(cl: Clause, i: int) -> str | None:
    after = _words_around(cl, i, +1)
    before = _words_around(cl, i, -1)
    if after[:1] in (["as"], ["in"], ["down"], ["across"], ["becomes"], ["become"], ["on"]) or after[:2] == [
        "for",
        "the",
    ]:
        tail = after[1:4]
        if any(w in ("side", "rows", "row", "index") for w in tail) or after[0] == "down":
            return "index"
        if any(w in ("columns", "column", "top", "cols", "header") for w in tail) or after[0] == "across":
            return "columns"
        if any(w in ("values", "cells", "value") for w in tail):
            return "values"
    if before[:1] in (["per"], ["each"], ["every"], ["by"]) or before[:2] == ["each", "for"]:
        rest = before[1:4]
        if any(w in ("column", "columns") for w in rest):
            return "columns"
        if any(w in ("row", "rows") for w in rest):
            return "index"
        return "group"
    if before[:1] and before[0] in ("rows", "row", "index"):
        return "index"
    if before[:1] and before[0] in ("columns", "column"):
        return "columns"
    if (before[:1] and before[0] in ("of", "values")) or (
        before[:1] and any(k == "agg" for k, _ in cl.items[i - 1].kws) if i > 0 else False
    ):
        return "values"
    return None


def do_pivot(cl: Clause) -> list[Step]:
    for i, it in enumerate(cl.items):
        if it.kw("verb", "pivot") and not it.used and not it.cols:
            cl.use(i)
    func = None
    for i, it in enumerate(cl.items):
        if not it.used and not it.cols and (it.kw("agg") or it.kw("count")):
            func = it.kw("agg") or "size"
            cl.use(i)
            break
    roles: dict[str, list[str]] = {"index": [], "columns": [], "values": [], "group": [], None: []}  # type: ignore[dict-item]
    for i, it in enumerate(cl.items):
        if it.used or not it.cols:
            continue
        roles[_pivot_role(cl, i)].append(cl.column(i))  # type: ignore[index]
        cl.use(i)
    index, columns, values = roles["index"], roles["columns"], roles["values"]
    loose = roles["group"] + roles[None]  # type: ignore[index]
    if func is not None and func != "size" and not values and loose:
        values.append(loose.pop(0)) if roles[None] and loose[0] in roles[None] else None  # type: ignore[index]
    for col in loose:
        if not index:
            index.append(col)
        elif not columns:
            columns.append(col)
        elif not values and func != "size":
            values.append(col)
        else:
            raise CompileError(f"what is '{col}' in the pivot table? (rows, columns or values)")
    for it in cl.items:
        if (
            not it.used
            and not it.cols
            and not it.vals
            and (
                it.filler
                or it.rownoun
                or it.kw("group")
                or it.kw("and")
                or it.kw("in")
                or it.sym in (",", ":")
                or set(it.words)
                & {
                    "rows",
                    "row",
                    "columns",
                    "column",
                    "index",
                    "as",
                    "values",
                    "cells",
                    "across",
                    "down",
                    "side",
                    "top",
                    "becomes",
                    "become",
                    "so",
                    "per",
                    "one",
                    "a",
                    "each",
                }
            )
        ):
            it.used = True
    if not index or len(columns) != 1:
        raise CompileError(
            "a pivot table needs rows and columns: 'pivot table of mean x with a as rows and b as columns'"
        )
    if len(values) > 1:
        raise CompileError("a pivot table takes one column of values", suggestions=values)
    value = values[0] if values else None
    if value is None and func not in (None, "size"):
        raise CompileError(f"{func} of which column in the pivot table?")
    agg = cast(AggFunc, func or ("mean" if value else "size"))
    return [Pivot(index=tuple(index), columns=columns[0], values=value, func=agg)]


def do_crosstab(cl: Clause) -> list[Step]:
    v = _verb(cl, "crosstab")
    cols: list[str] = []
    for i, it in enumerate(cl.items):
        if not it.used and it.cols:
            cols.append(cl.column(i))
            cl.use(i)
    normalize = any(
        w in ("proportions", "proportion", "percentages", "percent", "shares", "normalized")
        for it in cl.items
        for w in it.words
    )
    _use_fillers(
        cl,
        (
            "vs",
            "versus",
            "against",
            "by",
            "and",
            "proportions",
            "proportion",
            "percentages",
            "percent",
            "shares",
            "normalized",
            "as",
            "x",
        ),
    )
    for it in cl.items:
        if not it.used and (it.kw("group") or it.kw("and") or it.kw("in") or it.sym == "," or it.kw("arith")):
            it.used = True
    if len(cols) != 2:
        raise CompileError(
            "a crosstab needs exactly two columns: 'crosstab of a and b'", words=[cl.items[v].text]
        )
    return [Crosstab(index=cols[0], columns=cols[1], normalize=normalize)]


_ID_MARKERS = (
    "keeping",
    "keep",
    "id",
    "ids",
    "identifier",
    "identifiers",
    "by",
    "per",
    "keyed",
    "indexed",
    "grouped",
    "identified",
)


def do_melt(cl: Clause) -> list[Step]:
    _verb(cl, "melt")
    ids: list[str] = []
    vals: list[str] = []
    target = vals
    for i, it in enumerate(cl.items):
        if it.used:
            continue
        if it.words[0] in _ID_MARKERS or it.kw("group"):
            target = ids
            cl.use(i)
        elif it.cols:
            after = _words_around(cl, i, +1)
            if after[:1] == ["as"] and any(
                w in ("id", "ids", "identifier", "key", "index") for w in after[1:4]
            ):
                ids.append(cl.column(i))  # "with species as the id column"
                for j in range(i + 1, min(len(cl.items), i + 5)):
                    if set(cl.items[j].words) & {
                        "as",
                        "the",
                        "id",
                        "ids",
                        "identifier",
                        "key",
                        "index",
                        "column",
                        "columns",
                        "variable",
                    }:
                        cl.use(j)
                    else:
                        break
            else:
                target.append(cl.column(i))
            cl.use(i)
    _use_fillers(
        cl,
        (
            "and",
            "columns",
            "fixed",
            "as",
            "variables",
            "into",
            "rows",
            "long",
            "format",
            "with",
            "to",
            "one",
            "row",
            "per",
            "measurement",
            "variable",
            "value",
        ),
    )
    for it in cl.items:
        if not it.used and (it.kw("verb", "pivot") or it.kw("group")) and not it.cols:
            it.used = True  # "reshape …", "one row per measurement"
    for it in cl.items:
        if not it.used and (it.kw("and") or it.sym == ","):
            it.used = True
    return [Melt(id_vars=tuple(ids), value_vars=tuple(vals))]


def do_corr(cl: Clause) -> list[Step]:
    _verb(cl, "corr")
    for it in cl.items:
        if it.kw("verb", "corr") and not it.cols:
            it.used = True
    cols: list[str] = []
    for i, it in enumerate(cl.items):
        if not it.used and it.cols:
            cols.append(cl.column(i))
            cl.use(i)
    _use_fillers(cl, ("and", "with", "between", "of", "matrix", "all", "numeric", "columns", "vs", "versus"))
    for it in cl.items:
        if not it.used and (it.kw("and") or it.sym == "," or it.kw("in")):
            it.used = True
    if len(cols) == 1:
        raise CompileError(f"correlation of '{cols[0]}' with which column?")
    return [Correlation(columns=tuple(dict.fromkeys(cols)))]


def do_value_counts(cl: Clause) -> list[Step]:
    v = _verb(cl, "value_counts")
    cols, _ = column_list(cl, v + 1)
    if not cols:
        for i, it in enumerate(cl.items):
            if not it.used and it.cols:
                cols.append(cl.column(i))
                cl.use(i)
    normalize = any(
        w
        in (
            "proportions",
            "proportion",
            "share",
            "shares",
            "percentages",
            "normalized",
            "fraction",
            "percentage",
        )
        for it in cl.items
        for w in it.words
    )
    keep_missing = False
    for it in cl.items:
        if not it.used and (
            it.kw("missing") or it.words[0] in ("including", "include", "counting", "nan", "nans")
        ):
            keep_missing = True  # "including missing ones"
            it.used = True
    _use_fillers(
        cl,
        (
            "occurs",
            "occur",
            "appears",
            "appear",
            "proportions",
            "proportion",
            "share",
            "shares",
            "percentages",
            "normalized",
            "as",
            "ones",
            "values",
            "too",
            "also",
        ),
    )
    for it in cl.items:
        if (
            not it.used
            and (it.kw("group") or it.kw("in") or it.kw("dir", "desc"))
            and not it.cols
            and not it.vals
        ):
            it.used = True  # "share of penguins on each island"; counts come most common first anyway
    if not cols:
        raise CompileError("value counts of which column?")
    return [ValueCounts(columns=tuple(cols), normalize=normalize, dropna=not keep_missing)]


# ---------------------------------------------------------------- keys
