"""Joining adjacent spans that together name one thing, after segmenting: a '#' after a word
("episode #", "pick #"), a count word with its noun ("number of" + a column), and numbers
written in pieces ("2 million", "1,000", "-3.5").

Kept apart from the segmenter (:mod:`items`) because they work on finished items, not tokens.
"""

from __future__ import annotations

from .items import Item
from .lexicon import (
    MULTIPLIERS,
    NUMBER_WORDS,
)


def _absorb_hash(items: list[Item]) -> list[Item]:
    """ "episode #" with a column named ``Episode #``: the sign after a column word that is part of
    the column's own name belongs to that mention (the column was found without it)."""
    out: list[Item] = []
    for it in items:
        prev = out[-1] if out else None
        if (
            prev is not None
            and it.sym == "#"
            and prev.col
            and prev.col.rstrip().endswith("#")
            and not prev.vals
        ):
            prev.end, prev.text, prev.words = it.end, prev.text + " #", (*prev.words, "#")
            continue
        out.append(it)
    return out


def _merge_counts(items: list[Item]) -> list[Item]:
    """ "count the number of employees", "the total number of singers", "total count of": one
    count said twice (or a 'total' of a count) is one count — the first word becomes filler."""
    for i, it in enumerate(items):
        if it.cols or it.vals or not (it.kw("count") or it.kw("agg", "sum")):
            continue
        j = i + 1
        while j < len(items) and items[j].filler and not items[j].kws and not items[j].cols:
            j += 1
        if j < len(items) and items[j].kw("count") and not items[j].cols:
            it.kws, it.filler = (), True
    return items


def _merge_numbers(items: list[Item]) -> list[Item]:
    """``3 thousand`` → 3000, ``twenty five`` → 25, ``a hundred`` stays 100."""
    out: list[Item] = []
    for it in items:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.num is not None
            and it.num is not None
            and not prev.cols
            and it.words[0] in MULTIPLIERS
            and not it.cols
        ):
            prev.num = prev.num * MULTIPLIERS[it.words[0]]
            prev.end, prev.text = it.end, prev.text + " " + it.text
            continue
        if (
            prev is not None
            and prev.num is not None
            and it.num is not None
            and prev.words[0] in NUMBER_WORDS
            and it.words[0] in NUMBER_WORDS
            and prev.num >= 20
            and it.num < 10
            and prev.num % 10 == 0
        ):
            prev.num += it.num
            prev.end, prev.text = it.end, prev.text + " " + it.text
            continue
        out.append(it)
    return out
