"""``--with-frames``: the frames an export starts from, saved beside it as Parquet, so the
exported script runs in a fresh process as it is (``python F.py``).

Only on request: it copies the user's data to disk. Parquet keeps dtypes (CSV would not: dates
would come back as text). pandas frames need pyarrow (or fastparquet); polars writes Parquet
itself; a Spark frame is not collected to the driver for this — it is left to ``NAME=PATH``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..errors import HistoryError


def _pandas(frame: Any, path: Path) -> None:
    try:
        frame.to_parquet(path)
    except ImportError:
        raise HistoryError(
            "--with-frames writes Parquet files, which needs pyarrow: pip install pyarrow"
        ) from None


def _polars(frame: Any, path: Path) -> None:
    frame.write_parquet(path)


#: the module a frame's type comes from → how to write it
_WRITERS: dict[str, Callable[[Any, Path], None]] = {"pandas": _pandas, "polars": _polars}


def save_frames(needed: Mapping[str, str], namespace: Mapping[str, Any], export: Path) -> dict[str, str]:
    """Save each frame of ``needed`` that ``namespace`` holds (pandas or polars) to
    ``<export stem>_frames/NAME.parquet``; returns name → path relative to the export's folder."""
    folder = export.with_name(f"{export.stem}_frames")
    saved: dict[str, str] = {}
    for name in needed:
        frame = namespace.get(name)
        write = _WRITERS.get(type(frame).__module__.split(".")[0]) if frame is not None else None
        if write is None or not hasattr(frame, "columns"):
            continue
        folder.mkdir(parents=True, exist_ok=True)
        write(frame, folder / f"{name}.parquet")
        saved[name] = f"{folder.name}/{name}.parquet"
    return saved
