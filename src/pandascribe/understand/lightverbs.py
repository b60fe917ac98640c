"""Light verbs: a verb that links a row noun or a column to the rest of the ask is grammar.

Outsiders put a verb between the noun that names the rows (or a column) and the phrase that says
something about it: "total bonus *given* in all evaluations", "how many TV channels *use* the
English language", "the average number of staff *working* for the museums", "the languages *used*
by the least number of TV channels". The verb has no operation meaning and names no column; it
only links. Read as such, the ask is the one without it ("total bonus in all evaluations", "TV
channels … the English language" = Language == 'English').

Which verbs may link is data (``data/lightverbs.tsv``, lemmas); a word is light only when

* it is one unknown word (no keyword, column, value, number or row-noun meaning — an operation
  word is never light, nor is a form whose lemma is an operation word),
* its lemma (lemminflect's verb lemma, or the word itself) is in the table,
* it stands after a noun: the nearest word before it that is not filler ("that", "who", "are",
  "were" are filler) nor a negation ("do not": kept for the condition) names the rows, a column,
  or is an unknown noun; and
* what follows is a preposition, a column, a value, a number, a superlative or comparison, or
  nothing (the end of the clause: "templates do all documents use").

A passive light verb followed by "by" and a quantity ("used by the least number of channels",
"held by more than 3 …") names its agent, not a grouping: that "by" reads as "with". So does a
"by" before a superlative and a singular row noun ("the song by the youngest singer"): no one
groups by "the youngest singer"; it says whose row it is (read as "of").
"""

from __future__ import annotations

import functools
from importlib import resources

import lemminflect

from .items import Item
from .lexicon import KEYWORDS
from .tokens import singular

#: prepositions a light verb may lead into ("given in", "working for", "used by")
_PREPOSITIONS = frozenset({"in", "for", "by", "on", "at", "from", "with", "to", "during", "across", "among"})


@functools.cache
def light_lemmas() -> frozenset[str]:
    """The lemmas of ``data/lightverbs.tsv``, loaded once."""
    raw = resources.files("pandascribe.understand").joinpath("data/lightverbs.tsv").read_text("utf-8")
    rows = [ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]
    return frozenset(rows[1:])  # the first row names the column


@functools.lru_cache(maxsize=4096)
def _lemmas(word: str) -> tuple[str, ...]:
    return (word, *(str(x) for x in lemminflect.getAllLemmas(word).get("VERB", ())))


def light_lemma(word: str) -> str | None:
    """The light verb ``word`` is a form of, or None (an operation word never is one)."""
    if not word.isalpha() or (word,) in KEYWORDS:
        return None
    lemmas = _lemmas(word.lower())
    if any((x,) in KEYWORDS and any(k != "noise" for k, _ in KEYWORDS[(x,)]) for x in lemmas):
        return None  # "sorted", "counted", "kept": the lemma is an operation word
    return next((x for x in lemmas if x in light_lemmas()), None)


def _negation(it: Item) -> bool:
    """ "do not", "does not", "not": a negation between the noun and its light verb."""
    return bool(it.kw("not")) and all(w in _NOT_WORDS for w in it.words)


_NOT_WORDS = frozenset({"do", "does", "did", "not", "don't", "doesn't", "didn't", "never"})


def _nounlike(it: Item) -> bool:
    return bool(it.rownoun or it.cols or it.frame) or (it.meaningless and all(w.isalpha() for w in it.words))


def _leads_on(it: Item | None) -> bool:
    if it is None:
        return True
    if it.words[0] in _PREPOSITIONS or it.kw("in"):
        return True
    return bool(it.cols or it.vals or it.preds or it.literal or it.sup or it.comp or it.kw("cmp"))


def _quantity(items: list[Item], j: int) -> bool:
    """Whether the words from ``j`` (fillers skipped) start a quantity: a superlative, a count or a
    comparison ("the least number of", "more than 3")."""
    while j < len(items) and items[j].filler and not items[j].kws:
        j += 1
    if j >= len(items):
        return False
    it = items[j]
    return bool(it.sup or it.kw("count") or it.kw("cmp") or it.kw("most") or it.kw("least"))


def mark_light_verbs(items: list[Item]) -> list[Item]:
    """Mark each light verb of ``items`` as filler (in place; ``items`` is returned)."""
    for i, it in enumerate(items):
        if len(it.words) != 1 or not it.meaningless or light_lemma(it.words[0]) is None:
            continue
        k = i - 1
        while k >= 0 and not items[k].cols and not items[k].vals and (items[k].filler or _negation(items[k])):
            k -= 1  # "channels that do not use English": the negation stays for the condition
        if k < 0 or not _nounlike(items[k]):
            continue
        j = i + 1
        while j < len(items) and items[j].filler and not items[j].kws and not items[j].cols:
            j += 1  # "use the English language"
        nxt = items[j] if j < len(items) else None
        if nxt is not None and nxt.sym in (",", ".", "?", ";", ":", "!"):
            nxt = None
        if not _leads_on(nxt):
            continue
        it.filler = True
        if nxt is not None and nxt.kw("group", "by") and len(nxt.words) == 1 and _quantity(items, j + 1):
            nxt.kws, nxt.words, nxt.filler = (), ("with",), True  # "used by the least …": the agent
    for i, it in enumerate(items):
        if it.words == ("by",) and it.kw("group", "by") and _agent(items, i + 1):
            it.kws, it.filler = (), True
    return items


def _agent(items: list[Item], j: int) -> bool:
    """ "[the] youngest singer": a superlative of no column, then a singular row noun."""
    while j < len(items) and items[j].filler and not items[j].kws and not items[j].cols:
        j += 1
    if j + 1 >= len(items) or not items[j].sup or items[j].cols or len(items[j].words) != 1:
        return False
    noun = items[j + 1]
    return noun.rownoun and not noun.cols and not noun.vals and singular(noun.words[-1]) == noun.words[-1]
