"""Checks on the frames themselves that a schema cannot see: labels pandas cannot tell apart.

* A column label given twice: ``df["a"]`` is then a frame, not a column, and most methods fail
  or silently work on both. A plan over such a frame is refused, naming the label.
* An index level with the name of a column: ``groupby``/``sort_values``/``merge`` by that name
  raise "is both an index level and a column label". Refused when the plan names it.

Run by :func:`pandascribe.compile` after the plan is built (the frames are at hand there), so the
error comes before any code does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..errors import PlanValidationError
from ..plan import Join, Plan
from .core import Issue

#: Fields of a plan that hold data, not names (a literal equal to a label is not a reference).
_DATA_FIELDS = frozenset({"value", "values", "pattern"})


def _names_in(plan: Plan) -> set[str]:
    """Every text in ``plan`` that may name a column (iterative walk over the JSON form)."""
    out: set[str] = set()
    stack: list[Any] = [plan.model_dump(mode="json")]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(v for k, v in item.items() if k not in _DATA_FIELDS)
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            out.add(item)
    return out


def frame_issues(plan: Plan, frames: Mapping[str, pd.DataFrame]) -> list[Issue]:
    """The problems of the frames ``plan`` reads (its source and every joined frame)."""
    used = [plan.source, *(st.right for st in plan.steps if isinstance(st, Join))]
    names: set[str] | None = None
    issues: list[Issue] = []
    for name in dict.fromkeys(used):
        df = frames.get(name)
        if not isinstance(df, pd.DataFrame):
            continue
        twice = [label for label, n in Counter(map(str, df.columns)).items() if n > 1]
        if twice:
            issues.append(
                Issue(
                    f"frame {name!r} has the column label {twice[0]!r} more than once"
                    + (f" (and {len(twice) - 1} more such labels)" if len(twice) > 1 else "")
                    + "; pandas cannot tell them apart: rename the columns first"
                )
            )
        levels = {str(n) for n in df.index.names if n is not None}
        clash = sorted(levels & set(map(str, df.columns)))
        if clash:
            names = _names_in(plan) if names is None else names
            for label in clash:
                if label in names:
                    issues.append(
                        Issue(
                            f"{label!r} in frame {name!r} is both an index level and a column, which "
                            f"pandas refuses as ambiguous; reset_index(drop=True) or rename one of them"
                        )
                    )
    return issues


def check_frames(plan: Plan, frames: Mapping[str, pd.DataFrame]) -> None:
    """Raise :class:`PlanValidationError` when :func:`frame_issues` finds anything."""
    issues = frame_issues(plan, frames)
    if issues:
        raise PlanValidationError(issues)
