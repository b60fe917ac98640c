"""Yes/no columns read as tests on the rows: "survivors", "people who survived", "smokers",
"non smokers".

A column whose values are only true/false (bool, 0/1, Yes/No — see
:attr:`pandascribe.schema.ColumnInfo.binary`) names a *kind of row* as much as a column: the
words of its derivational family (survive · survived · survivor · survival, smoke · smoker ·
smoking) can each mean "the rows where it is true", and a negation in front ("non", "not",
"never") the rows where it is false. These meanings sit on the items beside the column meaning;
the readings layer (:mod:`readings`) decides which one a sentence uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..schema import FrameSchema
from .ground import EXACT, PLURAL, ValueHit
from .morph import same_family
from .tokens import split_words

# words that say "the opposite of" right before a predicate word (in one token or two)
NEGATORS = ("non", "not", "no", "never", "un")
_NAME_LINKS = frozenset({"is", "has", "was", "did", "flag", "yn"})  # is_smoker, has_cabin, smoker_yn


@dataclass(frozen=True)
class Predicate:
    """One yes/no column and the literal that means "yes" and "no" in it."""

    column: str
    words: tuple[str, ...]  # the name's content words (is_smoker → smoker)
    yes: bool | int | str
    no: bool | int | str


_CACHE: dict[int, tuple[FrameSchema, tuple[Predicate, ...]]] = {}


def _predicates(schema: FrameSchema) -> tuple[Predicate, ...]:
    """The schema's yes/no columns, cached per schema object (schemas are cached per frame)."""
    hit = _CACHE.get(id(schema))
    if hit is None or hit[0] is not schema:
        if len(_CACHE) > 256:
            _CACHE.clear()
        hit = (schema, _build(schema))
        _CACHE[id(schema)] = hit
    return hit[1]


def _build(schema: FrameSchema) -> tuple[Predicate, ...]:
    out = []
    for c in schema.columns:
        if c.binary is None:
            continue
        words = tuple(w for w in split_words(c.name) if w not in _NAME_LINKS)
        if words:
            out.append(Predicate(c.name, words, c.binary[0], c.binary[1]))
    return tuple(out)


def predicate_hits(schema: FrameSchema, words: tuple[str, ...]) -> tuple[ValueHit, ...]:
    preds = _predicates(schema)
    if not preds or not words or len(words) > 2:
        return ()
    return _hits(preds, words)


@lru_cache(maxsize=4096)
def _hits(preds: tuple[Predicate, ...], words: tuple[str, ...]) -> tuple[ValueHit, ...]:
    """The yes/no tests ``words`` may name: ``("survivors",)`` → Survived == 1, ``("non",
    "smokers")`` / ``("non-smokers",)`` → smoker == "No". The score is EXACT when the word is the
    column's own name (a test only if the sentence needs one) and PLURAL for another member of
    its family."""
    negate = False
    body = list(words)
    if len(body) == 2:
        if body[0] not in NEGATORS:
            return ()
        negate, body = True, body[1:]
    word = body[0]
    for neg in ("non-", "non", "un"):
        if word.startswith(neg) and len(word) > len(neg) + 3 and word[len(neg) :].isalpha():
            stripped = word[len(neg) :]
            if any(same_family(stripped, p.words[-1]) for p in preds):
                negate, word = not negate, stripped
                break
    if not word.isalpha() or len(word) < 4:
        return ()
    hits = []
    for p in preds:
        if len(p.words) != 1 or not same_family(word, p.words[0]):
            continue
        score = EXACT if word == p.words[0] else PLURAL
        hits.append(ValueHit(p.column, p.no if negate else p.yes, score))
    return tuple(hits)
