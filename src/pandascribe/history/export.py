"""Replayable exports of recorded transforms (a ``.py`` script or an ``.ipynb`` notebook), and the
provenance comment that heads every piece of inserted or exported code.

Both formats are written with the standard library only (the notebook is plain nbformat 4 JSON),
so exporting works in a bare ``pip install pandascribe``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import HistoryError

if TYPE_CHECKING:
    from .store import HistoryEntry


def provenance_comment(sources: Sequence[str], request: str, target: str | None = None) -> str:
    """``# %%transform flights -o late: keep rows where …`` — where a piece of code came from, in
    the form that recreates it (like ``%load``'s comment). The request is folded onto one line."""
    words = ["%%transform", *sources] + (["-o", target] if target else [])
    return "# " + " ".join(words) + ": " + " ".join(request.split())


def _uses(code: str, name: str) -> bool:
    return re.search(rf"\b{name}\.", code) is not None


def import_lines(code: str, present: Callable[[str], bool] = lambda name: False) -> list[str]:
    """``import pandas as pd`` / ``import numpy as np`` for the aliases ``code`` uses and that are
    not ``present`` already."""
    wanted = (("np", "import numpy as np"), ("pd", "import pandas as pd"))
    lines = [line for alias, line in wanted if _uses(code, alias) and not present(alias)]
    names = _names_used(code)  # the polars and Spark engines' names: only real uses, not text
    return lines + [line for alias, line in ENGINE_IMPORTS if alias in names and not present(alias)]


ENGINE_IMPORTS = (
    ("pl", "import polars as pl"),
    ("F", "from pyspark.sql import functions as F"),
    ("T", "from pyspark.sql import types as T"),
    ("Window", "from pyspark.sql import Window"),
)


def _names_used(code: str) -> set[str]:
    import ast

    try:
        return {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name)}
    except SyntaxError:
        return set()


def _blocks(entries: Sequence[HistoryEntry]) -> list[tuple[str, str]]:
    """(request, code) per transform in order, a transform repeated back to back kept once."""
    out: list[tuple[str, str]] = []
    for e in entries:
        code = (e.code or "").rstrip()
        block = f"{provenance_comment(e.sources, e.request, e.target)}\n{code}"
        if not out or out[-1][1] != block:
            out.append((e.request, block))
    return out


def _frames_needed(entries: Sequence[HistoryEntry]) -> list[str]:
    made = {e.target for e in entries if e.target}
    seen: list[str] = []
    for e in entries:
        for s in e.sources:
            if s not in made and s not in seen:
                seen.append(s)
    return seen


def _header(entries: Sequence[HistoryEntry], n: int) -> str:
    frames = ", ".join(_frames_needed(entries)) or "(none)"
    return (
        f"Transforms recorded by pandascribe ({n}, in order).\n"
        f"Define these frames before replaying: {frames}."
    )


def _write_script(entries: Sequence[HistoryEntry], path: Path) -> None:
    blocks = _blocks(entries)
    code = "\n".join(b for _, b in blocks)
    lines = ['"""' + _header(entries, len(blocks)) + '\n"""', *import_lines(code), ""]
    lines += [b + "\n" for _, b in blocks]
    path.write_text("\n".join(lines), encoding="utf-8")


def _cell(i: int, kind: str, text: str) -> dict[str, object]:
    cell: dict[str, object] = {"cell_type": kind, "id": f"pandascribe-{i}", "metadata": {}, "source": text}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _write_notebook(entries: Sequence[HistoryEntry], path: Path) -> None:
    blocks = _blocks(entries)
    code = "\n".join(b for _, b in blocks)
    texts: list[tuple[str, str]] = [("markdown", "# " + _header(entries, len(blocks)).replace("\n", "\n\n"))]
    imports = import_lines(code)
    if imports:
        texts.append(("code", "\n".join(imports)))
    for request, block in blocks:
        texts += [("markdown", request), ("code", block)]
    nb = {
        "cells": [_cell(i, kind, text) for i, (kind, text) in enumerate(texts)],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")


WRITERS: dict[str, Callable[[Sequence[HistoryEntry], Path], None]] = {
    ".py": _write_script,
    ".ipynb": _write_notebook,
}


def export_entries(entries: Sequence[HistoryEntry], path: Path) -> int:
    """Write ``entries`` to ``path`` in the format its suffix names; returns the number of transforms."""
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise HistoryError(f"cannot export to {path.name!r}: use a .py or .ipynb file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        writer(entries, path)
    except OSError as exc:
        raise HistoryError(f"cannot write {path}: {exc.strerror or exc}") from None
    return len(_blocks(entries))
