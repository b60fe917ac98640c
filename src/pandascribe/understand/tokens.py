"""Split a request into raw tokens: words, numbers, dates, quoted strings and symbols.

Tokens keep their original text (values and new column names are case-sensitive) and a
lower-case form for matching against the lexicon and the schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN_RE = re.compile(
    r"""
      (?P<str>"[^"]*"|“[^”]*”|(?<![\w])'[^']*'(?![\w]))
    | (?P<date>\d{4}-\d{1,2}-\d{1,2}(?:[T\s]\d{1,2}:\d{2}(?::\d{2})?)?)
    | (?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)
    | (?P<word>[A-Za-z_À-ɏ][\w]*(?:['’][A-Za-z]+)*(?:-[A-Za-z][\w]*)*)
    | (?P<sym>>=|<=|!=|==|=>|=<|<>|\*\*|&&|\|\||[-+*/%^<>=(),;:&|])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    """One raw token; ``kind`` is str, date, num, word or sym."""

    kind: str
    text: str
    low: str
    start: int
    end: int

    @property
    def value(self) -> str:
        """The token's text without surrounding quotes (for quoted strings)."""
        if self.kind == "str":
            return self.text[1:-1]
        return self.text


_SYMBOL_ALIASES = {"≥": ">=", "≤": "<=", "≠": "!=", "⩾": ">=", "⩽": "<=", "×": "*", "÷": "/", "−": "-"}
_IGNORABLE = set(" \t\r\n?!.'\"`’‘“”")


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` in order. Sentence punctuation (``?``, ``!``, periods, stray quotes) is
    dropped; any other character becomes a symbol token of its own, so a sign the parser does not
    know (``≈``) is reported instead of vanishing. Whitespace of any Unicode kind (no-break spaces
    pasted from web pages) separates tokens like a space, and a run of it is one separator; the
    tokens keep their offsets into the original text."""
    for fancy, plain in _SYMBOL_ALIASES.items():
        text = text.replace(fancy, f" {plain} ")
    out: list[Token] = []
    pos = 0
    for m in _TOKEN_RE.finditer(text):
        for k in range(pos, m.start()):
            if text[k] not in _IGNORABLE and not text[k].isspace():
                out.append(Token("sym", text[k], text[k], k, k + 1))
        pos = m.end()
        kind = m.lastgroup or "sym"
        raw = m.group(0)
        low = raw.lower().replace("’", "'")
        out.append(Token(kind, raw, low, m.start(), m.end()))
    for k in range(pos, len(text)):
        if text[k] not in _IGNORABLE and not text[k].isspace():
            out.append(Token("sym", text[k], text[k], k, k + 1))
    return out


def parse_number(text: str) -> int | float:
    """``1,000`` → 1000, ``3.5`` → 3.5."""
    clean = text.replace(",", "")
    value = float(clean)
    return int(value) if value.is_integer() and "." not in clean else value


def split_words(name: str) -> list[str]:
    """Words of an identifier: ``body_mass_g`` → body mass g, ``sepalWidth`` → sepal width,
    ``Miles_per_Gallon`` → miles per gallon, ``America/Los_Angeles`` → america los angeles."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", spaced)
    spaced = re.sub(r"([A-Za-z])(\d)", r"\1 \2", spaced)
    return [w for w in re.split(r"[^0-9A-Za-zÀ-ɏ']+", spaced.lower()) if w]


#: plurals too short for the suffix rule ("ids" of "id")
_SHORT_PLURALS = {"ids": "id", "ids'": "id"}


def singular(word: str) -> str:
    """A crude singular form, enough for matching names (flights → flight, species stays)."""
    if word in _SHORT_PLURALS:
        return _SHORT_PLURALS[word]
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "species", "series")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word
