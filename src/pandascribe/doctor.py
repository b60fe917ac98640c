"""Health checks behind ``%transform_doctor`` and ``pandascribe doctor``: are the settings valid,
can history be written (and does the file pass ``PRAGMA integrity_check``), can the backend be
reached. Each check reports ok/failed with the reason; none of them changes anything (a corrupt
history file is reported here, not moved aside)."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import SettingsError

if TYPE_CHECKING:
    from .settings import Settings

DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1"
PROBE_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Check:
    """One check's verdict."""

    name: str
    ok: bool
    detail: str

    def __str__(self) -> str:
        return f"{'ok' if self.ok else 'FAILED':<6}  {self.name}: {self.detail}"


def check_settings() -> tuple[Check, Settings | None]:
    from .settings import get_settings

    try:
        settings = get_settings()
    except SettingsError as exc:
        return Check("settings", False, str(exc)), None
    return Check("settings", True, f"valid (backend: {settings.effective_backend})"), settings


def _existing_parent(path: Path) -> Path:
    for parent in path.parents:
        if parent.exists():
            return parent
    return Path(path.anchor or ".")


def check_history(settings: Settings) -> Check:
    """Writable and intact, without creating or repairing anything."""
    if settings.history == "off":
        return Check("history", True, "off (PANDASCRIBE_HISTORY=off)")
    path = settings.history_path.expanduser()
    if not path.exists():
        parent = _existing_parent(path)
        if not parent.is_dir():
            return Check("history", False, f"{path} cannot be created: {parent} is not a directory")
        import os

        if not os.access(parent, os.W_OK):
            return Check("history", False, f"{path} cannot be created: {parent} is not writable")
        return Check("history", True, f"{path} will be created on first use")
    try:
        con = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=PROBE_TIMEOUT_S, isolation_level=None
        )
    except sqlite3.Error as exc:
        return Check("history", False, f"{path} cannot be opened for writing: {exc}")
    try:
        result = "; ".join(str(r[0]) for r in con.execute("PRAGMA integrity_check").fetchall())
        if result != "ok":
            return Check("history", False, f"{path} fails integrity_check: {result[:300]}")
        con.execute("BEGIN IMMEDIATE")
        con.execute("ROLLBACK")
        count = con.execute("SELECT count(*) FROM entries").fetchone()[0]
    except sqlite3.Error as exc:
        return Check("history", False, f"{path}: {exc}")
    finally:
        con.close()
    return Check("history", True, f"{path} writable, integrity ok, {count} entries")


def _probe_models(settings: Settings) -> Check:
    base = (settings.openai_base_url or DEFAULT_OPENAI_BASE_URL).rstrip("/")
    url = f"{base}/models"
    if not url.startswith(("http://", "https://")):
        return Check("backend", False, f"PANDASCRIBE_OPENAI_BASE_URL is not an http(s) URL: {base}")
    req = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - checked above
    if settings.openai_api_key is not None:
        req.add_header("Authorization", f"Bearer {settings.openai_api_key.get_secret_value()}")
    timeout = min(PROBE_TIMEOUT_S, settings.timeout_s)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - scheme checked above
            body = resp.read(1_000_000)
    except urllib.error.HTTPError as exc:
        hint = " (check PANDASCRIBE_OPENAI_API_KEY)" if exc.code in (401, 403) else ""
        return Check("backend", False, f"{url} answered HTTP {exc.code} {exc.reason}{hint}")
    except urllib.error.URLError as exc:
        return Check("backend", False, f"{url} unreachable: {exc.reason}")
    except (TimeoutError, OSError) as exc:
        return Check("backend", False, f"{url} unreachable: {exc}")
    try:
        ids = [m.get("id") for m in json.loads(body).get("data", [])]
    except (ValueError, AttributeError):
        return Check("backend", False, f"{url} did not answer with a JSON model list")
    detail = f"{settings.effective_backend}: {base} reachable ({len(ids)} models)"
    if settings.model and ids and settings.model not in ids:
        detail += f"; note: model {settings.model!r} is not in its list"
    return Check("backend", True, detail)


def check_backend(settings: Settings) -> Check:
    return _BACKEND_CHECKS[settings.effective_backend](settings)


_BACKEND_CHECKS: dict[str, Callable[[Settings], Check]] = {
    "rules": lambda s: Check("backend", True, "rules: offline, always available"),
    "openai": _probe_models,
    "auto": _probe_models,
}


def run_checks() -> list[Check]:
    """Every check, in order; later checks are reported as skipped when settings are invalid."""
    first, settings = check_settings()
    if settings is None:
        return [first, *(Check(n, False, "skipped: settings are invalid") for n in ("history", "backend"))]
    return [first, check_history(settings), check_backend(settings)]


def format_checks(checks: list[Check]) -> str:
    """One line per check (what the CLI prints)."""
    return "\n".join(str(c) for c in checks)
