"""A real JupyterLab server on 127.0.0.1 and Debian's Chromium driven by Playwright for Python.

Needs: `.ci/e2e-setup.sh` (installs /usr/bin/chromium) and pandascribe installed with its
JupyterLab extension (`pip install -e .` with Node 20). A missing piece is a failure with the fix
in its message, never a skip: these tests are the only proof that Insert cell really works.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .driver import ARTIFACTS, Lab, Notebook, write_notebook

#: Debian's Chromium; E2E_CHROMIUM names another Chromium-based browser (e.g. on Ubuntu runners).
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
#: Generous upper bounds for things to happen (not assertions about speed).
STARTUP_S = 120
WAIT_MS = 90_000


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: drives a real JupyterLab in Chromium (tests/e2e)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _extension_installed() -> bool:
    return (Path(sys.prefix) / "share/jupyter/labextensions/pandascribe-lab/package.json").is_file()


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    if not _extension_installed():
        pytest.fail(
            "the pandascribe-lab JupyterLab extension is not installed in this environment: "
            "run `pip install -e .` (needs Node ^20.19 or >=22.12)"
        )
    root = tmp_path_factory.mktemp("lab-root")
    home = tmp_path_factory.mktemp("lab-home")
    history = tmp_path_factory.mktemp("history") / "history.sqlite3"
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PANDASCRIBE_")},  # rules, history on
        "PANDASCRIBE_HISTORY_PATH": str(history),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "IPYTHONDIR": str(home / "ipython"),
    }
    # No "Would you like to get notified about Jupyter news?" toast over the notebook.
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip",
        "127.0.0.1",
        "--port",
        str(port),
        "--allow-root",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--ServerApp.root_dir={root}",
    ]
    log = (home / "server.log").open("w")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_S
    while True:
        if proc.poll() is not None:
            log.close()
            pytest.fail(f"jupyter lab exited early:\n{(home / 'server.log').read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5) as resp:  # noqa: S310
                if resp.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            proc.terminate()
            pytest.fail("jupyter lab did not answer /api/status")
        time.sleep(0.3)
    try:
        yield Lab(url=url, token=token, root=root, history=history, config_dir=home / "config")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        # Keep the server log beside the screenshots: the first thing to read when a test fails.
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "server.log").write_text((home / "server.log").read_text())


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run .ci/e2e-setup.sh (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash[_FAILED] = report.failed


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def page(browser: Any, lab: Lab, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=lab.url)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    try:
        yield page
    finally:
        if request.node.stash.get(_FAILED, False):  # what the page looked like when it failed
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}.png"), full_page=True)
        context.close()


@pytest.fixture
def open_notebook(page: Any, lab: Lab) -> Any:
    """``open_notebook(name, cells)`` writes the notebook, opens it in Lab, waits for its kernel."""

    def _open(name: str, cells: list[str]) -> Notebook:
        write_notebook(lab.root / name, cells)
        page.goto(lab.notebook_url(name))
        nb = Notebook(page, name)
        nb.wait_ready()
        return nb

    return _open
