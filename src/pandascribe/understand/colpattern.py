"""Columns chosen by their names or their kind: "select all columns ending with error", "the columns
whose names end with '_2007'", "all string columns", "all non-string columns that contain an
underscore in the name" (dplyr's ``ends_with`` / ``where(is.character)``, polars' selectors).

A spec is a kind (string / numeric / …, optionally negated) and/or a name test (starts / ends /
contains + a pattern); specs joined by "and" are a union ("all string columns and the columns
whose names end with _2007"), a kind and a name test in one spec an intersection. The columns are
resolved against the schema at compile time into a plain :class:`~pandascribe.plan.Select` in the
frame's order. A name test is matched without regard to case, as dplyr's helpers do.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import CompileError
from ..plan import Select, Step
from .context import Clause
from .items import Item

_COLUMN_NOUNS = frozenset(
    {"columns", "column", "variables", "variable", "fields", "field", "cols", "features"}
)

# kind words → the schema kinds they name
_KINDS: dict[str, frozenset[str]] = {
    "string": frozenset({"text"}),
    "strings": frozenset({"text"}),
    "text": frozenset({"text"}),
    "character": frozenset({"text"}),
    "object": frozenset({"text", "other"}),
    "categorical": frozenset({"category", "text"}),
    "numeric": frozenset({"integer", "float"}),
    "numerical": frozenset({"integer", "float"}),
    "number": frozenset({"integer", "float"}),
    "integer": frozenset({"integer"}),
    "float": frozenset({"float"}),
    "date": frozenset({"datetime"}),
    "datetime": frozenset({"datetime"}),
    "boolean": frozenset({"bool"}),
    "logical": frozenset({"bool"}),
}

# verbs that may lead a selection of columns (dplyr's "matches" included)
_LEAD_VERBS = frozenset(
    {"select", "keep", "get", "show", "pick", "choose", "matches", "match", "return", "list", "display"}
)

_NEGATED_PREFIX = ("non-", "non")

# words that stand for a character in a name test
_CHAR_WORDS = {"underscore": "_", "dot": ".", "period": ".", "hyphen": "-", "dash": "-", "space": " "}

_PASS = frozenset(
    {
        "all",
        "the",
        "every",
        "any",
        "whose",
        "that",
        "which",
        "with",
        "names",
        "name",
        "a",
        "an",
        "in",
        "its",
        "their",
    }
)


@dataclass
class _Spec:
    kinds: frozenset[str] | None = None
    negate: bool = False
    how: str | None = None
    pattern: str | None = None

    def keeps(self, name: str, kind: str) -> bool:
        if self.kinds is not None and ((kind in self.kinds) == self.negate):
            return False
        if self.how is None or self.pattern is None:
            return True
        n, p = name.lower(), self.pattern.lower()
        return {"startswith": n.startswith, "endswith": n.endswith, "contains": lambda x: x in n}[self.how](p)


def _kind_of(it: Item) -> tuple[frozenset[str], bool] | None:
    if it.cols and it.col_score >= 85:
        return None
    word = it.text.lower()
    negate = False
    for pre in _NEGATED_PREFIX:
        if word.startswith(pre) and word[len(pre) :].lstrip("-") in _KINDS:
            word, negate = word[len(pre) :].lstrip("-"), True
    if word in _KINDS:
        return _KINDS[word], negate
    return None


def _pattern(it: Item) -> str | None:
    if it.string is not None:
        return it.string
    word = it.text.lower()
    if word in _CHAR_WORDS:
        return _CHAR_WORDS[word]
    if it.sym is None and len(it.words) == 1 and not it.kws:
        return it.text
    if it.cols and len(it.words) == 1:
        return it.text  # "ending with error": a word that is also part of column names
    return None


def _read(cl: Clause) -> tuple[list[_Spec], list[int]] | None:
    """The specs and the items they used, or None when the clause is not a name / kind selection."""
    items = cl.items
    used: list[int] = []
    specs: list[_Spec] = []
    cur = _Spec()
    noun_seen = False
    i = 0
    while i < len(items):
        it = items[i]
        w = it.words[0]
        if (
            (it.kw("verb", "select") or w in _LEAD_VERBS)
            and w not in _COLUMN_NOUNS
            and not noun_seen
            and not specs
        ):
            used.append(i)
        elif w in _COLUMN_NOUNS and not it.cols:
            noun_seen = True
            used.append(i)
        elif (k := _kind_of(it)) is not None and cur.kinds is None and cur.how is None:
            cur.kinds, cur.negate = k
            used.append(i)
        elif it.kw("strmatch") and cur.how is None:
            j = i + 1
            while j < len(items) and items[j].words[0] in (
                "a",
                "an",
                "the",
                "word",
                "text",
                "string",
                "character",
            ):
                j += 1  # "contain an underscore", "end with the word error"
            pat = _pattern(items[j]) if j < len(items) else None
            if pat is None:
                return None
            cur.how, cur.pattern = it.kw("strmatch"), pat
            used += list(range(i, j + 1))
            i = j
        elif it.kw("and") and w == "and" and noun_seen and (cur.kinds is not None or cur.how is not None):
            specs.append(cur)
            cur, noun_seen = _Spec(), False
            used.append(i)
        elif (it.filler and not it.cols) or (w in _PASS and not it.cols):
            used.append(i)
        else:
            return None
        i += 1
    if cur.kinds is not None or cur.how is not None:
        specs.append(cur)
    if not specs or not noun_seen or any(s.how is None and s.kinds is None for s in specs):
        return None
    if not any(s.how is not None for s in specs) and not any(s.kinds is not None for s in specs):
        return None
    return specs, used


def selects_by_pattern(cl: Clause) -> bool:
    """A clause that is nothing but columns chosen by name pattern or kind."""
    got = _read(cl)
    return got is not None and any(s.how is not None or s.kinds is not None for s in got[0])


def do_colpattern(cl: Clause) -> list[Step]:
    got = _read(cl)
    if got is None:
        raise CompileError("which columns? say e.g. 'columns ending with _2007' or 'all numeric columns'")
    specs, used = got
    cl.use(*used)
    cols = [c.name for c in cl.ctx.current.columns if any(s.keeps(c.name, c.kind) for s in specs)]
    if not cols:
        raise CompileError("no column matches that: " + ", ".join(_describe(s) for s in specs))
    return [Select(columns=tuple(cols))]


def _describe(s: _Spec) -> str:
    kind = ("non-" if s.negate else "") + "/".join(sorted(s.kinds)) if s.kinds is not None else ""
    verb = {"startswith": "start with", "endswith": "end with", "contains": "contain"}.get(s.how or "", "")
    name = f"names that {verb} {s.pattern!r}" if s.how else ""
    return " ".join(x for x in (kind, "columns", name) if x)
