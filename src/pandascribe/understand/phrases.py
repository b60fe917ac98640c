"""Phrase tables for the follow-up and chart grammars: TSV rows whose last field is a phrase pattern
(``[a|b]`` alternatives, ``[a|]`` optional), expanded once into word tuples and matched against the
words of a request, keeping character offsets so a matched span can be cut out of the original text.

The tables are data (``understand/data/*.tsv``), loaded once and cached; nothing here knows which
phrases exist.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from importlib import resources

_WORD = re.compile(r"[A-Za-z0-9_]+(?:'[A-Za-z]+)?|[^\w\s]")
_SLOT = re.compile(r"\[([^\]]*)\]|(\S+)")


@dataclass(frozen=True)
class Word:
    """One word (or punctuation mark) of a request, lower-cased, with its offsets."""

    low: str
    start: int
    end: int


class PhraseSet(tuple[tuple[str, ...], ...]):
    """Word tuples, longest first, indexed by their first and last word so that matching at a
    position looks only at the phrases that can start (or end) there: matching stays linear in
    the request's length whatever the size of the table."""

    first: dict[str, list[tuple[str, ...]]]
    last: dict[str, list[tuple[str, ...]]]

    def __new__(cls, phrases: tuple[tuple[str, ...], ...]) -> PhraseSet:
        self = super().__new__(cls, phrases)
        self.first = {}
        self.last = {}
        for ph in phrases:
            self.first.setdefault(ph[0], []).append(ph)
            self.last.setdefault(ph[-1], []).append(ph)
        return self


@dataclass(frozen=True)
class Row:
    """One table row: its leading fields and every word sequence its phrase pattern allows."""

    fields: tuple[str, ...]
    phrases: PhraseSet


def words(text: str) -> list[Word]:
    return [Word(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def expand(pattern: str) -> PhraseSet:
    """``"[a|b] c [d|]"`` → ``(("a","c","d"), ("a","c"), ("b","c","d"), ("b","c"))`` as word tuples,
    longest first so the longest phrase wins at a position."""
    slots: list[list[tuple[str, ...]]] = []
    for m in _SLOT.finditer(pattern):
        options = m.group(1).split("|") if m.group(1) is not None else [m.group(2)]
        slots.append([tuple(w.lower() for w in _WORD.findall(o)) for o in options])
    out = {tuple(itertools.chain.from_iterable(combo)) for combo in itertools.product(*slots)}
    return PhraseSet(tuple(sorted((p for p in out if p), key=lambda p: (-len(p), p))))


@functools.cache
def load(name: str) -> tuple[Row, ...]:
    """The rows of ``understand/data/<name>`` (a header line names the columns; ``#`` lines are
    comments), each phrase pattern expanded."""
    raw = resources.files("pandascribe.understand").joinpath(f"data/{name}").read_text("utf-8")
    rows: list[Row] = []
    header = True
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if header:
            header = False
            continue
        *fields, pattern = line.split("\t")
        rows.append(Row(tuple(f.strip() for f in fields), expand(pattern.strip())))
    return tuple(rows)


#: Number words a ``#`` slot of a phrase accepts besides digits.
NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}


def number(word: str) -> int | None:
    """``"3"`` or ``"three"`` → 3; anything else → None."""
    return int(word) if word.isascii() and word.isdigit() else NUMBER_WORDS.get(word)


def _same(w: Word, p: str) -> bool:
    return number(w.low) is not None if p == "#" else w.low == p


def _candidates(phrases: tuple[tuple[str, ...], ...], word: str, end: bool) -> list[tuple[str, ...]]:
    if not isinstance(phrases, PhraseSet):
        return list(phrases)
    index = phrases.last if end else phrases.first
    hits = index.get(word, [])
    return hits + index.get("#", []) if number(word) is not None else hits


def match_at(ws: list[Word], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """How many words the longest of ``phrases`` covers at position ``i`` (0: none matches); a
    ``#`` in a phrase matches one number."""
    best = 0
    if i >= len(ws):
        return 0
    for p in _candidates(phrases, ws[i].low, end=False):
        n = len(p)
        if n > best and i + n <= len(ws) and all(_same(w, q) for w, q in zip(ws[i : i + n], p, strict=True)):
            best = n
    return best


def ends_at(ws: list[Word], j: int, phrases: tuple[tuple[str, ...], ...], lo: int = 0) -> int:
    """How many words the longest of ``phrases`` covers when it ends just before position ``j``
    (and starts at or after ``lo``); 0 when none does."""
    best = 0
    if j <= lo or j > len(ws):
        return 0
    for p in _candidates(phrases, ws[j - 1].low, end=True):
        n = len(p)
        if best < n <= j - lo and all(_same(w, q) for w, q in zip(ws[j - n : j], p, strict=True)):
            best = n
    return best


def cut(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the character ``spans``, spaces tidied (no space before , or ;)."""
    keep, pos = [], 0
    for a, b in sorted(spans):
        keep.append(text[pos:a])
        pos = max(pos, b)
    keep.append(text[pos:])
    out = re.sub(r"\s+", " ", " ".join(keep)).strip()
    out = re.sub(r"\s+([,;.?!])", r"\1", out)
    return re.sub(r"^[,;\s]+|[,;\s]+$", "", out)
