"""Helpers for the browser tests: the server's address, notebooks on disk, and a small driver
for the notebook open in the page (through ``window.jupyterapp``, see expose_app_in_browser)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"


@dataclass
class Lab:
    url: str
    token: str
    root: Path
    history: Path
    config_dir: Path  # the server's JUPYTER_CONFIG_DIR (labconfig/page_config.json is read per page load)

    def notebook_url(self, name: str) -> str:
        """The notebook alone in a workspace of its own (tabs of earlier tests are not restored)."""
        workspace = Path(name).stem
        return f"{self.url}/lab/workspaces/{workspace}/tree/{name}?reset&token={self.token}"


def write_notebook(path: Path, cells: list[str]) -> None:
    """A notebook with these code cells and a python3 kernelspec (so Lab starts it unasked)."""
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"cell-{i}",
                "metadata": {},
                "outputs": [],
                "source": src,
            }
            for i, src in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb, indent=1))


_READY_JS = """(path) => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return !!(w && w.context && w.context.path === path && w.context.isReady && w.content && w.content.model &&
            w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel &&
            w.sessionContext.kernelDisplayStatus === 'idle');
}"""


class Notebook:
    """Drives the notebook open in the page through ``window.jupyterapp`` (expose_app_in_browser)."""

    def __init__(self, page: Any, name: str) -> None:
        self.page = page
        self.name = name

    def wait_ready(self) -> None:
        self.page.wait_for_function(_READY_JS, arg=self.name)

    def _eval(self, body: str, arg: Any = None) -> Any:
        js = "async (arg) => { const w = window.jupyterapp.shell.currentWidget; " + body + " }"
        return self.page.evaluate(js, arg)

    def sources(self) -> list[str]:
        return list(self._eval("return w.content.model.sharedModel.cells.map(c => c.getSource());"))

    def run_all(self) -> None:
        """Run every cell; returns once the runs have finished."""
        self._eval("await window.jupyterapp.commands.execute('notebook:run-all-cells');")
        self.wait_ready()

    def run_cell(self, index: int) -> None:
        self._eval(
            "w.content.activeCellIndex = arg; await window.jupyterapp.commands.execute('notebook:run-cell');",
            index,
        )
        self.wait_ready()

    def set_active(self, index: int) -> None:
        self._eval("w.content.activeCellIndex = arg;", index)

    def append_cell(self, source: str) -> int:
        """Add a code cell at the end (one shared-model edit) and return its index."""
        return int(
            self._eval(
                "const m = w.content.model.sharedModel; m.insertCell(m.cells.length, "
                "{cell_type: 'code', source: arg}); return m.cells.length - 1;",
                source,
            )
        )

    def output_text(self, index: int) -> str:
        """The text of a cell's outputs (stream text and text/plain results, errors' values)."""
        outputs = self._eval("return w.content.model.cells.get(arg).outputs.toJSON();", index)
        parts = []
        for out in outputs:
            if "text" in out:
                parts.append("".join(out["text"]) if isinstance(out["text"], list) else out["text"])
            elif "data" in out and "text/plain" in out["data"]:
                value = out["data"]["text/plain"]
                parts.append("".join(value) if isinstance(value, list) else value)
            elif out.get("output_type") == "error":
                parts.append(f"{out.get('ename')}: {out.get('evalue')}")
        return "".join(parts)

    # -- reading and driving cells for the tie tests ------------------------------------------
    def cells(self) -> list[dict[str, Any]]:
        """Each cell's source, pandascribe metadata (or None) and execution count."""
        return list(
            self._eval(
                "return w.content.model.sharedModel.cells.map(c => ({source: c.getSource(),"
                " tie: (c.getMetadata().pandascribe ?? null), count: (c.execution_count ?? null)}));"
            )
        )

    def set_source(self, index: int, source: str) -> None:
        self._eval("w.content.model.sharedModel.cells[arg[0]].setSource(arg[1]);", [index, source])

    def active_index(self) -> int:
        return int(self._eval("return w.content.activeCellIndex;"))

    def press_on(self, index: int, keys: str) -> None:
        """Make cell ``index`` active in command mode and press ``keys`` (e.g. Shift+Enter)."""
        self._eval(
            "w.content.activeCellIndex = arg; w.content.mode = 'command'; w.content.activate();", index
        )
        self.page.wait_for_function(
            "(i) => { const w = window.jupyterapp.shell.currentWidget;"
            " return w.content.activeCellIndex === i && w.content.node.contains(document.activeElement); }",
            arg=index,
        )
        self.page.keyboard.press(keys)

    def press(self, keys: str) -> None:
        self.page.keyboard.press(keys)

    def wait_for(self, js_condition: str, arg: Any = None) -> None:
        """Wait until ``js_condition`` (an expression over ``w`` = the notebook panel and ``arg``)
        is true."""
        self.page.wait_for_function(
            "(arg) => { const w = window.jupyterapp.shell.currentWidget; return !!(" + js_condition + "); }",
            arg=arg,
        )
