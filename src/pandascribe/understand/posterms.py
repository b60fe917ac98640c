"""Typed terminals for positions, read off a clause's items: ordinal words ("first", "fifth",
"1st", "last"), lists of ordinals ("the first, second, and third"), and lists of whole numbers and
ranges ("0, 1 and 2", "5 through 10", "1 to 9 and 19-23").

Each reader starts at an item boundary and yields every way it can stop (the longest first), so a
grammar slot built on it (:mod:`.positions`) can backtrack. Number words ("three") are numbers
already (the items layer reads them). The readers say nothing about how the asker counts (from 0
or from 1): that is the builder's decision, and sometimes a question back to the asker.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .items import Item

#: ordinal words → their number, counted from 1; "last" counts from the end (-1)
ORDINALS: dict[str, int] = {
    w: i + 1
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ]
    )
} | {"last": -1}

#: the letters after a numeral that make it an ordinal ("1st", "22nd", "3rd", "4th")
SUFFIXES = frozenset({"st", "nd", "rd", "th"})

_ARTICLES = frozenset({"the", "a", "an"})
#: words that join two list elements ("1, 2 and 3", "first, second, and third", "1 & 2")
_JOINERS = frozenset({(",",), ("and",), ("&",), ("or",)})
#: words between the ends of a range, both ends included ("5 through 10", "5-10", "1 to 9")
RANGE_WORDS = frozenset(
    {("through",), ("thru",), ("to",), ("till",), ("until",), ("-",), ("up", "to"), ("through", "to")}
)


@dataclass(frozen=True)
class Span:
    """``first`` to ``last``, both included, as the asker wrote them (no counting base applied)."""

    first: int
    last: int


def _words(it: Item) -> tuple[str, ...]:
    words = it.words
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return words


def _whole(it: Item) -> int | None:
    n = it.num
    if isinstance(n, bool) or not isinstance(n, int) or it.cols:
        return None
    return n


def ordinal_at(items: Sequence[Item], i: int) -> tuple[int, int] | None:
    """The ordinal that starts at item ``i`` and the item after it: "first" → 1, "the fifth" → 5,
    "1st" (a numeral and its suffix) → 1, "last" → -1."""
    if i >= len(items):
        return None
    it = items[i]
    words = _words(it)
    if len(words) == 1 and words[0] in ORDINALS and not it.cols:
        return ORDINALS[words[0]], i + 1
    n = _whole(it)
    if n is not None and n >= 1 and i + 1 < len(items) and items[i + 1].words in {(s,) for s in SUFFIXES}:
        return n, i + 2
    return None


def _joined(items: Sequence[Item], i: int) -> Iterator[int]:
    """Item indexes just after a joiner at ``i`` (", ", "and", ", and")."""
    if i < len(items) and items[i].words in _JOINERS:
        yield i + 1
        if items[i].words == (",",) and i + 1 < len(items) and items[i + 1].words == ("and",):
            yield i + 2


def ordinal_lists(items: Sequence[Item], i: int) -> Iterator[tuple[tuple[int, ...], int]]:
    """Every list of ordinals starting at ``i`` ("first, second, and third"), longest first, with
    the item after it."""
    first = ordinal_at(items, i)
    if first is None:
        return
    found: list[tuple[tuple[int, ...], int]] = [((first[0],), first[1])]
    frontier = [found[0]]
    while frontier:
        got, at = frontier.pop()
        for nxt in _joined(items, at):
            more = ordinal_at(items, nxt)
            if more is not None:
                entry = ((*got, more[0]), more[1])
                found.append(entry)
                frontier.append(entry)
    yield from sorted(set(found), key=lambda e: -e[1])


def _element(items: Sequence[Item], i: int) -> Iterator[tuple[Span, int]]:
    """A number or a range of numbers at ``i``, the range first."""
    a = _whole(items[i]) if i < len(items) else None
    if a is None or a < 0:
        return
    j = i + 1
    if j < len(items) and items[j].words in RANGE_WORDS:
        b = _whole(items[j + 1]) if j + 1 < len(items) else None
        if b is not None and b >= a:
            yield Span(a, b), j + 2
    yield Span(a, a), i + 1


def number_lists(items: Sequence[Item], i: int) -> Iterator[tuple[tuple[Span, ...], int]]:
    """Every list of numbers and ranges starting at ``i`` ("0, 1 and 2", "1 through 9 and 19
    through 23"), longest first, with the item after it."""
    found: list[tuple[tuple[Span, ...], int]] = []
    frontier: list[tuple[tuple[Span, ...], int]] = [((), i)]
    while frontier:
        got, at = frontier.pop()
        starts = [at] if not got else list(_joined(items, at))
        for s in starts:
            for el, nxt in _element(items, s):
                entry = ((*got, el), nxt)
                found.append(entry)
                frontier.append(entry)
    yield from sorted(set(found), key=lambda e: -e[1])


def read_ordinals(items: Sequence[Item]) -> tuple[int, ...]:
    """The ordinals of a slot's items (the longest list that covers them all)."""
    for got, end in ordinal_lists(items, 0):
        if end == len(items):
            return got
    raise ValueError("not a list of ordinals")


def read_numbers(items: Sequence[Item]) -> tuple[Span, ...]:
    """The numbers and ranges of a slot's items (the reading that covers them all)."""
    for got, end in number_lists(items, 0):
        if end == len(items):
            return got
    raise ValueError("not a list of numbers")


__all__ = [
    "ORDINALS",
    "RANGE_WORDS",
    "SUFFIXES",
    "Span",
    "number_lists",
    "ordinal_at",
    "ordinal_lists",
    "read_numbers",
    "read_ordinals",
]
