"""A z score of a column, over the whole frame or within groups: "compute a z score based on invest
for each firm", "add the z-score of lifeExp within each continent", "standard scores of invest per
firm" — ``(x - mean) / std`` with the group's mean and (sample) standard deviation, as a new column
``<column>_zscore``.

Only the noun is read ("z score", "z-score", "zscore", "standard score"); a bare "standardise x" or
"normalise x" may mean other scalings and is left to :mod:`.rescale`, which refuses it.
"""

from __future__ import annotations

import re

from ..errors import CompileError
from ..plan import Arith, Col, Derive, GroupStat, Step
from .context import Clause

_NOUN = re.compile(r"\b(?:z ?- ?scores?|z scores?|zscores?|standard scores?)\b")
_SCORE = ("score", "scores")
#: words a z-score clause may hold besides the noun, its column and its groups
_PASS = frozenset(
    {
        "compute", "calculate", "add", "get", "find", "create", "make", "show", "give", "return",
        "a", "an", "the", "of", "for", "on", "based", "using", "from", "column", "new", "values",
        "each", "every", "as", "with",
    }
)  # fmt: skip


def _words(cl: Clause) -> str:
    return " ".join(w for it in cl.items for w in it.words)


def asks_zscore(cl: Clause) -> bool:
    return _NOUN.search(_words(cl)) is not None


def do_zscore(cl: Clause) -> list[Step]:
    items = cl.items
    noun: list[int] = []
    for i, it in enumerate(items):  # the items that make up the noun ("z", "-", "score")
        after_z = bool(noun) and noun[-1] == i - 1 and it.words[-1] in _SCORE
        if (it.cols or it.vals) and not after_z:  # "z score" on a frame with a column "score"
            continue
        part = it.words[0] in ("z", "zscore", "zscores", "z-score", "-", "standard") or it.words[-1] in _SCORE
        said = " ".join(w for j in [*noun, i] for w in items[j].words)
        if part and (_NOUN.search(said) or it.words[0] in ("z", "-")):
            noun.append(i)
    if not noun:
        raise CompileError("a z score of which column?")
    cl.use(*noun)
    col: str | None = None
    by: list[str] = []
    grouping = False
    for i, it in enumerate(items):
        if it.used:
            continue
        if it.kw("group") and not it.cols:
            grouping = True
            cl.use(i)
        elif it.cols and len(it.cols) == 1 and not it.vals:
            if grouping:
                by.append(it.cols[0])
            elif col is None:
                col = it.cols[0]
            else:
                continue
            cl.use(i)
        elif grouping and (it.kw("and") or it.sym == ","):
            cl.use(i)
        elif all(w in _PASS for w in it.words) or (it.filler and not it.kws):
            grouping = grouping and it.words[0] in ("each", "every", "the")  # the group keys end here
            cl.use(i)
    if col is None:
        raise CompileError("a z score of which column?")
    if cl.ctx.kind(col) not in ("integer", "float"):
        raise CompileError(f"'{col}' holds no numbers for a z score")
    if col in by:
        raise CompileError(f"a z score of '{col}' within groups of '{col}' itself?")
    keys = tuple(by)
    mean, std = GroupStat(func="mean", column=col, by=keys), GroupStat(func="std", column=col, by=keys)
    expr = Arith(op="div", left=Arith(op="sub", left=Col(name=col), right=mean), right=std)
    return [Derive(name=f"{col}_zscore", expr=expr)]


__all__ = ["asks_zscore", "do_zscore"]
