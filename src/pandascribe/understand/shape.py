"""The columns a frame has after a step, so later clauses ground against them ("then sort by
mean_dep_delay"). Terminal steps (a number, a bool, a chart) leave nothing to ground against and
keep the schema as it was."""

from __future__ import annotations

from collections.abc import Mapping

from ..plan import (
    Agg,
    Aggregate,
    Cast,
    ColumnSlice,
    Concat,
    Crosstab,
    Derive,
    Distinct,
    Drop,
    EachNumeric,
    GroupShare,
    Join,
    Melt,
    Pivot,
    Rename,
    Replace,
    Resample,
    Select,
    Step,
    ValueCounts,
)
from ..schema import ColumnInfo, FrameSchema

_AGG_KIND = {"size": "integer", "count": "integer", "nunique": "integer"}


def _info(name: str, kind: str) -> ColumnInfo:
    return ColumnInfo(name, kind, kind, True)  # type: ignore[arg-type]


def _aggregated(by: dict[str, ColumnInfo], aggs: tuple[Agg, ...], keys: list[ColumnInfo]) -> list[ColumnInfo]:
    cols = list(keys)
    for a in aggs:
        src = by.get(a.column or "")
        kind = _AGG_KIND.get(a.func) or (
            src.kind if src and a.func in ("min", "max", "first", "last") else "float"
        )
        cols.append(_info(a.name, kind))
    return cols


def _retyped(c: ColumnInfo, kind: str, values: tuple[str, ...] = ()) -> ColumnInfo:
    return ColumnInfo(c.name, kind, kind, c.nullable, values, len(values) if values else None)  # type: ignore[arg-type]


_CAST_KIND = {
    "datetime": "datetime",
    "number": "float",
    "text": "text",
    "category": "category",
    "float": "float",
    "integer": "integer",
}


def _after_cast(c: ColumnInfo, step: Cast) -> ColumnInfo:
    if step.to == "number" and c.kind in ("integer", "float"):
        return c
    keep = c.values if step.to in ("text", "category") else ()
    return _retyped(c, _CAST_KIND[step.to], keep)


def _after_replace(c: ColumnInfo, step: Replace) -> ColumnInfo:
    """Text replaced by text keeps its value list (mapped), so later clauses ground the new values."""
    mapping = {p.old: p.new for p in step.pairs}
    if all(isinstance(v, str) for v in mapping.values()) and c.kind in ("text", "category"):
        if step.unmatched == "keep":
            values = tuple(dict.fromkeys(str(mapping.get(v, v)) for v in c.values))
        else:
            values = tuple(dict.fromkeys(str(v) for v in mapping.values()))
        return _retyped(c, "text", values)
    if all(isinstance(v, bool) for v in mapping.values()):
        return _retyped(c, "bool")
    return _retyped(c, "float" if all(isinstance(v, int | float) for v in mapping.values()) else "other")


def _sliced(cols: list[ColumnInfo], step: ColumnSlice) -> list[ColumnInfo]:
    names = [c.name for c in cols]
    if step.part == "range":
        lo = names.index(step.start) if step.start in names else 0
        hi = names.index(step.end) + 1 if step.end in names else len(names)
        return cols[lo:hi]
    n = step.n or 0
    return {
        "first": cols[:n],
        "last": cols[-n:],
        "all_but_first": cols[n:],
        "all_but_last": cols[:-n],
    }[step.part]


def schema_after(s: FrameSchema, step: Step, schemas: Mapping[str, FrameSchema]) -> FrameSchema:
    cols = list(s.columns)
    by = {c.name: c for c in cols}
    if isinstance(step, Cast):
        cols = [_after_cast(c, step) if c.name in step.columns else c for c in cols]
    elif isinstance(step, Replace):
        cols = [_after_replace(c, step) if c.name == step.column else c for c in cols]
    elif isinstance(step, EachNumeric):
        to_float = step.func == "div" or isinstance(step.value, float)
        cols = [
            _retyped(c, "float") if to_float and c.kind == "integer" and c.name not in step.exclude else c
            for c in cols
        ]
    elif isinstance(step, ColumnSlice):
        cols = _sliced(cols, step)
    elif isinstance(step, Concat):
        others = [schemas[f] for f in step.frames if f in schemas]
        seen = {c.name for c in cols}
        for o in others:
            cols += [c for c in o.columns if c.name not in seen or step.axis == "columns"]
            seen |= {c.name for c in o.columns}
    elif isinstance(step, Resample):
        keys = [by[k] for k in step.by if k in by] + [_info(step.on, "datetime")]
        cols = _aggregated(by, step.aggs, keys)
    elif isinstance(step, GroupShare):
        cols = [by[k] for k in step.by if k in by] + [_info(step.name, "float")]
    elif isinstance(step, Select):
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
        cols = _aggregated(by, step.aggs, [by[k] for k in step.by if k in by])
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
