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
from .errors import CompileError, closest
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
    engine: str | None = None,
) -> Transform:
    """Compile an English request about ``frames[source]`` into reviewable code for ``engine``
    (``"pandas"``, ``"polars"`` or ``"spark"``; default: the frames' own engine).

    ``frames`` is a mapping of names to DataFrames, or a single DataFrame (named ``source``, or
    ``df``). Raises :class:`~pandascribe.CompileError` (with the words not understood and close
    matches) rather than guessing, and when the engine cannot express a step of the plan.
    """
    from .backends import get_backend
    from .codegen import explain, generate, target_name
    from .validate import validate_plan

    if not isinstance(request, str) or not request.strip():
        raise CompileError("the request is empty: say what you want, e.g. 'mean price by symbol'")
    if source is not None:
        check_name(source, "source")
    named = _as_mapping(frames, source)
    src = _resolve_source(named, source)
    eng = _resolve_engine(named, engine)
    if target is not None:
        check_name(target, "target")
    schemas = schemas_for(named, eng)
    result = get_backend(backend).plan(request, schemas, src)
    validate_plan(result.plan, schemas)
    taken = set(named) | NAMESPACE_NAMES["pandas"] | NAMESPACE_NAMES[eng]
    name = target or target_name(result.plan, taken=taken)
    code = generate(result.plan, name, engine=eng, schemas=schemas)
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
        engine=eng,
    )
