"""pandas generators for the row-choosing steps of :mod:`pandascribe.plan.rows` (merged into
:data:`.pandas_steps.STEP_GENERATORS`): ``df.iloc[4:10]``, ``pd.concat([df.iloc[:1], df.iloc[-1:]])``
for several spans, ``df.loc[[1, 2, 8]]`` for index labels and ``df.groupby(keys).head(n)``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..plan import GroupHead, Node, RowLabels, RowSlice, RowSpan
from .pandas_common import whole
from .pyfmt import Link, call, link, one_or_list

StepGen = Callable[[Any, str], list[Link]]


def span_text(sp: RowSpan) -> str:
    """``4:10``, ``:-1``, ``-5:`` — the span as Python slice syntax."""
    a = "" if sp.start is None else str(sp.start)
    b = "" if sp.stop is None else str(sp.stop)
    return f"{a}:{b}" if sp.step is None else f"{a}:{b}:{sp.step}"


#: at most this many rows are written out as a list of positions (``.iloc[[0, 4, 7]]``)
LIST_ROWS = 12


def _listed(spans: tuple[RowSpan, ...]) -> list[int] | None:
    """The positions of spans that all count from the start and end, when few enough to list."""
    out: list[int] = []
    for sp in spans:
        a = sp.start or 0
        if a < 0 or sp.stop is None or sp.stop < 0 or sp.step is not None:
            return None
        out.extend(range(a, sp.stop))
        if len(out) > LIST_ROWS:
            return None
    return out


def _row_slice(st: RowSlice, ref: str) -> list[Link]:
    if len(st.spans) == 1:
        return [link(f".iloc[{span_text(st.spans[0])}]")]
    listed = _listed(st.spans)
    if listed is not None:
        return [link(f".iloc[[{', '.join(map(str, listed))}]]")]
    return [
        whole(
            ref, lambda f: "pd.concat([" + ", ".join(f"{f}.iloc[{span_text(sp)}]" for sp in st.spans) + "])"
        )
    ]


def _row_labels(st: RowLabels, ref: str) -> list[Link]:
    return [link(f".loc[[{', '.join(map(str, st.labels))}]]")]


def _group_head(st: GroupHead, ref: str) -> list[Link]:
    return [call("groupby", one_or_list(st.by)), call("tail" if st.last else "head", str(st.n))]


ROW_GENERATORS: dict[type[Node], StepGen] = {
    RowSlice: _row_slice,
    RowLabels: _row_labels,
    GroupHead: _group_head,
}

__all__ = ["ROW_GENERATORS", "span_text"]
