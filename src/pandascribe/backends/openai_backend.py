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

import logging
import os
import time
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from ..errors import BackendError, PlanValidationError
from ..plan import Plan
from ..redact import clean, contains_secret
from ..schema import FrameSchema
from ..settings import Settings, get_settings
from . import BackendResult
from .budget import add_usage, check_budget
from .faults import Rejected, call_with_retries, public_url, request_deadline_s, scrub
from .prompt import build_messages, repair_messages, strict_plan_schema
from .reply import MAX_JSON_DEPTH, MAX_REPLY_BYTES, BadReply, Completion, json_depth, parse_completion

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


def read_plan(
    text: str, schemas: Mapping[str, FrameSchema], source: str, secret: str | None = None
) -> tuple[Plan | None, list[str]]:
    """Parse and validate the assistant's reply; a Plan, or ``None`` and every problem found.

    The text is held to :data:`~.reply.MAX_JSON_DEPTH` before any recursive parser sees it, and the
    Plan to the bounds of :mod:`pandascribe.plan.limits`. A plan holding ``secret`` (the API key,
    or a long run of it — as a derived column's name, say) is refused: it would be stored in the
    history and shown in the code."""
    import json

    from ..plan import PlanTooLarge
    from ..validate import validate_plan

    body = text.strip()
    if not body:
        return None, ["the reply was empty"]
    if json_depth(body) > MAX_JSON_DEPTH:
        return None, [f"the reply's JSON is nested more than {MAX_JSON_DEPTH} levels deep"]
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        return None, [_describe_not_json(body)]
    try:
        plan = Plan.model_validate_json(body)
    except ValidationError as exc:
        return None, ["the JSON is not a valid Plan: " + "; ".join(_describe_invalid(exc))]
    except PlanTooLarge as exc:
        return None, [str(exc)]
    if contains_secret(body, secret):
        return None, ["the plan contains the API key (or a long piece of it), which is never used in a plan"]
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
        #: ``time.monotonic()`` by which the current request must end (set by :meth:`plan`).
        self._deadline: float | None = None
        self._abort: Any = None

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
            deadline=self._deadline,
            abort=self._abort,
        )

    def _call(self, fn: Any, usage: Mapping[str, Any]) -> Any:
        try:
            return self._retrying(fn, usage)
        except BadReply as bad:
            raise self._error(f"model server at {public_url(self.url)} {bad.reason}", usage) from None
        except Rejected as rej:
            rejected = rej
        raise self._rejected(rejected, usage)

    def _rejected(self, rej: Rejected, usage: Mapping[str, Any]) -> BackendError:
        return self._error(f"model server at {public_url(self.url)} {rej.detail}", usage)

    def _model(self, client: Any) -> str:
        """The configured model, or the only one the server offers."""
        if self.settings.model:
            return self.settings.model

        def listing() -> Any:
            with client.models.with_streaming_response.list() as resp:
                return _read_bounded(resp)

        body = self._call(listing, {})
        names = sorted(_model_ids(body))
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

            def create(extra: dict[str, Any] = extra) -> Completion:
                with client.chat.completions.with_streaming_response.create(
                    model=model, messages=messages, **extra
                ) as resp:
                    return parse_completion(_read_bounded(resp))

            log.debug("asking %s at %s (response format: %s)", model, public_url(self.url), MODES[mode])
            try:
                response = self._retrying(create, usage)
            except BadReply as bad:
                raise self._error(f"model server at {public_url(self.url)} {bad.reason}", usage) from None
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
        try:
            add_usage(usage, response.usage, self.settings)
        except BackendError as exc:
            raise self._error(str(exc), usage) from None
        log.debug("model replied; tokens so far: %s", usage.get("total_tokens", "not reported"))
        return self._content(response, usage)

    def _content(self, response: Completion, usage: Mapping[str, Any]) -> str:
        message = response.choices[0].message
        if message.refusal:
            raise self._error(f"the model refused: {' '.join(message.refusal.split())[:200]}", usage)
        return message.content or ""

    # -- the backend protocol -----------------------------------------------------------------

    def plan(self, request: str, schemas: Mapping[str, FrameSchema], source: str) -> BackendResult:
        """Ask for a plan; one repair round on a bad reply; BackendError (with usage) otherwise."""
        usage: dict[str, Any] = {}
        tries = self.settings.max_retries + 1
        self._deadline = time.monotonic() + request_deadline_s(self.settings.timeout_s, tries)
        client = self._client()  # (importing openai counts against the deadline too)
        self._abort = client.close
        try:
            model = self._model(client)
            messages = build_messages(request, schemas, source, send_values=self.settings.send_values)
            reply = self._ask(client, model, messages, usage)
            plan, errors = read_plan(reply, schemas, source, self._key)
            if plan is None:
                log.debug("reply rejected, one repair round: %s", "; ".join(errors))
                messages = [*messages, *repair_messages(reply[:MAX_ECHO], errors)]
                reply = self._ask(client, model, messages, usage)
                plan, errors = read_plan(reply, schemas, source, self._key)
        finally:
            self._deadline = self._abort = None
            client.close()
        if plan is None:
            raise self._error(
                f"the model ({model}) did not give a valid plan, even after one repair round: "
                + "; ".join(errors[:5]),
                usage,
            )
        return BackendResult(plan=plan, backend=self.name, model=model, usage=dict(usage))


def _read_bounded(resp: Any) -> bytes:
    """The body of a streamed HTTP response, refusing (:class:`BadReply`) past MAX_REPLY_BYTES."""
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            raise BadReply(f"sent a reply over {MAX_REPLY_BYTES:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _model_ids(body: bytes) -> list[str]:
    """The model ids of a ``GET /models`` body; anything that is not a list of objects with a
    text ``id`` is skipped (the ids are only offered in a message, cleaned)."""
    import json

    if json_depth(body) > MAX_JSON_DEPTH:
        return []
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError):
        return []
    data = doc.get("data") if isinstance(doc, dict) else None
    if not isinstance(data, list):
        return []
    return [clean(m["id"])[:100] for m in data if isinstance(m, dict) and isinstance(m.get("id"), str)][:1000]
