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
where it may stand. A phrase is dropped only when it carries no content — none of its words may
name a column or a value (the caller says what is content, through ``is_content``); a column
called ``data`` keeps "in the data" meaningful. The work is linear in the request's length: every
position tries only the phrases that start with its word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from importlib import resources
from itertools import product

# ---------------------------------------------------------------- the phrase table

_FRAME = "{frame}"
_NAME = "{name}"  # the frame's own name, bare
#: nouns that name the frame itself ("the dataset", "this DataFrame", "df")
FRAME_NOUNS: tuple[tuple[str, ...], ...] = (
    ("data", "frame"),
    ("data", "set"),
    ("dataframe",),
    ("dataframes",),
    ("df",),
    ("dataset",),
    ("datasets",),
    ("table",),
    ("data",),
    ("frame",),
    ("spreadsheet",),
    ("csv",),
    ("sheet",),
)
_DETERMINERS = frozenset({"the", "this", "that", "our", "my", "your", "given", "whole", "entire", "same"})


@dataclass(frozen=True)
class Phrase:
    """One concrete word sequence of the table (alternatives already expanded)."""

    role: str
    where: str  # start · end · any · sentence
    words: tuple[str, ...]  # "{frame}" stands for a frame reference


def _expand(pattern: str) -> list[tuple[str, ...]]:
    """``[a|b] c [d|]`` → (a, c, d), (a, c), (b, c, d), (b, c)."""
    parts = re.findall(r"\[[^\]]*\]|[^\s\[\]]+", pattern)
    options: list[list[tuple[str, ...]]] = []
    for part in parts:
        if part.startswith("["):
            alts = part[1:-1].split("|")
            options.append([tuple(_words(a)) for a in alts])
        else:
            options.append([tuple(_words(part))])
    return [tuple(w for seq in combo for w in seq) for combo in product(*options)]


def _words(text: str) -> list[str]:
    return [m.group(0) for m in _WORD_RE.finditer(text.lower().replace("’", "'"))]


@functools.cache
def phrase_table() -> dict[str, tuple[Phrase, ...]]:
    """The discourse table, indexed by first word (longest phrases first), loaded once."""
    raw = resources.files("pandascribe.understand").joinpath("data/discourse.tsv").read_text("utf-8")
    index: dict[str, list[Phrase]] = {}
    header_seen = False
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        role, where, pattern = line.split("\t")
        if not header_seen:  # the first non-comment row names the columns
            header_seen = True
            continue
        for words in _expand(pattern):
            if words:
                index.setdefault(words[0], []).append(Phrase(role, where, words))
    return {k: tuple(sorted(v, key=lambda p: -len(p.words))) for k, v in index.items()}


# ---------------------------------------------------------------- tokens with offsets

_WORD_RE = re.compile(r"\{frame\}|\{name\}|[\w]+(?:['’][\w]+)*|'[a-z]+|[^\w\s]")


@dataclass(frozen=True)
class Word:
    low: str
    start: int
    end: int


def _scan(text: str) -> list[Word]:
    return [Word(m.group(0).lower().replace("’", "'"), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Dropped:
    """A span of the request that was removed, and why."""

    start: int
    end: int
    text: str
    role: str


@dataclass(frozen=True)
class Normalised:
    """The request with dropped spans blanked (same length, so offsets still point at the user's
    words) and the spans that were dropped."""

    original: str
    text: str
    dropped: tuple[Dropped, ...]

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
_QUOTE_PAIRS = {"'": "'", '"': '"', "`": "`", "‘": "’", "“": "”"}
_QUOTED_RE = re.compile(r"""(['"`‘“])([^'"`‘’“”\n]{1,80})(['"`’”])""")
_SUBSCRIPT_RE = re.compile(r"""\b([A-Za-z_]\w*)\s*\[\s*(['"])([^'"\]]{1,80})\2\s*\]""")
_ATTR_RE = re.compile(r"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b")
_CLAUSE_BREAKS = frozenset({"then", ";", "also", "next", "finally", "afterwards", "lastly"})
_SENTENCE_END = frozenset({".", "?", "!"})


class _Text:
    """A mutable copy of the request in which spans are blanked, recording what was dropped."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.chars = list(original)
        self.dropped: list[Dropped] = []

    def drop(self, start: int, end: int, role: str) -> None:
        if start >= end:
            return
        self.dropped.append(Dropped(start, end, self.original[start:end], role))
        for k in range(start, end):
            self.chars[k] = " "

    def text(self) -> str:
        return "".join(self.chars)


def normalise(
    request: str,
    *,
    frames: Iterable[str] = (),
    columns: Iterable[str] = (),
    is_content: Callable[[str], bool] | None = None,
) -> Normalised:
    """Drop step numbers, politeness, discourse, meta phrases and references to the frame.

    ``frames`` are the frame names (a reference to one is not an operation); ``columns`` the
    column names (a quoted column name is unquoted, never dropped); ``is_content(word)`` says
    whether a lower-case word names a column or a value — a phrase holding such a word is kept.
    """
    frame_names = {f.lower() for f in frames}
    col_names = {c.lower(): c for c in columns}
    content = _content_test(is_content, col_names)
    out = _Text(request)
    _unquote(out, frame_names, col_names)
    step = _STEP_RE.match(request)
    if step:
        out.drop(step.start(), step.end(), "step")
    words = [w for w in _scan(out.text()) if w.low not in _QUOTE_PAIRS and w.low not in _QUOTE_PAIRS.values()]
    _drop_context_sentences(out, words, frame_names)
    words = _scan(out.text())
    _drop_phrases(out, words, frame_names, content)
    out.dropped.sort(key=lambda d: d.start)
    return Normalised(request, out.text(), tuple(out.dropped))


def _content_test(
    is_content: Callable[[str], bool] | None, col_names: dict[str, str]
) -> Callable[[str], bool]:
    parts = {p for name in col_names for p in re.split(r"[\W_]+", name) if p}
    if is_content is None:
        return lambda w: w in col_names or w in parts
    return lambda w: is_content(w) or w in col_names


def _unquote(out: _Text, frame_names: Collection[str], col_names: dict[str, str]) -> None:
    """``df['Age']`` / ``df.Age`` / ``'Age'`` / `` `df` ``: the name stays, the code around it goes."""
    text = out.original
    for m in _SUBSCRIPT_RE.finditer(text):
        owner = m.group(1).lower()
        if owner in frame_names or owner == "df":
            out.drop(m.start(), m.start(3), "quote")
            out.drop(m.end(3), m.end(), "quote")
    for m in _ATTR_RE.finditer(text):
        owner, attr = m.group(1).lower(), m.group(2).lower()
        if (owner in frame_names or owner == "df") and attr in col_names:
            out.drop(m.start(), m.start(2), "quote")
    for m in _QUOTED_RE.finditer(text):
        opener, inner, closer = m.group(1), m.group(2), m.group(3)
        if _QUOTE_PAIRS.get(opener) != closer and not (opener in "'‘" and closer in "'’"):
            continue
        name = inner.strip().lower()
        if name in frame_names or (opener == "`" and name == "df"):
            out.drop(m.start(), m.end(), "frame-ref")
        elif name in col_names:
            out.drop(m.start(1), m.end(1), "quote")
            out.drop(m.start(3), m.end(3), "quote")


def _sentences(words: list[Word]) -> list[list[Word]]:
    out: list[list[Word]] = [[]]
    for w in words:
        out[-1].append(w)
        if w.low in _SENTENCE_END:
            out.append([])
    return [s for s in out if s]


def _drop_context_sentences(out: _Text, words: list[Word], frame_names: Collection[str]) -> None:
    """A leading sentence that describes the data ("I have a DataFrame of sales.") before the ask
    is context, not a request — dropped whole when another sentence follows it."""
    table = phrase_table()
    sentences = _sentences(words)
    for sent in sentences[:-1]:
        lows = [w.low for w in sent]
        if not any(
            p.where == "sentence" and _match(p.words, lows, 0, frame_names) for p in table.get(lows[0], ())
        ) and not any(
            p.where == "sentence" and _match(p.words, lows, 0, frame_names)
            for p in table.get(_FRAME, ()) + table.get(_NAME, ())
        ):
            break  # only the sentences before the first real ask
        out.drop(sent[0].start, sent[-1].end, "context")


def _match(pattern: tuple[str, ...], lows: list[str], i: int, frame_names: Collection[str]) -> int:
    """Length in words of ``pattern`` matched at ``lows[i]`` (0 when it does not match)."""
    k = i
    for item in pattern:
        if item == _FRAME:
            n = frame_ref_length(lows, k, frame_names)
            if not n:
                return 0
            k += n
        elif item == _NAME:
            if k >= len(lows) or lows[k] not in frame_names:
                return 0
            k += 1
        elif k < len(lows) and lows[k] == item:
            k += 1
        else:
            return 0
    return k - i


def frame_ref_length(lows: list[str], i: int, frame_names: Collection[str]) -> int:
    """Words at ``i`` that name the frame itself: "the dataset", "this flights DataFrame", "df".
    A bare frame name is not enough here ("number of flights" counts rows): it needs a frame noun
    after it, or quotes (handled before)."""
    k = i
    if k < len(lows) and lows[k] in _DETERMINERS:
        k += 1
    if k < len(lows) and lows[k] in frame_names:
        k += 1
    for noun in FRAME_NOUNS:
        if tuple(lows[k : k + len(noun)]) == noun:
            return k + len(noun) - i
    return 0


def _drop_phrases(
    out: _Text, words: list[Word], frame_names: Collection[str], content: Callable[[str], bool]
) -> None:
    table = phrase_table()
    lows = [w.low for w in words]
    n = len(words)
    at_start = True  # at the start of the request, a sentence or a clause
    i = 0
    while i < n:
        low = lows[i]
        if low in _SENTENCE_END or low in _CLAUSE_BREAKS:
            at_start = True
            i += 1
            continue
        if low in (",", ":") and at_start:
            if i and out.chars[words[i - 1].start] == " ":  # the comma of a dropped "Now," / "In pandas,"
                out.drop(words[i].start, words[i].end, "discourse")
            i += 1
            continue
        hit = _best(table, lows, i, frame_names, at_start, content)
        if hit:
            role, length, where = hit
            first = i - 1 if where == "end" and i and lows[i - 1] == "," else i  # ", thanks"
            out.drop(words[first].start, words[i + length - 1].end, role)
            i += length
            continue  # still at the start: "OK so now please …" drops phrase after phrase
        at_start = False
        i += 1


def _best(
    table: dict[str, tuple[Phrase, ...]],
    lows: list[str],
    i: int,
    frame_names: Collection[str],
    at_start: bool,
    content: Callable[[str], bool],
) -> tuple[str, int, str] | None:
    candidates = table.get(lows[i], ()) + table.get(_FRAME, ()) + table.get(_NAME, ())
    best: tuple[str, int, str] | None = None
    for p in candidates:
        if p.where == "sentence" or (p.where == "start" and not at_start):
            continue
        length = _match(p.words, lows, i, frame_names)
        if not length or (best and best[1] >= length):
            continue
        end = i + length
        if p.where == "end" and not _at_end(lows, end):
            continue
        if any(content(w) for w in lows[i:end] if w.isalnum() and w not in frame_names):
            continue
        best = (p.role, length, p.where)
    return best


def _at_end(lows: list[str], k: int) -> bool:
    """Only sentence punctuation (or nothing) follows position ``k``."""
    return all(w in _SENTENCE_END or w in (",", "!") for w in lows[k:])


__all__ = ["FRAME_NOUNS", "Dropped", "Normalised", "frame_ref_length", "normalise", "phrase_table"]
