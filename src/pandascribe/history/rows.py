"""The stored form of an entry: the column list, the INSERT, the session row, and the cleaning
every field goes through before it is written (escaping and masking, :mod:`.sanitize`)."""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .._version import __version__
from .entry import format_ts
from .sanitize import clean, configured_secrets

Row = dict[str, Any]
FIELDS = (
    *("ts", "sources", "schema_fingerprint", "request", "backend", "model", "target", "plan_json"),
    *("code", "outcome", "error", "duration_ms", "prompt_tokens", "completion_tokens", "cost"),
    *("total_tokens", "engine", "parent", "choice", "notebook"),
)
_TEXT_FIELDS = {"schema_fingerprint", "request", "backend", "model", "target", "plan_json", "code", "error"}
_TEXT_FIELDS |= {"engine", "notebook"}
INSERT_SQL = (
    f"INSERT INTO entries (session_id, {', '.join(FIELDS)}) "  # noqa: S608 - fixed column names
    f"VALUES (?, {', '.join('?' for _ in FIELDS)})"
)


def _process_started() -> datetime:
    """When this process (the kernel) started; on Linux from ``/proc``, else now."""
    try:
        stat = Path("/proc/self/stat").read_text()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        boot = next(
            int(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
        return datetime.fromtimestamp(boot + ticks / os.sysconf("SC_CLK_TCK"), UTC)
    except (OSError, ValueError, IndexError, StopIteration):
        return datetime.now(UTC)


def _pandas_version() -> str | None:
    module = sys.modules.get("pandas")
    if module is not None:
        return str(module.__version__)
    try:
        return importlib.metadata.version("pandas")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - pandas is a dependency
        return None


def session_info() -> tuple[Any, ...]:
    """The session row's values (started_at, pid, python, pandas, pandascribe), gathered in the
    caller's thread: the background writer may run while the interpreter shuts down, when
    importing anything fails."""
    return (
        format_ts(_process_started()),
        os.getpid(),
        platform.python_version(),
        _pandas_version(),
        __version__,
    )


def _small_int(value: object) -> int | None:
    """An id or a choice number as stored: a non-negative int that fits SQLite, else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value < 2**63 else None


def stored_row(fields: Row, secrets: Iterable[str] = ()) -> Row:
    """One entry as written: every text field escaped and the API key (and ``secrets``) masked,
    ids and choice numbers checked."""
    hidden = (*secrets, *configured_secrets())
    row: Row = {}
    for name in FIELDS:
        value = fields.get(name)
        row[name] = clean(value, hidden) if name in _TEXT_FIELDS else value
    row["sources"] = json.dumps([clean(str(s), hidden) for s in fields["sources"]])
    row["engine"] = row["engine"] or "pandas"
    row["parent"], row["choice"] = _small_int(row["parent"]), _small_int(row["choice"])
    return row
