"""Verb-led cleaning clauses: drop columns or rows, drop missing values, fill them, distinct values
and duplicate rows.

They share one question — rows or columns, and which — so they live together, apart from the
productions that edit columns (select, rename, case).
"""

from __future__ import annotations

from ..errors import CompileError
from ..plan import (
    Distinct,
    Drop,
    DropDuplicates,
    DropMissing,
    Expr,
    FillMissing,
    Filter,
    IsNull,
    Not,
    Step,
)
from .command_find import _all_except
from .command_words import _rest_condition, _use_column_words, _verb_index, column_list
from .conditions import _negate
from .context import Clause


def do_drop(cl: Clause) -> list[Step]:
    if _all_except(cl):
        cols = [cl.column(i) for i, it in enumerate(cl.items) if it.cols]
        for it in cl.items:
            it.used = True
        return [Drop(columns=tuple(dict.fromkeys(cols)))]
    v = _verb_index(cl, "drop")
    cl.use(v)
    raw = v + 1 if v + 1 < len(cl.items) and cl.items[v + 1].words[0] not in ("the", "all", "any") else v + 2
    rows_word = raw < len(cl.items) and (cl.items[raw].rownoun or cl.items[raw].words[0] in ("rows", "row"))
    k = cl.skip(v + 1)
    if k < len(cl.items) and cl.items[k].kw("verb", "dedupe"):
        return do_dedupe(cl)
    if k < len(cl.items) and (cl.items[k].kw("missing") or cl.items[k].kw("verb", "dropna")):
        return do_dropna(cl)
    if not rows_word:
        cols, _ = column_list(cl, k)
        _use_column_words(cl)
        if cols and not cl.live():
            return [Drop(columns=tuple(dict.fromkeys(cols)))]
        if cols:
            raise CompileError(
                "drop which: the columns, or the rows where …? say 'drop the columns …' or "
                "'drop rows where …'"
            )
    cond = _rest_condition(cl)
    if cond is None:
        raise CompileError("drop what? name columns, or say which rows (e.g. 'drop rows where x is missing')")
    nulls = _only_nulls(cond)
    if nulls is not None:
        return [DropMissing(columns=tuple(nulls))]
    return [Filter(condition=_negate(cond) if not isinstance(cond, Not) else cond.operand)]


def _only_nulls(cond: Expr) -> list[str] | None:
    """ "rows where x is missing" → [x]; "… where x or y is missing" → [x, y]."""
    from ..plan import BoolOp, Col

    if isinstance(cond, IsNull) and not cond.negate and isinstance(cond.expr, Col):
        return [cond.expr.name]
    if isinstance(cond, BoolOp) and cond.op == "or":
        out = []
        for p in cond.operands:
            got = _only_nulls(p)
            if got is None:
                return None
            out += got
        return out
    return None


def do_dropna(cl: Clause) -> list[Step]:
    if any(it.words in (("columns",), ("column",)) and not it.cols for it in cl.items):
        raise CompileError(
            "dropping the columns that hold missing values is not supported; say 'drop rows with "
            "missing values' or name the columns to drop",
            words=["columns"],
        )
    for i, it in enumerate(cl.items):
        if not it.used and (it.kw("verb", "dropna") or it.kw("missing") or it.kw("verb", "drop")):
            cl.use(i)
    cols: list[str] = []
    how = "any"
    for i in cl.live():
        it = cl.items[i]
        if it.cols and not it.used:
            cols.append(cl.column(i))
            cl.use(i)
        elif it.words[0] in ("all", "every") and not it.used:
            how = "all"
            cl.use(i)
        elif (
            it.kw("and")
            or it.sym == ","
            or it.kw("in")
            or it.kw("missing")
            or it.rownoun
            or it.kw("verb", "dropna")
            or it.words[0] in ("any", "values")
        ):
            cl.use(i)
    return [DropMissing(columns=tuple(dict.fromkeys(cols)), how=how)]  # type: ignore[arg-type]


_FILL_METHODS = {
    "mean": "mean",
    "average": "mean",
    "median": "median",
    "zero": "zero",
    "zeros": "zero",
    "previous": "ffill",
    "forward": "ffill",
    "ffill": "ffill",
    "last": "ffill",
    "next": "bfill",
    "backward": "bfill",
    "bfill": "bfill",
    "following": "bfill",
}


def do_fill(cl: Clause) -> list[Step]:
    # "convert the NaN values … to 0": command_find routes a conversion verb here only when
    # missing values follow it
    v = next(
        i
        for i, it in enumerate(cl.items)
        if (it.kw("verb", "fill") or it.kw("verb", "strcase")) and not it.used
    )
    cl.use(v)
    saw_missing = bool(
        cl.items[v].words[-1] in ("missing", "fillna", "impute") or "missing" in cl.items[v].words
    )
    cols: list[str] = []
    k = v + 1
    while k < len(cl.items):
        it = cl.items[k]
        if it.kw("missing") and not it.cols:
            saw_missing = True
            cl.use(k)
        elif it.cols and not it.used:
            cols.append(cl.column(k))
            cl.use(k)
        elif it.filler or it.kw("in") or it.kw("and") or it.sym == "," or it.rownoun:
            if it.words[0] in ("with", "by", "using", "as") and (cols or saw_missing):
                break
            cl.use(k)
        else:
            break
        k += 1
    if k < len(cl.items) and cl.items[k].words[0] in ("with", "by", "using", "as", "to"):
        cl.use(k)
        k += 1
    if not saw_missing and cl.items[v].words[0] == "replace":
        raise CompileError("replace what? only missing values can be replaced: 'replace missing x with 0'")
    while (
        k < len(cl.items)
        and cl.items[k].filler
        and cl.items[k].words[0] in ("the", "a", "an", "its", "their")
    ):
        cl.use(k)
        k += 1
    if k >= len(cl.items):
        raise CompileError(
            "fill missing values with what? (a value, 'the mean', 'the median', 'the previous value')"
        )
    it = cl.items[k]
    cl.use(k)
    for j in range(k + 1, len(cl.items)):
        nxt = cl.items[j]
        if nxt.words[0] in ("value", "values", "one", "of", "column") or (nxt.cols and nxt.col in cols):
            cl.use(j)
    word = it.words[0]
    if it.kw("agg") in ("mean", "median") or (word in _FILL_METHODS and it.num is None and it.string is None):
        method = it.kw("agg") if it.kw("agg") in ("mean", "median") else _FILL_METHODS[word]
        return [FillMissing(columns=tuple(cols), method=method)]  # type: ignore[arg-type]
    if it.num is not None:
        value: object = it.num
    elif it.string is not None:
        value = it.string
    elif it.vals:
        value = it.vals[0].value
    else:
        value = it.text
    return [FillMissing(columns=tuple(cols), method="value", value=value)]  # type: ignore[arg-type]


def do_distinct(cl: Clause) -> list[Step]:
    v = next((i for i, it in enumerate(cl.items) if it.kw("verb", "distinct") and not it.used), None)
    if v is None:  # "what manufacturers are there?"
        v = next(i for i, it in enumerate(cl.items) if it.kw("verb", "which"))
        for it in cl.items:
            if it.filler and not it.cols:
                it.used = True
    cl.use(v)
    k = v + 1
    while k < len(cl.items) and cl.items[k].words[0] in (
        "combinations",
        "combination",
        "pairs",
        "pair",
        "values",
        "value",
        "of",
        "the",
        "combos",
        "sets",
    ):
        cl.use(k)
        k += 1
    cols, _ = column_list(cl, k)
    for i, it in enumerate(cl.items):  # "distinct origin and dest pairs / combinations"
        if not it.used and it.words[0] in (
            "pairs",
            "combinations",
            "combos",
            "values",
            "pair",
            "combination",
        ):
            cl.use(i)
    if not cols:
        raise CompileError(
            "distinct values of which column?",
            suggestions=[c.name for c in cl.ctx.current.columns if c.textual][:5],
        )
    cond = _rest_condition(cl)
    steps: list[Step] = [Filter(condition=cond)] if cond is not None else []
    return [*steps, Distinct(columns=tuple(dict.fromkeys(cols)))]


_REMOVING = frozenset(
    {
        "drop",
        "remove",
        "delete",
        "dedupe",
        "deduplicate",
        "eliminate",
        "without",
        "no",
        "unique",
        "distinct",
        "discard",
        "get rid of",
    }
)


def do_dedupe(cl: Clause) -> list[Step]:
    if not any(
        w in _REMOVING or w.startswith("dedup") for it in cl.items for w in (*it.words, " ".join(it.words))
    ):
        # "the duplicate items" names the repeated rows; only a removing word asks to drop them
        raise CompileError("keep or drop the duplicates? say 'drop duplicate rows'", words=["duplicate"])
    for i, it in enumerate(cl.items):
        if not it.used and (it.kw("verb", "dedupe") or it.kw("verb", "drop")):
            cl.use(i)
    keep = "first"
    cols: list[str] = []
    for i in cl.live():
        it = cl.items[i]
        if it.used:
            continue
        if it.kw("tail") and not it.cols:
            keep = "last"
            cl.use(i)
        elif it.kw("head") and not it.cols:
            cl.use(i)
        elif it.cols:
            got, _ = column_list(cl, i)
            cols += got
        elif (
            it.kw("group")
            or it.kw("in")
            or it.words[0]
            in ("based", "on", "keeping", "keep", "considering", "using", "occurrence", "one", "copy")
            or it.rownoun
            or it.kw("and")
            or it.sym == ","
        ):
            cl.use(i)
    return [DropDuplicates(subset=tuple(dict.fromkeys(cols)), keep=keep)]  # type: ignore[arg-type]
