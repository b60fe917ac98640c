"""Plan steps about missing values as a whole: counting them, and dropping the columns that hold
them (dropping *rows* with gaps is :class:`~pandascribe.plan.DropMissing`, filling them
:class:`~pandascribe.plan.FillMissing`).

They live apart from :mod:`.nodes` and :mod:`.ops` because their answers are about the frame's
cells rather than its rows or its schema: "how many missing values per column" is a count per
column, "how many columns have missing values" a count of columns, and which columns survive
"drop columns with missing values" is only known when the code runs.
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from .expr import Node

MissingUnit = Literal["cells", "rows", "columns"]


class CountMissing(Node):
    """How much is missing. Terminal.

    ``unit`` says what is counted: ``cells`` (missing values), ``rows`` (rows with at least one
    missing value) or ``columns`` (columns with at least one missing value), over ``columns``
    (all when empty). ``per_column`` (cells only) gives one count per column — pandas'
    ``df.isna().sum()``, a Series indexed by column name — instead of the total. ``measure`` gives
    the number (``count``), or the share of all cells / rows / columns as a ``fraction`` (0–1) or
    a ``percent`` (0–100)."""

    op: Literal["count_missing"] = "count_missing"
    unit: MissingUnit = "cells"
    per_column: bool = False
    columns: tuple[str, ...] = ()
    measure: Literal["count", "fraction", "percent"] = "count"

    @model_validator(mode="after")
    def _check(self) -> CountMissing:
        if self.per_column and self.unit != "cells":
            raise ValueError(f"a count per column counts cells, not {self.unit}")
        if len(set(self.columns)) < len(self.columns):
            raise ValueError("a column is given twice")
        return self


class DropMissingColumns(Node):
    """Remove the columns holding a missing value (``how="any"``) or holding nothing but missing
    values (``how="all"``) — pandas' ``df.dropna(axis=1)``. Which columns remain is decided when
    the code runs, from the data."""

    op: Literal["drop_missing_columns"] = "drop_missing_columns"
    how: Literal["any", "all"] = "any"


__all__ = ["CountMissing", "DropMissingColumns", "MissingUnit"]
