"""End to end in a real IPython kernel (jupyter_client): ``%load_ext pandascribe``, a
``%%transform`` cell returns a ``set_next_input`` payload whose code runs and defines the result; a
request that is not understood inserts nothing; both land in the SQLite file at
``PANDASCRIBE_HISTORY_PATH``. With a cell id in the request (what JupyterLab sends) the reply also
carries the tie the extension keeps; a re-run keeps its result name; a stale tied cell run by Run
All runs the regenerated code."""

from __future__ import annotations

import os
import queue
import sqlite3
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

jupyter_client = pytest.importorskip("jupyter_client")
from jupyter_client.manager import KernelManager  # noqa: E402

REQUEST = "mean body_mass_g by species"


@contextmanager
def running_kernel(history: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANDASCRIBE_")}
    env["PANDASCRIBE_HISTORY_PATH"] = str(history)
    # the kernelspec runs "python": make that this interpreter (the one with pandascribe installed)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    km = KernelManager(kernel_name="python3")
    km.start_kernel(env=env)
    kc = km.client()
    kc.start_channels()
    try:
        wait_ready(kc)
        yield kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def wait_ready(kc, timeout: float = 120) -> None:
    """Ask for ``kernel_info`` until the kernel answers (bounded). ``wait_for_ready`` trusts the
    heartbeat, which a loaded machine can let through before the shell channel serves; a fresh
    kernel may also miss the first ask."""
    deadline = time.monotonic() + timeout
    while True:
        msg_id = kc.kernel_info()
        try:
            while True:
                reply = kc.get_shell_msg(timeout=5)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
        except queue.Empty:
            assert time.monotonic() < deadline, "the kernel did not answer kernel_info"
            continue
        while True:  # drop the iopub status messages of the start-up and of kernel_info
            try:
                kc.get_iopub_msg(timeout=0.5)
            except queue.Empty:
                return


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


# ---------------------------------------------------------------- the tie with the extension


def execute_with(kc, code: str, metadata: dict):
    """Run ``code`` with execute-request ``metadata`` (what JupyterLab sends: ``cellId`` and the
    cell's own metadata); return (reply content, output text)."""
    content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}}
    msg = kc.session.msg("execute_request", {**content, "allow_stdin": False}, metadata=metadata)
    kc.shell_channel.send(msg)
    msg_id = msg["header"]["msg_id"]
    outputs: list[str] = []
    while True:
        m = kc.get_iopub_msg(timeout=120)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "stream":
            outputs.append(m["content"]["text"])
        elif m["msg_type"] in ("display_data", "execute_result"):
            outputs.append(m["content"]["data"].get("text/plain", ""))
        elif m["msg_type"] == "error":
            outputs.append(f"{m['content']['ename']}: {m['content']['evalue']}")
        elif m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    while True:
        reply = kc.get_shell_msg(timeout=120)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"], "".join(outputs)


def ours(content) -> list[dict]:
    return [p for p in content.get("payload", []) if p.get("source") == "pandascribe.cell"]


def generated_cell_meta(cell_id: str, payload: dict) -> dict:
    """What the extension stores on the generated cell (js/src/ties.ts)."""
    from pandascribe.ties import fingerprint

    return {"cellId": cell_id, "pandascribe": {**payload["tie"], "cell_hash": fingerprint(payload["text"])}}


def value(kc, expression: str) -> str:
    content, _ = execute(kc, "", user_expressions={"r": expression})
    return content["user_expressions"]["r"]["data"]["text/plain"]


@pytest.fixture
def fresh_kernel(tmp_path):
    with running_kernel(tmp_path / "history.sqlite3") as kc:
        content, out = execute(
            kc, "%load_ext pandascribe\nimport palmerpenguins\ndf = palmerpenguins.load_penguins()"
        )
        assert content["status"] == "ok", out
        yield kc


def test_the_reply_carries_the_tie_next_to_set_next_input(fresh_kernel):
    from pandascribe.ties import fingerprint

    kc = fresh_kernel
    content, out = execute_with(kc, f"%%transform df\n{REQUEST}", {"cellId": "magic-1"})
    assert content["status"] == "ok", out
    (classic,) = next_inputs(content)
    (tied,) = ours(content)
    assert tied["text"] == classic["text"] and tied["cell_id"] == "magic-1" and tied["protocol"] == 1
    tie = tied["tie"]
    assert tie["source_cell"] == "magic-1" and tie["slot"] == "" and tie["target"] == "df_by_species"
    assert tie["code_hash"] == fingerprint(tied["text"])
    assert len({tie["request_hash"], tie["schema_hash"], tie["code_hash"]}) == 3

    # the same request over other columns: same request hash, another schema hash
    execute(kc, "df = df.drop(columns=['year'])")
    content, _ = execute_with(kc, f"%%transform df\n{REQUEST}", {"cellId": "magic-1"})
    again = ours(content)[0]["tie"]
    assert again["request_hash"] == tie["request_hash"] and again["schema_hash"] != tie["schema_hash"]

    # a frontend that sends no cell id gets only the classic payload; --no-insert gets none
    content, _ = execute(kc, f"%%transform df\n{REQUEST}")
    assert len(next_inputs(content)) == 1 and ours(content) == []
    content, out = execute_with(kc, f"%%transform df --no-insert\n{REQUEST}", {"cellId": "magic-2"})
    assert content["status"] == "ok" and content["payload"] == []
    assert "df_by_species = (" in out  # still shown


def test_a_rerun_keeps_its_result_name(fresh_kernel):
    kc = fresh_kernel
    content, _ = execute_with(kc, f"%%transform df\n{REQUEST}", {"cellId": "magic-1"})
    first = ours(content)[0]
    content, out = execute_with(kc, first["text"], generated_cell_meta("gen-1", first))
    assert content["status"] == "ok", out
    assert value(kc, "len(df_by_species)") == "3"

    content, _ = execute_with(kc, f"%%transform df\n{REQUEST}", {"cellId": "magic-1"})
    assert ours(content)[0]["tie"]["target"] == "df_by_species"  # its own result is not "taken"
    assert ours(content)[0]["text"] == first["text"]
    # another cell asking the same does not overwrite it
    content, _ = execute_with(kc, f"%%transform df\n{REQUEST}", {"cellId": "magic-2"})
    assert ours(content)[0]["tie"]["target"] == "df_by_species_2"
    # with -o the user's name is never reported as overwriting this cell's own previous result
    content, out = execute_with(kc, f"%%transform df -o means\n{REQUEST}", {"cellId": "magic-3"})
    execute(kc, ours(content)[0]["text"])
    content, out = execute_with(kc, f"%%transform df -o means\n{REQUEST}", {"cellId": "magic-3"})
    assert "overwrite" not in out and ours(content)[0]["tie"]["target"] == "means"


def test_run_all_runs_the_regenerated_code_of_a_stale_tied_cell(fresh_kernel):
    """Run All sends every cell's text up front: the generated cell below a changed magic cell
    arrives with its old text and its tie; the kernel runs the new code (the extension shows it)."""
    kc = fresh_kernel
    content, _ = execute_with(kc, f"%%transform df\n{REQUEST}", {"cellId": "magic-1"})
    old = ours(content)[0]
    meta = generated_cell_meta("gen-1", old)

    content, _ = execute_with(kc, "%%transform df\nmean flipper_length_mm by species", {"cellId": "magic-1"})
    new = ours(content)[0]
    assert new["tie"]["target"] == old["tie"]["target"] and new["text"] != old["text"]
    content, out = execute_with(kc, old["text"], meta)  # the stale text, as Run All sent it
    assert content["status"] == "ok", out
    assert "ran the regenerated code" in out
    assert value(kc, "list(df_by_species.columns)") == "['species', 'mean_flipper_length_mm']"

    # edited by hand (its text no longer matches cell_hash): run as written, whatever the tie says
    mine = old["text"] + "\ndf_by_species = df_by_species.head(1)"
    content, out = execute_with(kc, mine, meta)
    assert content["status"] == "ok" and "regenerated" not in out
    assert value(kc, "list(df_by_species.columns)") == "['species', 'mean_body_mass_g']"
    assert value(kc, "len(df_by_species)") == "1"

    # up to date (the extension replaced the text and its tie): runs as is, no note
    content, out = execute_with(kc, new["text"], generated_cell_meta("gen-1", new))
    assert content["status"] == "ok" and "regenerated" not in out


def test_a_tied_cell_run_first_teaches_the_kernel_its_name(tmp_path):
    """After a restart the user runs the saved generated cell before its magic cell: the magic
    cell's next run still keeps that name (no _2)."""
    with running_kernel(tmp_path / "h1.sqlite3") as kc:
        execute(kc, "%load_ext pandascribe\nimport palmerpenguins\ndf = palmerpenguins.load_penguins()")
        content, _ = execute_with(kc, f"%%transform df\n{REQUEST}", {"cellId": "magic-1"})
        saved = ours(content)[0]
    with running_kernel(tmp_path / "h2.sqlite3") as kc:
        execute(kc, "%load_ext pandascribe\nimport palmerpenguins\ndf = palmerpenguins.load_penguins()")
        content, out = execute_with(kc, saved["text"], generated_cell_meta("gen-1", saved))
        assert content["status"] == "ok", out
        content, _ = execute_with(kc, f"%%transform df\n{REQUEST}", {"cellId": "magic-1"})
        assert ours(content)[0]["tie"]["target"] == "df_by_species"
        assert ours(content)[0]["tie"]["code_hash"] == saved["tie"]["code_hash"]


# ---------------------------------------------------------------- ambiguous requests

AMBIGUOUS = "mean length by species"  # bill_length_mm or flipper_length_mm: equally good readings


def test_an_ambiguous_request_offers_numbered_readings_and_choose_inserts_one(tmp_path):
    import palmerpenguins

    import pandascribe

    with pytest.raises(pandascribe.AmbiguousRequest) as info:
        pandascribe.compile(AMBIGUOUS, {"df": palmerpenguins.load_penguins()})
    readings = info.value.choices
    history = tmp_path / "history.sqlite3"
    with running_kernel(history) as kc:
        execute(kc, "%load_ext pandascribe\nimport palmerpenguins\ndf = palmerpenguins.load_penguins()")
        content, out = execute_with(kc, f"%%transform df\n{AMBIGUOUS}", {"cellId": "magic-1"})
        assert content["status"] == "error" and content["ename"] == "UsageError"
        assert content["payload"] == []  # nothing inserted
        assert all(f"say: {c.request}" in out for c in readings) and "--choose N (1 to 2)" in out

        content, out = execute_with(kc, f"%%transform df --choose 2\n{AMBIGUOUS}", {"cellId": "magic-1"})
        assert content["status"] == "ok", out
        (classic,) = next_inputs(content)
        (tied,) = ours(content)
        chosen = readings[1]
        assert (
            classic["text"]
            == tied["text"]
            == f"# %%transform df: {chosen.request}\n{chosen.transform.code.rstrip()}"
        )
        # the inserted cell runs, and its provenance request alone compiles to the same cell
        content, out = execute_with(kc, tied["text"], generated_cell_meta("gen-1", tied))
        assert content["status"] == "ok", out
        column = chosen.transform.plan.steps[0].aggs[0].column
        assert value(kc, f"list({chosen.transform.target}.columns)") == str(["species", f"mean_{column}"])
        content, _ = execute_with(kc, f"%%transform df --choose 2\n{AMBIGUOUS}", {"cellId": "magic-1"})
        assert ours(content)[0]["text"] == tied["text"]  # a re-run is byte-identical (and keeps its name)
        assert ours(content)[0]["tie"] == tied["tie"]
        content, _ = execute_with(kc, f"%%transform df --choose 1\n{AMBIGUOUS}", {"cellId": "magic-1"})
        assert ours(content)[0]["tie"]["request_hash"] != tied["tie"]["request_hash"]  # another reading
    con = sqlite3.connect(history)
    try:
        recorded = con.execute("SELECT request, outcome, choice FROM entries ORDER BY id").fetchall()
    finally:
        con.close()
    assert recorded == [
        (AMBIGUOUS, "refused", None),
        (chosen.request, "compiled", 2),
        (chosen.request, "compiled", 2),
        (readings[0].request, "compiled", 1),
    ]
