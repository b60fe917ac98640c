"""A choice point for questions about one table (see :mod:`readings`): a value found in two
columns. "Who directed the episode by will dixon?" where "will dixon" is both a
Writer and a Director: each column is a reading (ranked one step below a reading in which the
sentence itself decides the column, e.g. "the Writer will dixon"), so an undecided value becomes
a choice for the user, never a silent pick.
"""

from __future__ import annotations

from collections.abc import Callable

from .items import Item
from .readings import T_EXACT, Alt


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


__all__ = ["value_column_points"]
