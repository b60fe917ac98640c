"""Reading literal values in a request: numbers with units, dates, years, months, text."""

from __future__ import annotations

import datetime as _dt

from ..errors import CompileError
from ..plan import Col, DateLit, Expr, Lit
from .context import Clause
from .ground import MAX_INDEXED
from .items import Item
from .lexicon import UNIT_SUFFIXES, UNITS

YEAR_RANGE = range(1800, 2201)


def is_year(it: Item) -> bool:
    return isinstance(it.num, int) and it.num in YEAR_RANGE and it.text.isdigit()


# time-like columns with no unit in their name are taken to hold minutes (delays, air time): the
# convention of flight and transport data; a column named in another unit says so (``_s``, ``_h``)
_MINUTE_WORDS = ("delay", "duration", "air_time", "airtime", "minutes")


def _assumed_unit(col: str, dim: str) -> str | None:
    low = col.lower()
    if dim == "time" and any(w in low for w in _MINUTE_WORDS):
        return "min"
    return None


def convert_units(cl: Clause, col: str, value: float, unit_item: Item) -> float:
    """A number given in one unit, expressed in the unit the column's name says it is stored in."""
    if unit_item.unit is None:
        raise CompileError("the request ends too early")
    dim, factor = unit_item.unit
    col_unit = cl.ctx.unit(col) or _assumed_unit(col, dim)
    if not col_unit or col_unit not in UNITS or UNIT_SUFFIXES.get(col_unit, "") == "":
        raise CompileError(
            f"'{unit_item.text}' is a unit, but the name of column '{col}' does not say which unit it holds",
            words=[unit_item.text],
        )
    cdim, cfactor = UNITS[col_unit]
    if cdim != dim:
        raise CompileError(
            f"'{unit_item.text}' is a unit of {dim}, but '{col}' is in {col_unit}", words=[unit_item.text]
        )
    out = value * factor / cfactor
    rounded = round(out, 9)
    return int(rounded) if float(rounded).is_integer() else rounded


def _number_as_text(cl: Clause, col: str | None, it: Item) -> bool:
    """A whole number written for a text column whose known values include it as written (Spider's
    ``Year`` / ``Age`` columns hold "2014", "32"), or a column that holds the number as one of
    its values (a year among ranges of years): compare as that text. Only equality may use it:
    :meth:`RhsAtoms._compare_rhs` refuses an order comparison on text."""
    info = cl.ctx.info(col) if col else None
    return (
        info is not None
        and info.textual
        and isinstance(it.num, int)
        and it.text.isdigit()
        and bool(info.values)
        and (
            all(v.strip().lstrip("-").replace(".", "", 1).isdigit() for v in info.values if v)
            or it.text in info.values  # "order year 1998" with years '1996', '1998', '1992 - 93'
        )
    )


def read_value(cl: Clause, i: int, col: str | None) -> tuple[Expr, int] | None:
    """The value starting at item ``i`` compared with column ``col``; returns (expr, next index).

    Numbers take a following unit; a year compared with a datetime column becomes a date; a value
    found in the data must belong to ``col``; another column is a column reference; a quoted string
    is text; a bare word is text only when ``col`` holds text.
    """
    if i >= len(cl.items):
        return None
    it = cl.items[i]
    kind = cl.ctx.kind(col) if col else None
    if (
        it.sym == "-"
        and i + 1 < len(cl.items)
        and cl.items[i + 1].num is not None
        and not cl.items[i + 1].cols
    ):
        got = read_value(cl, i + 1, col)  # "below -30"
        if got is not None and isinstance(got[0], Lit) and isinstance(got[0].value, (int, float)):
            it.used = True
            return Lit(value=-got[0].value), got[1]
        return None
    if it.num is not None and not it.cols and _number_as_text(cl, col, it):
        return Lit(value=it.text), i + 1  # Year "2014" stored as text: the number is that text
    if it.num is not None and not it.cols:
        value: float = it.num
        j = i + 1
        if j < len(cl.items) and cl.items[j].unit is not None and not cl.items[j].used and col is not None:
            value = convert_units(cl, col, value, cl.items[j])
            j += 1
        if j < len(cl.items) and cl.items[j].sym == "%" and col is not None:
            j += 1  # "5%" on a column already in percent
        if kind == "datetime" and is_year(it):
            return DateLit(value=f"{int(value)}-01-01"), j
        return Lit(value=value), j
    if it.date is not None:
        try:
            _dt.datetime.fromisoformat(it.date)
        except ValueError as exc:
            raise CompileError(f"'{it.text}' is not a valid date", words=[it.text]) from exc
        return DateLit(value=it.date), i + 1
    if it.string is not None:
        return Lit(value=it.string), i + 1
    if it.month is not None and col is not None and kind in ("integer", "float") and "month" in col.lower():
        return Lit(value=it.month), i + 1
    if it.vals:
        hits = [h for h in it.vals if col is None or h.column == col]
        if hits:
            return Lit(value=hits[0].value), i + 1
    if it.cols and it.col and it.col != col and not it.vals:
        return Col(name=it.col), i + 1
    if kind == "bool" and it.words[0] in ("true", "yes", "false", "no"):
        return Lit(value=it.words[0] in ("true", "yes")), i + 1
    info = cl.ctx.info(col) if col else None
    if info is not None and info.binary == (1, 0) and it.words in (("true",), ("false",)):
        return Lit(value=1 if it.words == ("true",) else 0), i + 1  # "am is True" on a 0/1 column
    if kind in ("text", "category") and not it.sym and not it.kws and not it.cols and it.month is None:
        info = cl.ctx.info(col) if col else None
        if info is not None and info.n_distinct is not None and info.n_distinct <= MAX_INDEXED:
            return None  # a category column's values are known: an unknown word is not one of them
        return Lit(value=it.text), i + 1  # free text (names): any word may be a value
    return None
