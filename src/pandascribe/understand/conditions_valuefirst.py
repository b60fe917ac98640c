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


__all__ = ["column_names_the_rows", "column_then_its_value", "names_its_column"]


#: words after a column used as the rows' noun that open the condition on another column
ROW_LINKS = frozenset({"with", "whose", "where", "having"})


def column_then_its_value(col: str, other: Item, value: Item | None) -> bool:
    """``other`` names one other column and ``value`` is a value of it (or a number or a string)."""
    if len(other.cols) != 1 or other.vals or other.kws or col in other.cols or value is None or value.cols:
        return False
    if value.vals:
        return any(h.column == other.cols[0] for h in value.vals)
    return value.num is not None or value.string is not None


def column_names_the_rows(
    cl: Clause, col: str, link: Item | None, after: Item | None, nxt: Item | None
) -> bool:
    """ "the year with 12 games started", "the season with the 10.73 million views": a column word
    followed by 'with' and a condition on another column names the rows (like "the player"), it
    is not compared itself; so does one followed at once by another column and its value ("player
    number 6"). ``link`` is the item right after the column word, ``after`` and ``nxt`` the two
    condition items after the link word."""
    if link is not None and column_then_its_value(col, link, after):
        return True  # "player number 6": the rows' noun, then the column and its value
    if link is None or link.cols or link.vals or link.words[0] not in ROW_LINKS or after is None:
        return False
    if after.cols and not after.vals and col not in after.cols:
        return True
    return names_its_column(cl, after, nxt) and nxt is not None and col not in nxt.cols
