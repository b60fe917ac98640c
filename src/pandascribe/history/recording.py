"""One way to record a request, shared by the ``%%transform`` magic and the widget panel so both
write identical rows."""

from __future__ import annotations

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
        value = usage.get(key)
        return int(value) if value is not None else None

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
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": total,
        "cost": float(cost) if cost is not None else None,
    }


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
) -> int | None:
    """Record one request in ``store``; never raises (history must not break the work).

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

    Returns the new entry's id, or None when ``store`` is None (history off) or writing failed
    (warned once).
    """
    if store is None:
        return None
    from ..compiler import Transform

    fingerprint = _fingerprint(sources, schemas)
    if isinstance(result, Transform):
        usage = _usage(result.usage)
        fields: dict[str, Any] = dict(
            backend=result.backend,
            model=result.model,
            plan_json=result.plan.model_dump_json(),
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
    try:
        return store.record(
            request=request,
            sources=list(sources),
            schema_fingerprint=fingerprint,
            duration_ms=duration_ms,
            **usage,
            **fields,
        )
    except (HistoryError, OSError) as exc:
        warn_once(f"record:{store.path}", f"pandascribe: could not record history in {store.path}: {exc}")
        return None
