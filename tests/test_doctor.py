"""``doctor.run_checks``: settings, history file and backend, each ok/failed with the reason —
checked against real files and a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from pandascribe.doctor import Check, format_checks, run_checks
from pandascribe.history import HistoryStore
from pandascribe.settings import reset_settings


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path):
    import os

    for var in list(os.environ):
        if var.startswith("PANDASCRIBE_") or var == "OPENAI_API_KEY":
            monkeypatch.delenv(var)
    monkeypatch.setenv("PANDASCRIBE_HISTORY_PATH", str(tmp_path / "h.sqlite3"))
    reset_settings()
    yield
    reset_settings()


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


class ModelsHandler(BaseHTTPRequestHandler):
    seen_auth: ClassVar[list[str | None]] = []

    def do_GET(self):
        ModelsHandler.seen_auth.append(self.headers.get("Authorization"))
        if self.path != "/v1/models":
            self.send_error(404)
            return
        if self.headers.get("Authorization") == "Bearer wrong":
            self.send_error(401, "Unauthorized")
            return
        body = json.dumps({"object": "list", "data": [{"id": "tiny"}, {"id": "small"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ModelsHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_all_ok_with_rules_and_a_fresh_path(tmp_path):
    checks = run_checks()
    assert [c.name for c in checks] == ["settings", "history", "backend"]
    assert all(c.ok for c in checks), format_checks(checks)
    assert "will be created" in by_name(checks)["history"].detail
    assert not (tmp_path / "h.sqlite3").exists()  # the doctor creates nothing


def test_existing_history_passes_integrity(tmp_path):
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    store.record(
        request="x",
        sources=["df"],
        schema_fingerprint=None,
        backend="rules",
        model=None,
        plan_json=None,
        code=None,
        outcome="refused",
        duration_ms=None,
    )
    store.close()
    check = by_name(run_checks())["history"]
    assert check.ok and "integrity ok" in check.detail and "1 entries" in check.detail


def test_corrupt_history_is_reported_not_moved(tmp_path):
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"definitely not sqlite" * 100)
    check = by_name(run_checks())["history"]
    assert not check.ok and "not a database" in check.detail
    assert path.read_bytes().startswith(b"definitely") and not list(tmp_path.glob("*.corrupt-*"))


def test_unwritable_history_location(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("PANDASCRIBE_HISTORY_PATH", str(blocker / "h.sqlite3"))
    reset_settings()
    check = by_name(run_checks())["history"]
    assert not check.ok and "not a directory" in check.detail


def test_history_off(monkeypatch):
    monkeypatch.setenv("PANDASCRIBE_HISTORY", "off")
    reset_settings()
    check = by_name(run_checks())["history"]
    assert check.ok and "off" in check.detail


def test_invalid_settings_fail_and_skip_the_rest(monkeypatch):
    monkeypatch.setenv("PANDASCRIBE_BACKEND", "telepathy")
    reset_settings()
    checks = run_checks()
    assert [c.ok for c in checks] == [False, False, False]
    assert "PANDASCRIBE_BACKEND" in checks[0].detail and "skipped" in checks[1].detail
    assert format_checks(checks).splitlines()[0].startswith("FAILED  settings:")


def test_model_server_reachable(monkeypatch, server):
    monkeypatch.setenv("PANDASCRIBE_OPENAI_BASE_URL", server)
    monkeypatch.setenv("PANDASCRIBE_OPENAI_API_KEY", "right")
    monkeypatch.setenv("PANDASCRIBE_MODEL", "tiny")
    reset_settings()
    ModelsHandler.seen_auth.clear()
    check = by_name(run_checks())["backend"]
    assert check.ok and "reachable (2 models)" in check.detail and "note" not in check.detail
    assert ModelsHandler.seen_auth == ["Bearer right"]
    assert "right" not in check.detail


def test_model_not_listed_is_noted(monkeypatch, server):
    monkeypatch.setenv("PANDASCRIBE_OPENAI_BASE_URL", server + "/")
    monkeypatch.setenv("PANDASCRIBE_MODEL", "huge")
    reset_settings()
    check = by_name(run_checks())["backend"]
    assert check.ok and "'huge' is not in its list" in check.detail


def test_rejected_key(monkeypatch, server):
    monkeypatch.setenv("PANDASCRIBE_OPENAI_BASE_URL", server)
    monkeypatch.setenv("PANDASCRIBE_OPENAI_API_KEY", "wrong")
    monkeypatch.setenv("PANDASCRIBE_BACKEND", "openai")
    reset_settings()
    check = by_name(run_checks())["backend"]
    assert not check.ok and "HTTP 401" in check.detail and "PANDASCRIBE_OPENAI_API_KEY" in check.detail


def test_unreachable_server(monkeypatch):
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens here now
    monkeypatch.setenv("PANDASCRIBE_OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    reset_settings()
    check = by_name(run_checks())["backend"]
    assert not check.ok and "unreachable" in check.detail and "refused" in check.detail.lower()


def test_non_json_reply(monkeypatch, server):
    monkeypatch.setenv("PANDASCRIBE_OPENAI_BASE_URL", server.removesuffix("/v1"))
    reset_settings()
    check = by_name(run_checks())["backend"]
    assert not check.ok and "HTTP 404" in check.detail


def test_doctor_refuses_a_symlinked_history_like_the_store(tmp_path, monkeypatch):
    """The doctor applies the store's rule: a history path that is a link is reported, not followed."""
    from pandascribe.doctor import check_history
    from pandascribe.settings import Settings

    target = tmp_path / "elsewhere.sqlite3"
    target.write_bytes(b"")
    link = tmp_path / "history.sqlite3"
    link.symlink_to(target)
    monkeypatch.setenv("PANDASCRIBE_HISTORY_PATH", str(link))
    check = check_history(Settings())
    assert not check.ok and "symbolic link" in check.detail
    assert target.read_bytes() == b""  # untouched
