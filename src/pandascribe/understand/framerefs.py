"""References to the frame itself, and names quoted the way code quotes them.

"in the dataset", "from `gapminder`", "of a pandas dataframe `df`'s column", "in pandas groupby
object `df`", "a data.frame called `fair`": none of these asks for anything — the frame is the one
the request is about already. :func:`frame_ref_length` measures such a reference at a position of
the request's lower-case words; the normalise layer drops it (with the preposition before it).

A quoted name is first reduced to one word of the scan: a quoted frame name becomes
:data:`QFRAME`, any other quoted identifier that is no column :data:`NEWNAME` (the name a request
gives to its result: "Create a variable `df` containing …"). A quoted column name is only unquoted.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

#: a quoted frame name ("`gapminder`", "'df'"), as one scanned word
QFRAME = "{qframe}"
#: a quoted identifier that names neither a column nor a frame ("`centered_price`")
NEWNAME = "{newname}"
#: a quoted name of a frame that is also one of its columns (`co2` in the co2 data): a reference to
#: the frame only next to a frame noun ("the `co2` data"), the column everywhere else
QBOTH = "{qboth}"
#: a piece of code quoted in backticks, a call or a dotted name ("`DataFrame.describe()`",
#: "`dataframe_name.dtypes`", "`dropna()`"): the tool a sentence names ("Use `DataFrame.T` to
#: transpose …"); a discourse row may drop it with the words around it, the purpose stays
QCODE = "{qcode}"
_QUOTED = frozenset({QFRAME, NEWNAME, QBOTH})

#: nouns that name the frame itself ("the dataset", "this DataFrame", "df")
FRAME_NOUNS: tuple[tuple[str, ...], ...] = (
    ("data", "frame", "object"),
    ("dataframe", "object"),
    ("groupby", "object"),
    ("data", ".", "frame"),
    ("data", "frame"),
    ("data", "set"),
    ("dataframe",),
    ("dataframes",),
    ("datafram",),  # a common truncation, always next to the frame's name in practice
    ("df",),
    ("dataset",),
    ("datasets",),
    ("table",),
    ("data",),
    ("frame",),
    ("spreadsheet",),
    ("tibble",),  # R's data frame: lesson steps written for R and pandas alike say it
    ("tibbles",),
    ("csv",),
    ("sheet",),
)
#: the nouns that say "a pandas frame" on their own, without a name ("sort a pandas dataframe")
_CODE_NOUNS = frozenset({"dataframe", "dataframes", "datafram", "df"})
_DETERMINERS = frozenset(
    {"the", "this", "that", "our", "my", "your", "given", "whole", "entire", "same", "a", "an"}
)
#: words that qualify a frame noun without naming anything ("a pandas DataFrame")
_QUALIFIERS = frozenset({"pandas", "panda", "python", "pd"})
_NAMING = frozenset({"called", "named"})


def frame_ref_length(lows: list[str], i: int, frame_names: Collection[str], *, strong: bool = False) -> int:
    """Words at ``i`` that name the frame itself: "the dataset", "this flights DataFrame", "df",
    "`gapminder`", "all of the fertility data", "a pandas dataframe `df`'s".

    A bare frame name is not enough ("number of flights" counts rows): it needs a frame noun or
    quotes. ``strong`` asks for a reference that cannot be anything else even without a
    preposition before it — a quoted name, a named frame noun ("the flights table", "dataframe
    df") or a pandas-qualified code noun ("Sort Pandas Dataframe by Date")."""
    n = len(lows)
    k = i
    if lows[k : k + 2] == ["all", "of"]:
        k += 2
    if k < n and lows[k] in _DETERMINERS:
        k += 1
        if k < n and lows[k] in ("whole", "entire", "full"):
            k += 1  # "the whole tibble", "the entire dataset"
    qualified = False
    while k < n and lows[k] in _QUALIFIERS:
        k, qualified = k + 1, True
    # the frame's name before a frame noun: "the flights table", "the `wine` DataFrame"
    before = k < n and (lows[k] in frame_names or lows[k] in (QFRAME, QBOTH)) and bool(_noun_at(lows, k + 1))
    quoted = before and lows[k] in (QFRAME, QBOTH)
    named = before
    k += before
    noun = _noun_at(lows, k)
    k += len(noun)
    if before:
        pass
    elif noun and k + 1 < n and lows[k] in _NAMING and (lows[k + 1] in _QUOTED or lows[k + 1] in frame_names):
        k, quoted = k + 2, True  # "a data.frame called `fair`"
    elif k < n and (lows[k] == QFRAME or (noun and lows[k] in _QUOTED)):
        # "dataframe `trace_df`": a frame noun with a quoted name is the user's own name for it
        k, quoted = k + 1, True
    elif noun and k < n and (lows[k] in frame_names or lows[k] == "df") and noun != ("df",):
        k, named = k + 1, True
    if not noun and not quoted:
        return 0
    if noun == ("data",) and not (qualified or named or quoted) and lows[i] == "data":
        return 0  # bare "data" is a common noun too: "the type of data", "rows with full data"
    if strong and not (
        quoted or (named and noun) or (qualified and noun and noun[0] in _CODE_NOUNS | {"data"})
    ):
        return 0
    if k < n and lows[k] == "'s":
        k += 1
    return k - i


def _noun_at(lows: list[str], k: int) -> tuple[str, ...]:
    for noun in FRAME_NOUNS:
        if tuple(lows[k : k + len(noun)]) == noun:
            return noun
    return ()


# ---------------------------------------------------------------- quoted names

QUOTE_PAIRS = {"'": "'", '"': '"', "`": "`", "‘": "’", "“": "”"}
# a quote never opens right after a word or a closing quote: the apostrophe of "`df`'s" is none
_QUOTED_RE = re.compile(r"""(?<![\w`'’])(['"`‘“])([^'"`‘’“”\n]{1,80})(['"`’”])""")
_SUBSCRIPT_RE = re.compile(r"""\b([A-Za-z_]\w*)\s*\[\s*(['"])([^'"\]]{1,80})\2\s*\]""")
_ATTR_RE = re.compile(r"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b")
_IDENTIFIER_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CODE_RE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:\(\s*\))?")


@dataclass(frozen=True)
class Mark:
    """A span of the request to scan as one word (``low`` is :data:`QFRAME`, :data:`QBOTH` or
    :data:`NEWNAME`)."""

    start: int
    end: int
    low: str


def unquote(
    text: str, frame_names: Collection[str], col_names: dict[str, str]
) -> tuple[list[tuple[int, int]], list[Mark]]:
    """``df['Age']`` / ``df.Age`` / ``'Age'``: the name stays, the code around it goes (the spans
    to drop are returned). A quoted frame name or other identifier is marked to be scanned as one
    word; a quoted column name only loses its quotes."""
    drops: list[tuple[int, int]] = []
    marks: list[Mark] = []
    for m in _SUBSCRIPT_RE.finditer(text):
        owner = m.group(1).lower()
        if owner in frame_names or owner == "df":
            drops += [(m.start(), m.start(3)), (m.end(3), m.end())]
    for m in _ATTR_RE.finditer(text):
        owner, attr = m.group(1).lower(), m.group(2).lower()
        if (owner in frame_names or owner == "df") and attr in col_names:
            drops.append((m.start(), m.start(2)))
    for m in _QUOTED_RE.finditer(text):
        opener, inner, closer = m.group(1), m.group(2), m.group(3)
        if QUOTE_PAIRS.get(opener) != closer and not (opener in "'‘" and closer in "'’"):
            continue
        name = inner.strip().lower()
        if (name in frame_names or name == "df") and name in col_names:
            marks.append(Mark(m.start(), m.end(), QBOTH))
        elif name in frame_names or name == "df":
            marks.append(Mark(m.start(), m.end(), QFRAME))
        elif name in col_names:
            drops += [(m.start(1), m.end(1)), (m.start(3), m.end(3))]
        elif opener in '`"“' and _IDENTIFIER_RE.fullmatch(inner.strip()):
            marks.append(Mark(m.start(), m.end(), NEWNAME))
        elif opener == "`" and _is_code(inner.strip(), frame_names, col_names):
            marks.append(Mark(m.start(), m.end(), QCODE))
    return drops, marks


def _is_code(inner: str, frame_names: Collection[str], col_names: dict[str, str]) -> bool:
    """A dotted name or a call ("DataFrame.describe()", "df.T") that is not a frame's column
    written as an attribute ("df.Age" is the column Age)."""
    if not _CODE_RE.fullmatch(inner) or ("." not in inner and not inner.endswith(")")):
        return False
    owner, _, attr = inner.partition(".")
    return not ((owner.lower() in frame_names or owner.lower() == "df") and attr.lower() in col_names)


__all__ = [
    "FRAME_NOUNS",
    "NEWNAME",
    "QBOTH",
    "QCODE",
    "QFRAME",
    "QUOTE_PAIRS",
    "Mark",
    "frame_ref_length",
    "unquote",
]
