"""The public entry point: request + frames → :class:`Transform` (code, target, plan, explanation).

This module only wires the pipeline together — schema → backend → validate → codegen → explain —
so each stage stays replaceable and testable on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .errors import AmbiguousPlans, AmbiguousRequest, Choice, CompileError, closest
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
    #: the transform this one builds on (a follow-up: its code starts from ``previous.target``)
    previous: Transform | None = field(default=None, repr=False, compare=False)


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
    previous: Transform | None = None,
) -> Transform:
    """Compile an English request about ``frames[source]`` into reviewable pandas code.

    Raises :class:`~pandascribe.CompileError` (with the words not understood and close matches)
    rather than guessing. ``previous``: the Transform a follow-up ("now sort that by …") builds on;
    ignored when the request does not refer back (see :mod:`pandascribe.understand.followup`).
    """
    from .backends import get_backend
    from .codegen import explain, generate, target_name
    from .codegen.guard import ensure_compiles
    from .understand.followup import prepare_followup
    from .understand.followup_plan import plan_followup
    from .validate import validate_plan
    from .validate.frames import check_frames

    if not isinstance(request, str) or not request.strip():
        raise CompileError("the request is empty: say what you want, e.g. 'mean price by symbol'")
    follow = prepare_followup(request, previous)  # follow-ups: None when the request stands alone
    src = _resolve_source(frames, follow.frame if follow is not None and source is None else source)
    if target is not None and (not target.isidentifier() or target in ("pd", "np")):
        raise CompileError(f"target {target!r} is not a usable Python name")
    schemas = schemas_for(frames)
    planner = get_backend(backend).plan
    try:
        if follow is not None:
            result, schemas = plan_followup(follow, planner, schemas)
        else:
            result = planner(request, schemas, src)
    except AmbiguousPlans as exc:
        raise _ambiguous(exc, frames, source=src, target=target, backend=backend) from None
    validate_plan(result.plan, schemas)
    check_frames(result.plan, frames)  # duplicate labels, index/column clashes
    taken = set(frames) | {"pd", "np"} | (follow.taken if follow is not None else set())
    name = target or target_name(result.plan, taken=taken)
    code = ensure_compiles(generate(result.plan, name))
    text = explain(result.plan)
    if getattr(result, "notes", ()):
        text += " (" + "; ".join(result.notes) + ")"
    if result.backend != "rules":
        text += f" (planned by {result.backend}{': ' + result.model if result.model else ''})"
    return Transform(
        code=code,
        target=name,
        plan=result.plan,
        explanation=text,
        source=src if follow is None else result.plan.source,
        request=request,
        backend=result.backend,
        model=result.model,
        usage=dict(result.usage),
        previous=previous if follow is not None else None,
    )


def _ambiguous(exc: AmbiguousPlans, frames: Mapping[str, pd.DataFrame], **kwargs: Any) -> CompileError:
    """A backend found several readings: compile each one's rephrased request into a Transform and
    keep the choices whose rephrasing round-trips to that very plan (so rerunning a picked choice
    is byte-identical). No choice left → a plain refusal with the backend's message."""
    choices = []
    for request, plan, _note in exc.readings:
        try:
            tr = compile(request, frames, **kwargs)
        except CompileError:
            continue
        if tr.plan == plan:
            choices.append(Choice(tr.explanation, request, tr))
    if not choices:
        return CompileError(exc.message, words=exc.words, spans=exc.spans, suggestions=exc.suggestions)
    return AmbiguousRequest(exc.message, choices, words=exc.words, spans=exc.spans)
