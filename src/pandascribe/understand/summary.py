"""Whole-frame summaries: "display its summary statistics", "describe the data", "get summary
statistics of lifeExp and pop" (pandas' ``describe()``) and "transpose the dataframe" (``.T``).

A clause is read this way only when, besides the summary's own words, it holds nothing but
framing (verbs of showing, the frame's nouns, fillers) and, for a summary, the columns to
summarise; anything else ("summary statistics per continent") is left to the other productions,
which refuse what they cannot read.
"""

from __future__ import annotations

from itertools import pairwise

from ..plan import FrameInfo, Select, Step
from .context import Clause
from .items import Item

_SUMMARY_PHRASES = (
    ("summary", "statistics"),
    ("summary", "stats"),
    ("summary", "statistic"),
    ("descriptive", "statistics"),
    ("descriptive", "stats"),
    ("basic", "statistics"),
)
_SUMMARY_WORDS = frozenset({"describe", "summarize", "summarise", "summary"})
_TRANSPOSE_WORDS = frozenset({"transpose", "transposed"})

# words that frame the request and ask for nothing of their own
_FRAMING = frozenset(
    {
        "show",
        "display",
        "get",
        "view",
        "print",
        "compute",
        "calculate",
        "give",
        "me",
        "produce",
        "generate",
        "return",
        "see",
        "its",
        "about",
        "of",
        "for",
        "on",
        "the",
        "a",
        "an",
        "dataframe",
        "data",
        "frame",
        "dataset",
        "table",
        "all",
        "columns",
        "column",
        "variables",
    }
)


def _words(cl: Clause) -> list[str]:
    return [w for it in cl.items for w in it.words]


def _kind(cl: Clause) -> str | None:
    words = _words(cl)
    if any(w in _TRANSPOSE_WORDS for w in words):
        return "transpose"
    pairs = set(pairwise(words))
    if any(p in pairs for p in _SUMMARY_PHRASES) or any(w in _SUMMARY_WORDS for w in words):
        return "describe"
    return None


def _own(it: Item) -> bool:
    """A word of the summary itself."""
    return all(
        w in _TRANSPOSE_WORDS
        or w in _SUMMARY_WORDS
        or w in ("statistics", "stats", "statistic", "descriptive")
        for w in it.words
    )


def _framing(it: Item) -> bool:
    if it.cols and it.col_score >= 85:
        return False
    return (
        (it.filler and not it.vals)
        or (it.rownoun and not it.cols)
        or bool(it.kw("verb") and not it.kw("verb", "derive") and not it.kw("verb", "drop"))
        or all(w in _FRAMING for w in it.words)
        or it.kw("and") is not None
        or it.sym in (",", ".")
    )


def _columns(cl: Clause) -> list[int] | None:
    """The items naming columns to summarise, or None when something else stands in the clause."""
    cols: list[int] = []
    for i, it in enumerate(cl.items):
        if _own(it):
            continue
        if it.cols and it.col_score >= 85 and len(it.cols) == 1 and not it.vals:
            cols.append(i)
        elif not _framing(it):
            return None
    return cols


def summarises_frame(cl: Clause) -> bool:
    kind = _kind(cl)
    if kind is None:
        return False
    cols = _columns(cl)
    return cols is not None and (kind == "describe" or not cols)


def do_summary(cl: Clause) -> list[Step]:
    kind = _kind(cl)
    cols = _columns(cl) or []
    names = [cl.column(i) for i in cols]
    cl.use_range(0, len(cl.items))
    steps: list[Step] = [Select(columns=tuple(dict.fromkeys(names)))] if names else []
    return [*steps, FrameInfo(fact="transpose" if kind == "transpose" else "describe")]
