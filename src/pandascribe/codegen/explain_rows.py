"""Plain-English phrases for the row-choosing steps of :mod:`pandascribe.plan.rows`.

Positions are said the way people count, from 1 ("rows 5 to 10"), whatever the plan's 0-based
spans say, so that an asker can check which rows the code takes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..plan import GroupHead, Node, RowLabels, RowSlice, RowSpan


def _rows(n: int) -> str:
    return "row" if n == 1 else f"{n} rows"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def span_phrase(sp: RowSpan) -> str:
    """One span in words, counting from 1: "rows 5 to 10", "the first row", "the last 5 rows",
    "every row but the last"."""
    a, b = sp.start, sp.stop
    if sp.step is not None:
        rest = f" of {span_phrase(RowSpan(start=a, stop=b))}" if (a or b) else ""
        return f"every {_ordinal(sp.step)} row{rest}, starting with the first"
    if (a is None or a == 0) and b is not None and b > 0:
        return f"the first {_rows(b)}"
    if a is not None and a < 0 and b is None:
        return f"the last {_rows(-a)}"
    if (a is None or a == 0) and b is not None and b < 0:
        return f"every row but the last {_rows(-b) if b < -1 else ''}".rstrip()
    if a is not None and a > 0 and b is None:
        return f"every row from row {a + 1} on"
    if a is not None and b is not None and a >= 0 and b > 0:
        return f"row {b}" if b == a + 1 else f"rows {a + 1} to {b}"
    if a is not None and a > 0 and b is not None and b < 0:
        return f"every row but the first {a} and the last {-b}"
    return f"the rows at Python positions {a}:{b}"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def row_explainers(names: Callable[[Any], str]) -> dict[type[Node], Callable[[Any], str]]:
    """The phrase function of each row step (``names`` renders a list of column names)."""
    return {
        RowSlice: lambda st: (
            "take " + _and([span_phrase(sp) for sp in st.spans]) + " (by position, counting from 1)"
        ),
        RowLabels: lambda st: "take the rows with index labels " + _and([str(x) for x in st.labels]),
        GroupHead: lambda st: (
            f"take the {'last' if st.last else 'first'} {_rows(st.n)} of each group of {names(st.by)}"
            " (in the current row order; rows with a missing key are left out)"
        ),
    }


__all__ = ["row_explainers", "span_phrase"]
