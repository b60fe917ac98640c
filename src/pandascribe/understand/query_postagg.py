"""An aggregate word said after its column: "the number of total goals maximum", "league goals
average for the 1990 season".

Crowd-written questions sometimes put the aggregate last, like a spreadsheet's column header
("goals, maximum"). When an aggregate word comes right after an item naming one numeric column,
and no column follows it ("maximum" then the end, a condition or a grouping), that column is what
is aggregated. "the number of" before such a column says the column holds the numbers ("the
number of total goals maximum" is the maximum of Total Goals), not that rows are counted. Any
other shape is left to the usual aggregate production (:mod:`query_aggs`).
"""

from __future__ import annotations

from .context import Clause
from .query_state import Query

#: count phrases that, before a numeric column, say the column holds the numbers
_NUMBER_OF = frozenset({("number", "of"), ("the", "number", "of"), ("count", "of")})


def extract_trailing_agg(cl: Clause, q: Query) -> bool:
    """ "COLUMN AGG" (then nothing, or a condition or grouping that names no column right away)
    → that aggregate of the column (items used)."""
    live = [i for i, it in enumerate(cl.items) if not it.used and not cl._ignorable(i) and not it.filler]
    for n in range(1, len(live)):
        agg, col_it = cl.items[live[n]], cl.items[live[n - 1]]
        func = agg.kw("agg")
        if func is None or agg.cols or agg.vals or len(col_it.cols) != 1 or col_it.vals or col_it.kws:
            continue
        after = cl.items[live[n + 1]] if n + 1 < len(live) else None
        if after is not None and (after.cols or after.words[0].lower() == "of" or after.kw("agg")):
            continue  # "price maximum of …", "mean age average …": the aggregate leads what follows
        info = cl.ctx.info(col_it.cols[0])
        if info is None or not info.numeric or any(cl.items[i].kw("agg") for i in live[: n - 1]):
            return False  # an aggregate said before the column too: the usual production reads it
        cl.use(live[n], live[n - 1])
        q.aggs.append((func, col_it.cols[0]))
        if n >= 2:
            before = cl.items[live[n - 2]]
            if tuple(w.lower() for w in before.words) in _NUMBER_OF and not before.cols:
                cl.use(live[n - 2])  # "the number of total goals maximum": the column holds the numbers
        return True
    return False


__all__ = ["extract_trailing_agg"]
