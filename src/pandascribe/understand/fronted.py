"""A condition stated before the question it conditions, moved behind it.

Crowd-written questions often put the condition first: "When the scoring rank was 117, what was
the best finish?", "In 2012 what was the average finish?", "For the headstamp id of h2, what was
the colour of the bullet tip?". The productions read a question that starts with its question
word and ends with its conditions ("what was the best finish when the scoring rank was 117"), so
a clause that opens with a condition word (data/fronted.toml) and reaches a question word later
is re-ordered token by token: the question first, then the fronted phrase (its separating comma
dropped). The clause is read as written first; the moved order is tried only when that order
has no reading, so a fronted phrase the productions already read keeps its reading. Tokens keep
their offsets into the request, so refusals and rephrased choices still point at the words the
user wrote.

A question word counts as the start of the question when a comma comes before it, or, with no
comma, when the fronted phrase is short and the question word is followed by an auxiliary
("In 2012 what was …"); a relative pronoun inside the phrase ("for players who scored 10, what
…") is not mistaken for it, because the comma-marked start is preferred. A clause that opens with
a statement ("The Catalog number is 80809 what is the title?") is read the same way, with a
'when' before the moved statement.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass

from .lexicon import _read
from .tokens import Token


@dataclass(frozen=True)
class _Words:
    openers: frozenset[str]
    grouping: frozenset[str]
    questions: frozenset[str]
    auxiliaries: frozenset[str]
    be_verbs: frozenset[str]
    max_unmarked: int


@functools.cache
def _words() -> _Words:
    t = tomllib.loads(_read("fronted.toml"))
    return _Words(
        frozenset(t["OPENERS"]),
        frozenset(t["GROUPING"]),
        frozenset(t["QUESTION_WORDS"]),
        frozenset(t["AUXILIARIES"]),
        frozenset(t["BE_VERBS"]),
        int(t["MAX_UNMARKED"]),
    )


def question_start(tokens: list[Token]) -> int | None:
    """Index of the question word that follows a fronted condition, or None when the clause does
    not open with one (it starts with its question, or no question follows)."""
    w = _words()
    if len(tokens) < 3 or tokens[0].low not in w.openers or tokens[1].low in w.grouping:
        return None
    unmarked: int | None = None
    for k in range(2, len(tokens) - 1):
        if tokens[k].low not in w.questions:
            continue
        if tokens[k - 1].text == ",":
            return k if k >= 3 else None
        if (
            unmarked is None
            and k <= w.max_unmarked
            and tokens[k + 1].low in w.auxiliaries
            and not any(t.low in w.questions or t.text == "," for t in tokens[1:k])
        ):
            unmarked = k
    return unmarked


def statement_end(tokens: list[Token]) -> int | None:
    """ "The Catalog number is 80809 what is the title?": a statement with a be-verb, then the
    question (its word followed by an auxiliary); the index of the question word, or None."""
    w = _words()
    if len(tokens) < 5 or tokens[0].low in w.questions or tokens[0].low in w.openers:
        return None
    for k in range(3, len(tokens) - 1):
        if tokens[k].low in w.questions:
            said = tokens[1 : k - 1] if tokens[k - 1].text == "," else tokens[1:k]
            if tokens[k + 1].low in w.auxiliaries and any(t.low in w.be_verbs for t in said):
                return k
            return None
    return None


def front_conditions_last(tokens: list[Token]) -> list[Token]:
    """The clause with a fronted condition moved behind its question (unchanged otherwise); a
    fronted statement is introduced by a 'when' of no width, at the statement's own place."""
    k = question_start(tokens)
    when: list[Token] = []
    if k is None:
        k = statement_end(tokens)
        if k is None:
            return tokens
        when = [Token("word", "when", "when", tokens[0].start, tokens[0].start)]
    fronted = tokens[: k - 1] if tokens[k - 1].text == "," else tokens[:k]
    return [*tokens[k:], *when, *fronted]


__all__ = ["front_conditions_last", "question_start", "statement_end"]
