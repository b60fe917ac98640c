"""Replayable exports of recorded transforms (a ``.py`` script or an ``.ipynb`` notebook), and the
provenance comment that heads every piece of inserted or exported code.

What an export holds (docs/history.md): the **latest version of each target**, placed where that
target first appeared (a re-run cell keeps its place in a notebook), a transform that reads another
exported target after it; then a **preamble** that gets the starting frames: a frame already
defined where the export runs is used as it is (``%run -i``, ``exec`` with a namespace), else it is
read from ``NAME=PATH`` on the command line (or the ``PATHS`` dict at the top), with the reader of
the engine the transform was made for (pandas, polars or Spark; by file suffix).

Both formats are written with the standard library only (the notebook is plain nbformat 4 JSON),
so exporting works in a bare ``pip install pandascribe``. This module needs only the entry type:
the store imports it, never the other way round.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import HistoryError
from .entry import HistoryEntry
from .snapshot import save_frames


def provenance_comment(sources: Sequence[str], request: str, target: str | None = None) -> str:
    """``# %%transform flights -o late: keep rows where …`` — where a piece of code came from, in
    the form that recreates it (like ``%load``'s comment). The request is folded onto one line."""
    words = ["%%transform", *sources] + (["-o", target] if target else [])
    return "# " + " ".join(words) + ": " + " ".join(request.split())


#: engine → (alias, import line) for the names its emitted code may use
_ALIASES: dict[str, tuple[tuple[str, str], ...]] = {
    "pandas": (("np", "import numpy as np"), ("pd", "import pandas as pd")),
    "polars": (("np", "import numpy as np"), ("pd", "import pandas as pd"), ("pl", "import polars as pl")),
    "spark": (
        ("F", "from pyspark.sql import functions as F"),
        ("T", "from pyspark.sql import types as T"),
        ("Window", "from pyspark.sql import Window"),
        ("np", "import numpy as np"),
        ("pd", "import pandas as pd"),
    ),
}
#: engine → (import the readers need, suffix → reader expression of ``path``)
_READERS: dict[str, tuple[str, dict[str, str]]] = {
    "pandas": (
        "import pandas as pd",
        {
            ".parquet": "pd.read_parquet(path)",
            ".csv": "pd.read_csv(path)",
            ".json": "pd.read_json(path)",
            ".feather": "pd.read_feather(path)",
        },
    ),
    "polars": (
        "import polars as pl",
        {
            ".parquet": "pl.read_parquet(path)",
            ".csv": "pl.read_csv(path, try_parse_dates=True)",
            ".json": "pl.read_json(path)",
            ".feather": "pl.read_ipc(path)",
        },
    ),
    "spark": (
        "from pyspark.sql import SparkSession",
        {
            ".parquet": "SparkSession.builder.getOrCreate().read.parquet(path)",
            ".csv": "SparkSession.builder.getOrCreate().read.csv(path, header=True, inferSchema=True)",
            ".json": "SparkSession.builder.getOrCreate().read.json(path)",
        },
    ),
}


def _uses(code: str, name: str) -> bool:
    return re.search(rf"\b{name}\.", code) is not None


def import_lines(
    code: str, present: Callable[[str], bool] = lambda name: False, engine: str = "pandas"
) -> list[str]:
    """The import lines for the aliases ``code`` uses (``pd``, ``np``; ``pl`` for polars; ``F``,
    ``T``, ``Window`` for Spark) and that are not ``present`` already."""
    wanted = _ALIASES.get(engine, _ALIASES["pandas"])
    return [line for alias, line in wanted if _uses(code, alias) and not present(alias)]


# -- choosing what to replay ----------------------------------------------------------------------
def _key(e: HistoryEntry) -> str:
    return e.target or f"#{e.id}"


def _dependencies_first(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """Stable reorder: an entry reading another entry's target comes after it (cycles keep order)."""
    left, out, made = list(entries), [], set()
    while left:
        targets = {_key(e) for e in left}
        ready = next(
            (e for e in left if all(s in made or s not in targets or s == e.target for s in e.sources)),
            left[0],
        )
        left.remove(ready)
        out.append(ready)
        made.add(_key(ready))
    return out


def latest_versions(entries: Sequence[HistoryEntry], limit: int | None = None) -> list[HistoryEntry]:
    """From ``entries`` (oldest first), the latest version of each target; the ``limit`` most
    recently made of those; in replay order (where each target first appeared, dependencies
    first)."""
    first: dict[str, int] = {}
    latest: dict[str, HistoryEntry] = {}
    for i, e in enumerate(entries):
        first.setdefault(_key(e), i)
        latest[_key(e)] = e
    keys = sorted(latest, key=lambda k: latest[k].id)
    if limit is not None:
        keys = keys[len(keys) - limit :] if limit > 0 else []
    return _dependencies_first([latest[k] for k in sorted(keys, key=first.__getitem__)])


# -- writing ----------------------------------------------------------------------------------
def _block(e: HistoryEntry) -> str:
    return f"{provenance_comment(e.sources, e.request, e.target)}\n{(e.code or '').rstrip()}"


def _frames_needed(entries: Sequence[HistoryEntry]) -> dict[str, str]:
    """Frames the replay starts from (read before an earlier entry makes them) → their engine."""
    made: set[str] = set()
    needed: dict[str, str] = {}
    for e in entries:
        for s in e.sources:
            if s not in made:
                needed.setdefault(s, e.engine)
        if e.target:
            made.add(e.target)
    return needed


def _header(entries: Sequence[HistoryEntry], needed: dict[str, str]) -> str:
    frames = ", ".join(needed) or "(none)"
    example = " ".join(f"{name}={name}.parquet" for name in needed) or ""
    return (
        f"Transforms recorded by pandascribe ({len(entries)}, in replay order).\n"
        f"Frames it starts from: {frames}.\n"
        "Each is used as it is when already defined where this runs (%run -i, exec with a namespace);\n"
        f"else read from NAME=PATH: python THIS_FILE.py {example}\n"
        "(.parquet keeps dtypes; .csv, .json, .feather are read with the engine's defaults)."
    )


def _imports(entries: Sequence[HistoryEntry], needed: dict[str, str]) -> list[str]:
    lines = [line for e in entries for line in import_lines(e.code or "", engine=e.engine)]
    lines += [_READERS.get(engine, _READERS["pandas"])[0] for engine in needed.values()]
    lines += ["import os", "import sys"] if needed else []
    return sorted(dict.fromkeys(lines), key=lambda s: (s.startswith("from"), s))


def _loader(needed: dict[str, str], saved: dict[str, str]) -> str:
    """The code that defines the starting frames (empty when there are none); ``saved``: frame →
    a path relative to the export, written beside it (``--with-frames``)."""
    if not needed:
        return ""
    example = json.dumps({next(iter(needed)): "data.parquet"})
    paths = (
        f"{json.dumps(saved)}  # saved beside this file" if saved else f"{{}}  # or fill in, e.g. {example}"
    )
    engines = dict.fromkeys(needed.values())
    readers = "\n".join(
        f"    {engine!r}: {{\n"
        + "".join(
            f"        {s!r}: lambda path: {expr},\n"
            for s, expr in _READERS.get(engine, _READERS["pandas"])[1].items()
        )
        + "    },"
        for engine in engines
    )
    frames = "\n".join(f"{name} = _frame({name!r}, {engine!r})" for name, engine in needed.items())
    return f'''PATHS: dict[str, str] = {paths}
_HERE = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.getcwd()
_READERS = {{
{readers}
}}


def _frame(name, engine):
    """The frame ``name``: as defined where this runs, else read from NAME=PATH on the command
    line, else from PATHS (relative to this file)."""
    if name in globals():
        return globals()[name]
    pairs = dict(arg.partition("=")[::2] for arg in sys.argv[1:] if "=" in arg)
    path = pairs.get(name) or (PATHS.get(name) and os.path.join(_HERE, PATHS[name]))
    if not path:
        raise SystemExit(f"this replay needs the frame {{name!r}}: run it with {{name}}=PATH")
    read = _READERS[engine].get(os.path.splitext(path)[1].lower())
    if read is None:
        raise SystemExit(f"cannot read {{path!r}} for {{name!r}}: use one of {{', '.join(_READERS[engine])}}")
    return read(path)


{frames}
'''


def _write_script(entries: Sequence[HistoryEntry], path: Path, saved: dict[str, str]) -> None:
    needed = _frames_needed(entries)
    lines = ['"""' + _header(entries, needed) + '\n"""', *_imports(entries, needed), ""]
    loader = _loader(needed, saved)
    if loader:
        lines += [loader]
    lines += [_block(e) + "\n" for e in entries]
    path.write_text("\n".join(lines), encoding="utf-8")


def _cell(i: int, kind: str, text: str) -> dict[str, object]:
    cell: dict[str, object] = {"cell_type": kind, "id": f"pandascribe-{i}", "metadata": {}, "source": text}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _write_notebook(entries: Sequence[HistoryEntry], path: Path, saved: dict[str, str]) -> None:
    needed = _frames_needed(entries)
    texts: list[tuple[str, str]] = [("markdown", "# " + _header(entries, needed).replace("\n", "\n\n"))]
    setup = "\n".join(_imports(entries, needed)) + ("\n\n" + _loader(needed, saved) if needed else "")
    if setup.strip():
        texts.append(("code", setup.strip()))
    for e in entries:
        texts += [("markdown", e.request), ("code", _block(e))]
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


WRITERS: dict[str, Callable[[Sequence[HistoryEntry], Path, dict[str, str]], None]] = {
    ".py": _write_script,
    ".ipynb": _write_notebook,
}


def export_entries(
    entries: Sequence[HistoryEntry], path: Path, frames: Mapping[str, Any] | None = None
) -> int:
    """Write ``entries`` (already chosen and ordered, :func:`latest_versions`) to ``path`` in the
    format its suffix names; returns the number of transforms written. With ``frames`` (a
    namespace), the starting frames found there are saved as Parquet beside the export
    (``<stem>_frames/NAME.parquet``) and the preamble reads them from there."""
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise HistoryError(f"cannot export to {path.name!r}: use a .py or .ipynb file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        saved = {} if frames is None else save_frames(_frames_needed(entries), frames, path)
        writer(entries, path, saved)
    except OSError as exc:
        raise HistoryError(f"cannot write {path}: {exc.strerror or exc}") from None
    return len(entries)
