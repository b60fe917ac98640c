"""What the polars and Spark generators of the everyday-question steps (:mod:`pandascribe.plan.ops`)
share: the row bound of a chart, the run-time refusal above it, the pandas drawing code, and the
kind rules that decide where an engine answers exactly as pandas does.

A chart is drawn by pandas' plotting API on a pandas frame, so the engine's result (after the
plan's aggregation) is brought to pandas first — at most :data:`PLOT_ROW_BOUND` rows: the emitted
code takes one row more than the bound (``head`` / ``limit``, never the whole frame) and stops with
a clear message when that extra row is there.
"""

from __future__ import annotations

from ..plan import Plot, Replace
from ..plan.ops import XY_KINDS
from .engine_common import StepCtx, unsupported
from .pandas_ops import OPS_GENERATORS as PANDAS_OPS
from .pyfmt import Link, call, s

#: the most rows a chart brings from polars / Spark to pandas
PLOT_ROW_BOUND = 100_000


def too_many_rows_message(engine: str) -> str:
    return (
        f"a chart draws at most {PLOT_ROW_BOUND:,} rows, and this {engine} frame holds more; "
        "aggregate it first or take a sample (e.g. 'a random sample of 10000 rows')"
    )


def bounded_pandas(engine: str) -> Link:
    """``.pipe(...)`` that passes a pandas frame of at most the bound and stops with the message
    otherwise (``(_ for _ in ()).throw(...)`` raises inside an expression, without an import)."""
    msg = s(too_many_rows_message(engine))
    return call(
        "pipe",
        f"lambda d: d if len(d) <= {PLOT_ROW_BOUND} else (_ for _ in ()).throw(ValueError({msg}))",
    )


def pandas_plot_links(st: Plot, engine: str) -> list[Link]:
    """The pandas generator's drawing links, refused where pandas draws against its row index
    (a polars / Spark frame has none to bring along)."""
    if st.kind in XY_KINDS and st.x is None:
        raise unsupported(
            f"a {st.kind} chart without an x column", engine, "pandas draws it against the row index"
        )
    return PANDAS_OPS[Plot](st, "d")


#: the family of a value kind, for deciding whether values of two kinds mix without a new type
FAMILY = {"integer": "number", "float": "number", "text": "text", "bool": "bool", "datetime": "datetime"}


def value_family(value: object) -> str | None:
    """The family of a Python constant (None for a missing value, which fits every family)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "text" if isinstance(value, str) else "other"


def replace_family(st: Replace, cx: StepCtx, engine: str) -> str:
    """The family the replaced column holds afterwards; refused where pandas would make a column of
    mixed values (an object column) that a typed polars / Spark column cannot hold."""
    kind = cx.kind(st.column)
    olds = {value_family(p.old) for p in st.pairs}
    news = {value_family(p.new) for p in st.pairs} - {None}
    family = FAMILY.get(kind)
    if family is None or olds != {family}:
        raise unsupported(f"replacing values of the {kind} column {st.column!r}", engine, "mixed types")
    if st.unmatched == "keep":
        if news - {family} or (kind == "integer" and any(isinstance(p.new, float) for p in st.pairs)):
            why = "pandas would hold old and new values of different types in one column"
            raise unsupported(f"replacing {kind} values by other types in {st.column!r}", engine, why)
        return family
    if len(news) > 1:
        raise unsupported(f"mapping {st.column!r} to values of several types", engine, "mixed types")
    return news.pop() if news else family


__all__ = [
    "FAMILY",
    "PLOT_ROW_BOUND",
    "bounded_pandas",
    "pandas_plot_links",
    "replace_family",
    "too_many_rows_message",
    "value_family",
]
