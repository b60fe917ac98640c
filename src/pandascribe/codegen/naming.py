"""A readable default name for a plan's result (``flights_by_carrier``, ``penguins_top5_body_mass_g``).

The name comes from the source frame and the most telling step; it is always a valid identifier,
never a Python keyword or builtin, never one of the names already in use (``taken``).
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from ..plan import (
    Aggregate,
    ArgBest,
    Correlation,
    Crosstab,
    Derive,
    Distinct,
    Drop,
    DropDuplicates,
    DropMissing,
    FillMissing,
    Filter,
    Head,
    Join,
    Melt,
    Node,
    Pivot,
    Plan,
    Rename,
    ScalarAgg,
    Select,
    Sort,
    Tail,
    TopN,
    ValueCounts,
)

MAX_LEN = 40
#: Names that would shadow something a notebook reader relies on.
AVOID = frozenset(dir(builtins)) | {"pd", "np", "d", "df", "self"}


def slug(text: str) -> str:
    """``"Body Mass (g)"`` → ``"body_mass_g"``: ASCII letters, digits and single underscores."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-zA-Z]+", "_", norm).strip("_").lower()


def _by(cols: tuple[str, ...]) -> str:
    return "by_" + "_".join(slug(c) for c in cols[:2]) if cols else "summary"


_SUFFIX: dict[type[Node], Callable[[Any], str]] = {
    Filter: lambda st: "filtered",
    Select: lambda st: "selected",
    Drop: lambda st: "trimmed",
    Rename: lambda st: "renamed",
    Sort: lambda st: "sorted",
    Head: lambda st: f"first{st.n}",
    Tail: lambda st: f"last{st.n}",
    TopN: lambda st: f"{'top' if st.largest else 'bottom'}{st.n}_{slug(st.column)}",
    Distinct: lambda st: "distinct_" + "_".join(slug(c) for c in st.columns[:2]),
    DropDuplicates: lambda st: "deduped",
    Derive: lambda st: f"with_{slug(st.name)}",
    FillMissing: lambda st: "filled",
    DropMissing: lambda st: "complete",
    Aggregate: lambda st: _by(st.by),
    Join: lambda st: f"with_{st.right}",
    Pivot: lambda st: "pivot",
    Crosstab: lambda st: f"{slug(st.index)}_by_{slug(st.columns)}",
    Melt: lambda st: "long",
    ValueCounts: lambda st: "counts_" + "_".join(slug(c) for c in st.columns[:2]),
    Correlation: lambda st: "corr",
    ScalarAgg: lambda st: "n_rows" if st.column is None else f"{st.func}_{slug(st.column)}",
    ArgBest: lambda st: f"{'max' if st.largest else 'min'}_{slug(st.column)}_{slug(st.label)}",
}

#: Steps whose name says more than a later step's (a sort after a group-by is still "by carrier").
_WEAK = (Sort, Head, Tail, Filter, Select, Drop, Rename, DropMissing, FillMissing, DropDuplicates)


def _describe(plan: Plan) -> str:
    strong = [st for st in plan.steps if not isinstance(st, _WEAK)]
    chosen = strong[-1] if strong else plan.steps[0]
    fn = _SUFFIX.get(type(chosen))
    return fn(chosen) if fn else "result"


def _clean(name: str) -> str:
    name = re.sub(r"_+", "_", name).strip("_")[:MAX_LEN].rstrip("_")
    if not name or not name[0].isalpha():
        name = "result_" + name if name else "result"
    return name


def target_name(plan: Plan, taken: set[str]) -> str:
    """A readable identifier for the result that is not a keyword, a builtin or in ``taken``."""
    suffix = _describe(plan)
    base = _clean(f"{plan.source}_{suffix}") if plan.source.isidentifier() else _clean(suffix)
    if not base.isidentifier():
        base = "result"
    candidate, i = base, 2
    while (
        candidate in taken
        or candidate in AVOID
        or keyword.iskeyword(candidate)
        or not candidate.isidentifier()
    ):
        candidate = f"{base}_{i}"
        i += 1
    return candidate
