"""Validation handlers for the steps of :mod:`pandascribe.plan.ops` and
:class:`~pandascribe.plan.Resample` (merged into :data:`.steps.STEP_VALIDATORS`): each checks the
step against the frame state before it and returns the state after it, with the column kinds
pandas will give."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import closest
from ..plan import (
    Cast,
    Check,
    ColumnSlice,
    Concat,
    EachNumeric,
    FrameInfo,
    GroupShare,
    Node,
    Plot,
    Replace,
    Resample,
    Share,
)
from ..schema import SAMPLE_ROWS
from .core import (
    DATETIME,
    KIND_WORDS,
    NUMBER,
    TEXT,
    Checker,
    FrameState,
    agg_kind,
    common_kind,
    comparable,
    family,
    lit_kind,
    name_of,
    needs_column,
)

StepCheck = Callable[[Checker, Any, FrameState], FrameState]
BOOL = frozenset({"bool", "any"})
SCALAR = FrameState(scalar=True)


def _condition(chk: Checker, condition: Node, frame: FrameState, what: str) -> None:
    needs_column(chk, condition, what)
    chk.need(chk.expr(condition, frame), BOOL, f"{what} {name_of(condition)}")


# ---------------------------------------------------------------- facts


def _s_frame_info(chk: Checker, st: FrameInfo, frame: FrameState) -> FrameState:
    return SCALAR


# ---------------------------------------------------------------- changing values

#: What each cast can read: dates from text (or dates), numbers from text, numbers or flags.
_CAST_FROM: dict[str, frozenset[str]] = {
    "datetime": TEXT | DATETIME | {"other"},
    "number": TEXT | NUMBER | {"bool", "other"},
    "float": NUMBER | {"bool"},
    "integer": NUMBER | {"bool"},
}
_CAST_HINT = {
    "datetime": "; whole numbers would be read as nanoseconds since 1970",
    "number": "; take a part of the dates (year, month, …) instead",
    "float": "; 'convert it to numbers' reads text as numbers",
    "integer": "; 'convert it to numbers' reads text as numbers",
}


def _cast_kind(st: Cast, kind: str) -> str:
    if st.to == "number":
        return kind if kind in ("integer", "float") else "integer" if kind == "bool" else "float"
    return {
        "datetime": "datetime",
        "text": "text",
        "category": "category",
        "float": "float",
        "integer": "integer",
    }[st.to]


def _s_cast(chk: Checker, st: Cast, frame: FrameState) -> FrameState:
    out = dict(frame.columns)
    for name in st.columns:
        kind = chk.col(frame, name)
        allowed = _CAST_FROM.get(st.to)
        if allowed is not None and kind not in allowed and kind != "any":
            held = KIND_WORDS.get(kind, kind)
            if st.to in ("float", "integer"):
                chk.add(
                    f"changing {name!r} to {st.to} needs numbers or true/false flags, "
                    f"but it holds {held}{_CAST_HINT[st.to]}"
                )
            else:
                chk.add(
                    f"converting {name!r} to {'dates' if st.to == 'datetime' else 'numbers'} needs text, "
                    f"but it holds {held}{_CAST_HINT[st.to] if kind != 'bool' else ''}"
                )
        out[name] = _cast_kind(st, kind)
    return FrameState(out, frame.open)


def _complete_values(chk: Checker, name: str) -> tuple[str, ...] | None:
    """Every value of source column ``name`` when the schema saw them all (small frame, few values,
    no overly long one), else None."""
    col = chk.source.get(name) if chk.source is not None else None
    if chk.step != 1 or chk.source is None or col is None or col.kind != "text":
        return None
    if chk.source.n_rows > SAMPLE_ROWS or col.n_distinct != len(col.values):
        return None
    return col.values


def _replaced_kind(chk: Checker, st: Replace, kind: str) -> str:
    """``replace`` keeps what it does not list (the old kind joins the new ones); ``map`` gives only
    the new values — and missing ones, unless every value of the column is listed and none is
    missing, which the schema can tell only for the source's own columns."""
    new = {lit_kind(p.new) for p in st.pairs} - {"null"}
    if st.unmatched == "keep":
        new.add(kind)
    families = {family(k) for k in new}
    if len(families) != 1 or "any" in new:
        return "any" if "any" in new else "other"
    merged = common_kind(new) if families == {"number"} else next(iter(new))
    if st.unmatched == "missing" and merged in ("bool", "integer"):
        known = _complete_values(chk, st.column)
        col = chk.source.get(st.column) if chk.source is not None else None
        covered = known is not None and col is not None and not col.nullable
        if not covered or not set(known or ()) <= {p.old for p in st.pairs}:
            return "other" if merged == "bool" else "float"
    if any(p.new is None for p in st.pairs) and merged in ("bool", "integer"):
        return "other" if merged == "bool" else "float"
    return merged


def _s_replace(chk: Checker, st: Replace, frame: FrameState) -> FrameState:
    kind = chk.col(frame, st.column)
    if kind == "category" and st.unmatched == "keep":
        chk.add(
            f"replacing values of {st.column!r} adds values its categories do not have; "
            "convert it to text first (a cast)"
        )
    for p in st.pairs:
        comparable(chk, kind, lit_kind(p.old), False, f"replacing {p.old!r} in {st.column!r}")
    known = _complete_values(chk, st.column)
    if known is not None:
        for p in st.pairs:
            if isinstance(p.old, str) and p.old not in known:
                chk.add(f"{p.old!r} does not occur in {st.column!r}", closest(p.old, list(known)))
    return FrameState({**frame.columns, st.column: _replaced_kind(chk, st, kind)}, frame.open)


def _numeric_kind(st: EachNumeric, kind: str) -> str:
    if st.func == "div" or isinstance(st.value, float) or kind == "float":
        return "float"
    if st.func == "pow" and isinstance(st.value, int) and st.value < 0:
        return "float"
    return kind


def _s_each_numeric(chk: Checker, st: EachNumeric, frame: FrameState) -> FrameState:
    for name in st.exclude:
        chk.need(chk.col(frame, name), NUMBER, f"leaving out {name!r} of the numeric columns")
    numeric = [n for n, k in frame.columns.items() if k in ("integer", "float") and n not in st.exclude]
    if frame.open:  # the code passes the column names as keywords, which must be text
        chk.add(
            f"after step {chk.step - 1} the column names come from the data (they may be numbers or "
            f"dates), so every numeric column cannot be changed at once; change the columns one by one"
        )
    elif not numeric and not any(k in ("any", "other") for k in frame.columns.values()):
        chk.add(f"there is no numeric column to {st.func}")
    if "self" in numeric or ("self" in frame.columns and frame.columns["self"] == "any"):
        chk.add("a numeric column named 'self' cannot be changed with every other; rename it first")
    if st.func == "pow" and isinstance(st.value, int) and st.value < 0:
        ints = [n for n in numeric if frame.columns[n] == "integer"]
        if ints:
            chk.add(f"{ints[0]!r} holds whole numbers, which cannot be raised to a negative power")
    out = {n: _numeric_kind(st, k) if n in numeric else k for n, k in frame.columns.items()}
    return FrameState(out, frame.open)


# ---------------------------------------------------------------- choosing and stacking


def _s_column_slice(chk: Checker, st: ColumnSlice, frame: FrameState) -> FrameState:
    names = list(frame.columns)
    if st.part == "range":
        lo = 0 if st.start is None else None
        hi = len(names) - 1 if st.end is None else None
        for end in (st.start, st.end):
            if end is not None:
                chk.col(frame, end)
        if st.start in frame.columns:
            lo = names.index(st.start)
        if st.end in frame.columns:
            hi = names.index(st.end)
        if lo is None or hi is None:  # an end is unknown (reported) or beyond what we know
            return FrameState(dict(frame.columns), open=True)
        if lo > hi and not frame.open:
            chk.add(f"column {st.start!r} comes after {st.end!r}, so the range holds no column")
        kept = names[lo : hi + 1]
    else:
        n = st.n or 0
        if frame.open:  # positions of data-dependent columns are not known before running
            return FrameState(dict(frame.columns), open=True)
        kept = {
            "first": names[:n],
            "last": names[-n:],
            "all_but_first": names[n:],
            "all_but_last": names[:-n],
        }[st.part]
    return FrameState({c: frame.columns[c] for c in kept}, frame.open)


def _gap_kind(kind: str) -> str:
    """The kind of a column after rows without it were added (filled with missing values)."""
    return {"integer": "float", "bool": "other"}.get(kind, kind)


def _s_concat(chk: Checker, st: Concat, frame: FrameState) -> FrameState:
    parts = [frame]
    for name in st.frames:
        schema = chk.schemas.get(name)
        if schema is None:
            chk.add(f"no frame named {name!r} to stack", closest(name, list(chk.schemas)))
            return FrameState(dict(frame.columns), open=True)
        parts.append(FrameState({c.name: c.kind for c in schema.columns}))
    is_open = frame.open
    if st.axis == "columns":
        out: dict[str, str] = {}
        for part, name in zip(parts, ("the current frame", *st.frames), strict=True):
            for c, k in part.columns.items():
                if c in out:
                    chk.add(f"stacking side by side gives two columns named {c!r} ({name!r} has one too)")
                out[c] = k
        return FrameState(out, is_open)
    for name, part in zip(st.frames, parts[1:], strict=True):
        if not is_open and part.columns and not set(part.columns) & set(frame.columns):
            chk.add(f"frame {name!r} has no column in common with the rows it would be stacked under")
    names = list(dict.fromkeys(c for part in parts for c in part.columns))
    kinds = {}
    for c in names:
        seen = {p.columns[c] for p in parts if c in p.columns}
        if any(c not in p.columns for p in parts) and not is_open:
            seen = {_gap_kind(k) for k in seen}
        kind = common_kind(seen)  # text and categories together: plain text (an object column)
        kinds[c] = "text" if kind == "other" and seen <= {"text", "category"} else kind
    return FrameState(kinds, is_open)


# ---------------------------------------------------------------- by period


def _s_resample(chk: Checker, st: Resample, frame: FrameState) -> FrameState:
    kind = chk.col(frame, st.on)
    if kind not in DATETIME:
        hint = "; convert it to dates first (a cast)" if kind in TEXT | {"other"} else ""
        chk.add(f"grouping by {st.every} of {st.on!r} needs dates, but it holds {KIND_WORDS[kind]}{hint}")
    keys = dict(zip(st.by, chk.cols(frame, st.by), strict=True))
    aggs = {a.name: agg_kind(chk, a.func, a.column, frame) for a in st.aggs}
    return FrameState({**keys, st.on: "datetime", **aggs})


# ---------------------------------------------------------------- shares and questions


def _s_share(chk: Checker, st: Share, frame: FrameState) -> FrameState:
    _condition(chk, st.condition, frame, "the share of rows where")
    return SCALAR


def _s_group_share(chk: Checker, st: GroupShare, frame: FrameState) -> FrameState:
    keys = dict(zip(st.by, chk.cols(frame, st.by), strict=True))
    _condition(chk, st.condition, frame, "the share of rows where")
    return FrameState({**keys, st.name: "float"})


def _s_check(chk: Checker, st: Check, frame: FrameState) -> FrameState:
    if st.condition is not None:
        _condition(chk, st.condition, frame, f"whether {st.test} rows match")
    chk.cols(frame, st.columns)
    return SCALAR


# ---------------------------------------------------------------- charts


def _s_plot(chk: Checker, st: Plot, frame: FrameState) -> FrameState:
    for name in st.y:  # pandas plots numbers only: true/false has "no numeric data to plot"
        chk.need(chk.col(frame, name), NUMBER, f"a {st.kind} chart of {name!r}")
    if st.x is not None:
        kind = chk.col(frame, st.x)
        if st.kind == "scatter":
            chk.need(kind, NUMBER | DATETIME, f"a scatter plot along {st.x!r}")
    if st.by is not None:
        chk.col(frame, st.by)
    return SCALAR


OPS_VALIDATORS: dict[type[Node], StepCheck] = {
    FrameInfo: _s_frame_info,
    Cast: _s_cast,
    ColumnSlice: _s_column_slice,
    Concat: _s_concat,
    Resample: _s_resample,
    EachNumeric: _s_each_numeric,
    Share: _s_share,
    GroupShare: _s_group_share,
    Check: _s_check,
    Replace: _s_replace,
    Plot: _s_plot,
}
