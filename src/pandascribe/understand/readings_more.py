"""Two more kinds of choice point, for questions about one table (see :mod:`readings`).

- **A value found in two columns.** "Who directed the episode by will dixon?" where "will dixon"
  is both a Writer and a Director: each column is a reading (ranked one step below a reading in
  which the sentence itself decides the column, e.g. "the Writer will dixon"), so an undecided
  value becomes a choice for the user, never a silent pick.
- **"How many" before a column that counts things.** "How many touchdowns were scored in 1996?"
  over a numeric ``Touchdowns`` column asks either for the column's value in the rows named, or
  for the number of such rows. When the noun after the count words names a numeric column (a
  plural one, "touchdowns", "wins", "goals") and a value names the rows, the count production
  refuses and names both readings (:func:`refuse_count_or_value`): the value reading cannot yet
  be built reliably for every phrasing, and a row count there is a guess. A noun that names the
  rows ("how many players") or no numeric column stays a row count.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import CompileError
from ..schema import FrameSchema
from .items import Item
from .lexicon import DATE_PARTS
from .readings import T_EXACT, Alt

#: count words that may ask for a counting column's value instead of a number of rows
VALUE_COUNT_WORDS = frozenset(
    {("how", "many"), ("number", "of"), ("the", "number", "of"), ("what", "number", "of")}
)


def _keep_value_column(col: str) -> Callable[[Item], None]:
    def apply(it: Item) -> None:
        it.vals = tuple(h for h in it.vals if h.column == col)

    return apply


def value_column_points(items: list[Item]) -> list[list[Alt]]:
    """A span that is a value of several columns (and names no column): one reading per column."""
    points: list[list[Alt]] = []
    for i, it in enumerate(items):
        if not it.vals or it.cols or it.preds or it.kws:
            continue
        cols = sorted({h.column for h in it.vals})
        if len(cols) < 2:
            continue
        alts = [Alt(i, T_EXACT, lambda _it: None, None)]
        for col in cols:
            value = next(h.value for h in it.vals if h.column == col)
            alts.append(
                Alt(
                    i,
                    T_EXACT + 1,
                    _keep_value_column(col),
                    f"{col} {it.text}",
                    f"'{it.text}' read as {col} == {value!r}",
                )
            )
        points.append(alts)
    return points


def counting_column(items: list[Item], i: int, schema: FrameSchema) -> str | None:
    """The numeric column a plural noun right after the count words at ``i`` names, when rows
    are named too (a value, a number or a quoted string follows); else None."""
    it = items[i]
    if (
        it.cols
        or it.vals
        or not it.kw("count")
        or tuple(w.lower() for w in it.words) not in VALUE_COUNT_WORDS
    ):
        return None
    if i + 1 >= len(items):
        return None
    nxt = items[i + 1]
    if len(nxt.cols) != 1 or nxt.vals or nxt.preds or nxt.rownoun or not nxt.words[-1].lower().endswith("s"):
        return None
    if nxt.datepart or any(w.lower() in DATE_PARTS for w in nxt.words):
        return None  # "how many years did …": years are counted, they count nothing
    info = next((c for c in schema.columns if c.name == nxt.cols[0]), None)
    if info is None or not info.numeric or info.binary is not None:
        return None
    if not any(x.vals or x.num is not None or x.string is not None for x in items[i + 2 :]):
        return None  # no rows are named: "how many goals" over the whole table is a count question
    return info.name


def refuse_count_or_value(items: list[Item], i: int, schema: FrameSchema) -> None:
    """ "How many touchdowns were scored in 1996?" over a numeric Touchdowns column: the number of
    rows or the Touchdowns value? Both are common, so the count production refuses, naming both."""
    col = counting_column(items, i, schema)
    if col is None:
        return
    said = f"{items[i].text} {items[i + 1].text}"
    raise CompileError(
        f"'{said}': the number of rows, or the value of {col} in those rows? "
        f"say 'the number of rows …' or 'the {col} …'",
        words=[said],
        suggestions=[col],
    )


__all__ = ["counting_column", "refuse_count_or_value", "value_column_points"]
