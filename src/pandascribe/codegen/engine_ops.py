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
from .pyfmt import Link, call, chain, s

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


class Wrap(Link):
    """A last link that wraps the whole chain (``len(`` … ``.columns)``): ``head`` goes before the
    chain, ``tail`` after it. Spark has no ``pipe`` for a step whose answer is not a frame."""


def render(target: str, source: str, links: list[Link]) -> str:
    """:func:`.pyfmt.chain`, with a final :class:`Wrap` put around the chain's expression."""
    if not links or not isinstance(links[-1], Wrap):
        return chain(target, source, links)
    wrap = links[-1]
    if len(links) == 1:
        return f"{target} = {wrap.head}{source}{wrap.tail}\n"
    code = chain(target, source, links[:-1])
    head = f"{target} = "
    body = code[len(head) :].rstrip("\n")
    if body.startswith("(\n") and body.endswith(")"):  # the chain's own parentheses become the call's
        return f"{head}{wrap.head}{body[1:-1]}{wrap.tail}\n"
    return f"{head}{wrap.head}{body}{wrap.tail}\n"


def kinds_mix(cx: StepCtx, frames: tuple[str, ...], engine: str) -> None:
    """Refuse stacking columns of different families (text under numbers): pandas would make a
    column of mixed values that a typed column cannot hold."""
    kinds = {c: FAMILY.get(k, k) for c, k in cx.state.columns.items()}
    for f in frames:
        for col in cx.schemas[f].columns:
            theirs = FAMILY.get(col.kind, col.kind)
            mine = kinds.setdefault(col.name, theirs)
            if mine != theirs or mine not in FAMILY.values():
                why = "pandas would stack them into one column of mixed values"
                raise unsupported(
                    f"stacking {col.kind} values of {col.name!r} under {mine} ones", engine, why
                )


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
    return next((n for n in news if n is not None), family)


__all__ = [
    "FAMILY",
    "PLOT_ROW_BOUND",
    "Wrap",
    "bounded_pandas",
    "kinds_mix",
    "pandas_plot_links",
    "render",
    "replace_family",
    "too_many_rows_message",
    "value_family",
]
