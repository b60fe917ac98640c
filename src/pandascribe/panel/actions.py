"""What the panel's buttons do, without any widget: compile, preview on a sample, run.

Kept apart from the widgets so the rules are plain functions that tests call directly, and so the
panel records history through the same helpers, with the same fields, as the ``%%transform`` magic:
a compile is recorded as *compiled* / *refused* / *error*, a Run as *ran* / *error*; and the
cell text comes from :mod:`pandascribe.cells`, which the magic uses too.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from ..compiler import Transform
    from ..errors import AmbiguousRequest
    from ..history import HistoryStore
    from ..plan import Plan

from .bounds import PREVIEW_ROWS, preview_refusal, sample_of

#: The preview runs the code on the first PREVIEW_ROWS rows of each frame it reads, so that compiling
#: stays instant on a 10M-row frame, and only when :func:`preview_refusal` can bound its size first
#: (a join, pivot or crosstab can multiply rows). The full data is only touched by Run (or the
#: inserted cell). A model's plan is previewed only when the user asks (see the widget).
__all__ = [
    "PREVIEW_ROWS",
    "Compiled",
    "Preview",
    "PreviewRefused",
    "choose",
    "compile_request",
    "preview",
    "run",
]


@dataclass(frozen=True)
class Compiled:
    """A compiled request as the panel shows and inserts it."""

    transform: Transform
    text: str  # the cell: provenance comment, needed imports, code (what the magic inserts)
    source: str
    notes: tuple[str, ...] = ()
    duration_ms: float | None = None
    choice: int | None = None  # which numbered reading of an ambiguous request this is


@dataclass(frozen=True)
class Preview:
    """The result of the code on the first :data:`PREVIEW_ROWS` rows of the source."""

    value: Any
    source: str
    sample_rows: int
    total_rows: int

    @property
    def caption(self) -> str:
        if self.sample_rows < self.total_rows:
            where = f"the first {self.sample_rows:,} of {self.total_rows:,} rows of {self.source}"
            return f"Preview — computed on {where}; the full result may differ"
        return f"Preview — computed on all {self.total_rows:,} rows of {self.source}"


def compile_request(
    namespace: Mapping[str, Any],
    frames: Mapping[str, pd.DataFrame],
    source: str,
    request: str,
    *,
    backend: str,
    store: HistoryStore | None,
    previous: Transform | None = None,
) -> Compiled:
    """Compile ``request`` about ``frames[source]`` and record it; a refusal is recorded and
    re-raised (a :class:`~pandascribe.PandascribeError`) for the panel to show inline.
    ``previous``: the result the Follow up button chose; a request that refers back builds on it
    (and is about the frame its chain starts from)."""
    from ..compiler import compile as compile_request_
    from ..errors import PandascribeError
    from ..history import record_transform

    source, previous = followup_source(request, previous, source, frames)  # follow-ups
    sources = [source]
    used = {source: frames[source]}
    start = time.perf_counter()
    try:
        transform = compile_request_(request, used, source=source, backend=backend, previous=previous)
    except PandascribeError as exc:
        record_transform(
            store, exc, request, sources, used, (time.perf_counter() - start) * 1000, backend=backend
        )
        raise
    duration_ms = (time.perf_counter() - start) * 1000
    return _compiled(transform, namespace, used, source, duration_ms, store)


def choose(
    namespace: Mapping[str, Any],
    frames: Mapping[str, pd.DataFrame],
    source: str,
    ambiguous: AmbiguousRequest,
    n: int,
    *,
    store: HistoryStore | None,
) -> Compiled:
    """Reading ``n`` (from 1) of an ambiguous request, as ``%%transform --choose N`` takes it: its
    transform (already compiled), named and recorded like any compile, with ``choice=n`` and the
    reading's own request (which compiles to the very same code)."""
    from ..choices import pick

    transform = pick(ambiguous, n).transform
    return _compiled(transform, namespace, {source: frames[source]}, source, None, store, choice=n)


def _compiled(
    transform: Transform,
    namespace: Mapping[str, Any],
    used: Mapping[str, pd.DataFrame],
    source: str,
    duration_ms: float | None,
    store: HistoryStore | None,
    choice: int | None = None,
) -> Compiled:
    from ..cells import cell_text, free_name, retarget
    from ..history import record_transform

    if transform.target in namespace:  # never overwrite an existing name silently
        transform = retarget(transform, free_name(transform.target, namespace))
    record_transform(
        store, transform, transform.request, [source], used, duration_ms, "compiled", choice=choice
    )
    return Compiled(
        transform=transform,
        text=cell_text(transform, [source], namespace),
        source=source,
        duration_ms=duration_ms,
        choice=choice,
    )


def followup_source(
    request: str, previous: Transform | None, source: str, frames: Mapping[str, Any]
) -> tuple[str, Transform | None]:
    """(source, previous) for a request: the previous chain's own frame when the request refers
    back to ``previous`` and that frame is defined; else ``source`` and no previous."""
    from ..understand.followup import refers_back, root_frame

    if previous is None or not refers_back(request) or root_frame(previous) not in frames:
        return source, None
    return root_frame(previous), previous


def followup_whole(t: Transform) -> tuple[Plan, list[Transform]]:
    """A follow-up's chain as one plan from its real frame (what a preview must bound), and the
    earlier transforms whose code runs before its own."""
    from ..plan import Plan
    from ..understand.followup import chain, lineage, root_frame

    if t.previous is None:
        return t.plan, []
    return Plan(source=root_frame(t), steps=lineage(t)), chain(t)[:-1]


class PreviewRefused(Exception):
    """The preview was not run: its size could not be bounded beforehand (``reason``, one line)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def preview(compiled: Compiled, frames: Mapping[str, pd.DataFrame]) -> Preview:
    """Run the code in a scratch namespace where each frame it reads is replaced by its head.

    The size is estimated first (:func:`~.bounds.preview_refusal`); a plan that could explode is
    not run (:class:`PreviewRefused`). The user's namespace is not touched: the scratch dict holds
    only ``pd``, ``np`` and the samples (the generated code never mutates its input, and a head is
    a new frame anyway).
    """
    import numpy as np
    import pandas as pd

    from ..plan import Join

    plan, earlier = followup_whole(compiled.transform)  # a follow-up: bounded as its whole chain
    reason = preview_refusal(plan, frames)
    if reason is not None:
        raise PreviewRefused(reason)
    full = frames[compiled.source]
    sample = sample_of(full)
    scratch: dict[str, Any] = {"pd": pd, "np": np, compiled.source: sample}
    for st in plan.steps:
        if isinstance(st, Join) and st.right not in scratch:
            scratch[st.right] = sample_of(frames[st.right])
    for before in earlier:  # a follow-up: the results it builds on, computed on the samples
        exec(compile(before.code, "<pandascribe preview>", "exec"), scratch)  # noqa: S102
    code = compiled.transform.code
    exec(compile(code, "<pandascribe preview>", "exec"), scratch)  # noqa: S102 - our generated code
    return Preview(
        value=scratch[compiled.transform.target],
        source=compiled.source,
        sample_rows=len(sample),
        total_rows=len(full),
    )


def run(
    compiled: Compiled,
    namespace: dict[str, Any],
    frames: Mapping[str, pd.DataFrame],
    *,
    store: HistoryStore | None,
) -> Any:
    """Execute the cell text in the user's namespace (what Run means) and record *ran*; an
    exception is recorded as *error* and re-raised. Returns the new value of the target."""
    from ..history import record_transform

    t = compiled.transform
    used = {compiled.source: frames[compiled.source]} if compiled.source in frames else None
    try:
        exec(compile(compiled.text, "<pandascribe panel>", "exec"), namespace)  # noqa: S102
    except Exception as exc:
        record_transform(
            store,
            t,
            t.request,
            [compiled.source],
            used,
            compiled.duration_ms,
            "error",
            error=exc,
            choice=compiled.choice,
        )
        raise
    record_transform(
        store, t, t.request, [compiled.source], used, compiled.duration_ms, "ran", choice=compiled.choice
    )
    return namespace.get(t.target)
