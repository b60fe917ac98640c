"""One history entry as read back, and the timestamp format the file uses."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

OUTCOMES = ("compiled", "refused", "error", "ran")
_TS_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def format_ts(when: datetime) -> str:
    """A timestamp as stored: UTC ISO 8601 with a ``Z``, so text order is time order."""
    if when.tzinfo is None:
        when = when.astimezone()  # naive means local time
    return when.astimezone(UTC).strftime(_TS_FORMAT)


def parse_ts(text: str) -> datetime:
    return datetime.strptime(text, _TS_FORMAT).replace(tzinfo=UTC)


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded request, as read back from the file.

    ``engine``: the generator that wrote ``code`` (``pandas``, ``polars``, ``spark``); ``parent``:
    the entry a follow-up request built on; ``choice``: which numbered reading of an ambiguous
    request was picked (1-based); ``notebook``: the notebook path the kernel served, if known."""

    id: int
    session_id: int | None
    ts: datetime
    sources: tuple[str, ...]
    schema_fingerprint: str | None
    request: str
    backend: str | None
    model: str | None
    target: str | None
    plan_json: str | None
    code: str | None
    outcome: str
    error: str | None
    duration_ms: float | None
    prompt_tokens: int | None
    completion_tokens: int | None
    cost: float | None
    total_tokens: int | None
    engine: str = "pandas"
    parent: int | None = None
    choice: int | None = None
    notebook: str | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> HistoryEntry:
        data = dict(row)
        data["ts"] = parse_ts(data["ts"])
        data["sources"] = tuple(json.loads(data["sources"]))
        return cls(**data)


COLUMNS = ", ".join(HistoryEntry.__dataclass_fields__)
