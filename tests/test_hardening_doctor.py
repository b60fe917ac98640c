"""Break 1: the doctor must never carry the API key to another origin, and keeps the backend's
time rules. Real servers on two loopback ports; the doctor through its API, the CLI process and
``%transform_doctor`` in a real IPython shell."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from hostile_server import DripServer, Server
from pandascribe.doctor import run_checks
from pandascribe.settings import reset_settings

KEY = "sk-doctor-SECRET-0123456789abcdef"


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path):
    for var in list(os.environ):
        if var.startswith("PANDASCRIBE_") or var.startswith("OPENAI_"):
            monkeypatch.delenv(var)
    monkeypatch.setenv("PANDASCRIBE_HISTORY", "off")
    monkeypatch.setenv("PANDASCRIBE_HISTORY_PATH", str(tmp_path / "h.sqlite3"))
    monkeypatch.setenv("PANDASCRIBE_BACKEND", "openai")
    monkeypatch.setenv("PANDASCRIBE_OPENAI_API_KEY", KEY)
    monkeypatch.setenv("PANDASCRIBE_TIMEOUT_S", "2")
    reset_settings()
    yield
    reset_settings()


def models(method, path, headers):
    body = json.dumps({"object": "list", "data": [{"id": "tiny"}]}).encode()
    return 200, {"Content-Type": "application/json"}, body


@pytest.fixture
def elsewhere():
    """The other origin: records every request and the headers it carried."""
    with Server(models) as srv:
        yield srv


def redirecting(to: str, status: int = 307):
    return lambda method, path, headers: (status, {"Location": f"{to}/v1/models"}, b"")


def backend_check(checks):
    return next(c for c in checks if c.name == "backend")


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_doctor_does_not_follow_a_redirect_to_another_origin(monkeypatch, elsewhere, status):
    with Server(redirecting(elsewhere.origin, status)) as first:
        monkeypatch.setenv("PANDASCRIBE_OPENAI_BASE_URL", f"{first.origin}/v1")
        reset_settings()
        check = backend_check(run_checks())
    assert first.seen and first.seen[0][2]["authorization"] == f"Bearer {KEY}"  # the configured server
    assert elsewhere.seen == []  # the other origin never saw a request, let alone the key
    assert not check.ok
    assert f"answered {status}" in check.detail and elsewhere.origin in check.detail
    assert "not followed" in check.detail and KEY not in check.detail


def test_doctor_does_not_follow_even_a_same_origin_redirect(monkeypatch):
    with Server(lambda m, p, h: (307, {"Location": "/elsewhere/models"}, b"")) as srv:
        monkeypatch.setenv("PANDASCRIBE_OPENAI_BASE_URL", f"{srv.origin}/v1")
        reset_settings()
        check = backend_check(run_checks())
    assert [p for _, p, _ in srv.seen] == ["/v1/models"]
    assert not check.ok and "redirect" in check.detail


def test_doctor_cli_and_magic_keep_the_key_on_its_origin(monkeypatch, elsewhere, tmp_path):
    from IPython.core.interactiveshell import InteractiveShell

    from pandascribe.magics import load_ipython_extension, unload_ipython_extension

    with Server(redirecting(elsewhere.origin)) as first:
        env = {**os.environ, "PANDASCRIBE_OPENAI_BASE_URL": f"{first.origin}/v1"}
        proc = subprocess.run(
            [sys.executable, "-m", "pandascribe.cli", "doctor"],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            cwd=tmp_path,
            check=False,
        )
        monkeypatch.setenv("PANDASCRIBE_OPENAI_BASE_URL", f"{first.origin}/v1")
        reset_settings()
        sh = InteractiveShell.instance()
        load_ipython_extension(sh)
        try:
            shown = sh.run_line_magic("transform_doctor", "")
        finally:
            unload_ipython_extension(sh)
    assert "not followed" in proc.stdout and KEY not in proc.stdout + proc.stderr
    assert "not followed" in str(getattr(shown, "data", shown))
    assert len(first.seen) == 2 and elsewhere.seen == []


def test_doctor_masks_a_key_the_server_echoes_and_strips_escapes(monkeypatch):
    def echo(method, path, headers):
        return 404, {"__reason__": f"\x1b[31mno such key {KEY[2:20]}\x1b[0m\x07"}, b"{}"

    with Server(echo) as srv:
        monkeypatch.setenv("PANDASCRIBE_OPENAI_BASE_URL", f"{srv.origin}/v1")
        reset_settings()
        check = backend_check(run_checks())
    assert not check.ok and "404" in check.detail and "no such key" in check.detail
    assert "\x1b" not in check.detail and "\x07" not in check.detail and KEY[2:20] not in check.detail


def test_doctor_ends_within_the_deadline_when_the_server_drips(monkeypatch):
    """PANDASCRIBE_TIMEOUT_S=2 and a server sending a byte a second: the doctor reports within
    timeout × 1 try + 5 s, the backend's documented bound."""
    with DripServer(every_s=0.5, for_s=30) as drip:
        monkeypatch.setenv("PANDASCRIBE_OPENAI_BASE_URL", drip.base_url)
        reset_settings()
        start = time.monotonic()
        check = backend_check(run_checks())
        elapsed = time.monotonic() - start
    assert not check.ok and "did not finish answering" in check.detail
    assert elapsed < 2 * 1 + 5
