"""Timezone-aware against naive datetimes: pandas refuses to compare them (``TypeError: Invalid
comparison``) only when the code runs, so validation says it first.

A column's awareness comes from its dtype in the schema (``datetime64[ns, UTC]`` is aware,
``datetime64[ns]`` is not); a date literal's from its ISO text (an offset or ``Z`` makes it
aware). Anything else (a computed date, a column made by an earlier step) is not judged.
"""

from __future__ import annotations

import datetime as dt

from ..plan import Col, DateLit, Node
from .core import Checker, FrameState


def _column_aware(chk: Checker, name: str) -> bool | None:
    schemas = [chk.source, *chk.schemas.values()] if chk.source is not None else list(chk.schemas.values())
    for schema in schemas:
        info = schema.get(name) if schema is not None else None
        if info is not None and info.kind == "datetime":
            if not info.dtype.startswith("datetime64"):
                return None  # a polars / Spark type: their engines compare dates their own way
            return "," in info.dtype  # "datetime64[ns, UTC]"
    return None


def tz_aware(chk: Checker, e: Node, frame: FrameState) -> bool | None:
    """True/False when ``e`` is known to give aware/naive datetimes; None when not known."""
    if isinstance(e, Col) and frame.columns.get(e.name) == "datetime":
        return _column_aware(chk, e.name)
    if isinstance(e, DateLit):
        try:
            return dt.datetime.fromisoformat(e.value).tzinfo is not None
        except ValueError:
            return None
    return None


def check_tz(chk: Checker, frame: FrameState, what: str, *sides: Node) -> None:
    """Report ``what`` when its datetime operands mix timezone-aware and naive values."""
    known = {a for a in (tz_aware(chk, s, frame) for s in sides) if a is not None}
    if known == {True, False}:
        chk.add(
            f"{what} compares timezone-aware with naive datetimes, which pandas refuses; give the "
            "date a UTC offset (e.g. 2020-01-01T00:00+00:00) or compare columns of the same kind"
        )
