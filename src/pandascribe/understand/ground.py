"""Grounding: which column or which value a run of request words refers to.

Driven by tables (unit suffixes, synonyms, value aliases) and a few general rules that hold for
how people abbreviate names:

* every word of the name, in order, ignoring case, ``_``/spaces/camelCase (``bill length`` →
  ``bill_length_mm``), optionally without a unit suffix or a plural ``s``;
* an initialism of the name's words (``mpg`` → ``Miles_per_Gallon``);
* each name word a prefix of the request word (``departure delay`` → ``dep_delay``,
  ``time zone`` → ``tzone``);
* a distinctive part of the name (``flipper`` → ``flipper_length_mm``), weakest of all.

Each match has a score; only the best-scoring candidates survive, and more than one survivor is
an ambiguity the parser reports (never a guess).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..schema import ColumnInfo, FrameSchema
from .lexicon import NAME_CONNECTORS, UNIT_SUFFIXES, Tables, packs_for, tables_for
from .tokens import singular, split_words

# words that never take part in a loose (prefix or partial) name match
_STOP = frozenset(
    [
        "and",
        "or",
        "by",
        "per",
        "of",
        "the",
        "a",
        "an",
        "to",
        "in",
        "on",
        "at",
        "with",
        "for",
        "not",
        "is",
        "are",
        "was",
        "be",
        "from",
        "than",
        "as",
    ]
)

EXACT, ALL_WORDS, CORE_WORDS, PLURAL, INITIALISM, SYNONYM, PREFIXES, BAG, PART = (
    100,
    90,
    85,
    80,
    70,
    60,
    50,
    45,
    30,
)
# words that may follow a column's name without changing it ("weather type", "origin airport")
_GENERIC_TAIL = frozenset(
    [
        "type",
        "types",
        "kind",
        "category",
        "name",
        "value",
        "values",
        "column",
        "field",
        "group",
        "level",
        "class",
        "airport",
    ]
)


# words that may follow a numeric column's name without changing it: the column holds the number
_COUNT_TAIL = frozenset(["number", "numbers", "count", "figure", "figures"])


@dataclass(frozen=True)
class ColumnForms:
    """The ways one column can be named."""

    name: str
    parts: tuple[str, ...]
    core: tuple[str, ...]
    unit: str | None


def _forms(name: str) -> ColumnForms:
    parts = tuple(split_words(name)) or (name.lower(),)
    core = list(parts)
    unit = None
    if len(core) > 1 and core[-1] in UNIT_SUFFIXES:
        unit = core.pop()
        while len(core) > 1 and core[-1] in NAME_CONNECTORS:
            core.pop()
    return ColumnForms(name, parts, tuple(core), unit)


def _is_prefix_split(target: str, words: Sequence[str]) -> bool:
    """Can ``target`` be cut into len(words) pieces, piece i a prefix of word i? The last piece
    must be a whole word or at least 3 letters (``t``+``zone`` from time zone, ``dep``+``delay``)."""
    if not words:
        return not target

    def go(t: str, i: int) -> bool:
        w = words[i]
        if i == len(words) - 1:
            return bool(t) and w.startswith(t) and (len(t) >= 3 or t == w)
        return any(w.startswith(t[:k]) and go(t[k:], i + 1) for k in range(1, min(len(w), len(t) - 1) + 1))

    return go(target, 0)


_MEMO_SIZE = 4096


class ColumnIndex:
    """Finds columns of one frame for runs of request words."""

    def __init__(self, schema: FrameSchema):
        self.schema = schema
        self.tables: Tables = tables_for(packs_for(schema.names))  # core words + this data's packs
        self.forms = [_forms(c.name) for c in schema.columns]
        self.numeric = frozenset(c.name for c in schema.columns if c.numeric)
        self._memo: dict[tuple[str, ...], tuple[int, tuple[str, ...]]] = {}
        self.exact: dict[tuple[str, ...], list[tuple[str, int]]] = {}
        for f in self.forms:
            self._put((f.name.lower(),), f.name, EXACT)
            self._put(f.parts, f.name, ALL_WORDS)
            self._put(f.core, f.name, CORE_WORDS)
            for seq in {f.parts, f.core}:
                plural = (*seq[:-1], seq[-1] + "s")
                self._put(plural, f.name, PLURAL)
                if seq[-1].endswith("y"):
                    self._put((*seq[:-1], seq[-1][:-1] + "ies"), f.name, PLURAL)
                initials = "".join(w[0] for w in seq)
                if len(seq) >= 2 and initials not in _STOP:  # "is" never means Irish_speakers
                    self._put((initials,), f.name, INITIALISM)
            joined = "".join(f.core)
            if len(f.core) > 1:
                self._put((joined,), f.name, ALL_WORDS)
                self._put((joined + "s",), f.name, PLURAL)

    def _put(self, key: tuple[str, ...], name: str, score: int) -> None:
        bucket = self.exact.setdefault(key, [])
        for i, (n, s) in enumerate(bucket):
            if n == name:
                bucket[i] = (n, max(s, score))
                return
        bucket.append((name, score))

    def match(self, words: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
        """Best score and the columns reaching it for this run of words (0, () when none).

        Remembered per index: every reading of every request asks about the same word runs again
        and again, and the answer depends only on the words and this frame's columns."""
        hit = self._memo.get(words)
        if hit is None:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            hit = self._memo[words] = self._match(words)
        return hit

    def _match(self, words: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
        found: dict[str, int] = {}

        def offer(name: str, score: int) -> None:
            if score > found.get(name, 0):
                found[name] = score

        for name, score in self.exact.get(words, []):
            offer(name, score)
        sing = tuple(singular(w) for w in words)
        if sing != words:
            for name, score in self.exact.get(sing, []):
                offer(name, min(score, PLURAL))
        # synonyms: replace one request word (or the whole run) by a name word
        for i in range(len(words)):
            for span in (1, 2):
                if i + span > len(words):
                    continue
                key = " ".join(words[i : i + span])
                syn = self.tables.SYNONYMS
                for alt in syn.get(key, ()) or syn.get(" ".join(sing[i : i + span]), ()):
                    swapped = (*words[:i], *alt.split(), *words[i + span :])
                    for name, score in self.exact.get(swapped, []):
                        offer(name, min(score, SYNONYM))
                    for f in self.forms:
                        if _part_of(tuple(alt.split()), f.core) and len(words) == span:
                            offer(f.name, PART)
        loose = all(w.isalpha() for w in sing) and not any(w in _STOP for w in sing)
        if not found and loose:
            for f in self.forms:
                for seq in (f.core, f.parts):
                    if (
                        len(seq) == len(sing)
                        and all(
                            w.startswith(p) and (len(p) >= 2 or p == w)
                            for p, w in zip(seq, sing, strict=True)
                        )
                        and sum(map(len, seq)) >= 3
                    ) or (
                        len(seq) == len(sing)
                        and all(p.startswith(w) and len(w) >= 3 for p, w in zip(seq, sing, strict=True))
                    ):
                        offer(f.name, PREFIXES)
                joined = "".join(f.core)
                if len(sing) >= 2 and len(joined) >= 3 and _is_prefix_split(joined, sing):
                    offer(f.name, PREFIXES)
        if not found and loose and len(sing) >= 2:
            for f in self.forms:
                if len(f.core) == len(sing) and _bag_match(sing, f.core, self.tables.SYNONYMS):
                    offer(f.name, BAG)
        if not found and len(words) >= 2 and words[-1] in _GENERIC_TAIL and words[-2] not in _GENERIC_TAIL:
            score, names = self.match(words[:-1])
            if score >= PREFIXES:
                for n in names:
                    offer(n, min(score, SYNONYM) - 1)
        if not found and len(words) >= 2 and words[-1] in _COUNT_TAIL and words[-2] not in _COUNT_TAIL:
            score, names = self.match(words[:-1])  # "the typhoid fever number": the count it holds
            if score >= PLURAL:
                for n in names:
                    if n in self.numeric:
                        offer(n, min(score, SYNONYM) - 1)
        if not found and loose:
            for f in self.forms:
                if _part_of(sing, f.core) and not all(w in NAME_CONNECTORS for w in sing):
                    offer(f.name, PART)
        if not found and len(words) >= 3 and any(w in NAME_CONNECTORS for w in words[1:-1]):
            # "number of products" → Number_products: a connector the name leaves out
            bare = tuple(
                w for n, w in enumerate(words) if not (0 < n < len(words) - 1 and w in NAME_CONNECTORS)
            )
            score, names = self.match(bare)
            if score >= PLURAL:
                for n in names:
                    offer(n, PLURAL)
        if not found:
            return 0, ()
        best = max(found.values())
        return best, tuple(sorted(n for n, s in found.items() if s == best))

    def concept(self, concepts: Sequence[str]) -> tuple[str, ...]:
        """Columns measuring a concept ("mass" → body_mass_g), trying concepts in order."""
        for c in concepts:
            words = tuple(c.split())
            score, names = self.match(words)
            if score:
                return names
        return ()


def _bag_match(words: tuple[str, ...], core: tuple[str, ...], synonyms: dict[str, tuple[str, ...]]) -> bool:
    """The name's words in another order ("max temperature" → temp_max), each name word equal to,
    a synonym of, or a prefix of a distinct request word."""
    left = list(words)
    for p in core:
        for w in left:
            alts = {w, *synonyms.get(w, ())}
            if p in alts or (len(p) >= 3 and w.startswith(p)):
                left.remove(w)
                break
        else:
            return False
    return not left


def _part_of(words: tuple[str, ...], seq: tuple[str, ...]) -> bool:
    n = len(words)
    return any(seq[i : i + n] == words for i in range(len(seq) - n + 1)) and n < len(seq) + 1


# ---------------------------------------------------------------- values


def _norm_words(text: str) -> tuple[str, ...]:
    return tuple(split_words(text.replace("'", "")))


MAX_INDEXED = 1_000  # a text column with more distinct values holds identifiers, not categories
MAX_PARTIAL = 300  # sub-phrases ("Los Angeles" of "America/Los_Angeles") only for small categories


@dataclass(frozen=True)
class ValueHit:
    """A request run naming a value of a text column (or the yes value of a yes/no column)."""

    column: str
    value: str | int | bool
    score: int


class ValueIndex:
    """Finds values of text columns (``Adelie``, ``JFK``, ``Los Angeles`` → America/Los_Angeles)."""

    def __init__(self, columns: Sequence[ColumnInfo]):
        self.aliases = tables_for(packs_for(c.name for c in columns)).VALUE_ALIASES
        self.full: dict[tuple[str, ...], list[ValueHit]] = {}
        partial: dict[tuple[str, ...], dict[str, set[str]]] = {}
        self.codes: set[tuple[str, str]] = set()
        for col in columns:
            if not col.textual or not col.values or (col.n_distinct or 0) > MAX_INDEXED:
                continue  # identifiers and free text (tail numbers, names of everything) are not grounded
            partials = (col.n_distinct or 0) <= MAX_PARTIAL
            for v in col.values:
                if sum(ch.isdigit() for ch in v) > len(v) // 2:
                    continue  # timestamps and numeric codes are typed as literals, not grounded
                words = _norm_words(v)
                if not words:
                    continue
                if len(v) <= 4 and v.isupper() and v.isalnum():
                    self.codes.add((col.name, v))
                self.full.setdefault(words, []).append(ValueHit(col.name, v, EXACT))
                if partials and 2 <= len(words) <= 6:
                    for i in range(len(words)):
                        for j in range(i + 1, len(words) + 1):
                            if j - i < len(words):
                                partial.setdefault(words[i:j], {}).setdefault(col.name, set()).add(v)
        self.partial: dict[tuple[str, ...], list[ValueHit]] = {}
        # a piece of a value made only of words of the column names ("race" of the value "iii
        # cornwall formula 1 race" under a "Race Name" column) names the column or the rows' entity
        # ("the name of the race in Bordeaux"), not that one value
        name_words = {w for col in columns for w in _norm_words(col.name)}
        for key, by_col in partial.items():
            hits = [ValueHit(c, next(iter(vs)), PART) for c, vs in by_col.items() if len(vs) == 1]
            if hits and not (len(key) == 1 and len(key[0]) <= 2) and not set(key) <= name_words:
                self.partial[key] = hits

    def match(self, words: tuple[str, ...], original: str) -> list[ValueHit]:
        """Values this run of words names; codes (``AA``, ``US``) only when typed in capitals."""
        hits = self.full.get(words) or []
        if not hits:  # "gp2", "ge40lfr": the index splits letters from digits as split_words does
            split = tuple(p for w in words for p in split_words(w))
            hits = self.full.get(split, []) if split != words else []
        if not hits and len(words) == 1:
            for alias in self.aliases.get(words[0], ()):
                hits = [ValueHit(h.column, h.value, SYNONYM) for h in self.full.get(tuple(alias.split()), [])]
                if hits:
                    break
        if not hits and words and words[-1].endswith("s"):
            for base in (words[-1][:-1], singular(words[-1])):  # "the Adelies"
                hits = self.full.get((*words[:-1], base)) or []
                if hits:
                    break
        if not hits:
            hits = self.partial.get(words) or []
        typed = original.replace(" ", "")
        # a short code must be typed as written (so "us" or "aa" in prose is not a value)
        return [
            h
            for h in hits
            if (h.column, h.value) not in self.codes
            or typed == h.value
            or h.score == SYNONYM
            or (original.isupper() and typed.upper() == h.value)
        ]


_INDEXES: dict[int, tuple[FrameSchema, ColumnIndex, ValueIndex]] = {}


def indexes_for(schema: FrameSchema) -> tuple[ColumnIndex, ValueIndex]:
    """Column and value indexes of one frame schema, cached per schema object (schemas are cached
    per frame, so a warm request builds nothing)."""
    hit = _INDEXES.get(id(schema))
    if hit is None or hit[0] is not schema:
        if len(_INDEXES) > 256:
            _INDEXES.clear()
        hit = (schema, ColumnIndex(schema), ValueIndex(schema.columns))
        _INDEXES[id(schema)] = hit
    return hit[1], hit[2]
