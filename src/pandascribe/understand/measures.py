"""Which column a measuring superlative reads, and in which direction: per column, not per sentence.

"the youngest teacher" is the smallest ``Age`` but the latest ``Birth_Year``; "oldest" the
reverse. ``data/measures.tsv`` lists, for such words, the concepts they measure in the order they
are tried, each with its own sign; the first concept that names a column of the frame decides.
Words not in that table keep the one direction of lexicon.toml's ``[SUPERLATIVES]`` entry.
"""

from __future__ import annotations

import functools
from pathlib import Path

from ..errors import CompileError
from .context import Clause
from .items import Item
from .lexicon import SUPERLATIVES

_DATA = Path(__file__).with_name("data") / "measures.tsv"


@functools.cache
def _table() -> dict[str, tuple[tuple[str, bool], ...]]:
    rows: dict[str, list[tuple[str, bool]]] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("word\t"):
            continue
        word, concept, largest = line.split("\t")
        rows.setdefault(word, []).append((concept, largest.strip() == "true"))
    return {w: tuple(v) for w, v in rows.items()}


def measures_of(word: str) -> tuple[tuple[str, bool], ...]:
    """The (concept, largest) pairs a superlative word measures, in the order they are tried."""
    if word in _table():
        return _table()[word]
    largest, concepts = SUPERLATIVES.get(word, (True, ()))
    return tuple((c, largest) for c in concepts)


def measured_column(cl: Clause, word: str, text: str) -> tuple[str, bool]:
    """The column a measuring superlative ``word`` reads and whether its largest value is meant;
    a CompileError (naming ``text``, the words as typed) when no column, or several, measures it."""
    from .ground import indexes_for

    index = indexes_for(cl.ctx.current)[0]
    for concept, largest in measures_of(word):
        score, cols = index.match(tuple(concept.split()))
        if not score:
            continue
        if len(cols) > 1:
            raise CompileError(f"'{text}' could mean several columns", words=[text], suggestions=cols)
        return cols[0], largest
    raise CompileError(f"'{text}' needs a column to measure; say which (e.g. 'by <column>')", words=[text])


def direction_on(cl: Clause, word: str, column: str) -> bool | None:
    """Whether ``word`` ("youngest", "oldest") means the largest value of ``column``, when one of the
    concepts it measures names that column; None when none does."""
    from .ground import indexes_for

    index = indexes_for(cl.ctx.current)[0]
    for concept, largest in measures_of(word):
        score, cols = index.match(tuple(concept.split()))
        if score and column in cols:
            return largest
    return None


def flipping_words(it: Item) -> tuple[str, ...]:
    """The words of a direction item ("from the oldest to the youngest", "youngest first") whose
    sign depends on the column."""
    return tuple(w for w in it.words if w in _table())


def numbers_as_text(cl: Clause, column: str) -> bool:
    """A text column whose every value seen reads as a number ("26", "32", "45": an age stored as
    text): a superlative over it measures the numbers, after a cast the code shows."""
    info = cl.ctx.info(column)
    if info is None or not info.textual or not info.values:
        return False
    if info.n_distinct is not None and info.n_distinct > len(info.values):
        return False  # only some values were seen
    try:
        for v in info.values:
            float(v)
    except ValueError:
        return False
    return True
