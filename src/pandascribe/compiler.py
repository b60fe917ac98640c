"""The public entry point: request + frames → :class:`Transform` (code, target, plan, explanation).

This module only wires the pipeline together — schema → backend → validate → codegen → explain —
so each stage stays replaceable and testable on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .errors import CompileError, closest
from .plan import Plan
from .schema import schemas_for


@dataclass(frozen=True)
class Transform:
    """A compiled request. ``code`` assigns its result to ``target``; run it in a namespace holding
    the frames by name, ``pd`` and ``np``."""

    code: str
    target: str
    plan: Plan
    explanation: str
    source: str
    request: str
    backend: str = "rules"
    model: str | None = None
    usage: Mapping[str, Any] = field(default_factory=dict)


def _resolve_source(frames: Mapping[str, pd.DataFrame], source: str | None) -> str:
    if not frames:
        raise CompileError("no frames given: pass {'name': DataFrame}")
    for name, df in frames.items():
        if not isinstance(df, pd.DataFrame):
            raise CompileError(f"frame {name!r} is a {type(df).__name__}, not a pandas DataFrame")
        if not name.isidentifier():
            raise CompileError(f"frame name {name!r} is not a Python identifier")
    if source is None:
        if len(frames) == 1:
            return next(iter(frames))
        raise CompileError(
            "several frames given; say which one the request is about with source=",
            suggestions=sorted(frames),
        )
    if source not in frames:
        raise CompileError(f"no frame named {source!r}", suggestions=closest(source, list(frames)))
    return source


def compile(
    request: str,
    frames: Mapping[str, pd.DataFrame],
    *,
    source: str | None = None,
    target: str | None = None,
    backend: str = "rules",
) -> Transform:
    """Compile an English request about ``frames[source]`` into reviewable pandas code.

    Raises :class:`~pandascribe.CompileError` (with the words not understood and close matches)
    rather than guessing.
    """
    from .backends import get_backend
    from .codegen import explain, generate, target_name
    from .codegen.guard import ensure_compiles
    from .validate import validate_plan
    from .validate.frames import check_frames

    if not isinstance(request, str) or not request.strip():
        raise CompileError("the request is empty: say what you want, e.g. 'mean price by symbol'")
    src = _resolve_source(frames, source)
    if target is not None and (not target.isidentifier() or target in ("pd", "np")):
        raise CompileError(f"target {target!r} is not a usable Python name")
    schemas = schemas_for(frames)
    result = get_backend(backend).plan(request, schemas, src)
    validate_plan(result.plan, schemas)
    check_frames(result.plan, frames)  # duplicate labels, index/column clashes
    name = target or target_name(result.plan, taken=set(frames) | {"pd", "np"})
    code = ensure_compiles(generate(result.plan, name))
    text = explain(result.plan)
    if result.backend != "rules":
        text += f" (planned by {result.backend}{': ' + result.model if result.model else ''})"
    return Transform(
        code=code,
        target=name,
        plan=result.plan,
        explanation=text,
        source=src,
        request=request,
        backend=result.backend,
        model=result.model,
        usage=dict(result.usage),
    )
