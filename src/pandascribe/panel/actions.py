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
    from ..history import HistoryStore

#: The preview runs the code on this many leading rows of the source frame, so that compiling
#: stays instant on a 10M-row frame. The full data is only touched by Run (or the inserted cell).
PREVIEW_ROWS = 10_000


@dataclass(frozen=True)
class Compiled:
    """A compiled request as the panel shows and inserts it."""

    transform: Transform
    text: str  # the cell: provenance comment, needed imports, code (what the magic inserts)
    source: str
    notes: tuple[str, ...] = ()
    duration_ms: float | None = None


@dataclass(frozen=True)
class Preview:
    """The result of the code on the first :data:`PREVIEW_ROWS` rows of the source."""

    value: Any
    source: str
    sample_rows: int
    total_rows: int | None  # None: not counted (a Spark frame)

    @property
    def caption(self) -> str:
        if self.total_rows is None:
            return f"Preview — computed on at most the first {self.sample_rows:,} rows of {self.source}"
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
) -> Compiled:
    """Compile ``request`` about ``frames[source]`` and record it; a refusal is recorded and
    re-raised (a :class:`~pandascribe.PandascribeError`) for the panel to show inline."""
    from ..cells import cell_text, free_name, retarget
    from ..compiler import compile as compile_request_
    from ..errors import PandascribeError
    from ..history import record_transform

    sources = [source]
    used = {source: frames[source]}
    start = time.perf_counter()
    try:
        transform = compile_request_(request, used, source=source, backend=backend)
    except PandascribeError as exc:
        record_transform(
            store, exc, request, sources, used, (time.perf_counter() - start) * 1000, backend=backend
        )
        raise
    duration_ms = (time.perf_counter() - start) * 1000
    if transform.target in namespace:  # never overwrite an existing name silently
        transform = retarget(transform, free_name(transform.target, namespace))
    record_transform(store, transform, request, sources, used, duration_ms, "compiled")
    return Compiled(
        transform=transform,
        text=cell_text(transform, sources, namespace),
        source=source,
        duration_ms=duration_ms,
    )


def preview(compiled: Compiled, frames: Mapping[str, pd.DataFrame]) -> Preview:
    """Run the code in a scratch namespace where the source is replaced by its head.

    The user's namespace is not touched: the scratch dict holds only ``pd``, ``np`` and the sample
    (the generated code never mutates its input, and the head is a new frame anyway).
    """
    import numpy as np
    import pandas as pd

    from ..engines import engine_of
    from ..engines import namespace as engine_names
    from ..engines.convert import to_pandas
    from .frames import leading_rows, row_count

    full = frames[compiled.source]
    sample = leading_rows(full, PREVIEW_ROWS)
    scratch: dict[str, Any] = {
        "pd": pd,
        "np": np,
        **engine_names(compiled.transform.engine),
        compiled.source: sample,
    }
    code = compiled.transform.code
    exec(compile(code, "<pandascribe preview>", "exec"), scratch)  # noqa: S102 - our generated code
    value = scratch[compiled.transform.target]
    return Preview(
        value=to_pandas(leading_rows(value, PREVIEW_ROWS))
        if engine_of(value) in ("polars", "spark")
        else value,
        source=compiled.source,
        sample_rows=PREVIEW_ROWS if row_count(sample) is None else len(sample),
        total_rows=row_count(full),
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
            store, t, t.request, [compiled.source], used, compiled.duration_ms, "error", error=exc
        )
        raise
    record_transform(store, t, t.request, [compiled.source], used, compiled.duration_ms, "ran")
    return namespace.get(t.target)
