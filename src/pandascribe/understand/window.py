"""Window clauses: running totals, ranks, shifts and differences, per group or over the whole frame
("rank the yields within each site", "cumulative sum of sales by region").

They keep every row (unlike aggregates) and so are their own production, chosen by
``command_find``.
"""

from __future__ import annotations

from ..errors import CompileError
from ..plan import Col, DatePart, Derive, Step, Window
from .context import Clause
from .items import Item

_WINDOW = {
    ("cumulative", "sum"): "cumsum",
    ("cumulative", "total"): "cumsum",
    ("running", "total"): "cumsum",
    ("running", "sum"): "cumsum",
    ("cumsum",): "cumsum",
    ("cumulative", "max"): "cummax",
    ("running", "max"): "cummax",
    ("cumulative", "min"): "cummin",
    ("running", "min"): "cummin",
    ("cumulative", "count"): "cumcount",
    ("row", "number"): "cumcount",
    ("percent", "change"): "pct_change",
    ("percentage", "change"): "pct_change",
    ("pct", "change"): "pct_change",
    ("pct_change",): "pct_change",
    ("change", "from", "the", "previous"): "diff",
    ("difference", "from", "the", "previous"): "diff",
    ("diff",): "diff",
    ("previous",): "shift",
    ("lag",): "shift",
    ("lagged",): "shift",
    ("shift",): "shift",
    ("shifted",): "shift",
    ("rank",): "rank",
    ("ranking",): "rank",
    ("cumulative", "maximum"): "cummax",
    ("cumulative", "minimum"): "cummin",
}


def do_window(cl: Clause) -> list[Step]:
    items = cl.items
    v = next((i for i, it in enumerate(items) if it.kw("verb", "window") and not it.used), None)
    if v is None:  # "rank the yields within each site": the sort word "rank" names the window
        v = next(
            i for i, it in enumerate(items) if not it.used and it.words[0] in ("rank", "ranked", "ranking")
        )
    words = tuple(w for w in items[v].words if w not in ("of", "month", "over", "year", "day", "in"))
    words = tuple("percent" if w == "%" else w for w in words)
    func = None
    span = [v]
    for n in (4, 3, 2, 1):
        if tuple(words[:n]) in _WINDOW:
            func = _WINDOW[tuple(words[:n])]
            break
    if func is None and v + 1 < len(items):  # "cumulative" + "sum of"
        nxt = items[v + 1]
        combo = (words[0], nxt.words[0])
        if combo in _WINDOW:
            func = _WINDOW[combo]
            span.append(v + 1)
    if func is None:
        raise CompileError(
            f"'{items[v].text}' of what kind? (cumulative sum, percent change, rank, previous value)",
            words=[items[v].text],
        )
    cl.use(*span)
    col = _rank_measure(cl, v) if func == "rank" else None
    rows_ranked = col is not None  # rows placed by a measure: tied rows share the best place
    by: list[str] = []
    pre: list[Derive] = []
    name = None
    ascending = True
    periods = 1
    for i in range(len(items)):
        it = items[i]
        if it.used:
            continue
        if it.cols and col is None and not (i > 0 and items[i - 1].kw("group")):
            col = cl.column(i)
            cl.use(i)
        elif it.cols and col is not None and it.col == col:
            cl.use(i)  # the same column named again ("highest yield ranked 1")
        elif (
            func == "rank"
            and (it.words[0] in ("ranked", "rank", "first", "number") or it.num == 1)
            and not it.cols
        ):
            cl.use(i)
        elif it.kw("group") and not it.cols and not (i + 1 < len(items) and items[i + 1].num is not None):
            cl.use(i)
            k = cl.skip(i + 1)
            found_key = False
            while k < len(items) and not items[k].used:
                noun_col = None if items[k].cols else cl.noun_column(k)
                if items[k].cols:
                    by.append(cl.column(k))
                elif noun_col is not None:
                    by.append(noun_col)
                elif items[k].datepart:
                    pre.append(_datepart_key(cl, items[k]))
                    by.append(pre[-1].name)
                else:
                    break
                found_key = True
                cl.use(k)
                k = cl.skip(k + 1)
                if k < len(items) and (items[k].kw("and") or items[k].sym == ","):
                    cl.use(k)
                    k = cl.skip(k + 1)
            if not found_key:
                raise CompileError(f"'{it.text}' what? name the column to group by", words=[it.text])
        elif it.kw("dir"):
            ascending = it.kw("dir") == "asc"
            cl.use(i)
        elif it.kw("verb", "derive") or it.words[0] in (
            "as",
            "new",
            "column",
            "called",
            "named",
            "in",
            "into",
        ):
            cl.use(i)
            after = items[i + 1] if i + 1 < len(items) else None
            if (
                after is not None
                and not after.used
                and (
                    it.words[-1] in ("called", "named")
                    or (it.words[-1] == "column" and not after.cols and not after.kws and not after.filler)
                )
            ):
                name = after.string or after.text.replace(" ", "_")
                cl.use(i + 1)
        elif it.num is not None and func in ("shift", "diff", "pct_change") and not it.cols:
            periods = int(it.num)
            cl.use(i)
            if i > 0 and items[i - 1].kw("group") and not items[i - 1].used:
                cl.use(i - 1)  # "shifted by 1"
        elif it.kw("dir") or (it.sup and it.words[0] in ("highest", "largest", "biggest", "most")):
            ascending = not ((it.sup and it.sup[0]) or it.kw("dir") == "desc")
            cl.use(i)
        elif it.filler:
            cl.use(i)
    if col is None and func != "cumcount":
        raise CompileError(f"{func} of which column?")
    column = col or (by[0] if by else cl.ctx.current.names[0])
    name = name or (f"{column}_{func}" if func != "cumcount" else "row_number")
    ties = "min" if func == "rank" and rows_ranked else "average"
    window = Window(func=func, column=column, by=tuple(by), ascending=ascending, periods=periods, ties=ties)  # type: ignore[arg-type]
    steps: list[Step] = [*pre, Derive(name=name, expr=window)]
    if pre:  # the date part was only a grouping aid: do not leave it behind
        from ..plan import Drop

        steps.append(Drop(columns=tuple(p.name for p in pre)))
    return steps


#: the words that join what is ranked to what it is ranked by ("rank each year by the invest")
_RANK_BY = (("by",), ("according", "to"), ("on",), ("based", "on"))
#: the words that may stand before the ranked rows' unit ("each year", "the years", "all rows")
_UNIT_DET = frozenset({"each", "every", "the", "all"})


def _rank_measure(cl: Clause, v: int) -> str | None:
    """ "rank each year by the invest", "rank the rows according to hwy": what is ranked is the
    rows (named by a row noun or by the column that tells them apart), what they are ranked by is
    the measure after "by". The unit and its determiner are used; returns the measure, or None
    when the clause is not said that way (then the column after the verb is ranked).

    Rows given places by a measure are ranked the way a competition is (SQL's ``RANK()``, dplyr's
    ``min_rank``, a spreadsheet's ``RANK``): tied rows share the best place, 1, 2, 2, 4. A rank of
    the values themselves ("rank invest") keeps pandas' average of the tied places."""
    items = cl.items
    k = v + 1
    while k < len(items) and not items[k].cols and not items[k].rownoun and set(items[k].words) <= _UNIT_DET:
        k += 1
    if k >= len(items) or not (items[k].rownoun or len(items[k].cols) == 1):
        return None
    j = cl.skip(k + 1)
    if j >= len(items) or tuple(items[j].words) not in _RANK_BY:
        return None
    m = cl.skip(j + 1)
    if m >= len(items) or len(items[m].cols) != 1 or items[m].cols == items[k].cols:
        return None
    cl.use(*range(v + 1, k + 1), j, m)
    return items[m].cols[0]


def _datepart_key(cl: Clause, it: Item) -> Derive:
    """A group key that is a part of the only date column ("within each year")."""
    dts = cl.ctx.datetime_columns()
    if len(dts) != 1:
        raise CompileError(f"'{it.text}' of which date column?", words=[it.text], suggestions=dts)
    part = it.datepart or "year"
    name = part if part not in cl.ctx.current.names else f"{dts[0]}_{part}"
    return Derive(name=name, expr=DatePart(part=part, expr=Col(name=dts[0])))  # type: ignore[arg-type]
