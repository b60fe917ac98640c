"""Builders for the rules of ``data/oprules.toml``: one function ``build_<name>`` per rule's
``builder``, found by name. Each turns a :class:`~.oprules.Match` (the items each slot took, the
value each word class said) into Plan steps, or raises CompileError when the match cannot be
made into a plan that is surely what was asked (refuse rather than guess). A builder that returns
an empty list declines the match.

Internal APIs used here: :class:`.conditions.Conditions` (``Conditions(cl, idx).parse()``) and
``conditions._negate`` for condition slots; :meth:`.context.Clause.column` (did-you-mean on an
ambiguous column) and :meth:`.context.Clause.live`; ``Clause.ctx`` (``current``, ``schemas``,
``source``, ``kind()``, ``info()``, ``datetime_columns()``, ``column_named()``);
:class:`~pandascribe.schema.ColumnInfo` (``kind``, ``values``, ``n_distinct``, and ``binary`` when
the schema has it); :func:`.query.agg_name` for aggregate names.
"""

from __future__ import annotations

from typing import Any, cast

from ..errors import CompileError
from ..plan import (
    Agg,
    Cast,
    ColumnSlice,
    Concat,
    Drop,
    FrameInfo,
    Resample,
    Select,
    Step,
)
from ..plan.agg import AggFunc
from .opbuilders_frame import build_whole_frame
from .opbuilders_groups import (
    build_group_agg,
    build_group_best,
    build_group_by_frequency,
    build_groups_by_size,
)
from .opbuilders_rows import (
    _flags_steps,
    build_check_condition,
    build_check_duplicates,
    build_check_missing,
    build_each_numeric,
    build_flags_to_bool,
    build_replace,
    build_share,
    build_share_missing,
)
from .opconditions import _col, _cols, _phrases
from .oprules import Match

# ---------------------------------------------------------------- facts about the frame


def build_frame_info(m: Match) -> list[Step]:
    return [FrameInfo(fact=m.args["fact"])]


def build_column_dtype(m: Match) -> list[Step]:
    """ "what is the dtype of X": the dtypes of just those columns."""
    return [Select(columns=_cols(m, "cols")), FrameInfo(fact="dtypes")]


# ---------------------------------------------------------------- casts

_EXACT_NUMBER = {"integer": "whole numbers (integers)", "float": "floating-point numbers"}


def build_cast(m: Match) -> list[Step]:
    target = m.values["cast_target"]
    columns = _cols(m, "cols")
    if target == "boolean":
        return _flags_steps(m.cl, columns, None)
    if target in _EXACT_NUMBER:
        return [_exact_number_cast(m, columns, target)]
    return [Cast(columns=columns, to=cast("Any", target))]


def _exact_number_cast(m: Match, columns: tuple[str, ...], target: str) -> Cast:
    """ "convert year to floats", "lifeExp to an integer": numbers or flags change storage
    (``astype``); text is read as numbers (``pd.to_numeric``, which picks the kind itself). An
    integer cast refuses a column that may hold missing values — int64 cannot hold one and pandas
    would stop — and names the way out."""
    kinds = {c: m.cl.ctx.kind(c) for c in columns}
    if all(k in ("text", "category", "other") for k in kinds.values()):
        return Cast(columns=columns, to="number")
    said = [m.said.get("cast_target", target)]
    for c, kind in kinds.items():
        if kind not in ("integer", "float", "bool"):
            raise CompileError(
                f"changing '{c}' to {_EXACT_NUMBER[target]} needs numbers, but it holds {kind} values; "
                f"'convert {c} to numbers' reads text as numbers",
                words=said,
            )
        info = m.cl.ctx.info(c)
        if target == "integer" and kind == "float" and info is not None and info.nullable:
            raise CompileError(
                f"'{c}' has missing values, which whole numbers (int64) cannot hold; "
                f"fill them first ('fill missing {c} with 0') or drop those rows",
                words=said,
            )
    return Cast(columns=columns, to=cast("Any", target))


# ---------------------------------------------------------------- positional columns


def _count(m: Match, name: str = "num") -> int:
    idx = m.slots.get(name)
    if not idx:
        return 1
    n = m.cl.items[idx[0]].num
    if not isinstance(n, int) or n < 1:
        raise CompileError("a number of columns must be a whole number of at least 1")
    return n


def build_column_slice(m: Match) -> list[Step]:
    end = m.values["end"]  # first / last
    n = _count(m)
    width = len(m.cl.ctx.current.columns)
    if n > width:
        raise CompileError(f"the frame has only {width} columns")
    if "num" not in m.slots and m.said.get("colword", "column").endswith("s"):
        return []  # "the first columns": how many?
    part = end if not m.args.get("invert") else f"all_but_{end}"
    return [ColumnSlice(part=cast("Any", part), n=n)]


def build_column_range(m: Match) -> list[Step]:
    start, end = _col(m, "start"), _col(m, "end")
    names = list(m.cl.ctx.current.names)
    if start is not None and end is not None and start == end:
        raise CompileError(f"the range starts and ends at '{start}'")
    if not m.args.get("invert"):
        return [ColumnSlice(part="range", start=start, end=end)]
    lo = names.index(start) if start is not None else 0
    hi = names.index(end) if end is not None else len(names) - 1
    if lo > hi:
        raise CompileError(f"column '{start}' comes after '{end}', so the range holds no column")
    return [Drop(columns=tuple(names[lo : hi + 1]))]


def build_column_positions(m: Match) -> list[Step]:
    """Columns by their positions, counted from 1 as in English ("columns 2 to 4")."""
    a, b = _count(m, "start"), _count(m, "end")
    names = list(m.cl.ctx.current.names)
    if not 1 <= a <= b <= len(names):
        raise CompileError(f"columns {a} to {b}: the frame has columns 1 to {len(names)}")
    if m.args.get("invert"):
        if a == 1:
            return [ColumnSlice(part="all_but_first", n=b)] if b < len(names) else []
        return [Drop(columns=tuple(names[a - 1 : b]))]
    if a == 1:
        return [ColumnSlice(part="first", n=b)]
    return [ColumnSlice(part="range", start=names[a - 1], end=names[b - 1])]


# ---------------------------------------------------------------- stacking frames


def _frame(m: Match, name: str) -> str | None:
    idx = m.slots.get(name)
    if not idx:
        return None
    it = m.cl.items[idx[0]]
    schemas = m.cl.ctx.schemas
    if it.frame in schemas:
        return it.frame
    text = it.string if it.string is not None else it.text
    return text if text in schemas else None


def build_concat(m: Match) -> list[Step]:
    source = m.cl.ctx.source
    order = m.args["order"]
    axis = m.values.get("rowwise", "rows")
    if order == "all":
        others = [n for n in m.cl.ctx.schemas if n != source]
        if not others:
            raise CompileError("only one frame was given; stacking needs another one")
        two = m.said.get("two", "")
        if any(w in two.split() for w in ("two", "both", "2")) and len(others) != 1:
            raise CompileError(f"'{two}' frames, but {len(others) + 1} were given: name them")
        frames = others
    else:
        named = [_frame(m, k) for k in ("a", "b", "c") if k in m.slots]
        if order == "other":
            named = [source, *named]
        if any(n is None for n in named) or len(set(named)) != len(named):
            raise CompileError("stacking needs different frames, each given by its name")
        if named[0] != source:
            raise CompileError(
                f"the rows of '{named[0]}' would come first, but the request is about '{source}'; "
                f"ask it about '{named[0]}' (source='{named[0]}')"
            )
        frames = [n for n in named[1:] if n is not None]
    _join_or_stack(m, frames, axis)
    return [Concat(frames=tuple(frames), axis=cast("Any", axis))]


def _join_or_stack(m: Match, frames: list[str], axis: str) -> None:
    """ "combine a and b" / "merge a and b" could also be a join on keys: it is read as stacking
    only when it said so (a stacking verb, "row-wise" …) or the columns of one frame are all
    columns of the other (the same kind of rows)."""
    verb = m.said.get("stack_verb", "")
    if "rowwise" in m.values or any(verb == ws for ws in (" ".join(p) for p, _ in _phrases("stack_only"))):
        return
    mine = set(m.cl.ctx.current.names)
    # a join of frames whose columns one holds all of the other's would clash on every column
    if axis == "rows" and all(
        (theirs := set(m.cl.ctx.schemas[f].names)) <= mine or mine <= theirs for f in frames
    ):
        return
    raise CompileError(
        f"'{verb}' could stack the frames or join them on a key: say 'stack' (rows one after "
        "another) or 'join … on <column>'",
        words=[verb],
    )


# ---------------------------------------------------------------- calendar periods


def _date_column(m: Match) -> str:
    on = _col(m, "on")
    if on is not None:
        if m.cl.ctx.kind(on) != "datetime":
            raise CompileError(f"'{on}' does not hold dates, so it has no {m.values['every']}s", words=[on])
        return on
    dts = m.cl.ctx.datetime_columns()
    if len(dts) == 1:
        return dts[0]
    word = m.said.get("every", m.values["every"])
    if not dts:
        raise CompileError(f"'{word}' needs a date column, and this frame has none", words=[word])
    raise CompileError(f"'{word}': by which date column?", words=[word], suggestions=dts)


def build_resample(m: Match) -> list[Step]:
    from .query import agg_name

    on = _date_column(m)
    by = _cols(m, "by")
    if on in by:
        raise CompileError(f"'{on}' is the date column; group by another column")
    taken = {*by, on}
    if m.args.get("count"):
        aggs = (Agg(func="size", name=agg_name("size", None, taken)),)
    else:
        it = m.items("agg")[0]
        func = it.kw("agg") or ""
        column = _col(m, "col")
        if column is None or column == on:
            raise CompileError(f"'{it.text}' of which column?", words=[it.text])
        aggs = (Agg(func=cast(AggFunc, func), column=column, name=agg_name(func, column, taken)),)
    return [Resample(on=on, every=cast("Any", m.values["every"]), by=by, aggs=aggs)]


def build_resample_which_aggregate(m: Match) -> list[Step]:
    """ "monthly sales": the total, the average …? Not ours to guess."""
    col = m.items("col")[0].text
    word = m.said.get("every", m.values["every"])
    raise CompileError(
        f"'{word} {col}': the total, the average, the largest …? say e.g. '{word} total {col}'",
        words=[word, col],
    )


# every builder, found here by name (the row and value builders live in opbuilders_rows)
__all__ = [
    "build_cast",
    "build_check_condition",
    "build_check_duplicates",
    "build_check_missing",
    "build_column_dtype",
    "build_column_positions",
    "build_column_range",
    "build_column_slice",
    "build_concat",
    "build_each_numeric",
    "build_flags_to_bool",
    "build_frame_info",
    "build_group_agg",
    "build_group_best",
    "build_group_by_frequency",
    "build_groups_by_size",
    "build_replace",
    "build_resample",
    "build_resample_which_aggregate",
    "build_share",
    "build_share_missing",
    "build_whole_frame",
]
