""" "This notebook" in a real kernel started the way JupyterLab starts one: a real jupyter_server on
127.0.0.1, a session created through its REST API for a notebook path, the kernel reached with
jupyter_client. Checks what the kernel really knows (``__session__``, ``JPY_SESSION_NAME``) and
that a restarted kernel on the same notebook lists and exports what the notebook recorded before,
while another notebook does not see it."""

from __future__ import annotations

import json
import os
import queue
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

jupyter_client = pytest.importorskip("jupyter_client")
pytest.importorskip("jupyter_server")
from jupyter_client import BlockingKernelClient  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(kc: BlockingKernelClient, timeout: float = 120) -> None:
    """Ask for ``kernel_info`` until the kernel answers (a fresh kernel may miss the first ask)."""
    deadline = time.monotonic() + timeout
    while True:
        msg_id = kc.kernel_info()
        try:
            while True:
                reply = kc.get_shell_msg(timeout=5)
                if reply["parent_header"].get("msg_id") == msg_id:
                    return
        except queue.Empty:
            assert time.monotonic() < deadline, "the kernel did not answer kernel_info"


class Server:
    def __init__(self, url: str, token: str, runtime: Path) -> None:
        self.url, self.token, self.runtime = url, token, runtime

    def call(self, method: str, path: str, body: object | None = None) -> object:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 - http to our own loopback server
            self.url + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as reply:  # noqa: S310 - our loopback server
            text = reply.read()
        return json.loads(text) if text else None

    @contextmanager
    def notebook_kernel(self, notebook: str) -> Iterator[BlockingKernelClient]:
        """A session for ``notebook`` (as JupyterLab opens one), its kernel's client."""
        session = self.call(
            "POST",
            "/api/sessions",
            {"path": notebook, "name": notebook, "type": "notebook", "kernel": {"name": "python3"}},
        )
        assert isinstance(session, dict)
        kernel_id = session["kernel"]["id"]
        kc = BlockingKernelClient(connection_file=str(self.runtime / f"kernel-{kernel_id}.json"))
        kc.load_connection_file()
        kc.start_channels(hb=False)  # a loaded machine misses heartbeats; readiness is asked below
        try:
            _wait_ready(kc)
            yield kc
        finally:
            kc.stop_channels()
            self.call("DELETE", f"/api/sessions/{session['id']}")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[Server, Path, Path]]:
    root = tmp_path_factory.mktemp("notebooks")
    history = tmp_path_factory.mktemp("history") / "history.sqlite3"
    runtime = tmp_path_factory.mktemp("runtime")
    token, port = secrets.token_hex(16), _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PANDASCRIBE_", "JPY_"))}
    env.update(
        PANDASCRIBE_HISTORY_PATH=str(history),
        JUPYTER_RUNTIME_DIR=str(runtime),
        PYTHONPATH=os.pathsep.join(p for p in sys.path if p),
        PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={root}",
            f"--IdentityProvider.token={token}",
            "--allow-root",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    srv = Server(f"http://127.0.0.1:{port}", token, runtime)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                srv.call("GET", "/api/status")
                break
            except OSError:
                assert proc.poll() is None, "jupyter_server exited"
                assert time.monotonic() < deadline, "jupyter_server did not start"
                time.sleep(0.3)
        yield srv, root, history
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


def execute(kc: BlockingKernelClient, code: str) -> tuple[dict, str]:
    outputs: list[str] = []

    def hook(msg: dict) -> None:
        content = msg["content"]
        if msg["msg_type"] == "stream":
            outputs.append(content["text"])
        elif msg["msg_type"] in ("display_data", "execute_result"):
            outputs.append(content["data"].get("text/plain", ""))
        elif msg["msg_type"] == "error":
            outputs.append("\n".join(content["traceback"]))

    reply = kc.execute_interactive(code, timeout=120, output_hook=hook)
    return reply["content"], "".join(outputs)


SETUP = "%load_ext pandascribe\nimport palmerpenguins\ndf = palmerpenguins.load_penguins()"


def test_this_notebook_in_a_kernel_started_by_jupyter_server(server, tmp_path):
    srv, root, history = server
    notebook = str(root / "analysis.ipynb")
    with srv.notebook_kernel("analysis.ipynb") as kc:
        show = "import os\nprint(repr(__session__), repr(os.environ['JPY_SESSION_NAME']))"
        content, out = execute(kc, show)
        assert content["status"] == "ok", out
        assert out.strip() == f"{notebook!r} {notebook!r}"  # what the kernel really knows
        content, out = execute(kc, SETUP)
        assert content["status"] == "ok", out
        for request in ("first 5 rows", "mean body_mass_g by species"):
            content, out = execute(kc, f"%%transform df\n{request}")
            assert content["status"] == "ok", out
    con = sqlite3.connect(history)
    assert {r[0] for r in con.execute("SELECT notebook FROM entries")} == {notebook}
    con.close()

    with srv.notebook_kernel("analysis.ipynb") as kc:  # the notebook's kernel restarted: a new session
        content, out = execute(kc, SETUP + "\n%transform_history")
        assert content["status"] == "ok", out
        assert f"this notebook ({notebook})" in out and "mean body_mass_g by species" in out
        target = tmp_path / "F.py"
        content, out = execute(kc, f"%transform_history --export {target} -n 1")
        assert content["status"] == "ok", out
        assert "exported 1 transform" in out
    assert "mean body_mass_g by species" in target.read_text() and "first 5 rows" not in target.read_text()

    with srv.notebook_kernel("other.ipynb") as kc:  # another notebook does not see them
        content, out = execute(kc, SETUP + "\n%transform_history")
        assert content["status"] == "ok", out
        assert "no requests recorded yet" in out and "other.ipynb" in out
        content, out = execute(kc, "%transform_history --all-sessions")
        assert "first 5 rows" in out
