"""An unknown plural noun after "for all" / "in all" / "across all" names the rows.

"What is the average capacity for all stations?" on a stadium table: "stations" is no column,
no value and not the frame's own noun, but after a scope quantifier ("for all", "in all the",
"across every", "among all") an unknown plural noun can only be the asker's word for the rows.
It is made a row noun here, and the scope words before a row noun ("for all", "in all the") are
passed over as filler, so every production (the query, "distinct", the operation rules) reads
the ask without them. The grouping meaning of "for all" stays whenever a column follows it ("mean
fare for all classes"); values between the scope and the noun ("for all French singers") are left
to :func:`.projection.take_row_scopes`. A word some columns share is no row noun: "the names and
release years for all the songs" asks for Song_Name, not Name (:mod:`.qualifiers` reads that).
"""

from __future__ import annotations

from .items import Item
from .projection import QUANTIFIERS, SCOPE_PREPOSITIONS
from .tokens import singular

#: the quantifiers that make the noun after them the rows ("for each …" groups)
_ALL = frozenset({"all", "every"})


def _unknown_plural(it: Item) -> bool:
    w = it.words[-1]
    if len(it.words) != 1 or not w.isalpha() or singular(w) == w or len(w) < 4:
        return False
    return it.meaningless


def _scope_only(items: list[Item], i: int, j: int) -> bool:
    """Whether "PREPOSITION … all [the] ROWS" may be passed over as "every row": "all" (not
    "every": "% change in price for every stock" is per stock) before a plural row noun, in a
    clause that has an aggregate or a "distinct" to apply to every row."""
    noun = items[j]
    if not noun.rownoun or noun.cols or noun.vals or singular(noun.words[-1]) == noun.words[-1]:
        return False
    if not any("all" in items[k].words for k in range(i, j)):
        return False
    return any(x.kw("agg") or x.kw("count") or x.kw("verb", "distinct") for x in items[:i])


def mark_quantified_rows(items: list[Item]) -> list[Item]:
    """Make an unknown plural noun right after "PREPOSITION all|every [the]" a row noun (in place)."""
    for i, it in enumerate(items):
        if it.cols or it.vals:
            continue
        words = set(it.words)
        if not words & SCOPE_PREPOSITIONS or not words <= (SCOPE_PREPOSITIONS | QUANTIFIERS):
            continue
        quantified = bool(words & _ALL)
        j = i + 1
        while j < len(items) and not items[j].cols and set(items[j].words) <= QUANTIFIERS:
            quantified = quantified or bool(set(items[j].words) & _ALL)
            j += 1
        if not quantified or "each" in words or j >= len(items):
            continue
        nxt = items[j + 1] if j + 1 < len(items) else None
        if _unknown_plural(items[j]) and (nxt is None or not (nxt.cols or nxt.vals)):
            items[j].rownoun = True  # "for all stations capacity …" stays unclear
        if _scope_only(items, i, j):
            for k in range(i, j):  # the scope says "every row": grammar, read by no production
                items[k].kws, items[k].filler = (), True
    return items
