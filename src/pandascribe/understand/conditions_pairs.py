"""Column–value pairs said with a comma between them: "the player, brett lindros", "for the
district, louisiana 1st".

An apposition names the column and then the value it holds; the comma between them separates
nothing (reading it as "and" would leave the column without a value). The comma is taken when the
value after it is found in the very column named before it, so a list ("player, position and
team") or a new condition ("players from Canada, position goalie") keeps its comma.
"""

from __future__ import annotations

from .context import Clause


def take_appositions(cl: Clause, idx: list[int]) -> None:
    """Mark the comma of "COLUMN , VALUE-of-that-column" used (``idx``: the condition's items)."""
    live = [i for i in idx if not cl.items[i].used]
    for a, b, c in zip(live, live[1:], live[2:], strict=False):
        col, comma, val = cl.items[a], cl.items[b], cl.items[c]
        if comma.sym != "," or len(col.cols) != 1 or col.vals or not val.vals or val.cols:
            continue
        if any(h.column == col.cols[0] for h in val.vals):
            comma.used = True


__all__ = ["take_appositions"]
