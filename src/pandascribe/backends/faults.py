"""Talking to an unreliable server: bounded retries with backoff, and one-line causes.

The ``openai`` client can retry by itself, but then neither the timing nor the final message is
ours. Here every failure is classified once (:func:`classify`), retried only when retrying can help
(timeouts, refused or dropped connections, 429, 5xx, an unreadable HTTP body), with a wait that is
bounded (:data:`BACKOFF_CAP_S`, :data:`RETRY_AFTER_CAP_S`), so one request takes at most
``timeout × tries + backoff``. The final error names the cause and the server, never the API key.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

#: First wait between tries; doubles each time, up to the cap.
BACKOFF_BASE_S = 0.5
BACKOFF_CAP_S = 8.0
#: A 429's Retry-After is honoured up to this; a longer wait fails at once with the server's number.
RETRY_AFTER_CAP_S = 20.0

T = TypeVar("T")

_WORDS = {1: "once", 2: "twice"}


def public_url(url: str) -> str:
    """``url`` without user info, query or fragment (where credentials sometimes hide)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(unparseable URL)"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def scrub(text: str, secret: str | None) -> str:
    """``text`` with every occurrence of ``secret`` (and of its long tail) masked."""
    if not secret:
        return text
    text = text.replace(secret, "****")
    if len(secret) >= 12:  # servers sometimes echo a key with its middle starred out
        text = text.replace(secret[-8:], "****")
    return text


@dataclass(frozen=True)
class Fault:
    """One failed try: a short cause, whether retrying may help, and how long the server asked
    us to wait (429 Retry-After)."""

    cause: str
    retry: bool
    status: int | None = None
    retry_after: float | None = None


class Rejected(Exception):
    """The server refused the request itself (4xx other than 429): retrying will not help.

    ``status`` lets the caller react (400 → try a simpler response format)."""

    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _retry_after(headers: Any) -> float | None:
    value = headers.get("retry-after") if headers is not None else None
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _server_message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    msg = None
    if isinstance(body, dict):
        err = body.get("error", body)
        msg = err.get("message") if isinstance(err, dict) else err
    if not isinstance(msg, str) or not msg:
        msg = getattr(exc, "message", "") or ""
    msg = " ".join(str(msg).split())
    return msg[:200]


def _refused(exc: BaseException) -> bool:
    seen = 0
    cur: BaseException | None = exc
    while cur is not None and seen < 10:
        if isinstance(cur, ConnectionRefusedError) or "connection refused" in str(cur).lower():
            return True
        cur = cur.__cause__ or cur.__context__
        seen += 1
    return False


def classify(exc: BaseException, *, timeout_s: float) -> Fault | Rejected:
    """Turn an ``openai`` exception into a retryable :class:`Fault` or a final :class:`Rejected`."""
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return Fault(f"timed out after {timeout_s:g} s", retry=True)
    if isinstance(exc, openai.APIConnectionError):
        if _refused(exc):
            return Fault("refused the connection", retry=True)
        return Fault(f"could not be reached ({type(exc.__cause__ or exc).__name__})", retry=True)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status == 429:
            return Fault(
                "answered 429 (rate limited)",
                retry=True,
                status=429,
                retry_after=_retry_after(exc.response.headers),
            )
        if status >= 500:
            return Fault(f"answered {status}", retry=True, status=status)
        if status in (401, 403):
            return Rejected(status, f"rejected the API key ({status}); check PANDASCRIBE_OPENAI_API_KEY")
        detail = _server_message(exc)
        return Rejected(status, f"rejected the request ({status}{': ' + detail if detail else ''})")
    if isinstance(exc, openai.APIResponseValidationError | ValueError):
        return Fault("sent a reply that is not valid JSON", retry=True)
    if isinstance(exc, openai.OpenAIError):
        return Fault(f"failed ({type(exc).__name__})", retry=True)
    raise exc


def summarize(faults: list[Fault], url: str) -> str:
    """One line for the whole series of tries: the common cause and how many tries it took."""
    where = f"model server at {public_url(url)}"
    causes = [f.cause for f in faults]
    n = len(causes)
    if len(set(causes)) == 1:
        cause = causes[0]
        if cause.startswith("answered"):
            times = _WORDS.get(n, f"{n} times")
            return f"{where} {cause} {times}"
        return f"{where} {cause} ({n} {'try' if n == 1 else 'tries'})"
    return f"{where} failed {n} tries: " + ", then ".join(causes)


def call_with_retries(
    fn: Callable[[], T],
    *,
    tries: int,
    url: str,
    timeout_s: float,
    on_fail: Callable[[str], Exception],
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call ``fn`` up to ``tries`` times; :class:`Rejected` propagates at once, other faults are
    retried with capped backoff; when all tries fail, raise ``on_fail(one_line_cause)``."""
    faults: list[Fault] = []
    for attempt in range(tries):
        found: Fault | Rejected
        try:
            return fn()
        except Exception as exc:  # classify() re-raises what it does not know
            found = classify(exc, timeout_s=timeout_s)
        # Raised outside the except block on purpose: the client's exception (whose text may quote
        # the server, and the server may quote the key) must not ride along as __context__.
        if isinstance(found, Rejected):
            raise found
        faults.append(found)
        if not found.retry or attempt == tries - 1:
            break
        wait = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2**attempt)
        if found.retry_after is not None:
            if found.retry_after > RETRY_AFTER_CAP_S:
                raise on_fail(
                    f"model server at {public_url(url)} is rate limiting (429) and asks to wait "
                    f"{found.retry_after:.0f} s; try again later"
                )
            wait = found.retry_after
        sleep(wait)
    raise on_fail(summarize(faults, url))
