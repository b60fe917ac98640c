"""Explanations of the steps of :mod:`pandascribe.plan.missing` (merged into
:data:`.explain.STEP_EXPLAINERS`): what is counted, over which columns, and that which columns a
drop keeps depends on the data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..plan import Node
from ..plan.missing import CountMissing, DropMissingColumns

_WHAT = {
    "cells": "missing values",
    "rows": "rows with a missing value",
    "columns": "columns with a missing value",
}


def missing_explainers(names: Callable[[Any], str]) -> dict[type[Node], Callable[[Any], str]]:
    def count(st: CountMissing) -> str:
        where = f" in {names(st.columns)}" if st.columns else ""
        if st.per_column:
            what = {"count": "the number", "fraction": "the fraction (0–1)", "percent": "the percentage"}[
                st.measure
            ]
            what += " of missing values"
            return f"{what} in each column{' of ' + names(st.columns) if st.columns else ''}"
        if st.measure != "count":
            share = "percentage" if st.measure == "percent" else "fraction (0–1)"
            what = {
                "cells": "values that are missing",
                "rows": "rows with a missing value",
                "columns": "columns with a missing value",
            }[st.unit]
            return f"the {share} of {what}{where}"
        return f"count the {_WHAT[st.unit]}{where}"

    def drop(st: DropMissingColumns) -> str:
        holding = "any missing value" if st.how == "any" else "nothing but missing values"
        return f"drop the columns holding {holding} (which ones is decided by the data)"

    return {CountMissing: count, DropMissingColumns: drop}


__all__ = ["missing_explainers"]
