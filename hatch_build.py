"""Build hook that runs before hatch-jupyter-builder: without a suitable Node.js the JupyterLab
extension cannot be built, and the builder's own failure is a long traceback from deep inside
``jlpm``. This hook says in one line what to install instead.

Skipped when the extension is already built (an sdist ships it; ``skip-if-exists`` then skips the
builder too) or when ``SKIP_JUPYTER_BUILDER`` is set (install without the extension).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: What jupyter_builder accepts (``engines`` in js/package.json).
NEED = "Node.js ^20.19 or >=22.12"
BUILT = Path("src/pandascribe/labextension/static/style.js")


def node_problem(node: str | None) -> str | None:
    """Why ``node`` (a path or None) cannot build the extension, or None when it can."""
    if node is None:
        return "no `node` on PATH"
    try:
        out = subprocess.run(  # noqa: S603 - the node found on PATH, asked its version
            [node, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError as exc:
        return f"`{node} --version` failed: {exc}"
    match = re.match(r"v(\d+)\.(\d+)", out.stdout.strip())
    if not match:
        return f"`{node} --version` printed {out.stdout.strip()!r}"
    major, minor = int(match.group(1)), int(match.group(2))
    if (major == 20 and minor >= 19) or (major == 22 and minor >= 12) or major > 22:
        return None
    return f"found Node.js {out.stdout.strip()}, which is too old"


class NodeCheckHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if os.environ.get("SKIP_JUPYTER_BUILDER") or (Path(self.root) / BUILT).is_file():
            return
        problem = node_problem(shutil.which("node"))
        if problem is None:
            return
        sys.stderr.write(
            f"error: pandascribe's JupyterLab extension needs {NEED} to build ({problem}): install it "
            "(https://nodejs.org/en/download — Debian 12's apt nodejs 18 is too old), "
            "or set SKIP_JUPYTER_BUILDER=1 to install without the extension\n"
        )
        raise SystemExit(1)
