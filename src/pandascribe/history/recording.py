"""One way to record a request, shared by the ``%%transform`` magic and the widget panel so both
write identical rows."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import BackendError, CompileError, HistoryError
from .notices import warn_once
from .store import HistoryStore

if TYPE_CHECKING:
    from ..compiler import Transform


def _fingerprint(sources: Sequence[str], schemas: Mapping[str, Any] | None) -> str | None:
    """Fingerprints of the source frames in order, comma-joined; accepts FrameSchema or DataFrame
    values (a DataFrame's schema is computed, cached)."""
    if not schemas:
        return None
    parts = []
    for name in sources:
        value = schemas.get(name)
        if value is None:
            continue
        if not hasattr(value, "fingerprint"):
            from ..engines import engine_of, schemas_for

            value = schemas_for({name: value}, engine_of(value) or "pandas")[name]
        parts.append(value.fingerprint())
    return ",".join(parts) or None


def _usage(usage: Mapping[str, Any]) -> dict[str, Any]:
    """Token counts and cost from a backend's ``usage``; cost estimated from the price settings
    when the backend did not give one."""

    def number(key: str) -> int | None:
        """A token count as stored: a non-negative integer SQLite can hold, else None."""
        value = usage.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        try:
            count = int(value)
        except (OverflowError, ValueError):  # inf, nan
            return None
        return count if 0 <= count < 2**63 else None

    prompt, completion, total = number("prompt_tokens"), number("completion_tokens"), number("total_tokens")
    cost = usage.get("cost")
    if cost is None and (prompt or completion):
        from ..errors import SettingsError
        from ..settings import get_settings

        try:
            s = get_settings()
        except SettingsError:
            s = None
        if s is not None and (s.price_per_1k_input or s.price_per_1k_output):
            cost = ((prompt or 0) * s.price_per_1k_input + (completion or 0) * s.price_per_1k_output) / 1000
    try:
        cost_value = float(cost) if cost is not None else None
    except (TypeError, ValueError, OverflowError):
        cost_value = None
    if cost_value is not None and not 0 <= cost_value < float("inf"):
        cost_value = None
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": total,
        "cost": cost_value,
    }


def _plan_json(plan: Any) -> str:
    """The plan as JSON; a plan holding text JSON cannot encode as UTF-8 (a lone surrogate in a
    literal) is written with ``\\u`` escapes instead of failing."""
    try:
        return str(plan.model_dump_json())
    except ValueError:  # pydantic's serialisation error is a ValueError
        return json.dumps(plan.model_dump(mode="python"), default=str)


def _outcome_of(error: BaseException) -> str:
    """refused: the compiler declined (CompileError, PlanValidationError); error: anything else,
    including a failing model backend (BackendError is a CompileError, so it is checked first)."""
    if isinstance(error, BackendError):
        return "error"
    if isinstance(error, CompileError):
        return "refused"
    return "error"


def record_transform(
    store: HistoryStore | None,
    result: Transform | BaseException,
    request: str,
    sources: Sequence[str],
    schemas: Mapping[str, Any] | None = None,
    duration_ms: float | None = None,
    outcome: str | None = None,
    *,
    backend: str | None = None,
    error: BaseException | None = None,
    engine: str | None = None,
    parent: int | None = None,
    choice: int | None = None,
) -> int | None:
    """Record one request in ``store``; never raises (history must not break the work): a
    failure is one warning and history is off for the rest of the session.

    - ``result``: the :class:`~pandascribe.Transform` that ``compile`` returned, or the exception
      it raised. A ``CompileError`` is recorded as *refused*, a ``BackendError`` (or any other
      exception) as *error*; either may carry ``.usage`` (token counts of a failed model call),
      which is recorded too.
    - ``sources``: frame names, the source first (as passed to ``compile``).
    - ``schemas``: name → ``FrameSchema`` (or name → DataFrame) for the schema fingerprint.
    - ``duration_ms``: how long compiling took.
    - ``outcome``: overrides the derived one, e.g. ``"ran"`` after the code was executed, or
      ``"error"`` with an exception raised while running it.
    - ``backend``: the backend asked for, recorded when ``result`` is an exception.
    - ``error``: with a Transform ``result``, the exception its code raised when run (pass
      ``outcome="error"``); the code is kept beside the error.
    - ``engine``: the engine (``pandas``, ``polars``, ``spark``); default ``result.engine``, else
      pandas. ``parent``: the entry id a follow-up builds on; ``choice``: which numbered reading
      of an ambiguous request was picked. Both default to the same attributes of ``result``.

    Returns the new entry's id, or None when ``store`` is None (history off), the file was busy
    (the entry is written in the background) or writing failed (warned once).
    """
    if store is None:
        return None
    try:
        return _record(
            store,
            result,
            request,
            sources,
            schemas,
            duration_ms,
            outcome,
            backend,
            error,
            engine,
            parent,
            choice,
        )
    except (HistoryError, OSError) as exc:
        warn_once(
            f"record:{store.path}",
            f"pandascribe: history is off for this session: could not record in {store.path}: {exc}",
        )
    except Exception as exc:  # recording must never cost the user their cell
        store.off_reason = f"{type(exc).__name__}: {exc}"
        warn_once(
            f"record:{store.path}",
            "pandascribe: history is off for this session: "
            f"could not record a request ({type(exc).__name__})",
        )
    return None


def _record(
    store: HistoryStore,
    result: Transform | BaseException,
    request: str,
    sources: Sequence[str],
    schemas: Mapping[str, Any] | None,
    duration_ms: float | None,
    outcome: str | None,
    backend: str | None,
    error: BaseException | None,
    engine: str | None,
    parent: int | None,
    choice: int | None,
) -> int | None:
    from ..compiler import Transform

    fingerprint = _fingerprint(sources, schemas)
    if isinstance(result, Transform):
        usage = _usage(result.usage)
        fields: dict[str, Any] = dict(
            backend=result.backend,
            model=result.model,
            plan_json=_plan_json(result.plan),
            code=result.code,
            target=result.target,
            outcome=outcome or "compiled",
            error=None if error is None else (str(error) or type(error).__name__),
        )
    else:
        usage = _usage(getattr(result, "usage", None) or {})
        fields = dict(
            backend=getattr(result, "backend", None) or backend,
            model=getattr(result, "model", None),
            plan_json=None,
            code=None,
            target=None,
            outcome=outcome or _outcome_of(result),
            error=str(result) or type(result).__name__,
        )
    return store.record(
        request=request,
        sources=list(sources),
        schema_fingerprint=fingerprint,
        duration_ms=duration_ms,
        engine=str(engine or getattr(result, "engine", None) or "pandas"),
        parent=parent if parent is not None else getattr(result, "parent", None),
        choice=choice if choice is not None else getattr(result, "choice", None),
        **usage,
        **fields,
    )
