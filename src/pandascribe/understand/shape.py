"""The columns a frame has after a step, so later clauses ground against them ("then sort by
mean_dep_delay")."""

from __future__ import annotations

from collections.abc import Mapping

from ..plan import (
    Aggregate,
    Crosstab,
    Derive,
    Distinct,
    Drop,
    Join,
    Melt,
    Pivot,
    Rename,
    Select,
    Step,
    ValueCounts,
)
from ..schema import ColumnInfo, FrameSchema

_AGG_KIND = {"size": "integer", "count": "integer", "nunique": "integer"}


def _info(name: str, kind: str) -> ColumnInfo:
    return ColumnInfo(name, kind, kind, True)  # type: ignore[arg-type]


def schema_after(s: FrameSchema, step: Step, schemas: Mapping[str, FrameSchema]) -> FrameSchema:
    cols = list(s.columns)
    by = {c.name: c for c in cols}
    if isinstance(step, Select):
        cols = [by[c] for c in step.columns if c in by]
    elif isinstance(step, Drop):
        cols = [c for c in cols if c.name not in step.columns]
    elif isinstance(step, Rename):
        m = {p.old: p.new for p in step.pairs}
        cols = [
            ColumnInfo(m.get(c.name, c.name), c.kind, c.dtype, c.nullable, c.values, c.n_distinct)
            for c in cols
        ]
    elif isinstance(step, Derive):
        cols = [c for c in cols if c.name != step.name] + [_info(step.name, "float")]
    elif isinstance(step, Aggregate):
        cols = [by[k] for k in step.by if k in by]
        for a in step.aggs:
            src = by.get(a.column or "")
            kind = _AGG_KIND.get(a.func) or (
                src.kind if src and a.func in ("min", "max", "first", "last") else "float"
            )
            cols.append(_info(a.name, kind))
    elif isinstance(step, Join):
        right = schemas.get(step.right)
        if right is not None:
            names = {c.name for c in cols}
            wanted = set(step.columns) | set(step.right_on) if step.columns else None
            cols += [c for c in right.columns if c.name not in names and (wanted is None or c.name in wanted)]
    elif isinstance(step, Distinct):
        cols = [by[c] for c in step.columns if c in by]
    elif isinstance(step, ValueCounts):
        cols = [by[c] for c in step.columns if c in by] + [
            _info("proportion" if step.normalize else "count", "float")
        ]
    elif isinstance(step, Melt):
        cols = [by[c] for c in step.id_vars if c in by] + [
            _info(step.var_name, "text"),
            _info(step.value_name, "float"),
        ]
    elif isinstance(step, (Pivot, Crosstab)):
        idx = step.index if isinstance(step, Pivot) else (step.index,)
        cols = [by[c] for c in idx if c in by]
    return FrameSchema(s.name, s.n_rows, tuple(cols))
