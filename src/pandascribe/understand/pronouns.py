"""A pronoun inside one question that points back into that question, not at a previous result.

"List each language and the number of TV Channels using *it*", "For each citizenship, how many
singers are from *that* country?": the antecedent ("each language", "each citizenship") stands
earlier in the same sentence. Such a request, asked with no previous result, is read on its own
(the productions that understand "using it", "each of them" account for the pronoun); a pronoun
that opens the request ("sort it by …", "plot them") still builds on a previous result.
"""

from __future__ import annotations

import re

_PRONOUNS = frozenset({"it", "them", "that", "those", "these", "this", "its", "their"})
#: the words that set up the thing a later pronoun names, one group at a time ("for each language …
#: using it"); without one, "the top 2 rows of those" still means a previous result
_GROUPS = frozenset({"each", "every", "per"})
#: content words that must come before the pronoun for it to have an antecedent in the sentence
_MIN_BEFORE = 3
_WORD = re.compile(r"[A-Za-z_][\w']*")
_FUNCTION = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "by",
        "with",
        "is",
        "are",
        "was",
        "were",
        "be",
        "do",
        "does",
        "did",
        "please",
        "now",
        "then",
        "so",
        "ok",
        "okay",
        "also",
        "again",
        "what",
        "which",
        "who",
        "how",
        "can",
        "you",
        "me",
        "i",
        "we",
        "us",
        "show",
        "give",
        "get",
        "list",
    }
)


def refers_within(request: str, said: tuple[str, ...]) -> bool:
    """Whether every follow-up word ``said`` is a pronoun with enough of the request before it to
    hold its antecedent: a group set up by "each" / "every" / "per" and at least three content words."""
    if not said or any(w.lower() not in _PRONOUNS for w in said):
        return False
    words = [m.group(0).lower() for m in _WORD.finditer(request)]
    first = next((i for i, w in enumerate(words) if w in {s.lower() for s in said}), None)
    if first is None:
        return False
    before = words[:first]
    content = [w for w in before if w not in _FUNCTION]
    return len(content) >= _MIN_BEFORE and bool(_GROUPS & set(before))
