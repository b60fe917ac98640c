"""End to end in a real IPython kernel (jupyter_client): ``%load_ext pandascribe``, a
``%%transform`` cell returns a ``set_next_input`` payload whose code runs and defines the result; a
request that is not understood inserts nothing; both land in the SQLite file at
``PANDASCRIBE_HISTORY_PATH``."""

from __future__ import annotations

import os
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

jupyter_client = pytest.importorskip("jupyter_client")
from jupyter_client.manager import start_new_kernel  # noqa: E402

REQUEST = "mean body_mass_g by species"


@contextmanager
def running_kernel(history: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANDASCRIBE_")}
    env["PANDASCRIBE_HISTORY_PATH"] = str(history)
    # the kernelspec runs "python": make that this interpreter (the one with pandascribe installed)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    km, kc = start_new_kernel(kernel_name="python3", env=env, startup_timeout=120)
    try:
        yield kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    history = tmp_path_factory.mktemp("kernel") / "history.sqlite3"
    with running_kernel(history) as kc:
        yield kc, history


def execute(kc, code: str, **kw):
    """Run ``code``; return (execute reply content, output texts)."""
    outputs: list[str] = []

    def hook(msg):
        content = msg["content"]
        if msg["msg_type"] == "stream":
            outputs.append(content["text"])
        elif msg["msg_type"] in ("display_data", "execute_result"):
            outputs.append(content["data"].get("text/plain", ""))
        elif msg["msg_type"] == "error":
            outputs.append("\n".join(content["traceback"]))

    reply = kc.execute_interactive(code, timeout=120, output_hook=hook, **kw)
    return reply["content"], "".join(outputs)


def next_inputs(content) -> list[dict]:
    return [p for p in content.get("payload", []) if p.get("source") == "set_next_input"]


def test_transform_in_a_real_kernel(kernel):
    kc, history = kernel
    content, out = execute(
        kc, "%load_ext pandascribe\nimport palmerpenguins\ndf = palmerpenguins.load_penguins()"
    )
    assert content["status"] == "ok", out

    content, out = execute(kc, f"%%transform df\n{REQUEST}")
    assert content["status"] == "ok", out
    payloads = next_inputs(content)
    assert len(payloads) == 1
    text = payloads[0]["text"]
    assert payloads[0]["replace"] is False
    assert text.startswith(f"# %%transform df: {REQUEST}\n")
    assert text.splitlines()[-1].strip() in out  # also shown as output (headless runs see it)

    content, out = execute(kc, text)
    assert content["status"] == "ok", out
    target = next(line.split(" = ")[0] for line in text.splitlines() if " = " in line and line[0] != " ")
    content, _ = execute(kc, "", user_expressions={"r": f"(type({target}).__name__, len({target}))"})
    assert content["user_expressions"]["r"]["data"]["text/plain"] == "('DataFrame', 3)"

    content, out = execute(kc, "%%transform df\nflibber the wobble of zorgs")
    assert content["status"] == "error"
    assert content["ename"] == "UsageError"
    assert next_inputs(content) == []
    assert "could not compile" in out

    con = sqlite3.connect(history)
    try:
        recorded = con.execute("SELECT request, outcome, sources FROM entries ORDER BY id").fetchall()
    finally:
        con.close()
    assert recorded == [(REQUEST, "compiled", '["df"]'), ("flibber the wobble of zorgs", "refused", '["df"]')]


def test_corrupt_history_file_is_moved_aside_and_work_goes_on(tmp_path):
    history = tmp_path / "history.sqlite3"
    history.write_bytes(b"not a database" * 300)
    with running_kernel(history) as kc:
        setup = "%load_ext pandascribe\nimport palmerpenguins\ndf = palmerpenguins.load_penguins()"
        content, out = execute(kc, setup)
        assert content["status"] == "ok", out
        assert out.count("was corrupt") == 1
        content, out = execute(kc, f"%%transform df\n{REQUEST}")
        assert content["status"] == "ok", out
        assert len(next_inputs(content)) == 1
        assert "was corrupt" not in out  # warned once
    aside = list(tmp_path.glob("history.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"not a database")
    con = sqlite3.connect(history)
    try:
        assert con.execute("SELECT request FROM entries").fetchall() == [(REQUEST,)]
    finally:
        con.close()
