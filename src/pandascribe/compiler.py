"""The public entry point: request + frames → :class:`Transform` (code, target, plan, explanation).

This module only wires the pipeline together — inputs → schema → backend → validate → codegen →
explain — so each stage stays replaceable and testable on its own. The engine (pandas, polars,
Spark) is the frames' own unless asked for; each engine reads its frames' schema itself and has
its own code generator, all fed the same Plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .engines import ENGINES, NAMESPACE_NAMES, engine_of, require, schemas_for
from .errors import AmbiguousPlans, AmbiguousRequest, Choice, CompileError, closest
from .names import check_name
from .plan import Plan


@dataclass(frozen=True)
class Transform:
    """A compiled request. ``code`` assigns its result to ``target``; run it in a namespace holding
    the frames by name and the engine's own names (pandas: ``pd``, ``np``; polars: ``pl``; spark:
    ``F``, ``T``, ``Window``)."""

    code: str
    target: str
    plan: Plan
    explanation: str
    source: str
    request: str
    backend: str = "rules"
    model: str | None = None
    usage: Mapping[str, Any] = field(default_factory=dict)
    engine: str = "pandas"
    #: the transform this one builds on (a follow-up: its code starts from ``previous.target``)
    previous: Transform | None = field(default=None, repr=False, compare=False)


_EXPECTED = "a DataFrame or a mapping of names to DataFrames, e.g. {'sales': sales}"


def _as_mapping(frames: object, source: str | None) -> dict[str, Any]:
    """``frames`` as name → frame: a lone frame is named ``source`` (or ``df``); anything that is not
    a mapping of names to frames is refused, saying what was expected."""
    if engine_of(frames) is not None:
        return {source or "df": frames}
    if not isinstance(frames, Mapping):
        raise CompileError(f"frames must be {_EXPECTED}; got a {type(frames).__name__}")
    if not frames:
        raise CompileError(f"no frames given: pass {_EXPECTED}")
    out: dict[str, Any] = {}
    for name, df in frames.items():
        check_name(name, "frame name")
        if engine_of(df) is None:
            raise CompileError(
                f"frame {name!r} is a {type(df).__name__}, not a DataFrame; frames must be {_EXPECTED}"
            )
        out[name] = df
    return out


def _resolve_engine(frames: Mapping[str, Any], engine: str | None) -> str:
    """The engine of the frames (all of them the same), checked against ``engine`` when given, with
    its package importable."""
    if engine is not None and engine not in ENGINES:
        raise CompileError(
            f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}",
            suggestions=closest(str(engine), list(ENGINES)),
        )
    found = {name: engine_of(df) for name, df in frames.items()}
    kinds = sorted(set(found.values()), key=str)
    if len(kinds) > 1:
        listing = ", ".join(f"{n!r} ({e})" for n, e in found.items())
        raise CompileError(f"the frames come from different engines: {listing}; pass frames of one engine")
    own = str(kinds[0])
    if engine is not None and engine != own:
        raise CompileError(
            f"engine {engine!r} asked for, but the frames are {own} DataFrames; pass {engine} frames "
            f"(the code must run on the frames whose schema it was compiled from) or engine={own!r}"
        )
    require(own)
    return own


def _resolve_source(frames: Mapping[str, Any], source: str | None) -> str:
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
    frames: Mapping[str, Any] | Any,
    *,
    source: str | None = None,
    target: str | None = None,
    backend: str = "rules",
    previous: Transform | None = None,
    engine: str | None = None,
) -> Transform:
    """Compile an English request about ``frames[source]`` into reviewable code for ``engine``
    (``"pandas"``, ``"polars"`` or ``"spark"``; default: the frames' own engine).

    ``frames`` is a mapping of names to DataFrames, or a single DataFrame (named ``source``, or
    ``df``). Raises :class:`~pandascribe.CompileError` (with the words not understood and close
    matches) rather than guessing, and when the engine cannot express a step of the plan.
    ``previous``: the Transform a follow-up ("now sort that by …") builds on; ignored when the
    request does not refer back (see :mod:`pandascribe.understand.followup`).
    """
    from .backends import get_backend
    from .codegen import explain, generate, target_name
    from .codegen.guard import ensure_compiles
    from .understand.followup_plan import plan_followup
    from .understand.limits import check_request_size
    from .validate import validate_plan
    from .validate.frames import check_frames

    if not isinstance(request, str) or not request.strip():
        raise CompileError("the request is empty: say what you want, e.g. 'mean price by symbol'")
    check_request_size(request)  # before any reading: the follow-up and chart passes are per word too
    if source is not None:
        check_name(source, "source")
    named = _as_mapping(frames, source)
    follow = _followup(request, previous, named)  # follow-ups: None when the request stands alone
    src = _resolve_source(named, follow.frame if follow is not None and source is None else source)
    eng = _resolve_engine(named, engine)
    if target is not None:
        check_name(target, "target")
    schemas = schemas_for(named, eng)
    planner = get_backend(backend).plan
    try:
        if follow is not None:
            result, schemas = plan_followup(follow, planner, schemas)
        else:
            result = planner(request, schemas, src)
    except AmbiguousPlans as exc:
        raise _ambiguous(exc, named, source=src, target=target, backend=backend, engine=engine) from None
    validate_plan(result.plan, schemas)
    check_frames(result.plan, named)  # duplicate labels, index/column clashes (pandas frames)
    taken = set(named) | NAMESPACE_NAMES["pandas"] | NAMESPACE_NAMES[eng]
    if follow is not None:
        taken |= follow.taken
    name = target or target_name(result.plan, taken=taken)
    code = ensure_compiles(generate(result.plan, name, engine=eng, schemas=schemas))
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
        engine=eng,
        previous=previous if follow is not None else None,
    )


def _followup(request: str, previous: Transform | None, frames: Mapping[str, Any]) -> Any:
    """The follow-up reading of ``request`` (None: it stands alone). With nothing before it, a
    reference back is refused — unless the words are the user naming the frame itself ("the last
    three columns of this data"), which the normalise layer recognises and blanks out."""
    from .understand.followup import prepare_followup
    from .understand.normalise import normalise

    try:
        return prepare_followup(request, previous)
    except CompileError:
        if previous is not None:
            raise
        prepare_followup(normalise(request, frames=list(frames)).text, None)  # still refers back: raises
        return None


def _ambiguous(exc: AmbiguousPlans, frames: Mapping[str, Any], **kwargs: Any) -> CompileError:
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
