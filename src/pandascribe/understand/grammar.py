"""Whole-clause rules over typed terminals, as data: one rule and one builder per operation.

A rule is a name, a pattern and a builder. The pattern is a sequence of terminals matched against
the clause's items in order, and it must explain *every* item that is not pure filler ("the",
"is", "a" …): a clause that says more than the rule reads is not that rule's. Terminals:

- ``"word|other words"`` — an item whose words are one of the alternatives;
- ``CMP`` a comparison ("more than", "or more", "at least");
- ``COL`` one column, ``COLS`` a list of columns ("a, b and c"), ``NUM`` a whole number,
  ``ROWS`` a noun naming the rows ("rows", "passengers", the frame's name);
- ``COND`` — the rest of the clause, read as a row condition;
- a trailing ``?`` makes a terminal optional.

Matching tries every way through the optional terminals, so one rule yields every reading it
has; the readings layer ranks them with the other productions' readings. Builders (in
:mod:`builders_ops`) get the matched values by terminal name and return plan steps.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import CompileError
from ..plan import Step
from .context import Clause
from .items import Item

Bindings = dict[str, Any]


@dataclass(frozen=True)
class Rule:
    """One operation's phrasing: ``pattern`` terminals and the ``builder`` of its steps."""

    name: str
    pattern: tuple[str, ...]
    builder: str  # a function name in ``module``
    module: str = "builders_ops"  # the builders' module, inside this package
    #: filler words this rule may not pass over unread ("columns" in "drop columns with gaps" is
    #: filler to the productions, but it is what that rule is about)
    guard: frozenset[str] = frozenset()


_MISSING = "missing|missing values|missing value|null|nulls|null values|nan|nans|nan values|empty values"
_MISSING += "|na|na values"
_TYPES = "data types|data type|dtypes|dtype|types|column types"
_SHARE = "percentage|percent|proportion|share|fraction|ratio|rate"

#: the rules, in no particular order (ranking decides, never the order)
RULES: tuple[Rule, ...] = (
    Rule("n_columns", ("how many|number of|count", "columns"), "frame_fact"),
    Rule("columns", ("what|which|list|show|get|names of|name of", "columns|column names"), "frame_fact"),
    Rule("columns", ("column names|columns names|names of the columns|names of columns",), "frame_fact"),
    Rule(
        "dtypes",
        (_TYPES, "of|in?", "each column|every column|all columns|the columns|columns?"),
        "frame_fact",
    ),
    Rule("dtype", (_TYPES, "of|in?", "COL", "column?"), "column_dtype"),
    Rule("shape", ("shape|dimensions|size",), "frame_fact"),
    Rule("shape", ("number of|how many", "rows", "and", "columns"), "frame_fact"),
    Rule(
        "any_missing",
        ("does|do|is|are?", "there?", "has|have|contain|contains?", "any", _MISSING),
        "check_missing",
    ),
    Rule("any_missing", ("are there|is there", _MISSING), "check_missing"),
    Rule("any_missing", ("any|are there|is there", _MISSING, "in|of", "COLS"), "check_missing"),
    Rule("any_missing", ("does|do?", "COLS", "has|have|contain|contains", "any", _MISSING), "check_missing"),
    Rule(
        "duplicates",
        ("any|are there|has|have|is|are", "duplicate|duplicates|duplicated|repeated", "rows?"),
        "check_duplicates",
    ),
    Rule(
        "duplicates", ("is|are|any", "COLS", "duplicate|duplicates|duplicated|repeated"), "check_duplicates"
    ),
    Rule(
        "unique_rows",
        ("select|keep|show|get|return?", "only?", "unique|distinct|unique/distinct|distinct/unique", "rows"),
        "unique_rows",
    ),
    Rule("share", (_SHARE, "of", "ROWS?", "COND"), "share"),
    Rule("cast", ("convert|change|cast|turn|make", "COLS", "column|columns?", "to|into|as", "TYPE"), "cast"),
    Rule("first_columns", ("first|last", "NUM", "columns"), "column_slice"),
    Rule("first_columns", ("select|show|get|take|keep|return?", "first|last", "column"), "column_slice"),
    Rule("groups_with_count", ("which|what", "COL", "have|has", "NUM", "CMP", "ROWS"), "groups_with_count"),
    Rule("groups_with_count", ("which|what", "COL", "have|has", "CMP", "NUM", "ROWS"), "groups_with_count"),
    Rule("column_range", ("columns?", "from|between", "COL", "to|and|through", "COL"), "column_range"),
)

#: words that name a cast target
CAST_WORDS: dict[str, str] = {
    **dict.fromkeys(("datetime", "datetimes", "date", "dates", "timestamp", "timestamps"), "datetime"),
    # "integer" / "float" are not here: pd.to_numeric keeps a column's own kind, so those targets
    # go to the operation grammar (data/oprules.toml), which refuses what Cast cannot do
    **dict.fromkeys(("number", "numbers", "numeric"), "number"),
    **dict.fromkeys(("string", "strings", "text", "str"), "text"),
    **dict.fromkeys(("category", "categories", "categorical"), "category"),
}


def _skippable(it: Item, guard: frozenset[str] = frozenset()) -> bool:
    return (
        it.filler
        and not it.cols
        and not it.vals
        and not it.kws
        and it.num is None
        and guard.isdisjoint(it.words)
    )


def _bare_preposition(it: Item) -> bool:
    """A trailing "of" / "in" whose object (the frame) the normalise layer took away."""
    return bool(it.kws) and all(k == "in" for k, _ in it.kws) and not it.cols and not it.vals


def _ignored(it: Item) -> bool:
    return it.used or it.sym in (",", "?", ".")


# a position is (item index, word offset inside that item); word terminals may end inside an
# item ("percentage of" is one item, "percentage" "of" two terminals), typed terminals may not


def _match(rule: Rule, cl: Clause, p: int, pos: tuple[int, int], got: Bindings) -> Iterator[Bindings]:
    items = cl.items
    k, w = pos
    if w and all(x in _ARTICLES for x in items[k].words[w:]):
        k, w = k + 1, 0  # "in" read from the item "in the": what follows starts a fresh item
    if w == 0:
        while k < len(items) and _ignored(items[k]):
            k += 1
    if p == len(rule.pattern):
        if w == 0 and all(
            _skippable(it, rule.guard) or _ignored(it) or _bare_preposition(it) for it in items[k:]
        ):
            yield dict(got)
        return
    spec = rule.pattern[p]
    optional = spec.endswith("?")
    term = spec.rstrip("?")
    if optional:
        yield from _match(rule, cl, p + 1, (k, w), got)
    starts = [(k, w)]
    if w == 0:  # pure filler may sit between terminals
        j = k
        while j < len(items) and _skippable(items[j], rule.guard):
            j += 1
            starts.append((j, 0))
    for at in starts:
        if at[0] >= len(items):
            continue
        for nxt, value in _terminal(term, cl, at):
            key = term if term not in got else term + "2"
            yield from _match(rule, cl, p + 1, nxt, {**got, key: value} if term.isupper() else got)
        if term == "COND":
            break


def _words_from(cl: Clause, at: tuple[int, int], n: int) -> tuple[tuple[str, ...], tuple[int, int]] | None:
    """The next ``n`` words from ``at`` and the position after them."""
    k, w = at
    out: list[str] = []
    while len(out) < n:
        if k >= len(cl.items) or _ignored(cl.items[k]):
            return None
        words = cl.items[k].words
        while w < len(words) and words[w] in _ARTICLES and len(words) > 1:
            w += 1  # "the first" is one item; the article says nothing
        take = min(n - len(out), len(words) - w)
        out.extend(words[w : w + take])
        w += take
        if w == len(words):
            k, w = k + 1, 0
    return tuple(out), (k, w)


_ARTICLES = frozenset({"the", "a", "an"})


def _terminal(term: str, cl: Clause, at: tuple[int, int]) -> Iterator[tuple[tuple[int, int], Any]]:
    k, w = at
    it = cl.items[k]
    if not term.isupper():
        for alt in term.split("|"):
            words = tuple(alt.split())
            got = _words_from(cl, at, len(words))
            if got is not None and got[0] == words:
                yield got[1], alt
        return
    if w != 0:
        return
    if term == "COL":
        if it.col and not it.vals:
            yield (k + 1, 0), it.col
    elif term == "COLS":
        from .command_words import column_list

        saved = [x.used for x in cl.items]
        try:
            cols, _ = column_list(cl, k)
        except Exception:
            cols = []
        last = max((i for i, x in enumerate(cl.items) if x.used and not saved[i]), default=-1)
        for x, was in zip(cl.items, saved, strict=True):
            x.used = was
        if cols and last >= k:
            yield (last + 1, 0), tuple(cols)
    elif term == "CMP":
        if it.kw("cmp") and not it.cols and not it.vals:
            yield (k + 1, 0), it.kw("cmp")
    elif term == "NUM":
        if isinstance(it.num, int) and not it.cols:
            yield (k + 1, 0), it.num
    elif term == "ROWS":
        if it.rownoun and not it.cols and not it.vals:
            yield (k + 1, 0), True
    elif term == "TYPE":
        word = " ".join(it.words)
        if word in CAST_WORDS:
            yield (k + 1, 0), CAST_WORDS[word]
    elif term == "FRAME":  # the frame by its name, even where a column has that name too ("co2 data")
        if it.frame == cl.ctx.source or " ".join(it.words) == cl.ctx.source.lower():
            yield (k + 1, 0), cl.ctx.source
    elif term == "COND":
        yield (len(cl.items), 0), list(range(k, len(cl.items)))


@functools.cache
def _needs(rule: Rule) -> tuple[frozenset[str], ...]:
    """For each word terminal that is not optional, the first words of its alternatives."""
    return tuple(
        frozenset(alt.split()[0] for alt in spec.split("|"))
        for spec in rule.pattern
        if not spec.endswith("?") and not spec.isupper()
    )


def readings(cl: Clause) -> Iterator[tuple[str, list[Step]]]:
    """Every rule that reads the whole clause, with its steps (a builder may still refuse)."""
    from .grammar_missing import MISSING_RULES

    words = {w for it in cl.items for w in it.words}
    first_error: CompileError | None = None
    for rule in (*RULES, *MISSING_RULES):
        if not all(words & firsts for firsts in _needs(rule)):
            continue  # a word terminal the rule cannot do without has none of its words here
        for got in _match(rule, cl, 0, (0, 0), {}):
            module = importlib.import_module(f".{rule.module}", __package__)
            build: Callable[..., list[Step]] = getattr(module, rule.builder)
            before = [it.used for it in cl.items]
            try:
                steps = build(cl, rule.name, got)
            except CompileError as exc:  # another rule may still read the clause; else this reason
                first_error = first_error or exc
                for it, was in zip(cl.items, before, strict=True):
                    it.used = was
                break
            yield rule.name, steps
            break
    if first_error is not None:
        raise first_error
