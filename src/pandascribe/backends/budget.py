"""Token accounting: usage from replies → a cost estimate, and the daily token budget.

Today's spend is the larger of two counts — the history store's (which sees every process that
recorded to it) and this process's own (which sees calls the history did not record, e.g. plain
``compile()`` calls, or when the history is off). Taking the larger never double-counts and never
lets a process spend more than the budget by itself. "Today" starts at local midnight.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from typing import Any

from ..errors import BackendError
from ..settings import Settings

_LOCK = threading.Lock()
_SPENT: dict[dt.date, int] = {}


def start_of_today() -> dt.datetime:
    """Local midnight, timezone-aware."""
    now = dt.datetime.now().astimezone()
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


#: The largest token count one reply may report; more (or a negative, fractional, textual or
#: infinite count) is refused rather than counted, so a server cannot shrink today's spend.
MAX_TOKENS_PER_REPLY = 10_000_000


def _count(usage: Any, name: str) -> int:
    value = getattr(usage, name, None)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TOKENS_PER_REPLY:
        raise BackendError(
            f"the model server reported an impossible token count ({name}: {str(value)[:40]}); "
            f"counts must be whole numbers from 0 to {MAX_TOKENS_PER_REPLY:,}"
        )
    return value


def add_usage(total: dict[str, Any], response_usage: Any, settings: Settings) -> None:
    """Add one reply's ``usage`` (may be missing: some servers do not report it) to ``total``,
    update the cost estimate, and count the tokens towards today's budget.

    Every count must be a whole number in ``0 … MAX_TOKENS_PER_REPLY`` (BackendError otherwise), and
    the total counted is never less than prompt + completion: no reply lowers today's spend."""
    total["requests"] = total.get("requests", 0) + 1
    if response_usage is None:
        return
    p = _count(response_usage, "prompt_tokens")
    c = _count(response_usage, "completion_tokens")
    t = max(_count(response_usage, "total_tokens"), p + c)
    total["prompt_tokens"] = total.get("prompt_tokens", 0) + p
    total["completion_tokens"] = total.get("completion_tokens", 0) + c
    total["total_tokens"] = total.get("total_tokens", 0) + t
    total["cost"] = estimate_cost(total, settings)
    with _LOCK:
        today = dt.date.today()
        _SPENT[today] = _SPENT.get(today, 0) + t


def estimate_cost(usage: Mapping[str, Any], settings: Settings) -> float:
    """Tokens × the price table in settings (``PANDASCRIBE_PRICE_PER_1K_INPUT`` / ``_OUTPUT``)."""
    cost = (
        usage.get("prompt_tokens", 0) / 1000 * settings.price_per_1k_input
        + usage.get("completion_tokens", 0) / 1000 * settings.price_per_1k_output
    )
    return round(cost, 6)


def _history_tokens(since: dt.datetime) -> int:
    """Tokens the history store recorded since ``since``; 0 when it is off, absent or broken."""
    import importlib

    try:
        open_history = getattr(importlib.import_module("pandascribe.history"), "open_history", None)
    except ImportError:
        return 0
    if open_history is None:
        return 0
    try:
        store = open_history()
        if store is None or not hasattr(store, "tokens_used_since"):
            return 0
        return int(store.tokens_used_since(since) or 0)
    except Exception:  # the history must never block compiling; count locally
        return 0


def tokens_used_today() -> int:
    """Tokens spent today as far as we can tell (see the module docstring)."""
    with _LOCK:
        local = _SPENT.get(dt.date.today(), 0)
    return max(local, _history_tokens(start_of_today()))


def check_budget(settings: Settings, usage: Mapping[str, Any]) -> None:
    """Refuse (``BackendError`` carrying ``usage``) once today's tokens reach the budget."""
    budget = settings.daily_token_budget
    if budget is None:
        return
    used = tokens_used_today()
    if used >= budget:
        err = BackendError(
            f"daily token budget spent: {used:,} of {budget:,} tokens used today; the model is not "
            "asked again until tomorrow (raise PANDASCRIBE_DAILY_TOKEN_BUDGET, or use backend='rules')"
        )
        err.usage = dict(usage)  # type: ignore[attr-defined]
        raise err


def reset_local_counter() -> None:
    """Forget this process's count (tests)."""
    with _LOCK:
        _SPENT.clear()
