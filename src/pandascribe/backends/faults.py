"""Talking to an unreliable server: bounded retries with backoff, and one-line causes.

The ``openai`` client can retry by itself, but then neither the timing nor the final message is
ours. Here every failure is classified once (:func:`classify`), retried only when retrying can help
(timeouts, refused or dropped connections, 429, 5xx, an unreadable HTTP body), with a wait that is
bounded (:data:`BACKOFF_CAP_S`, :data:`RETRY_AFTER_CAP_S`). On top of the per-try timeout there
is one wall-clock deadline for the whole request (:func:`request_deadline_s`: ``timeout × tries +``
:data:`DEADLINE_SLACK_S`), shared by every try, every wait and the repair round: a server that
drips a byte a second never trips a per-read timeout, but it cannot outlive the deadline. The final
error names the cause and the server, never the API key.
"""

from __future__ import annotations

import contextlib
import email.utils
import threading
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
#: The deadline of a whole request is ``timeout × tries`` plus this (for waits between tries); the
#: documented bound a caller sees is ``timeout × tries + 5 s``, which leaves 3 s for local work
#: (importing the client, reading the schema, validating and generating).
DEADLINE_SLACK_S = 2.0

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
    """``text`` cleaned of control characters, with ``secret`` and every long run of it masked
    (servers sometimes echo a key with its middle starred out): :func:`pandascribe.redact.shown`."""
    from ..redact import shown

    return shown(text, secret)


def request_deadline_s(timeout_s: float, tries: int) -> float:
    """Seconds one request may take in all, across tries, waits and the repair round."""
    return timeout_s * max(1, tries) + DEADLINE_SLACK_S


class DeadlinePassed(Exception):
    """The request's wall-clock deadline passed while a try was still running."""


def within(fn: Callable[[], T], seconds: float, abort: Callable[[], None] | None = None) -> T:
    """``fn()``, given at most ``seconds`` of wall-clock time. It runs in a daemon thread; when the
    time is up, ``abort()`` is called (closing the HTTP client, so the stuck read fails and the
    thread ends) and :class:`DeadlinePassed` is raised. Exceptions of ``fn`` are re-raised here."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller's thread below
            box["error"] = exc

    worker = threading.Thread(target=work, name="pandascribe-request", daemon=True)
    worker.start()
    worker.join(max(0.0, seconds))
    if worker.is_alive():
        if abort is not None:
            # closing a client mid-read may itself complain; the deadline stands
            with contextlib.suppress(Exception):
                abort()
        raise DeadlinePassed
    if "error" in box:
        raise box["error"]
    return box["value"]


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
    from ..redact import clean

    return clean(msg[:200])


def _in_chain(exc: BaseException, test: Callable[[BaseException], bool]) -> bool:
    """Whether ``exc`` or one of the exceptions it was raised from (at most 10 deep) passes ``test``."""
    seen = 0
    cur: BaseException | None = exc
    while cur is not None and seen < 10:
        if test(cur):
            return True
        cur = cur.__cause__ or cur.__context__
        seen += 1
    return False


def _refused(exc: BaseException) -> bool:
    return _in_chain(
        exc, lambda e: isinstance(e, ConnectionRefusedError) or "connection refused" in str(e).lower()
    )


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
    if _in_chain(exc, lambda e: isinstance(e, TimeoutError)):
        # a socket timeout while the reply's body is read, after the client call returned: the
        # HTTP library's own exception, which the client does not wrap
        return Fault(f"timed out after {timeout_s:g} s", retry=True)
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
    deadline: float | None = None,
    abort: Callable[[], None] | None = None,
) -> T:
    """Call ``fn`` up to ``tries`` times; :class:`Rejected` propagates at once, other faults are
    retried with capped backoff; when all tries fail, raise ``on_fail(one_line_cause)``.

    ``deadline`` (a ``time.monotonic()`` value) bounds the whole series: a try still running then
    is abandoned (``abort`` is called) and no wait reaches past it."""
    faults: list[Fault] = []
    for attempt in range(tries):
        found: Fault | Rejected
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            break
        timed_out = False
        try:
            return fn() if left is None else within(fn, left, abort)
        except DeadlinePassed:
            timed_out = True
        except Exception as exc:  # classify() re-raises what it does not know
            found = classify(exc, timeout_s=timeout_s)
        if timed_out:
            raise on_fail(
                f"model server at {public_url(url)} did not finish answering within the request's "
                f"deadline ({_deadline_words(timeout_s, tries)}); it may be sending its reply very slowly"
            )
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
        if deadline is not None and time.monotonic() + wait >= deadline:
            break  # the next try could not finish in time: report what happened so far
        sleep(wait)
    if not faults:
        raise on_fail(
            f"model server at {public_url(url)} was not asked: the request's deadline "
            f"({_deadline_words(timeout_s, tries)}) had passed"
        )
    raise on_fail(summarize(faults, url))


def _deadline_words(timeout_s: float, tries: int) -> str:
    total = request_deadline_s(timeout_s, tries)
    return f"{total:g} s = PANDASCRIBE_TIMEOUT_S × {tries} + {DEADLINE_SLACK_S:g} s"
