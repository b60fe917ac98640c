"""Normalise a request before it is parsed: drop what frames the ask without asking anything.

People do not write requests the way a grammar wants them. They number their steps ("3.",
"Step 4:"), are polite ("could you please …", "how do I …"), talk about the data first
("I have a DataFrame of flights. …"), quote names the way code does (``'Age'``, `` `df` ``,
``df['Age']``) and refer to the frame itself ("in the dataset", "from df"). None of that is an
operation, and all of it used to count as words the parser had to explain — so outsiders' requests
were refused.

This layer removes those spans and keeps everything else **at its original character offsets**:
:func:`normalise` returns the request with each dropped character replaced by a space, so any
token found later still points at the user's own words (errors and fix buttons need that).
Every dropped span is reported with its *role* (step, politeness, discourse, meta, frame-ref,
context, quote).

What to drop is data, not code: ``data/discourse.tsv`` lists the phrases, each with a role and
where it may stand. A row is a class of framing, not a sentence: lead-ins ("Advanced:", "Whereas"),
modal framing ("we can / might want to …", "say we'd like to …", "If we want to …"), attempts
("Now try …"), presentations ("here are …", "The following > keeps …"), requests for code ("Write
a query that …", "Create a new DataFrame that only contains …", "What method call will …") and
meta words ("Pandas: …", "a pandas dataframe `df`'s"). A row may keep what must follow it
("check > how many …") or say the words that replace it ("(Your answer should not include any
duplicates.)" → "distinct").

A phrase is dropped only when it carries no content — none of its words (function words aside)
may name a column or a value (the caller says what is content, through ``is_content``); a column
called ``data`` keeps "in the data" meaningful. An ask that opens with a verb form the grammar
does not list ("Filtering of …", "removing …", "keeps …") gets the verb's base form in the same
span (:mod:`verbforms`), only when the caller's ``is_known`` knows the base. The work is linear in
the request's length: every position tries only the phrases that may start with its word, and a
row's alternatives are matched slot by slot, never expanded.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources

from .framerefs import (
    FRAME_NOUNS,
    NEWNAME,
    QBOTH,
    QCODE,
    QFRAME,
    QUOTE_PAIRS,
    Mark,
    frame_ref_length,
    unquote,
)
from .morph import STOPWORDS
from .verbforms import base_form, fitted, is_base_verb, is_verb_form

# ---------------------------------------------------------------- the phrase table

_FRAME = "{frame}"
_NAME = "{name}"  # the frame's own name, bare
_STRONG_FRAME = "{sframe}"  # a reference that needs no preposition ("Sort Pandas Dataframe by …")
_VERB = "{verb}"  # a verb form that verbforms reads as a base form ("keeps", "filtering")
_BASE_VERB = "{vbase}"  # a known verb in its base form ("to > select the column …")
_IDENT = "{ident}"  # one bare identifier: the asker's name for a result ("a new data frame called subset")
_ANY = "{any}"  # the index key of phrases that start with a placeholder


#: one slot of a pattern: its alternatives, each a word sequence (the empty one when optional)
Slot = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Phrase:
    """One row of the table: a sequence of slots, matched without expanding the alternatives
    (a row with many optional parts would otherwise stand for millions of word sequences)."""

    role: str
    where: str  # start · end · any · sentence
    slots: tuple[Slot, ...]  # "{frame}" stands for a frame reference
    ahead: tuple[Slot, ...] = ()  # what must follow, and is kept ("check > how many")
    not_ahead: tuple[Slot, ...] = ()  # what must not follow ("{sframe} >! has": a question's subject)
    becomes: str = ""  # the words that replace the phrase ("" = it is only dropped)


def _slots(pattern: str) -> tuple[Slot, ...]:
    """``[a|b c] d [e|]`` → ((a,), (b, c)), ((d,),), ((e,), ())."""
    out: list[Slot] = []
    for part in re.findall(r"\[[^\]]*\]|[^\s\[\]]+", pattern):
        alts = part[1:-1].split("|") if part.startswith("[") else [part]
        out.append(tuple(tuple(_words(a)) for a in alts))
    return tuple(out)


def _first_words(slots: tuple[Slot, ...]) -> set[str]:
    """The words a match of ``slots`` may start with."""
    first: set[str] = set()
    for slot in slots:
        first |= {alt[0] for alt in slot if alt}
        if all(alt for alt in slot):
            break
    return first


def _words(text: str) -> list[str]:
    return [m.group(0) for m in _WORD_RE.finditer(text.lower().replace("’", "'"))]


@functools.cache
def phrase_table() -> dict[str, tuple[Phrase, ...]]:
    """The discourse table, indexed by the words a phrase may start with, loaded once. Phrases
    that start with a placeholder ("{frame}" …) are under :data:`_ANY`."""
    raw = resources.files("pandascribe.understand").joinpath("data/discourse.tsv").read_text("utf-8")
    index: dict[str, list[Phrase]] = {}
    header_seen = False
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        role, where, pattern, *rest = line.split("\t")
        if not header_seen:  # the first non-comment row names the columns
            header_seen = True
            continue
        pattern, _, unwanted = pattern.partition(" >! ")
        dropped, _, kept = pattern.partition(" > ")
        phrase = Phrase(
            role,
            where,
            _slots(dropped),
            _slots(kept) if kept else (),
            _slots(unwanted) if unwanted else (),
            rest[0].strip() if rest else "",
        )
        for word in _first_words(phrase.slots):
            index.setdefault(_ANY if word.startswith("{") else word, []).append(phrase)
    return {k: tuple(v) for k, v in index.items()}


# ---------------------------------------------------------------- tokens with offsets

_WORD_RE = re.compile(r"\{[a-z]+\}|[\w]+(?:['’][\w]+)*|'[a-z]+|[^\w\s]")


@dataclass(frozen=True)
class Word:
    low: str
    start: int
    end: int


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Dropped:
    """A span of the request that was removed, and why."""

    start: int
    end: int
    text: str
    role: str


@dataclass(frozen=True)
class Rewritten:
    """A span of the request written in another form ("Getting" → "Get"), in the same span."""

    start: int
    end: int
    text: str
    becomes: str
    role: str


@dataclass(frozen=True)
class Normalised:
    """The request with dropped spans blanked (same length, so offsets still point at the user's
    words), the spans that were dropped and the spans rewritten in place."""

    original: str
    text: str
    dropped: tuple[Dropped, ...]
    rewritten: tuple[Rewritten, ...] = ()

    def roles(self) -> tuple[str, ...]:
        return tuple(d.role for d in self.dropped)


# ---------------------------------------------------------------- the normaliser

_STEP_RE = re.compile(
    r"""^\s*(?:
        (?:step|q|question|exercise|task|part|problem|ex)\s*\.?\s*(?:\d+|[a-z]|[ivx]+)\s*[.):\-]?
      | \(?(?:\d{1,3}|[a-hj-z]|[ivx]{1,4})[.)]
      | \#+ | [-*•>]
    )\s+""",
    re.VERBOSE | re.IGNORECASE,
)
_QUOTES = frozenset(QUOTE_PAIRS) | frozenset(QUOTE_PAIRS.values())
_CLAUSE_BREAKS = frozenset({"then", ";", "also", "next", "finally", "afterwards", "lastly"})
_SENTENCE_END = frozenset({".", "?", "!"})


class _Text:
    """A mutable copy of the request in which spans are blanked, recording what was dropped."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.chars = list(original)
        self.dropped: list[Dropped] = []
        self.rewritten: list[Rewritten] = []

    def drop(self, start: int, end: int, role: str) -> None:
        if start >= end:
            return
        self.dropped.append(Dropped(start, end, self.original[start:end], role))
        for k in range(start, end):
            self.chars[k] = " "

    def write(self, start: int, end: int, becomes: str, role: str) -> None:
        """Replace the span by ``becomes`` (it must fit), padded with spaces."""
        self.rewritten.append(Rewritten(start, end, self.original[start:end], becomes.strip(), role))
        for k, ch in enumerate(becomes.ljust(end - start)):
            self.chars[start + k] = ch

    def blank(self, start: int) -> bool:
        return self.chars[start] == " "

    def text(self) -> str:
        return "".join(self.chars)


@dataclass(frozen=True)
class _Ctx:
    frame_names: frozenset[str]
    content: Callable[[str], bool]  # names a column or a value: a phrase holding it is kept
    known: Callable[[str], bool]  # understood by the later layers (content or a lexicon word)


def normalise(
    request: str,
    *,
    frames: Iterable[str] = (),
    columns: Iterable[str] = (),
    is_content: Callable[[str], bool] | None = None,
    is_known: Callable[[str], bool] | None = None,
) -> Normalised:
    """Drop step numbers, politeness, discourse, meta phrases and references to the frame.

    ``frames`` are the frame names (a reference to one is not an operation); ``columns`` the
    column names (a quoted column name is unquoted, never dropped); ``is_content(word)`` says
    whether a lower-case word names a column or a value — a phrase holding such a word is kept;
    ``is_known(word)`` whether the later layers know the word at all (a lexicon word): only then
    is a verb form rewritten into it ("filtering" → "filter").
    """
    frame_names = frozenset(f.lower() for f in frames)
    col_names = {c.lower(): c for c in columns}
    content = _content_test(is_content, col_names)
    ctx = _Ctx(frame_names, content, lambda w: content(w) or bool(is_known and is_known(w)))
    out = _Text(request)
    drops, marks = unquote(request, frame_names, col_names)
    for a, b in drops:
        out.drop(a, b, "quote")
    step = _STEP_RE.match(request)
    if step:
        out.drop(step.start(), step.end(), "step")
    words = [w for w in _scan(out.text(), marks) if w.low not in _QUOTES]
    _drop_context_sentences(out, words, ctx)
    _drop_glosses(out, ctx)
    _drop_phrases(out, _scan(out.text(), marks), ctx)
    for m in marks:  # a quoted frame name no phrase took is still only a reference to the frame
        if m.low == QFRAME and not out.blank(m.start):
            out.drop(m.start, m.end, "frame-ref")
        elif m.low == QBOTH and not out.blank(m.start):  # … unless it names a column too
            out.drop(m.start, m.start + 1, "quote")
            out.drop(m.end - 1, m.end, "quote")
    out.dropped.sort(key=lambda d: d.start)
    return Normalised(request, out.text(), tuple(out.dropped), tuple(out.rewritten))


def _content_test(
    is_content: Callable[[str], bool] | None, col_names: dict[str, str]
) -> Callable[[str], bool]:
    parts = {p for name in col_names for p in re.split(r"[\W_]+", name) if p}
    if is_content is None:
        return lambda w: w in col_names or w in parts
    return lambda w: is_content(w) or w in col_names


def _scan(text: str, marks: Iterable[Mark] = ()) -> list[Word]:
    """The words of ``text``; each marked span (a quoted name) that is still there is one word."""
    spans = sorted(marks, key=lambda m: m.start)
    out: list[Word] = []
    j = 0
    for m in _WORD_RE.finditer(text):
        while j < len(spans) and spans[j].end <= m.start():
            j += 1
        if j < len(spans) and spans[j].start <= m.start() < spans[j].end:
            if not out or out[-1].start != spans[j].start:
                out.append(Word(spans[j].low, spans[j].start, spans[j].end))
            continue
        out.append(Word(m.group(0).lower().replace("’", "'"), m.start(), m.end()))
    return out


def _sentences(words: list[Word]) -> list[list[Word]]:
    out: list[list[Word]] = [[]]
    for w in words:
        out[-1].append(w)
        if w.low in _SENTENCE_END:
            out.append([])
    return [s for s in out if s]


def _drop_context_sentences(out: _Text, words: list[Word], ctx: _Ctx) -> None:
    """A leading sentence that describes the data ("I have a DataFrame of sales.") before the ask
    is context, not a request — dropped whole when another sentence follows it."""
    table = phrase_table()
    for sent in _sentences(words)[:-1]:
        lows = [w.low for w in sent]
        candidates = table.get(lows[0], ()) + table.get(_ANY, ())
        if not any(p.where == "sentence" and _match(p, lows, 0, ctx) for p in candidates):
            break  # only the sentences before the first real ask
        out.drop(sent[0].start, sent[-1].end, "context")


def _match(phrase: Phrase, lows: list[str], i: int, ctx: _Ctx) -> int:
    """Length in words of the longest match of ``phrase`` at ``lows[i]`` (0 when it, or what it
    needs to follow it, does not match)."""
    ends = _ends(phrase.slots, lows, i, ctx)
    if phrase.ahead:
        ends = {e for e in ends if _ends(phrase.ahead, lows, e, ctx)}
    if phrase.not_ahead:
        ends = {e for e in ends if not _ends(phrase.not_ahead, lows, e, ctx)}
    return max(ends) - i if ends else 0


def _ends(slots: tuple[Slot, ...], lows: list[str], i: int, ctx: _Ctx) -> set[int]:
    """Every position where a match of ``slots`` started at ``i`` may end."""
    ends = {i}
    for slot in slots:
        ends = {e + n for e in ends for alt in slot if (n := _match_words(alt, lows, e, ctx)) >= 0}
        if not ends:
            return set()
    return ends


def _match_words(pattern: tuple[str, ...], lows: list[str], i: int, ctx: _Ctx) -> int:
    """Length in words of ``pattern`` at ``lows[i]``, or -1."""
    k = i
    for item in pattern:
        if item in (_FRAME, _STRONG_FRAME):
            n = frame_ref_length(lows, k, ctx.frame_names, strong=item == _STRONG_FRAME)
            if not n:
                return -1
            k += n
        elif item == _NAME:
            if k >= len(lows) or lows[k] not in ctx.frame_names:
                return -1
            k += 1
        elif item == NEWNAME:
            if k >= len(lows) or lows[k] not in (NEWNAME, QFRAME):
                return -1
            k += 1
        elif item == QCODE:
            if k >= len(lows) or lows[k] != QCODE:
                return -1
            k += 1
        elif item == _IDENT:
            if k >= len(lows) or not lows[k].isidentifier() or ctx.content(lows[k]):
                return -1
            k += 1
        elif item == _BASE_VERB:
            if k >= len(lows) or not is_base_verb(lows[k], ctx.known):
                return -1
            k += 1
        elif item == _VERB:
            nxt = lows[k + 1] if k + 1 < len(lows) else None
            if k >= len(lows) or not is_verb_form(lows[k], nxt, ctx.known):
                return -1
            k += 1
        elif k < len(lows) and lows[k] == item:
            k += 1
        else:
            return -1
    return k - i


_GLOSS_RE = re.compile(
    r"\(\s*(?:i\.?\s?e\.?|that is|in other words|namely)\s*[,:]?([^()]{1,200})\)", re.IGNORECASE
)


def _drop_glosses(out: _Text, ctx: _Ctx) -> None:
    """ "(i.e., select meaningful realint values)" restates the ask: dropped when it names no
    column, value or number that the rest of the request does not name already (a gloss that
    adds one — "(i.e. rows where pop is missing)" — may be the only precise part, and stays)."""
    text = out.text()
    for m in _GLOSS_RE.finditer(text):
        inside = [w.low for w in _scan(m.group(1))]
        outside = {w.low for w in _scan(text[: m.start()] + " " + text[m.end() :])}
        if all(w in outside for w in inside if w.isalnum() and (w.isdigit() or ctx.content(w))):
            out.drop(m.start(), m.end(), "discourse")


def _drop_phrases(out: _Text, words: list[Word], ctx: _Ctx) -> None:
    table = phrase_table()
    lows = [w.low for w in words]
    n = len(words)
    at_start = True  # at the start of the request, a sentence or a clause
    i = 0
    while i < n:
        low = lows[i]
        if low in _SENTENCE_END or low in _CLAUSE_BREAKS:
            at_start = True
            if low in _SENTENCE_END or not _best(table, lows, i, at_start, ctx):  # "Next try …" is one phrase
                i += 1
                continue
        if low in (",", ":") and at_start:
            if i and out.blank(words[i - 1].start):  # the comma of a dropped "Now," / "In pandas,"
                out.drop(words[i].start, words[i].end, "discourse")
            i += 1
            continue
        hit = _best(table, lows, i, at_start, ctx)
        if hit:
            phrase, length = hit
            first = i - 1 if phrase.where == "end" and i and lows[i - 1] == "," else i  # ", thanks"
            start, end = words[first].start, words[i + length - 1].end
            if phrase.becomes and len(phrase.becomes) <= end - start:
                out.write(start, end, phrase.becomes, phrase.role)
            else:
                out.drop(start, end, phrase.role)
            i += length
            continue  # still at the start: "OK so now please …" drops phrase after phrase
        if at_start:
            i = _verb_form(out, words, lows, i, ctx)
        at_start = False
        i += 1


def _verb_form(out: _Text, words: list[Word], lows: list[str], i: int, ctx: _Ctx) -> int:
    """An ask that opens with "Filtering of …" / "removing …" / "keeps …": the verb's base form
    (and a gerund's "of" goes: "filtering of the column" is "filter the column"). Returns the
    index of the last word it used."""
    nxt = lows[i + 1] if i + 1 < len(lows) else None
    after_subject = i > 0 and out.blank(words[i - 1].start)  # "The following" / "a query that" went
    base = base_form(lows[i], nxt, ctx.known, after_subject=after_subject)
    if not base:
        return i
    w = words[i]
    out.write(w.start, w.end, fitted(base, out.original[w.start : w.end]), "verb-form")
    if nxt == "of" and lows[i].endswith("ing"):
        out.drop(words[i + 1].start, words[i + 1].end, "verb-form")
        return i + 1
    return i


def _best(
    table: dict[str, tuple[Phrase, ...]], lows: list[str], i: int, at_start: bool, ctx: _Ctx
) -> tuple[Phrase, int] | None:
    candidates = table.get(lows[i], ()) + table.get(_ANY, ())
    best: tuple[Phrase, int] | None = None
    for p in candidates:
        if p.where == "sentence" or (p.where == "start" and not at_start):
            continue
        length = _match(p, lows, i, ctx)
        if not length or (best and best[1] >= length):
            continue
        end = i + length
        if p.where == "end" and not _at_end(lows, end):
            continue
        if any(ctx.content(w) for w in lows[i:end] if w.isalnum() and w not in ctx.frame_names | STOPWORDS):
            continue
        best = (p, length)
    return best


def _at_end(lows: list[str], k: int) -> bool:
    """Only sentence punctuation (or nothing) follows position ``k``."""
    return all(w in _SENTENCE_END or w in (",", "!") for w in lows[k:])


__all__ = [
    "FRAME_NOUNS",
    "Dropped",
    "Normalised",
    "Rewritten",
    "frame_ref_length",
    "normalise",
    "phrase_table",
]
