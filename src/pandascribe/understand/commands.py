"""Clauses led by a verb (select, drop, rename, add a column, fill, join, pivot …).

:func:`find_command` finds the verb that decides the clause; :data:`COMMANDS` maps it to its
production. A clause with no deciding verb is a query clause (:mod:`query`).
"""

from __future__ import annotations

from collections.abc import Callable

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
    Rename,
    RenamePair,
    Select,
    Step,
)
from .conditions import Conditions, _negate
from .context import Clause
from .query import parse_query

# verbs that decide a clause wherever they stand, and verbs that do so only at its start
ANYWHERE = (
    "rename",
    "join",
    "pivot",
    "crosstab",
    "melt",
    "corr",
    "value_counts",
    "dedupe",
    "dropna",
    "window",
    "fill",
)
LEADING = ("select", "drop", "derive", "distinct", "strcase")


_CASE_WORDS = {"uppercase", "lowercase", "capitalize", "capitalise", "capitalized"}
_PIVOT_HINTS = (
    ("across", "the", "top"),
    ("down", "the", "side"),
    ("as", "columns"),
    ("one", "column", "per"),
)


def _has_phrase(cl: Clause, phrase: tuple[str, ...]) -> bool:
    words = [w for it in cl.items for w in it.words]
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))


def find_command(cl: Clause) -> str | None:
    words = {w for it in cl.items for w in it.words}
    if words & _CASE_WORDS or any(_has_phrase(cl, (c, "case")) for c in ("upper", "lower", "title")):
        return "strcase"
    if any(it.kw("verb", "melt") for it in cl.items):
        return "melt"  # "reshape … to long form": melt wins over the pivot reading of "reshape"
    if any(_has_phrase(cl, p) for p in _PIVOT_HINTS):
        return "pivot"
    if _all_except(cl):
        return "drop"
    if _what_exists(cl):
        return "distinct"
    if words & {"rank", "ranked", "ranking"} and (
        words & {"within", "per"} or ("each" in words and "in" in words)
    ):
        return "window"  # "rank the yields within each site"
    for it in cl.items:
        for k, v in it.kws:
            if k == "verb" and v in ANYWHERE and not (it.cols and it.col_score >= 85):
                return v
    leading = True
    for it in cl.items:
        for k, v in it.kws:
            if k == "verb" and leading and v in LEADING and not (it.cols and it.col_score >= 85):
                return v
        if not it.filler and not (it.rownoun and not it.cols):
            leading = False
    if any(it.sym == "=" for it in cl.items) and _looks_like_assignment(cl):
        return "derive"
    if _leading_columns(cl):
        return "select"
    return None


def _all_except(cl: Clause) -> bool:
    """ "everything except acceleration", "all columns but name"."""
    k = 0
    while k < len(cl.items) and cl.items[k].words[0] in (
        "everything",
        "all",
        "the",
        "columns",
        "every",
        "column",
    ):
        k += 1
    return (
        0 < k < len(cl.items)
        and bool(cl.items[k].kw("not"))
        and k + 1 < len(cl.items)
        and bool(cl.items[k + 1].cols or cl.items[k + 1].words[0] == "the")
    )


def _what_exists(cl: Clause) -> bool:
    """ "what manufacturers are there?", "which carriers exist"."""
    live = [it for it in cl.items if not it.filler or it.cols or it.kw("verb", "which")]
    return (
        len(live) == 2
        and bool(live[0].kw("verb", "which"))
        and bool(live[1].cols)
        and any(w in ("there", "exist", "exists", "appear", "occur") for it in cl.items for w in it.words)
    )


def _leading_columns(cl: Clause) -> bool:
    """ "year, month, day and carrier" / "the origin, dest and distance of flights …" / "name column":
    a clause that starts with a list of columns asks for those columns."""
    k = cl.skip(0)
    n = 0
    while k < len(cl.items) and cl.items[k].cols and not cl.items[k].vals and not cl.items[k].kws:
        n += 1
        k2 = cl.skip(k + 1)
        if k2 < len(cl.items) and (cl.items[k2].sym == "," or cl.items[k2].kw("and")):
            k = cl.skip(k2 + 1)
            continue
        k += 1  # the word right after the list decides ("… of flights", "… columns")
        break
    if n == 0:
        return False
    nxt = cl.items[k] if k < len(cl.items) else None
    if nxt is None:
        return n >= 2
    if n == 1 and nxt.words[0] in ("of", "for"):
        # "the names of people whose …", "name of all singers": a column of the rows named next
        r = cl.skip(k + 1)
        while (
            r < len(cl.items)
            and cl.items[r].words[0] in ("all", "every", "each", "the")
            and not cl.items[r].cols
        ):
            r = cl.skip(r + 1)
        return r < len(cl.items) and cl.items[r].rownoun and not cl.items[r].cols and not cl.items[r].vals
    return nxt.words[0] in ("columns", "column", "of", "for", "where") and (
        n >= 2 or nxt.words[0] in ("columns", "column")
    )


def _looks_like_assignment(cl: Clause) -> bool:
    eq = next(i for i, it in enumerate(cl.items) if it.sym == "=")
    return 0 < eq <= 3 and not any(it.kw("cmp") and it.sym != "=" for it in cl.items[:eq])


def column_list(cl: Clause, i: int) -> tuple[list[str], int]:
    """``A, B and C`` starting at item i (filler skipped): the columns and the next index."""
    cols: list[str] = []
    k = cl.skip(i)
    while k < len(cl.items) and not cl.items[k].used and cl.items[k].cols:
        cols.append(cl.column(k))
        cl.use(k)
        k2 = cl.skip(k + 1)
        if k2 < len(cl.items) and (cl.items[k2].sym == "," or cl.items[k2].kw("and")):
            k3 = cl.skip(k2 + 1)
            if k3 < len(cl.items) and cl.items[k3].cols and not cl.items[k3].used:
                cl.use(k2)
                k = k3
                continue
        k = k2
        break
    return cols, k


def _verb_index(cl: Clause, verb: str) -> int:
    return next(i for i, it in enumerate(cl.items) if it.kw("verb", verb) and not it.used)


def _rest_condition(cl: Clause) -> Expr | None:
    return Conditions(cl, cl.live()).parse()


# ---------------------------------------------------------------- productions


def _use_column_words(cl: Clause) -> None:
    for i, it in enumerate(cl.items):
        if (
            not it.used
            and it.words[0] in ("columns", "column", "fields", "variables", "cols")
            and not it.cols
        ):
            cl.use(i)


def do_select(cl: Clause) -> list[Step]:
    v = next((i for i, it in enumerate(cl.items) if it.kw("verb", "select") and not it.used), None)
    if v is not None:
        cl.use(v)
        j = v + 1
        while j < len(cl.items) and not cl.items[j].cols and not cl.items[j].vals:
            if cl.items[j].rownoun or cl.items[j].words[0] in ("where", "whose", "that", "which", "with"):
                return parse_query(cl)  # "select the rows where …": rows are chosen, not columns
            j += 1
    cols, k = column_list(cl, v + 1 if v is not None else 0)
    if not cols:
        return parse_query(cl)
    _use_column_words(cl)
    if k < len(cl.items) and cl.items[k].words[0] in ("of", "for") and not cl.items[k].used:
        cl.use(k)
    rest = parse_query(cl) if cl.live() else []  # "name and mpg of the 10 most fuel efficient cars"
    return [*rest, Select(columns=tuple(dict.fromkeys(cols)))]


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


def do_rename(cl: Clause) -> list[Step]:
    v = _verb_index(cl, "rename")
    cl.use(v)
    pairs: list[RenamePair] = []
    k = cl.skip(v + 1)
    while k < len(cl.items):
        if not cl.items[k].cols:
            raise cl.unknown(cl.items[k])
        old = cl.column(k)
        cl.use(k)
        k += 1
        while k < len(cl.items) and cl.items[k].words[0] in ("column", "field", "variable"):
            cl.use(k)
            k += 1
        direct = (
            k < len(cl.items)
            and not cl.items[k].kws
            and not cl.items[k].cols
            and cl.items[k].sym is None
            and cl.items[k].words[0] not in ("the", "a", "an", "to", "as", "into")
        )
        if not direct:  # "rename a to b"; "call species kind" names the new name directly
            if k >= len(cl.items) or (
                cl.items[k].words[0] not in ("to", "as", "into", "->", "=") and not cl.items[k].kw("dirto")
            ):
                raise CompileError(f"rename '{old}' to what? say 'rename {old} to new_name'")
            cl.use(k)
            k += 1
        if k >= len(cl.items):
            raise CompileError(f"rename '{old}' to what?")
        new_item = cl.items[k]
        new = new_item.string if new_item.string is not None else new_item.text.replace(" ", "_")
        cl.use(k)
        pairs.append(RenamePair(old=old, new=new))
        k = cl.skip(k + 1)
        if k < len(cl.items) and (cl.items[k].sym == "," or cl.items[k].kw("and")):
            cl.use(k)
            k = cl.skip(k + 1)
            continue
        break
    return [Rename(pairs=tuple(pairs))]


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
    v = _verb_index(cl, "fill")
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


_CASES = {
    "upper": "upper",
    "uppercase": "upper",
    "capitals": "upper",
    "caps": "upper",
    "lower": "lower",
    "lowercase": "lower",
    "title": "title",
    "capitalize": "title",
    "capitalise": "title",
    "capitalized": "title",
}


def do_strcase(cl: Clause) -> list[Step]:
    """ "convert Name to upper case", "lowercase the airline names": change text case in place."""
    from ..plan import Col, Derive, StrCall

    func = None
    cols: list[str] = []
    for i, it in enumerate(cl.items):
        if it.used:
            continue
        word = next((w for w in it.words if w in _CASES), None)
        if word is not None and (not it.cols or it.col_score < 85):
            func = _CASES[word]
            cl.use(i)
        elif it.cols:
            cols.append(cl.column(i))
            cl.use(i)
        elif (
            it.kw("verb", "strcase")
            or it.kw("verb", "derive")
            or it.filler
            or it.words[0] in ("case", "letters", "to", "into", "in", "all")
            or it.kw("and")
            or it.sym == ","
            or it.rownoun
        ):
            cl.use(i)
    if func is None or not cols:
        raise CompileError("change the case of which column, to upper, lower or title case?")
    return [Derive(name=c, expr=StrCall(func=func, expr=Col(name=c))) for c in dict.fromkeys(cols)]  # type: ignore[arg-type]


def _lazy(module: str, attr: str) -> Callable[[Clause], list[Step]]:
    def run(cl: Clause) -> list[Step]:
        import importlib

        fn: Callable[[Clause], list[Step]] = getattr(importlib.import_module(f".{module}", __package__), attr)
        return fn(cl)

    return run


COMMANDS: dict[str, Callable[[Clause], list[Step]]] = {
    "select": do_select,
    "drop": do_drop,
    "dropna": do_dropna,
    "rename": do_rename,
    "fill": do_fill,
    "distinct": do_distinct,
    "dedupe": do_dedupe,
    "strcase": do_strcase,
    "derive": _lazy("derive", "do_derive"),
    "window": _lazy("derive", "do_window"),
    "join": _lazy("reshape", "do_join"),
    "pivot": _lazy("reshape", "do_pivot"),
    "crosstab": _lazy("reshape", "do_crosstab"),
    "melt": _lazy("reshape", "do_melt"),
    "corr": _lazy("reshape", "do_corr"),
    "value_counts": _lazy("reshape", "do_value_counts"),
}
