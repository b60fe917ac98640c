"""What one query clause asks for before assembly, and the one shared way to read an aggregate reference.

Kept apart so the order/limit and the aggregate/group extractors (two sibling modules) can both
fill a ``Query`` without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .context import Clause

_COUNT_PHRASES_DISTINCT = {("how", "many"), ("number", "of"), ("the", "number", "of"), ("num",)}


@dataclass
class Query:
    """What one clause asks for, before assembly."""

    sort: list[tuple[object, bool | None]] = field(default_factory=list)  # (ref, ascending or None)
    sort_implied_dir: bool | None = None
    sort_concepts: tuple[str, ...] = ()
    head: tuple[str, int] | None = None  # ("head"|"tail", n)
    top: tuple[int, object, bool] | None = None  # (n, ref, largest)
    top_entity: str | None = None
    group: list[tuple[str, str | None]] = field(default_factory=list)  # (column or part name, datetime col)
    aggs: list[tuple[str, str | None]] = field(default_factory=list)  # (func, column)
    argbest: tuple[str, object, bool] | None = None  # (label, ref, largest)
    having: list[tuple[str, str | None, str, object]] = field(default_factory=list)  # (func, col, op, value)


def _agg_ref(cl: Clause, i: int) -> tuple[object, int] | None:
    """``[AGG] COL`` or ``count``/``rows`` at item i → a reference and the next index."""
    i = cl.skip(i)
    if i >= len(cl.items):
        return None
    it = cl.items[i]
    func = it.kw("agg") or (("size" if it.kw("count") else None) if not it.cols else None)
    if func is not None and not it.cols:
        j = cl.skip(i + 1)
        if j < len(cl.items) and cl.items[j].cols and not cl.items[j].used:
            cl.use(i, j)
            return ("agg", func if func != "size" else "count", cl.column(j)), j + 1
        if j < len(cl.items) and cl.items[j].rownoun and func == "size":
            cl.use(i, j)
            return ("agg", "size", None), j + 1
        if func == "size":
            cl.use(i)
            return ("agg", "size", None), i + 1
        return None
    if it.rownoun and not it.cols:
        cl.use(i)
        return ("agg", "size", None), i + 1
    if it.cols:
        cl.use(i)
        return ("col", cl.column(i)), i + 1
    return None
