"""Clauses led by a verb (select, drop, rename, add a column, fill, join, pivot …).

:func:`find_command` finds the verb that decides the clause; :data:`COMMANDS` maps it to its
production. A clause with no deciding verb is a query clause (:mod:`query`).
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import CompileError
from ..plan import (
    Rename,
    RenamePair,
    Select,
    Step,
)
from .command_words import _use_column_words, _verb_index, column_list
from .commands_clean import do_dedupe, do_distinct, do_drop, do_dropna, do_fill
from .context import Clause
from .projection import columns_start, remember_projection, take_by_value, take_scope
from .query import parse_query
from .query_best import rows_to_project

# ---------------------------------------------------------------- productions


def do_select(cl: Clause) -> list[Step]:
    v = next((i for i, it in enumerate(cl.items) if it.kw("verb", "select") and not it.used), None)
    if v is not None:
        cl.use(v)
        j = v + 1
        while j < len(cl.items) and not cl.items[j].cols and not cl.items[j].vals:
            if cl.items[j].rownoun or cl.items[j].words[0] in ("where", "whose", "that", "which", "with"):
                return parse_query(cl)  # "select the rows where …": rows are chosen, not columns
            j += 1
    cols, k = column_list(cl, columns_start(cl, v + 1 if v is not None else 0, mark=True))
    if not cols:
        return parse_query(cl)
    _use_column_words(cl)
    remember_projection(cl, cols)
    take_by_value(cl)
    j = k
    while j > 0 and not cl.items[j - 1].used:
        j -= 1  # back over the filler column_list passed ("of" in "names of people")
    if not take_scope(cl, j) and k < len(cl.items) and cl.items[k].words[0] in ("of", "for"):
        cl.use(k)  # "name of …": the rows are named by what follows
    rest = parse_query(cl) if cl.live() else []  # "name and mpg of the 10 most fuel efficient cars"
    picked = tuple(dict.fromkeys(cols))
    return [*rows_to_project(rest, picked), Select(columns=picked)]


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
    "ask": _lazy("command_ask", "do_ask"),
    "colpattern": _lazy("colpattern", "do_colpattern"),
    "summary": _lazy("summary", "do_summary"),
    "rescale": _lazy("rescale", "do_rescale"),
    "zscore": _lazy("zscore", "do_zscore"),
    "round": _lazy("rounding", "do_round_columns"),
    "window": _lazy("window", "do_window"),
    "join": _lazy("joins", "do_join"),
    "pivot": _lazy("reshape", "do_pivot"),
    "crosstab": _lazy("reshape", "do_crosstab"),
    "melt": _lazy("reshape", "do_melt"),
    "corr": _lazy("reshape", "do_corr"),
    "value_counts": _lazy("reshape", "do_value_counts"),
}
