"""Builders for the rules of :mod:`.grammar_missing`: matched terminals → plan steps.

Each is found by the name its rule gives and gets ``(clause, rule name, bindings)`` as the
builders of :mod:`.builders_ops` do. A builder refuses (CompileError) where the words leave the
answer open — "keep missing values" on a frame where several columns have gaps does not say in
which — and the readings layer then reports that reason.
"""

from __future__ import annotations

from typing import Any, Literal

from ..errors import CompileError
from ..plan import (
    BoolOp,
    Check,
    Col,
    DropDuplicates,
    DropMissing,
    Expr,
    FillMissing,
    Filter,
    FrameInfo,
    IsNull,
    Step,
)
from ..plan.missing import CountMissing, DropMissingColumns
from .context import Clause

Got = dict[str, Any]


def _use_all(cl: Clause) -> None:
    for it in cl.items:
        it.used = True


def _cols(got: Got) -> tuple[str, ...]:
    return tuple(dict.fromkeys(got.get("COLS", ())))


# ---------------------------------------------------------------- counting


def _measure(cl: Clause) -> Literal["fraction", "percent"]:
    """A "percentage" / "percent" / "%" is out of 100; a share, proportion, fraction … out of 1."""
    said = {w for it in cl.items for w in it.words}
    return "percent" if said & {"percentage", "percent", "%", "percentages", "pct"} else "fraction"


def count_per_column(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "count the number of missing values per column": ``df.isna().sum()``."""
    _use_all(cl)
    return [CountMissing(per_column=True)]


def share_per_column(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "the percentage of missing values in each column"."""
    _use_all(cl)
    return [CountMissing(per_column=True, measure=_measure(cl))]


def count_total(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "how many missing values are there (in the data)?": one number, every cell counted."""
    _use_all(cl)
    return [CountMissing()]


def count_in(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "how many missing values are in co2": the gaps of one column. Of several columns the words
    do not say whether one total or a count per column is meant."""
    cols = _cols(got)
    if len(cols) > 1:
        raise CompileError(
            "the missing values of several columns: in total, or per column? say 'in total' or 'per column'",
            words=list(cols),
        )
    _use_all(cl)
    return [CountMissing(columns=cols)]


def share_total(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "what percentage of the values in the dataset are missing?": of every cell."""
    _use_all(cl)
    return [CountMissing(measure=_measure(cl))]


def count_columns(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "how many columns have missing values?"."""
    _use_all(cl)
    return [CountMissing(unit="columns")]


def count_rows(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "how many rows have missing values (in a, b)?", "how many rows are missing a co2?"."""
    cols = _cols(got)
    _use_all(cl)
    if len(cols) == 1:
        return [CountMissing(columns=cols)]  # one column: its gaps are its rows with a gap
    return [CountMissing(unit="rows", columns=cols)]


def check_missing(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "check if the dataframe has any NaN values": a yes/no answer."""
    _use_all(cl)
    return [Check(test="missing")]


def rows_left(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "… then how many rows are left?": the number of rows of the frame as it is now."""
    _use_all(cl)
    return [FrameInfo(fact="n_rows")]


# ---------------------------------------------------------------- dropping and keeping


def drop_columns(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "drop columns with missing values", "keep only the columns that have full data"."""
    _use_all(cl)
    return [DropMissingColumns()]


def drop_empty_columns(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "drop the empty columns": those holding nothing but missing values."""
    _use_all(cl)
    return [DropMissingColumns(how="all")]


def drop_empty_rows(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "drop rows where all values are missing", "drop empty rows": rows with nothing in them."""
    _use_all(cl)
    return [DropMissing(how="all")]


def share_rows(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "what share of rows have missing values?"."""
    _use_all(cl)
    return [CountMissing(unit="rows", measure=_measure(cl))]


def drop_rows(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "drop all the rows that contain missing values (in a)"."""
    _use_all(cl)
    return [DropMissing(columns=_cols(got))]


def _any_missing(columns: tuple[str, ...]) -> Expr:
    parts: list[Expr] = [IsNull(expr=Col(name=c)) for c in columns]
    return parts[0] if len(parts) == 1 else BoolOp(op="or", operands=tuple(parts))


def keep_rows(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "select the rows with one or more missing values": a gap in any column."""
    columns = _cols(got) or cl.ctx.current.names
    if not columns:
        raise CompileError("the frame has no columns to look for missing values in")
    _use_all(cl)
    return [Filter(condition=_any_missing(columns))]


#: kinds whose gaps the schema checks on the whole column (schema._column_info)
_EXACT = frozenset({"integer", "float", "bool", "datetime"})


def _the_values_column(cl: Clause, what: str) -> str:
    """The one column "values" can mean: the only column that may hold a missing value. A text
    column's gaps are looked for in a sample only, so on a large frame with text columns no column
    is sure to be the only one."""
    from ..schema import SAMPLE_ROWS

    current = cl.ctx.current
    gaps = [c.name for c in current.columns if c.nullable]
    unsure = current.n_rows > SAMPLE_ROWS and any(c.kind not in _EXACT for c in current.columns)
    if len(gaps) != 1 or unsure:
        raise CompileError(
            f"{what} values of which column? name it (e.g. '{what} values in "
            f"{gaps[0] if gaps else cl.ctx.current.names[0]}') or say 'rows with missing values'",
        )
    return gaps[0]


def keep_missing_values(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "keep missing values": the rows where the frame's one gappy column is missing."""
    col = _the_values_column(cl, "missing")
    _use_all(cl)
    return [Filter(condition=IsNull(expr=Col(name=col)))]


def keep_present_values(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "keep non-missing values": the rows where the frame's one gappy column is present."""
    col = _the_values_column(cl, "non-missing")
    _use_all(cl)
    return [Filter(condition=IsNull(expr=Col(name=col), negate=True))]


def drop_duplicates(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "removing duplicate values", "select distinct/unique rows": whole repeated rows go."""
    _use_all(cl)
    return [DropDuplicates()]


# ---------------------------------------------------------------- filling


def _fill(cl: Clause, method: str, columns: tuple[str, ...] = ()) -> list[Step]:
    _use_all(cl)
    return [FillMissing(method=method, columns=columns)]  # type: ignore[arg-type]


def fill_forward(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "forward fill from previous rows", "replace NaNs by preceding values"."""
    return _fill(cl, "ffill")


def fill_backward(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "back fill", "replace the NaN's with the one that comes directly after it"."""
    return _fill(cl, "bfill")


def fill_mean(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "impute missing values with the mean value along each column": each number column's own."""
    return _fill(cl, "mean")


def fill_mean_of(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "fill all NaN values with a mean for all co2 values": those columns, each with its mean."""
    return _fill(cl, "mean", _cols(got))


def fill_median(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "fill missing values with the median of each column"."""
    return _fill(cl, "median")


def fill_interpolate(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "fill intermediate missing data with interpolation": every number column, between known values."""
    return _fill(cl, "interpolate")


def fill_interpolate_of(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "interpolate the missing values in co2"."""
    return _fill(cl, "interpolate", _cols(got))


def fill_zero(cl: Clause, name: str, got: Got) -> list[Step]:
    """ "replace all NaN values with zeroes" (the validator refuses a column 0 does not fit)."""
    return _fill(cl, "zero")
