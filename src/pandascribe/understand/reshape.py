"""Clauses that change a frame's shape: join, pivot table, crosstab, melt, correlation, value
counts."""

from __future__ import annotations

from ..errors import CompileError
from ..plan import Correlation, Crosstab, Join, Melt, Pivot, Step, ValueCounts
from .commands import column_list
from .context import Clause
from .ground import ColumnIndex


def _verb(cl: Clause, verb: str) -> int:
    i = next(i for i, it in enumerate(cl.items) if it.kw("verb", verb) and not it.used)
    cl.use(i)
    return i


def _use_fillers(cl: Clause, words: tuple[str, ...] = ()) -> None:
    for it in cl.items:
        if not it.used and (it.filler or it.rownoun and not it.cols or it.words[0] in words):
            it.used = True


# ---------------------------------------------------------------- join


def _right_key(cl: Clause, right: str, left_col: str) -> str:
    """The right frame's column to match ``left_col``: the same name, else the text column whose
    values overlap the left column's values most (``dest`` ↔ airports.``faa``)."""
    rs = cl.ctx.schemas[right]
    if left_col in rs:
        return left_col
    left = cl.ctx.info(left_col)
    if left is None or not left.values:
        raise CompileError(f"which column of {right} matches '{left_col}'?", suggestions=list(rs.names)[:6])
    lv = set(left.values)
    scored = sorted(((len(lv & set(c.values)), c.name) for c in rs.columns if c.values), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        raise CompileError(f"which column of {right} matches '{left_col}'?", suggestions=list(rs.names)[:6])
    return scored[0][1]


def do_join(cl: Clause) -> list[Step]:
    v = _verb(cl, "join")
    how = "inner" if "inner" in cl.items[v].words else "left"
    right = None
    for i, it in enumerate(cl.items):
        if it.frame and it.frame != cl.ctx.source and not it.used:
            right = it.frame
            cl.use(i)
        elif it.frame == cl.ctx.source or (it.rownoun and it.frame is None):
            cl.use(i)
    if right is None:
        others = [n for n in cl.ctx.schemas if n != cl.ctx.source]
        raise CompileError("join with which frame?", suggestions=others)
    rindex = ColumnIndex(cl.ctx.schemas[right])
    left_on: list[str] = []
    right_on: list[str] = []
    pending: str | None = None
    for i, it in enumerate(cl.items):
        if it.used:
            continue
        if it.words[0] in ("inner", "only", "matching") and not it.cols:
            how = "inner"
            cl.use(i)
            continue
        if it.words[0] in ("keeping", "keep", "all", "left", "outer") and not it.cols:
            cl.use(i)
            continue
        in_left = list(it.cols) if it.cols else []
        score, rcols = rindex.match(it.words)
        if not in_left and not rcols:
            if it.filler or it.kw("cmp", "eq") or it.kw("and") or it.sym in ("=", ",") or it.kw("in") or it.kw("group"):
                cl.use(i)
                continue
            if it.words[0] in ("on", "using", "key", "keys", "matching", "match", "where", "when", "equals"):
                cl.use(i)
                continue
            raise CompileError(f"did not understand '{it.text}' in the join", words=[it.text])
        cl.use(i)
        if pending is None and in_left:
            pending = cl.column(i)
            left_on.append(pending)
            continue
        if pending is not None and rcols:
            if len(rcols) > 1:
                raise CompileError(f"'{it.text}' could mean several columns of {right}", suggestions=rcols)
            right_on.append(rcols[0])
            pending = None
            continue
        if rcols and not in_left:
            raise CompileError(f"'{it.text}' is a column of {right}; say which column of {cl.ctx.source} it matches")
    if pending is not None:
        right_on.append(_right_key(cl, right, pending))
    if not left_on:
        shared = [c for c in cl.ctx.current.names if c in cl.ctx.schemas[right]]
        if len(shared) != 1:
            raise CompileError(
                f"join {cl.ctx.source} and {right} on which column? say 'on <column>'",
                suggestions=shared or list(cl.ctx.schemas[right].names)[:5],
            )
        left_on, right_on = shared, shared
    return [Join(right=right, left_on=tuple(left_on), right_on=tuple(right_on), how=how)]  # type: ignore[arg-type]


# ---------------------------------------------------------------- pivot / crosstab / melt


def do_pivot(cl: Clause) -> list[Step]:
    v = _verb(cl, "pivot")
    func = None
    values = None
    index: list[str] = []
    columns: str | None = None
    items = cl.items
    k = cl.skip(v + 1)
    if k < len(items) and (items[k].kw("agg") or items[k].kw("count")) and not items[k].cols:
        func = items[k].kw("agg") or "size"
        cl.use(k)
        k = cl.skip(k + 1)
    if k < len(items) and items[k].cols and not items[k].used:
        nxt = cl.skip(k + 1)
        role = _role(cl, nxt)
        if role is None:
            values = cl.column(k)
            cl.use(k)
    for i, it in enumerate(items):
        if it.used or not it.cols:
            continue
        col = cl.column(i)
        role = _role(cl, cl.skip(i + 1))
        before = _role_before(cl, i)
        role = role or before
        if role == "index":
            index.append(col)
        elif role == "columns":
            columns = col
        elif not index:
            index.append(col)
        elif columns is None:
            columns = col
        else:
            raise CompileError(f"what is '{it.text}' in the pivot table? (rows, columns or values)")
        cl.use(i)
    _use_fillers(cl, ("rows", "row", "columns", "column", "index", "as", "with", "values", "cells", "across",
                      "down", "in", "on", "and", "by"))
    for i, it in enumerate(items):
        if not it.used and (it.kw("group") or it.kw("and") or it.kw("in") or it.sym == ","):
            cl.use(i)
    if not index or columns is None:
        raise CompileError("a pivot table needs rows and columns: 'pivot table of mean x with a as rows and b as columns'")
    if values is None and func not in (None, "size"):
        raise CompileError(f"{func} of which column in the pivot table?")
    return [Pivot(index=tuple(index), columns=columns, values=values, func=func or ("mean" if values else "size"))]  # type: ignore[arg-type]


def _role(cl: Clause, k: int) -> str | None:
    """"X as rows" / "X as columns" / "X in the rows" → the role named after position k."""
    items = cl.items
    j = k
    while j < len(items) and items[j].words[0] in ("as", "in", "on", "the", "for", "down", "across"):
        j += 1
    if j < len(items) and j > k - 1:
        w = items[j].words[0]
        if w in ("rows", "row", "index"):
            cl.use_range(k, j + 1)
            return "index"
        if w in ("columns", "column", "cols"):
            cl.use_range(k, j + 1)
            return "columns"
    return None


def _role_before(cl: Clause, i: int) -> str | None:
    """"rows: X" / "with rows X" / "columns X"."""
    j = i - 1
    while j >= 0 and (cl.items[j].sym == ":" or cl.items[j].words[0] in ("by", "=")):
        j -= 1
    if j >= 0 and not cl.items[j].cols:
        w = cl.items[j].words[-1]
        if w in ("rows", "row", "index"):
            cl.use(j)
            return "index"
        if w in ("columns", "column", "cols"):
            cl.use(j)
            return "columns"
    return None


def do_crosstab(cl: Clause) -> list[Step]:
    v = _verb(cl, "crosstab")
    cols: list[str] = []
    for i, it in enumerate(cl.items):
        if not it.used and it.cols:
            cols.append(cl.column(i))
            cl.use(i)
    normalize = any(w in ("proportions", "proportion", "percentages", "percent", "shares", "normalized")
                    for it in cl.items for w in it.words)
    _use_fillers(cl, ("vs", "versus", "against", "by", "and", "proportions", "proportion", "percentages",
                      "percent", "shares", "normalized", "as", "x"))
    for it in cl.items:
        if not it.used and (it.kw("group") or it.kw("and") or it.kw("in") or it.sym == "," or it.kw("arith")):
            it.used = True
    if len(cols) != 2:
        raise CompileError("a crosstab needs exactly two columns: 'crosstab of a and b'", words=[cl.items[v].text])
    return [Crosstab(index=cols[0], columns=cols[1], normalize=normalize)]


def do_melt(cl: Clause) -> list[Step]:
    _verb(cl, "melt")
    ids: list[str] = []
    vals: list[str] = []
    target = vals
    for i, it in enumerate(cl.items):
        if it.used:
            continue
        if it.words[0] in ("keeping", "keep", "id", "ids", "identifier", "identifiers", "by", "per") or it.kw("group"):
            target = ids
            cl.use(i)
        elif it.cols:
            target.append(cl.column(i))
            cl.use(i)
    _use_fillers(cl, ("and", "columns", "fixed", "as", "variables", "into", "rows", "long", "format"))
    for it in cl.items:
        if not it.used and (it.kw("and") or it.sym == ","):
            it.used = True
    return [Melt(id_vars=tuple(ids), value_vars=tuple(vals))]


def do_corr(cl: Clause) -> list[Step]:
    _verb(cl, "corr")
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
    normalize = any(w in ("proportions", "proportion", "share", "shares", "percentages", "normalized")
                    for it in cl.items for w in it.words)
    _use_fillers(cl, ("occurs", "occur", "appears", "appear", "proportions", "proportion", "share", "shares",
                      "percentages", "normalized", "as"))
    if not cols:
        raise CompileError("value counts of which column?")
    return [ValueCounts(columns=tuple(cols), normalize=normalize)]
