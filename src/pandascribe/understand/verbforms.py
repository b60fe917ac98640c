"""Verb forms at the head of an ask: "Getting items where …" means "Get items where …".

Outsiders often name the operation in a form the grammar does not list: a gerund in a heading or a
bullet ("Filtering of the gdpPercap column …", "removing duplicate values", "calculating the GDP
…"), or a third-person verb after a subject the normalise layer took away ("The following keeps rows
where …", "a query that selects all rows …"). Both stand for the verb's base form.

:func:`base_form` answers the base form of such a word, and only when rewriting it is safe: the
word itself must be unknown (no column, value or lexicon entry — "sorting" and "counting" are
lexicon entries already, "Missing" names missing values) while its base form is known, and the
base must be a verb in lemminflect's own dictionary (never a guess for an unknown word: "years"
is no verb). A third-person form followed by "of" is a plural noun ("names of …", "ranks of …")
and is left alone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import lemminflect


@functools.lru_cache(maxsize=4096)
def _verb_lemma(word: str) -> str | None:
    lemmas = lemminflect.getAllLemmas(word).get("VERB")
    return str(lemmas[0]) if lemmas else None


def base_form(
    word: str, next_word: str | None, known: Callable[[str], bool], *, after_subject: bool = False
) -> str | None:
    """The base form that should replace ``word`` (lower case), or None to keep it as written.

    ``known(w)`` says whether the rest of the parser understands ``w`` (a column, a value or a
    lexicon word). A third-person form that may also be a plural noun ("orders by customer",
    "drops in price") is a verb only right after a subject the caller dropped (``after_subject``:
    "The following keeps …", "a query that selects …")."""
    if not word.isalpha() or len(word) < 5 or known(word):
        return None
    if word.endswith("ing"):
        pass
    elif word.endswith("s") and not word.endswith("ss"):
        if next_word == "of":  # "names of …": a plural noun, not a verb
            return None
        if not after_subject and "NOUN" in lemminflect.getAllLemmas(word):
            return None
    else:
        return None
    base = _verb_lemma(word)
    if not base or base == word or len(base) > len(word) or not known(base):
        return None
    return base


def is_verb_form(word: str, next_word: str | None, known: Callable[[str], bool]) -> bool:
    """``word`` is a gerund or third-person form of a verb the later layers know, or will know
    after :func:`base_form` ("The following > keeps …", "a query that > selects …")."""
    if not word.isalpha() or not (word.endswith("ing") or (word.endswith("s") and next_word != "of")):
        return False
    base = _verb_lemma(word)
    return bool(base and base != word and (known(word) or known(base)))


def is_base_verb(word: str, known: Callable[[str], bool]) -> bool:
    """``word`` is a verb in its base form that the later layers know ("to > select …")."""
    return word.isalpha() and known(word) and word in lemminflect.getAllLemmas(word).get("VERB", ())


def fitted(base: str, original: str) -> str:
    """``base`` written in the span of ``original`` (same length, capital kept, spaces after)."""
    if original[:1].isupper():
        base = base[:1].upper() + base[1:]
    return base + " " * (len(original) - len(base))


__all__ = ["base_form", "fitted", "is_base_verb", "is_verb_form"]
