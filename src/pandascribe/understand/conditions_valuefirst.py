"""A number said before the column it is a value of: "the 375 crest length", "with 12 games
started", "the year with 4 cylinders".

English puts a measure's number before its name as often as after it ("crest length of 375").
A bare number followed at once by a numeric column (not itself a value) is that column's value;
a single plural word ("4 cylinders") is read so even for a column of another kind, as before.
A text column after a number is not taken: "20 names" counts, it does not compare.
"""

from __future__ import annotations

from .context import Clause
from .items import Item


def names_its_column(cl: Clause, num: Item, nxt: Item | None) -> bool:
    """Whether ``nxt``, right after the bare number ``num``, is the column the number is a value of."""
    if num.num is None or num.cols or num.unit or nxt is None or not nxt.cols or nxt.vals:
        return False
    if len(nxt.words) == 1 and nxt.words[0].endswith("s"):
        return True  # "with 4 cylinders": a count of something the column counts
    infos = [cl.ctx.info(c) for c in nxt.cols]
    return all(i is not None and i.numeric for i in infos)


__all__ = ["names_its_column"]


#: words after a column used as the rows' noun that open the condition on another column
ROW_LINKS = frozenset({"with", "whose", "where", "having"})


def column_names_the_rows(
    cl: Clause, col: str, link: Item | None, after: Item | None, nxt: Item | None
) -> bool:
    """ "the year with 12 games started", "the season with the 10.73 million views": a column word
    followed by 'with' and a condition on another column names the rows (like "the player"), it
    is not compared itself. ``after`` and ``nxt`` are the two items after the link word."""
    if link is None or link.cols or link.vals or link.words[0] not in ROW_LINKS or after is None:
        return False
    if after.cols and not after.vals and col not in after.cols:
        return True
    return names_its_column(cl, after, nxt) and nxt is not None and col not in nxt.cols
