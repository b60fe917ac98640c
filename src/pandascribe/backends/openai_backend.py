"""The model backend: any OpenAI-compatible server fills in a Plan — never code.

The model is asked for the JSON of a :class:`~pandascribe.plan.Plan` (structured output where the
server supports it, JSON mode or plain instructions where it does not). The reply must be exactly
that JSON; it is parsed and validated against the frames' schema like any plan. A reply that fails
gets one repair round with the errors; a second failure is a :class:`BackendError` saying what was
wrong. Prose, code, unknown operations and unknown columns therefore never reach the code generator,
and the generator escapes every name and literal the model chose.

The ``openai`` package is imported here, on first use of this backend, never at package import.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from ..errors import BackendError, PlanValidationError
from ..plan import Plan
from ..schema import FrameSchema
from ..settings import Settings, get_settings
from . import BackendResult
from .budget import add_usage, check_budget
from .faults import Rejected, call_with_retries, public_url, scrub
from .prompt import build_messages, repair_messages, strict_plan_schema

log = logging.getLogger(__name__)

OPENAI_URL = "https://api.openai.com/v1"
#: The rejected reply is sent back in the repair round, cut to this many characters.
MAX_ECHO = 8000

#: Response formats, best first (name → the ``response_format`` to send, None: send none). A server
#: that answers 400/422 to one is asked with the next.
RESPONSE_FORMATS: dict[str, Callable[[], dict[str, Any] | None]] = {
    "json_schema": strict_plan_schema,
    "json_object": lambda: {"type": "json_object"},
    "text": lambda: None,
}
MODES: tuple[str, ...] = tuple(RESPONSE_FORMATS)
#: (server, model) → index into MODES that worked last, so a server is probed once per process.
_MODE_CACHE: dict[tuple[str, str], int] = {}


def _describe_not_json(text: str) -> str:
    head = " ".join(text.split())[:60]
    if text.lstrip().startswith("```"):
        what = "a markdown code block"
    elif text.lstrip()[:1] in ("{", "["):
        what = "broken or cut-off JSON"
    elif any(tok in text for tok in ("import ", "df[", "pd.", "lambda", "def ", "print(", "eval(", "exec(")):
        what = "code"
    else:
        what = "prose"
    return f"the reply is {what}, not the JSON of a Plan (it begins {head!r})"


def _describe_invalid(exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors(include_url=False)[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ())) or "(top level)"
        out.append(f"{loc}: {err.get('msg', 'invalid')}")
    if exc.error_count() > 5:
        out.append(f"… and {exc.error_count() - 5} more problems")
    return out


def read_plan(text: str, schemas: Mapping[str, FrameSchema], source: str) -> tuple[Plan | None, list[str]]:
    """Parse and validate the assistant's reply; a Plan, or ``None`` and every problem found."""
    from ..validate import validate_plan

    body = text.strip()
    if not body:
        return None, ["the reply was empty"]
    try:
        json.loads(body)
    except ValueError:
        return None, [_describe_not_json(body)]
    try:
        plan = Plan.model_validate_json(body)
    except ValidationError as exc:
        return None, ["the JSON is not a valid Plan: " + "; ".join(_describe_invalid(exc))]
    if plan.source != source:
        return None, [f"the plan's source is {plan.source!r} but the request is about frame {source!r}"]
    try:
        validate_plan(plan, schemas)
    except PlanValidationError as exc:
        return None, [str(i) for i in exc.issues] or [str(exc)]
    return plan, []


class OpenAIBackend:
    """Plans with a model behind an OpenAI-compatible ``/v1/chat/completions`` endpoint."""

    name = "openai"

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or get_settings()
        self.url = self.settings.openai_base_url or os.environ.get("OPENAI_BASE_URL") or OPENAI_URL
        key = self.settings.openai_api_key
        self._key = key.get_secret_value() if key is not None else None
        self.model: str | None = self.settings.model

    # -- errors -------------------------------------------------------------------------------

    def _error(self, message: str, usage: Mapping[str, Any]) -> BackendError:
        """A one-line BackendError with the key scrubbed out; the tokens spent, the backend and the
        model are attached for the history (``record_transform`` reads them)."""
        err = BackendError(scrub(message, self._key))
        err.usage = dict(usage)  # type: ignore[attr-defined]
        err.backend = self.name  # type: ignore[attr-defined]
        err.model = self.model  # type: ignore[attr-defined]
        return err

    # -- the client ---------------------------------------------------------------------------

    def _client(self) -> Any:
        try:
            import openai
        except ImportError:
            raise self._error(
                "the model backend needs the openai package: pip install 'pandascribe[llm]'", {}
            ) from None
        key = self._key
        if not key:
            if public_url(self.url).startswith(OPENAI_URL):
                raise self._error(
                    "no API key for api.openai.com: set PANDASCRIBE_OPENAI_API_KEY or OPENAI_API_KEY", {}
                )
            key = "unused"  # local servers (Ollama, llama.cpp, vLLM) accept any key
        return openai.OpenAI(base_url=self.url, api_key=key, timeout=self.settings.timeout_s, max_retries=0)

    def _retrying(self, fn: Any, usage: Mapping[str, Any]) -> Any:
        """``fn()`` with bounded retries; :class:`Rejected` (a 4xx) propagates for the caller."""
        return call_with_retries(
            fn,
            tries=self.settings.max_retries + 1,
            url=self.url,
            timeout_s=self.settings.timeout_s,
            on_fail=lambda msg: self._error(msg, usage),
        )

    def _call(self, fn: Any, usage: Mapping[str, Any]) -> Any:
        try:
            return self._retrying(fn, usage)
        except Rejected as rej:
            rejected = rej
        raise self._rejected(rejected, usage)

    def _rejected(self, rej: Rejected, usage: Mapping[str, Any]) -> BackendError:
        return self._error(f"model server at {public_url(self.url)} {rej.detail}", usage)

    def _model(self, client: Any) -> str:
        """The configured model, or the only one the server offers."""
        if self.settings.model:
            return self.settings.model
        listing = self._call(lambda: client.models.list(), {})
        names = sorted(m.id for m in getattr(listing, "data", []) or [])
        if len(names) == 1:
            self.model = names[0]
            return names[0]
        offered = ", ".join(names[:10]) if names else "none listed"
        raise self._error(f"no model configured: set PANDASCRIBE_MODEL (server offers: {offered})", {})

    # -- one question -------------------------------------------------------------------------

    def _ask(self, client: Any, model: str, messages: list[dict[str, str]], usage: dict[str, Any]) -> str:
        """One chat completion (with retries and response-format fallback); the reply text."""
        check_budget(self.settings, usage)
        key = (public_url(self.url), model)
        mode = _MODE_CACHE.get(key, 0)
        while True:
            fmt = RESPONSE_FORMATS[MODES[mode]]()
            extra: dict[str, Any] = {"response_format": fmt} if fmt is not None else {}

            def create(extra: dict[str, Any] = extra) -> Any:
                return client.chat.completions.create(model=model, messages=messages, **extra)

            log.debug("asking %s at %s (response format: %s)", model, public_url(self.url), MODES[mode])
            try:
                response = self._retrying(create, usage)
            except Rejected as rej:
                if rej.status in (400, 422) and mode + 1 < len(MODES):
                    log.debug("server refused response format %s (%s)", MODES[mode], rej.status)
                    mode += 1
                    continue
                rejected = rej
            else:
                break
            raise self._rejected(rejected, usage)
        _MODE_CACHE[key] = mode
        add_usage(usage, getattr(response, "usage", None), self.settings)
        log.debug("model replied; tokens so far: %s", usage.get("total_tokens", "not reported"))
        return self._content(response, usage)

    def _content(self, response: Any, usage: Mapping[str, Any]) -> str:
        choices = getattr(response, "choices", None)
        if not choices:
            raise self._error(f"model server at {public_url(self.url)} sent a reply without choices", usage)
        message = choices[0].message
        refusal = getattr(message, "refusal", None)
        if refusal:
            raise self._error(f"the model refused: {' '.join(str(refusal).split())[:200]}", usage)
        content = message.content
        return content if isinstance(content, str) else ""

    # -- the backend protocol -----------------------------------------------------------------

    def plan(self, request: str, schemas: Mapping[str, FrameSchema], source: str) -> BackendResult:
        """Ask for a plan; one repair round on a bad reply; BackendError (with usage) otherwise."""
        usage: dict[str, Any] = {}
        client = self._client()
        try:
            model = self._model(client)
            messages = build_messages(request, schemas, source, send_values=self.settings.send_values)
            reply = self._ask(client, model, messages, usage)
            plan, errors = read_plan(reply, schemas, source)
            if plan is None:
                log.debug("reply rejected, one repair round: %s", "; ".join(errors))
                messages = [*messages, *repair_messages(reply[:MAX_ECHO], errors)]
                reply = self._ask(client, model, messages, usage)
                plan, errors = read_plan(reply, schemas, source)
        finally:
            client.close()
        if plan is None:
            raise self._error(
                f"the model ({model}) did not give a valid plan, even after one repair round: "
                + "; ".join(errors[:5]),
                usage,
            )
        return BackendResult(plan=plan, backend=self.name, model=model, usage=dict(usage))
