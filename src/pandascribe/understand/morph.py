"""Morphology: lemmas, stems, derivational families, and an index of column names by their parts.

Outsiders write "survivors" for a column ``Survived``, "class" for ``Pclass``, "fares" for
``Fare`` and "Total Sales" for ``Total Sales ($)``. Plural-stripping alone (the old
``tokens.singular``) sees none of that. Three libraries and one small table do the work:

* **lemmas** from lemminflect (it ships its English dictionary; unlike simplemma it answers per part
  of speech, which tells a verb base from a noun — the derivation rule below needs exactly that);
* **stems** from snowballstemmer, as a last, loose key;
* **derivational families** by rule: a word ending in a derivational suffix (``-or``, ``-al``,
  ``-ure``, ``-ed`` …, listed in ``data/morphology.toml``) belongs to the family of the verb left
  after removing it, when lemminflect knows that verb (survivor/survival/survived → survive;
  smoker → smoke; carrier → carry). Irregular families (sold/sale, died/death) are a short table.

:class:`NameIndex` splits every column name into parts (snake_case, camelCase, digits, punctuation,
and sub-words behind a known prefix: ``Pclass`` → p + class, ``NumChildren`` → num + children) and
answers, for a run of request words, the columns it may name, each with a **tier**::

    EXACT    the whole name, ignoring case, spaces, underscores and punctuation ("first name")
    LEMMA    every part, in order, by lemma ("fares" → Fare, "body masses" → body_mass)
    FAMILY   every part, by derivational family ("survivors" → Survived)
    PART     some distinctive parts only ("class" → Pclass, "mass" → body_mass_g)
    PREFIX   parts abbreviated ("departure delay" → dep_delay)
    TYPO     a close spelling (rapidfuzz); never enough to decide alone

Higher tiers are better; the parser keeps *all* candidates and ranks readings with them.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

import lemminflect
import snowballstemmer
from rapidfuzz import fuzz


@functools.cache
def warm_lemmas() -> None:
    """Load lemminflect's lemma dictionary now. It takes half a second, once per process; called at
    the start of every reading (a no-op after the first) so that the first request pays it, not
    whichever later request first meets an inflected word ("lighter", "drafted")."""
    lemminflect.getAllLemmas("warm")


EXACT, LEMMA, FAMILY, PART, PREFIX, TYPO = 6, 5, 4, 3, 2, 1
TIER_NAMES = {EXACT: "exact", LEMMA: "lemma", FAMILY: "family", PART: "part", PREFIX: "prefix", TYPO: "typo"}

#: words that never name a column part on their own
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "by",
        "per",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "not",
        "no",
        "than",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "each",
        "every",
        "all",
        "any",
    ]
)


@functools.cache
def _table() -> dict[str, object]:
    raw = resources.files("pandascribe.understand").joinpath("data/morphology.toml").read_text("utf-8")
    return tomllib.loads(raw)


@functools.cache
def _irregular() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for family in _table()["irregular_families"]:  # type: ignore[attr-defined]
        key = frozenset(family)
        for w in family:
            out[w] = out.get(w, frozenset()) | key
    return out


_STEMMER = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem (survived, survival → surviv; survivors → survivor)."""
    return str(_STEMMER.stemWord(word.lower()))


@functools.lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """Every lemma of ``word`` over all parts of speech, plus the word itself."""
    w = word.lower()
    found = lemminflect.getAllLemmas(w)
    if not found and w.isalpha():
        found = lemminflect.getAllLemmasOOV(w, upos="NOUN")
    return frozenset({w, *(lemma for forms in found.values() for lemma in forms)})


@functools.lru_cache(maxsize=4096)
def is_plural_noun(word: str) -> bool:
    """``word`` is the plural of a noun in lemminflect's dictionary (wins, goals, seats — not
    series, class, status, nor an unknown abbreviation)."""
    w = word.lower()
    return any(n != w for n in lemminflect.getAllLemmas(w).get("NOUN", ()))


@functools.lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """One lemma, nouns first (fares → fare, children → child, survived → survive)."""
    w = word.lower()
    found = lemminflect.getAllLemmas(w)
    for pos in ("NOUN", "VERB", "ADJ", "ADV", "PROPN"):
        if pos in found:
            return str(found[pos][0])
    if w.isalpha() and len(w) > 3:
        oov = lemminflect.getAllLemmasOOV(w, upos="NOUN")
        if "NOUN" in oov:
            return str(oov["NOUN"][0])
    return w


@functools.lru_cache(maxsize=65536)
def _is_verb(base: str) -> bool:
    return len(base) >= 3 and bool(lemminflect.getAllInflections(base, upos="VERB"))


@functools.lru_cache(maxsize=65536)
def family(word: str) -> frozenset[str]:
    """Keys of the derivational family of ``word``: its lemmas, the verbs it derives from by a
    suffix rule, and its irregular family. Two words are related when their keys meet."""
    keys = set(lemmas(word))
    suffixes: list[str] = _table()["derivation_suffixes"]  # type: ignore[assignment]
    for form in tuple(keys):
        for suffix in suffixes:
            if not form.endswith(suffix) or len(form) - len(suffix) < 3:
                continue
            base = form[: -len(suffix)]
            for cand in (base, base + "e", base[:-1] if base[-1:] == base[-2:-1] else "", base[:-1] + "y"):
                if cand and _is_verb(cand):
                    keys.add(cand)
    for form in tuple(keys):
        keys |= _irregular().get(form, frozenset())
    return frozenset(keys)


def same_family(a: str, b: str) -> bool:
    """survivor ~ survived ~ survival; smoker ~ smoking; sales ~ sold; death ~ died."""
    return bool(family(a) & family(b))


# ---------------------------------------------------------------- column names


_CAMEL_1 = re.compile(r"([a-z0-9])([A-Z])")
_CAMEL_2 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_ALNUM = re.compile(r"[A-Za-zÀ-ɏ]+|\d+|[^\sA-Za-zÀ-ɏ\d_]")
_SYMBOLS = frozenset("$%#€£¥()[]{}:;.,/-+*&'\"?!")


@functools.lru_cache(maxsize=65536)
def _is_word(piece: str) -> bool:
    return bool(lemminflect.getAllLemmas(piece))


def name_parts(name: str) -> tuple[str, ...]:
    """Lower-case parts of a column name: ``body_mass_g`` → body mass g, ``sepalWidth`` → sepal
    width, ``Pclass`` → p class, ``Total Sales ($)`` → total sales $, ``Unnamed: 0`` → unnamed 0."""
    spaced = _CAMEL_2.sub(r"\1 \2", _CAMEL_1.sub(r"\1 \2", name))
    parts: list[str] = []
    for m in _ALNUM.finditer(spaced):
        piece = m.group(0).lower()
        if piece in "()[]{}:;.,'\"?!":
            continue
        parts.extend(_split_prefix(piece))
    return tuple(parts)


def _split_prefix(piece: str) -> list[str]:
    """``pclass`` → p class, ``numchildren`` → num children; a real word stays whole."""
    if not piece.isalpha() or len(piece) < 4 or _is_word(piece):
        return [piece]
    prefixes: list[str] = _table()["name_prefixes"]  # type: ignore[assignment]
    for prefix in sorted(prefixes, key=len, reverse=True):
        rest = piece[len(prefix) :]
        if piece.startswith(prefix) and len(rest) >= 3 and _is_word(rest):
            return [prefix, rest]
    return [piece]


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


@dataclass(frozen=True)
class NameMatch:
    """A column a run of words may name, with the tier of the evidence."""

    column: str
    tier: int
    #: the words name the *entity* an identifier column identifies ("passengers" → PassengerId):
    #: usually a row noun, not the column — the parser should prefer that reading
    entity: bool = False

    @property
    def tier_name(self) -> str:
        return TIER_NAMES[self.tier]


@dataclass(frozen=True)
class _Entry:
    name: str
    squashed: str
    parts: tuple[str, ...]  # without symbols
    content: tuple[str, ...]  # parts that can be matched alone (not stopwords, not 1-char prefixes)


class NameIndex:
    """Columns indexed by their parts' lemmas and families; :meth:`lookup` lists every column a
    run of words may name, best tier first (ties in column order)."""

    def __init__(self, columns: Iterable[str]) -> None:
        self.entries: tuple[_Entry, ...] = tuple(self._entry(str(c)) for c in columns)
        self._by_squash: dict[str, list[_Entry]] = {}
        for e in self.entries:
            self._by_squash.setdefault(e.squashed, []).append(e)

    @staticmethod
    def _entry(name: str) -> _Entry:
        parts = tuple(p for p in name_parts(name) if p not in _SYMBOLS)
        content = tuple(p for p in parts if p not in STOPWORDS and (len(p) > 1 or p.isdigit()))
        return _Entry(name, _squash(name), parts, content)

    def lookup(self, words: Sequence[str]) -> list[NameMatch]:
        """Every column ``words`` may name, with its best tier; best first."""
        words = [w.lower() for w in words if w.strip()]
        if not words:
            return []
        best: dict[str, int] = {}
        for e in self._by_squash.get(_squash("".join(words)), ()):
            best[e.name] = EXACT
        content = [w for w in words if w not in STOPWORDS and not all(ch in _SYMBOLS for ch in w)]
        if content:
            for e in self.entries:
                if e.name in best or not e.content:
                    continue
                tier = _tier(content, e)
                if tier:
                    best[e.name] = tier
        order = {e.name: n for n, e in enumerate(self.entries)}
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], order[kv[0]]))
        return [NameMatch(c, t, t < LEMMA and _names_entity(content, self._get(c))) for c, t in ranked]

    def _get(self, name: str) -> _Entry:
        return next(e for e in self.entries if e.name == name)

    def best(self, words: Sequence[str]) -> list[NameMatch]:
        """The candidates of the best tier only (one → a decision; several → an ambiguity)."""
        found = self.lookup(words)
        return [m for m in found if m.tier == found[0].tier] if found else []


_ID_TAILS = frozenset({"id", "ids", "key", "code", "no", "number", "num", "nr", "uid", "uuid"})


def _names_entity(words: list[str], e: _Entry) -> bool:
    """``passengers`` against ``PassengerId``: the words cover only the parts before an id tail."""
    if len(e.parts) < 2 or e.parts[-1] not in _ID_TAILS:
        return False
    head = [p for p in e.parts[:-1] if p not in STOPWORDS]
    return len(words) == len(head) and all(lemmas(w) & lemmas(p) for w, p in zip(words, head, strict=True))


def _tier(words: list[str], e: _Entry) -> int:
    """The best tier at which ``words`` (content words of the request) name entry ``e``."""
    if len(words) == len(e.content):
        pairs = list(zip(words, e.content, strict=True))
        if all(lemmas(w) & lemmas(p) for w, p in pairs):
            return LEMMA
        if all(same_family(w, p) for w, p in pairs):
            return FAMILY
    # a distinctive part: every word (of at least 3 letters) names a part
    if (
        len(words) < len(e.content)
        and all(len(w) >= 3 for w in words)
        and _covers(words, e.content, lambda w, p: bool(lemmas(w) & lemmas(p)))
    ):
        return PART
    if len(words) == len(e.content) and all(_abbrev(w, p) for w, p in zip(words, e.content, strict=True)):
        return PREFIX
    if (
        len(words) < len(e.content)
        and all(len(w) >= 4 for w in words)
        and _covers(words, e.content, same_family)
    ):
        return PART
    joined, name = "".join(words), e.squashed
    if len(joined) >= 5 and len(name) >= 5 and fuzz.ratio(joined, name) >= 85:
        return TYPO
    return 0


def _covers(words: Sequence[str], parts: Sequence[str], same: object) -> bool:
    """Every word matches a distinct part, in order."""
    k = 0
    for w in words:
        while k < len(parts) and not same(w, parts[k]):  # type: ignore[operator]
            k += 1
        if k == len(parts):
            return False
        k += 1
    return True


def _abbrev(word: str, part: str) -> bool:
    """One is an abbreviation (a prefix of at least 3 letters) of the other: dep ~ departure."""
    short, long_ = sorted((word, part), key=len)
    return (len(short) >= 3 and long_.startswith(short)) or bool(lemmas(word) & lemmas(part))


__all__ = [
    "EXACT",
    "FAMILY",
    "LEMMA",
    "PART",
    "PREFIX",
    "STOPWORDS",
    "TIER_NAMES",
    "TYPO",
    "NameIndex",
    "NameMatch",
    "family",
    "lemma",
    "lemmas",
    "name_parts",
    "same_family",
    "stem",
]
