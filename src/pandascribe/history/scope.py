"""Which entries "this notebook" means, and the ``--since`` values a user can type.

**This notebook** is the notebook file the kernel serves when the kernel knows it, else this
kernel process (the session). A kernel learns its notebook from the server that started it:
jupyter_server puts the notebook's path in the kernel's environment as ``JPY_SESSION_NAME``, and
ipykernel (≥ 6.22) copies it into the user namespace as ``__session__``; VS Code sets
``__vsc_ipynb_file__``. A terminal IPython or a plain script knows no notebook: its scope is its
session. Scoping by the notebook is what lets a restarted kernel (a new session) find and export
what the same notebook recorded before.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from ..errors import HistoryError

#: Where a notebook's path may be found, in order: user-namespace names, then environment variables.
_NAMESPACE_KEYS = ("__session__", "__vsc_ipynb_file__")
_ENV_KEYS = ("JPY_SESSION_NAME",)


def current_notebook() -> str | None:
    """The notebook path the running kernel serves, or None when it does not know one."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython is a dependency
        shell = None
    ns = getattr(shell, "user_ns", None) or {}
    for key in _NAMESPACE_KEYS:
        value = ns.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    for key in _ENV_KEYS:
        value = os.environ.get(key, "").strip()
        if value:
            return value
    return None


@dataclass(frozen=True)
class Scope:
    """Which entries a search or an export looks at: one notebook, one session, or all."""

    kind: Literal["notebook", "session", "all"]
    value: str | int | None = None

    def describe(self) -> str:
        if self.kind == "notebook":
            return f"this notebook ({self.value})"
        return "this session" if self.kind == "session" else "all sessions"


_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhdw])")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_SINCE_HELP = "use a date (2026-12-01), a date and time (2026-12-01T14:30) or a duration (30m, 2h, 3d, 1w)"


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """``2h``, ``1h30m``, ``3d``, ``1w`` (before ``now``), or an ISO date / date-time (naive means
    local time) → an aware datetime; :class:`HistoryError` with one line otherwise."""
    value = text.strip().lower().replace(" ", "") if text else ""
    now = now or datetime.now(UTC)
    if value and _DURATION.sub("", value) == "":
        try:
            seconds = sum(float(n) * _UNIT_S[u] for n, u in _DURATION.findall(value))
            return now - timedelta(seconds=seconds)
        except (OverflowError, ValueError):
            raise HistoryError(f"--since {text!r} reaches before year 1: {_SINCE_HELP}") from None
    try:
        when = datetime.fromisoformat(text.strip())
    except (ValueError, TypeError):
        raise HistoryError(f"--since {text!r} is not a date or a duration: {_SINCE_HELP}") from None
    return when if when.tzinfo else when.astimezone()
