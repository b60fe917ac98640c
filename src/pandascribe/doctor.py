"""Health checks behind ``%transform_doctor`` and ``pandascribe doctor``: are the settings valid,
can history be written (and does the file pass ``PRAGMA integrity_check``), can the backend be
reached. Each check reports ok/failed with the reason; none of them changes anything (a corrupt
history file is reported here, not moved aside).

The backend probe sends the API key, so it follows **no redirect at all**: urllib keeps headers
added to a request across redirects, to any origin, and a 3xx is therefore reported as a failure
naming where it pointed (the fix is to configure the final URL). It keeps the backend's time rules:
``PANDASCRIBE_TIMEOUT_S`` per read and one wall-clock deadline for the whole probe
(:func:`pandascribe.backends.faults.request_deadline_s` with one try), read at most
:data:`PROBE_MAX_BYTES`; everything quoted from the server is cleaned and the key masked."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SettingsError

if TYPE_CHECKING:
    from .settings import Settings

DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1"
PROBE_TIMEOUT_S = 5.0  # SQLite's busy wait while checking the history file
PROBE_MAX_BYTES = 1_000_000


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Turn every 3xx into an HTTPError instead of a new request carrying our headers."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        return None


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"
    except ValueError:
        return "(unparseable URL)"


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
    from .errors import HistoryError
    from .history.connect import refuse_symlinks

    try:
        refuse_symlinks(path)  # the same rule the store applies: a link is never followed
    except HistoryError as exc:
        return Check("history", False, str(exc))
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


def _fetch(req: urllib.request.Request, timeout: float) -> bytes:
    opener = urllib.request.build_opener(_NoRedirects)
    with opener.open(req, timeout=timeout) as resp:
        body: bytes = resp.read(PROBE_MAX_BYTES)
        return body


def _probe_models(settings: Settings) -> Check:
    from .backends.faults import DeadlinePassed, public_url, request_deadline_s, within
    from .redact import shown

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key is not None else None
    base = (settings.openai_base_url or DEFAULT_OPENAI_BASE_URL).rstrip("/")
    url = f"{base}/models"
    where = public_url(url)
    if not url.startswith(("http://", "https://")):
        return Check("backend", False, f"PANDASCRIBE_OPENAI_BASE_URL is not an http(s) URL: {where}")
    req = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - checked above
    if key is not None:
        req.add_header("Authorization", f"Bearer {key}")
    deadline = request_deadline_s(settings.timeout_s, 1)
    try:
        body = within(lambda: _fetch(req, settings.timeout_s), deadline)
    except DeadlinePassed:
        return Check("backend", False, f"{where} did not finish answering within {deadline:g} s")
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            target = _origin(urllib.parse.urljoin(url, exc.headers.get("Location") or ""))
            return Check(
                "backend",
                False,
                shown(
                    f"{where} answered {exc.code}, a redirect to {target}; not followed (the API key would "
                    "go along): set PANDASCRIBE_OPENAI_BASE_URL to the server's final URL",
                    key,
                ),
            )
        hint = " (check PANDASCRIBE_OPENAI_API_KEY)" if exc.code in (401, 403) else ""
        return Check("backend", False, shown(f"{where} answered HTTP {exc.code} {exc.reason}{hint}", key))
    except urllib.error.URLError as exc:
        return Check("backend", False, shown(f"{where} unreachable: {exc.reason}", key))
    except (TimeoutError, OSError, ValueError) as exc:
        return Check("backend", False, shown(f"{where} unreachable: {exc}", key))
    from .backends.openai_backend import _model_ids
    from .backends.reply import MAX_JSON_DEPTH, json_depth

    try:
        small = len(body) < PROBE_MAX_BYTES and json_depth(body) <= MAX_JSON_DEPTH
        doc = json.loads(body) if small else None
    except (ValueError, RecursionError):
        doc = None
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        return Check("backend", False, f"{where} did not answer with a JSON model list")
    ids = _model_ids(body)
    detail = f"{settings.effective_backend}: {public_url(base)} reachable ({len(ids)} models)"
    if settings.model and ids and settings.model not in ids:
        detail += f"; note: model {settings.model!r} is not in its list"
    return Check("backend", True, shown(detail, key))


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
