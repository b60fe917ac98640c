"""The builder of the per-group rules (``data/oprules_groups.toml``): "the different record companies
and the corresponding number of orchestras" → one row per record company and its count.

The groups are said first and what each has second, so the pattern binds the key columns
(``by``), the aggregate (``agg``/``col``, or a count) and, when the question names the group again
("… in each country", "… using it"), that column (``again``), which must be a key. A list with
nothing that says "per group" ("all countries and the number of singers") is refused: the
number of singers overall is a reading too.
"""

from __future__ import annotations

from typing import Any, cast

from ..errors import CompileError
from ..plan import Agg, Aggregate, Sort, SortKey, Step
from ..plan.agg import AggFunc
from .items import Item
from .opconditions import _col, _cols
from .oprules import Match


def build_group_agg(m: Match) -> list[Step]:
    from .query import agg_name

    by = _cols(m, "by")
    if not by:
        raise CompileError("grouped by which column?")
    again = _col(m, "again")
    if again is not None and again not in by:
        raise CompileError(
            f"'{again}' is not one of the groups ({', '.join(by)}); say 'for each <column>'", words=[again]
        )
    if not ("corr" in m.values or "each" in m.values or _leading_group(m)):
        raise CompileError(
            "per group or overall? say 'for each " + by[0] + "'",
            words=[it.text for it in m.items("by")],
        )
    for name in ("verb", "again_word"):  # a free word: a verb ("manage"), the group's noun ("that country")
        free = m.items(name)
        if free and _means_something(free[0]):
            raise CompileError(f"did not understand '{free[0].text}' here", words=[free[0].text])
    _rows_are_rows(m)
    taken = set(by)
    if m.args.get("count"):
        aggs = (Agg(func="size", name=agg_name("size", None, taken)),)
    else:
        it = m.items("agg")[0]
        func = it.kw("agg") or ""
        column = _col(m, "col")
        if column is None or column in by:
            raise CompileError(f"'{it.text}' of which column?", words=[it.text])
        aggs = (Agg(func=cast(AggFunc, func), column=column, name=agg_name(func, column, taken)),)
    return [Aggregate(by=by, aggs=aggs), *_sort_after(m, by)]


def _sort_after(m: Match, by: tuple[str, ...]) -> list[Step]:
    """ "…, ordered by id": the order of the groups, by a key column (the only one the word can
    mean once the rows are grouped)."""
    items = m.items("sortby")
    if not items:
        return []
    keys = [c for c in items[0].cols if c in by]
    if len(keys) != 1:
        raise CompileError(f"sorted by which group column? ({', '.join(by)})", words=[items[0].text])
    return [Sort(keys=(SortKey(column=keys[0], ascending=True),))]


def _rows_are_rows(m: Match) -> None:
    """The nouns read as the rows counted must not be a column's name ("the number of products")."""
    for it in m.items("rows"):
        if _names_a_column(m, it):
            raise CompileError(
                f"'{it.text}': rows, or the column it names? say 'number of rows' or name the column",
                words=[it.text],
            )


def _names_a_column(m: Match, it: Item) -> bool:
    """An unknown noun in the rows slot that is a word of a column's name ("products" of
    ``Number_products``): "districts that have more than 3000 products" is about that column."""
    from .tokens import singular

    if it.rownoun or len(it.words) != 1:
        return False
    word = singular(it.words[0])
    parts = {p for c in m.cl.ctx.current.names for p in c.lower().replace("-", "_").split("_")}
    return word in parts or word in {singular(p) for p in parts}


def _means_something(it: Item) -> bool:
    return bool(it.cols or it.vals or it.num is not None or it.kws or it.string)


def _leading_group(m: Match) -> bool:
    """ "For each citizenship, …", "How many orchestras does each record company …": the group word
    is in the pattern itself, before the key."""
    first = m.slots.get("by", ())
    if not first:
        return False
    i = first[0]
    return i > 0 and any(w in ("each", "every") for w in m.cl.items[i - 1].words)


def build_groups_by_size(m: Match) -> list[Step]:
    """ "the cities that have more than one employee under age 30": the rows kept (the condition
    after the row noun), counted per group, and the groups whose count passes the test."""
    from ..plan import BoolOp, Col, Compare, Filter, Lit
    from .opconditions import _condition
    from .query import agg_name

    by = _cols(m, "by")
    if not by:
        raise CompileError("grouped by which column?")
    tests = _size_tests(m)
    _rows_are_rows(m)
    steps: list[Step] = []
    if m.slots.get("cond"):
        steps.append(Filter(condition=_condition(m)))
    name = agg_name("size", None, set(by))
    steps.append(Aggregate(by=by, aggs=(Agg(func="size", name=name),)))
    compares = [Compare(op=cast(Any, op), left=Col(name=name), right=Lit(value=n)) for op, n in tests]
    steps.append(
        Filter(condition=compares[0] if len(compares) == 1 else BoolOp(op="and", operands=tuple(compares)))
    )
    return steps


def _size_tests(m: Match) -> list[tuple[str, int]]:
    """The tests on each group's row count: one (``op`` and ``n``), or a range "between one and
    two" / "1 to 2" (``lo`` and ``hi``, both ends kept)."""
    ends = [m.items(k)[0].num if m.items(k) else None for k in ("lo", "hi")]
    if ends[0] is not None or ends[1] is not None:
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in ends):
            raise CompileError("how many rows should each group have? say whole numbers")
        lo, hi = sorted(cast(list[int], ends))
        return [("ge", lo), ("le", hi)]
    nums = m.items("n")
    n = nums[0].num if nums else (1 if "one" in m.values else None)
    if not isinstance(n, int) or isinstance(n, bool):
        raise CompileError("how many rows should each group have? say a whole number")
    return [(m.values.get("op", "eq"), n)]


def build_group_best(m: Match) -> list[Step]:
    """ "the record company used by the greatest number of orchestras": count per group, the group
    with the most (fewest) rows — its name alone, or its row with the count when "and how many"
    follows."""
    from ..plan import ArgBest, TopN
    from .query import agg_name

    by = _col(m, "by")
    if by is None:
        raise CompileError("which column names the groups?")
    _rows_are_rows(m)
    name = agg_name("size", None, {by})
    largest = m.values.get("way") == "max"
    steps: list[Step] = [Aggregate(by=(by,), aggs=(Agg(func="size", name=name),))]
    if "howmany" in m.values:
        return [*steps, TopN(n=1, column=name, largest=largest)]
    return [*steps, ArgBest(label=by, column=name, largest=largest)]


def build_group_by_frequency(m: Match) -> list[Step]:
    """ "the record formats of orchestras in ascending order of count": each value with its count,
    ordered by the count."""
    from .query import agg_name

    by = _cols(m, "by")
    if not by:
        raise CompileError("ranked by frequency: the values of which column?")
    name = agg_name("size", None, set(by))
    ascending = m.values.get("dir") == "asc"
    return [
        Aggregate(by=by, aggs=(Agg(func="size", name=name),)),
        Sort(keys=(SortKey(column=name, ascending=ascending),)),
    ]
