"""A noun several columns share qualifies the columns asked before it: "the name of the song".

Spider-style asks name an entity's attribute with "of": "the names and release years for all the
songs of the youngest singer" over a singer table with Name, Song_Name and Song_release_year.
"songs" alone could mean either song column, and "names" alone means Name — but together they say
Song_Name: the attribute of the song. The rule: after a list of asked columns and "of"/"for"
(quantifiers and articles passed over) comes a word that names several columns at once; when
every column of the list, read with that word in front ("song" + "name" → Song_Name), or as it
already is, is one of those columns, the list is rebound so and the qualifying word is passed
over. When one column of the list does not fit, nothing changes (the ask stays as it was: often
a refusal naming the ambiguous word).
"""

from __future__ import annotations

from collections.abc import Callable

from .ground import PLURAL
from .items import Item
from .projection import QUANTIFIERS
from .tokens import singular

_OF = frozenset({"of", "for"})


def _list_before(items: list[Item], i: int) -> list[int] | None:
    """The asked columns ending right before ``i`` ("name and the release year"), or None."""
    out: list[int] = []
    k = i - 1
    while k >= 0:
        it = items[k]
        if it.col is not None and not it.vals:
            out.append(k)
        elif not (it.filler or it.kw("and") or it.sym == ",") or it.cols or it.vals:
            break
        k -= 1
    return out[::-1] or None


def qualify_columns(
    items: list[Item], match: Callable[[tuple[str, ...]], tuple[int, tuple[str, ...]]]
) -> list[Item]:
    """Rebind "COL [and COL …] of [all] [the] NOUN" when NOUN names several columns and NOUN + each
    COL names one of them (in place). ``match`` grounds a run of words to columns."""
    for i, it in enumerate(items):
        if not set(it.words) & _OF or not set(it.words) <= (_OF | QUANTIFIERS) or it.cols or it.vals:
            continue
        j = i + 1
        while j < len(items) and set(items[j].words) <= QUANTIFIERS and not items[j].cols:
            j += 1
        if j >= len(items) or len(items[j].cols) < 2 or items[j].vals or items[j].rownoun:
            continue
        noun, shared = items[j], set(items[j].cols)
        asked = _list_before(items, i)
        if asked is None:
            continue
        rebound: dict[int, str] = {}
        for k in asked:
            col = items[k].col
            if col in shared:
                continue
            score, named = match((*(singular(w) for w in noun.words), *items[k].words))
            if score < PLURAL or len(named) != 1 or named[0] not in shared:
                break
            rebound[k] = named[0]
        else:
            for k, col in rebound.items():
                items[k].cols = (col,)
            for k in range(i, j + 1):
                items[k].kws, items[k].cols, items[k].filler = (), (), True
    return items
