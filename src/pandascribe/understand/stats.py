"""A column's statistic repeated on every row: "the global average", "the per `continent`
average", "the median of gdpPercap grouped on continent", "the mean of x within each g".

Read wherever a value can stand beside a column: the right-hand side of a comparison ("lifeExp
greater than the global average") and an operand of a formula ("x minus the mean of x"). The
statistic's column may be left out when the sentence already names it ("lifeExp greater than the
average": the average lifeExp); the group is what follows "per", "within", "for each", "grouped
on" …, or stands between "per" and the statistic word ("the per continent average"). The result is
a :class:`~pandascribe.plan.GroupStat`.
"""

from __future__ import annotations

from typing import cast

from ..plan import GroupStat
from ..plan.expr import StatFunc
from .context import Clause
from .items import Item

# aggregate words that make a per-row statistic (counts and distinct counts do not)
_STAT_FUNCS = frozenset({"mean", "median", "sum", "min", "max", "std"})

# words that say the statistic is over all rows
_WHOLE = frozenset({"global", "overall", "whole", "entire", "grand", "full", "dataset", "column"})

# words after a group column that name nothing more ("within continent levels")
_GROUP_TAIL = frozenset({"levels", "level", "groups", "group", "values", "categories", "category"})

# words that, with "on" / "by" after them, announce the group ("grouped on continent")
_GROUPED = frozenset({"grouped", "group", "partitioned", "split", "computed", "calculated", "taken"})


def _stat_func(it: Item) -> StatFunc | None:
    f = it.kw("agg")
    if f in _STAT_FUNCS and not (it.cols and it.col_score >= 85):
        return cast(StatFunc, f)
    return None


class _Reader:
    def __init__(self, cl: Clause, i: int, stop: int):
        self.cl, self.i, self.stop = cl, i, stop

    def cur(self) -> Item | None:
        while self.i < self.stop and self.cl.items[self.i].used:
            self.i += 1
        return self.cl.items[self.i] if self.i < self.stop else None

    def skip(self, words: frozenset[str] | tuple[str, ...]) -> None:
        while (c := self.cur()) is not None and not c.cols and c.words[0] in words and len(c.words) == 1:
            self.i += 1

    def column(self) -> str | None:
        c = self.cur()
        if c is None or not c.cols or c.vals:
            return None
        if len(c.cols) != 1:
            return None
        self.i += 1
        return c.cols[0]

    def group(self) -> tuple[str, ...] | None:
        """ "per g", "within each g", "for each g", "grouped on g", "by g and h"."""
        start = self.i
        c = self.cur()
        if c is None:
            return None
        if c.words[0] in _GROUPED and not c.cols and not (len(c.words) > 1 and c.kw("group")):
            self.i += 1
            c = self.cur()
            if c is None or c.words[0] not in ("on", "by", "over", "per", "within", "for"):
                self.i = start
                return None
        if not (c.kw("group") or c.words[0] in ("on", "over", "within", "for")) or c.cols:
            self.i = start
            return None
        self.i += 1
        self.skip(("each", "every", "the", "its", "their", "a", "column", "columns"))
        if (c := self.cur()) is not None and c.words[-1] in ("value", "values") and not c.cols:
            self.i += 1  # "for each value in column cyl"
            self.skip(("in", "of", "the"))
            self.skip(("column",))
        by: list[str] = []
        while (col := self.column()) is not None:
            by.append(col)
            self.skip(tuple(_GROUP_TAIL))
            c = self.cur()
            if c is not None and (c.kw("and") or c.sym == ",") and not c.cols:
                save = self.i
                self.i += 1
                if self.cur() is not None and self.cur().cols:  # type: ignore[union-attr]
                    continue
                self.i = save
            break
        if not by:
            self.i = start
            return None
        return tuple(by)


def read_stat(
    cl: Clause, i: int, default: str | None, stop: int | None = None
) -> tuple[GroupStat, int] | None:
    """The statistic that starts at item ``i`` and the index just after it, or None.

    ``default`` is the column the sentence already named (None: the statistic must name its own).
    """
    r = _Reader(cl, i, len(cl.items) if stop is None else stop)
    r.skip(("the", "its", "their", "a"))
    whole = False
    by: tuple[str, ...] = ()
    c = r.cur()
    if c is not None and c.kw("group") and not c.cols and c.words[0] == "per":
        # "the per continent average": the group stands before the statistic word
        save = r.i
        r.i += 1
        pre = r.column()
        if pre is None or (nxt := r.cur()) is None or _stat_func(nxt) is None:
            r.i = save
        else:
            by = (pre,)
    named: str | None = None
    c = r.cur()
    if not by and c is not None and c.col and not c.vals and r.i + 1 < r.stop:
        nxt = cl.items[r.i + 1]
        if not nxt.used and _stat_func(nxt) is not None:
            # "the continent average" (a label column: the group), "the lifeExp average" (its column)
            if cl.ctx.kind(c.col) in ("text", "category"):
                by = (c.col,)
            else:
                named = c.col
            r.i += 1
    while (c := r.cur()) is not None and not c.cols and c.words[0] in _WHOLE and len(c.words) <= 2:
        nxt = cl.items[r.i + 1] if r.i + 1 < r.stop else None
        if nxt is None or (_stat_func(nxt) is None and nxt.words[0] not in _WHOLE):
            break
        whole = True
        r.i += 1
    c = r.cur()
    func = _stat_func(c) if c is not None else None
    if func is None:
        return None
    r.i += 1
    r.skip(("of", "the", "value", "values", "column"))
    column = named or r.column()
    if column is not None:
        r.skip(("column", "values", "value"))
    else:
        column = default
    if column is None:
        return None
    if not by and not whole:
        got = r.group()
        if got is not None:
            by = got
    return GroupStat(func=func, column=column, by=by), r.i


def mark_compared_stats(cl: Clause) -> None:
    """Read each statistic that a comparison's right-hand side names ("lifeExp greater than the
    per continent average") before the query's extractors run, so neither the aggregate nor the
    grouping extractor takes its words: the span's first item carries the statistic (and no other
    meaning), the rest are used. The condition parser then compares with it."""
    for k, it in enumerate(cl.items):
        if it.used or not it.kw("cmp") or it.cols or it.sym == "=":
            continue
        left = next((j for j in range(k - 1, -1, -1) if not cl.items[j].filler), None)
        default = cl.items[left].col if left is not None and not cl.items[left].used else None
        before = next((j for j in range(left - 1, -1, -1) if not cl.items[j].filler), None) if left else None
        if before is not None and (cl.items[before].kw("agg") or cl.items[before].kw("count")):
            continue  # "carriers whose mean delay is above the overall mean": a condition on groups
        got = read_stat(cl, k + 1, default)
        if got is None:
            continue
        stat, end = got
        at = next((i for i in range(k + 1, end) if _stat_func(cl.items[i]) is not None), k + 1)
        first = cl.items[at]
        cl.use_range(k + 1, end)
        first.stat, first.kws, first.cols, first.vals, first.filler = stat, (), (), (), False
        first.used = False


#: words after which a statistic of each row's group is a condition ("rows where the sum of vs
#: for each cyl is 0")
_CONDITION_LEADS = frozenset({"where", "whose", "when", "if", "which", "that"})
#: words between a statistic and its comparison
_IS = frozenset({"is", "are", "was", "were", "equals", "equal", "to"})


def mark_group_conditions(cl: Clause) -> None:
    """Read each statistic of the row's group that a condition compares with a number ("where the
    sum of vs for each value in cyl is 0", "whose mean mpg within each cyl is above 20") before the
    query's extractors run, so neither the aggregate nor the grouping extractor takes its words;
    the condition parser compares with it (:meth:`ColumnAtoms._group_stat_atom`). Only a
    statistic that names its groups, right after a condition word."""
    for k, it in enumerate(cl.items):
        if it.used or set(it.words).isdisjoint(_CONDITION_LEADS) or it.cols:
            continue
        got = read_stat(cl, k + 1, None)
        if got is None or not got[0].by:
            continue
        stat, end = got
        j = end
        while j < len(cl.items) and not cl.items[j].cols and set(cl.items[j].words) <= _IS:
            j += 1
        cmp_ok = j < len(cl.items) and (cl.items[j].kw("cmp") or j > end)
        j += 1 if j < len(cl.items) and cl.items[j].kw("cmp") else 0
        num = next((x for x in cl.items[j:] if not x.filler or x.num is not None), None)
        if not cmp_ok or num is None or num.num is None:
            continue
        at = next((i for i in range(k + 1, end) if _stat_func(cl.items[i]) is not None), k + 1)
        first = cl.items[at]
        cl.use_range(k + 1, end)
        first.stat, first.kws, first.cols, first.vals, first.filler = stat, (), (), (), False
        first.used = False
