"""Builders for the rules of :mod:`grammar`: matched terminals → plan steps, one per operation.

Each builder is found by the name its rule gives; it may refuse (CompileError) when the values
do not fit (a cast target the column cannot take …), and the readings layer then drops it.
"""

from __future__ import annotations

from typing import Any

from ..errors import CompileError
from ..plan import (
    Agg,
    Aggregate,
    Cast,
    Check,
    Col,
    ColumnSlice,
    Compare,
    DropDuplicates,
    Filter,
    FrameInfo,
    Lit,
    Select,
    Share,
    Step,
)
from .conditions import Conditions
from .context import Clause


def _use_all(cl: Clause) -> None:
    for it in cl.items:
        it.used = True


def frame_fact(cl: Clause, name: str, got: dict[str, Any]) -> list[Step]:
    """ "how many columns", "what are the column names", "the data types", "the shape"."""
    _use_all(cl)
    return [FrameInfo(fact=name)]  # type: ignore[arg-type]


def column_dtype(cl: Clause, name: str, got: dict[str, Any]) -> list[Step]:
    """ "the data type of the pop column": the dtypes of the frame narrowed to that column is not
    a node of its own; refuse rather than answer for every column."""
    raise CompileError(
        f"the type of one column: say 'the data types' for all columns (column {got['COL']!r})",
        words=[got["COL"]],
    )


def check_missing(cl: Clause, name: str, got: dict[str, Any]) -> list[Step]:
    """ "are there any missing values (in a, b)?"."""
    _use_all(cl)
    return [Check(test="missing", columns=tuple(got.get("COLS", ())))]


def check_duplicates(cl: Clause, name: str, got: dict[str, Any]) -> list[Step]:
    """ "are there duplicate rows?", "are any order ids repeated?"."""
    _use_all(cl)
    return [Check(test="duplicates", columns=tuple(got.get("COLS", ())))]


def unique_rows(cl: Clause, name: str, got: dict[str, Any]) -> list[Step]:
    """ "keep only unique rows"."""
    _use_all(cl)
    return [DropDuplicates()]


def share(cl: Clause, name: str, got: dict[str, Any]) -> list[Step]:
    """ "what percentage of passengers survived", "the share of flights from JFK"."""
    idx = got["COND"]
    percent = any(cl.items[i].words[0] in ("percentage", "percent") for i in range(len(cl.items)))
    for i in range(len(cl.items)):
        if i not in idx:
            cl.items[i].used = True
    cond = Conditions(cl, idx).parse()
    if cond is None:
        raise CompileError("the share of which rows? say a condition")
    return [Share(condition=cond, percent=percent)]


def cast(cl: Clause, name: str, got: dict[str, Any]) -> list[Step]:
    """ "convert the year column to strings", "change date to datetime"."""
    _use_all(cl)
    return [Cast(columns=tuple(got["COLS"]), to=got["TYPE"])]


def column_slice(cl: Clause, name: str, got: dict[str, Any]) -> list[Step]:
    """ "the first 3 columns", "the last 2 columns"."""
    first = any("first" in it.words for it in cl.items)
    _use_all(cl)
    return [ColumnSlice(part="first" if first else "last", n=got.get("NUM", 1))]


def column_range(cl: Clause, name: str, got: dict[str, Any]) -> list[Step]:
    """ "columns from continent to lifeExp", "all columns between a and b (inclusive)"."""
    _use_all(cl)
    return [ColumnSlice(part="range", start=got["COL"], end=got["COL2"])]


def groups_with_count(cl: Clause, name: str, got: dict[str, Any]) -> list[Step]:
    """ "which grades have 4 or more students": the groups whose number of rows passes the test."""
    _use_all(cl)
    col = got["COL"]
    count = "count" if col != "count" else "n_rows"
    return [
        Aggregate(by=(col,), aggs=(Agg(func="size", name=count),)),
        Filter(condition=Compare(op=got["CMP"], left=Col(name=count), right=Lit(value=got["NUM"]))),
        Select(columns=(col,)),
    ]
