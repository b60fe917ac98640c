"""Charts from plain English: the chart phrase of a request, read from ``data/charts.tsv``, and the
rest of the request compiled as an ordinary one, then a :class:`~pandascribe.plan.Plot` step
appended that draws what that plan computed.

"bar chart of mean body_mass_g by species" = the aggregate "mean body_mass_g by species", then a
bar chart of its ``mean_body_mass_g`` by ``species``. "histogram of body mass by species" and
"box plot of …" draw the distribution of columns (split by a group column); "scatter plot of bill
length against body mass" draws two columns (y against x). Words a chart takes besides its kind
("with 20 bins", 'titled "Mass"') are rows of the same table.

:func:`with_charts` wraps the rules backend's ``understand``; a request without a chart phrase
goes straight through.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pydantic import ValidationError

from ..errors import CompileError
from ..plan import (
    Aggregate,
    DropDuplicates,
    DropMissing,
    Filter,
    Head,
    Plan,
    Plot,
    Resample,
    Select,
    Sort,
    Tail,
    TopN,
    ValueCounts,
)
from ..schema import FrameSchema
from .phrases import Row, Word, cut, load, match_at, number, words
from .shape import schema_after

Understand = Callable[[str, Mapping[str, FrameSchema], str], Plan]
DISTRIBUTION = ("hist", "box")
#: Steps that only pick or order rows: a chart after them still shows what the step before computed.
_ROW_STEPS = (Filter, Sort, Head, Tail, TopN, DropMissing, DropDuplicates)


@dataclass(frozen=True)
class ChartAsk:
    """A chart phrase: its ``kind`` ("auto" when only "plot" / "chart" was said), the request
    without the chart words (``rest``), and the options said with it."""

    kind: str
    rest: str
    bins: int | None = None
    title: str | None = None


@functools.cache
def _table() -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in load("charts.tsv"):
        out.setdefault(row.fields[0], []).append(row)
    return out


def _at(ws: list[Word], i: int, role: str, skip: frozenset[str] = frozenset()) -> tuple[int, str]:
    """The longest phrase of ``role`` at ``i`` and its kind; a one-word phrase that is a column's
    name (``skip``) does not count."""
    best, kind = 0, ""
    for row in _table().get(role, []):
        n = match_at(ws, i, row.phrases)
        if n > best and not (n == 1 and ws[i].low in skip):
            best, kind = n, row.fields[1]
    return best, kind


_QUOTED = re.compile(r"\s*([\"'\u2018\u201c])(.+?)([\"'\u2019\u201d])")


def find_chart(text: str, columns: frozenset[str] = frozenset()) -> ChartAsk | None:
    """The chart phrase of ``text`` (None when it asks for no chart). ``columns``: lower-cased
    column names, which are never read as chart words."""
    ws = words(text)
    spans: list[tuple[int, int]] = []
    kinds: list[str] = []
    stray: list[str] = []
    bins = title = None
    i = 0
    n, _ = _at(ws, i, "verb", columns)
    if n:
        kinds.append("auto")
    else:
        n, _ = _at(ws, i, "weak", columns)
        if n and not _at(ws, i + n, "noun", columns)[0]:
            n = 0
    if n:
        spans.append((ws[0].start, ws[n - 1].end))
        i = n
    m, kind = _at(ws, i, "noun", columns)
    if m:
        kinds.append(kind)
        k, _ = _at(ws, i + m, "of")
        spans.append((ws[i].start, ws[i + m + k - 1].end))
        i += m + k
    j = i
    while j < len(ws):
        a, _ = _at(ws, j, "as")
        m, kind = _at(ws, j + a, "noun", columns)
        if not m and a:
            m, kind = _at(ws, j + a, "short", columns)
        if m and not (a or j + m == len(ws)):
            stray.append(kind)  # a chart noun inside the data words: only to catch two kinds
        if m and (a or j + m == len(ws)):
            kinds.append(kind)
            spans.append((ws[j].start, ws[j + a + m - 1].end))
            j += a + m
            continue
        b, _ = _at(ws, j, "bins")
        if b and any(number(w.low) is not None for w in ws[j : j + b]):
            bins = next(number(w.low) for w in ws[j : j + b] if number(w.low) is not None)
            spans.append((ws[j].start, ws[j + b - 1].end))
            j += b
            continue
        t, _ = _at(ws, j, "title")
        q = _QUOTED.match(text, ws[j + t - 1].end) if t else None
        if q:
            title = q.group(2)
            spans.append((ws[j].start, q.end()))
            j = next((k for k, w in enumerate(ws) if w.start >= q.end()), len(ws))
            continue
        j += 1
    if not kinds:
        return None
    named = sorted({k for k in kinds + (stray if kinds else []) if k != "auto"})
    if len(named) > 1:
        raise CompileError(f"the request asks for two kinds of chart ({' and '.join(named)}); pick one")
    return ChartAsk(named[0] if named else "auto", cut(text, spans), bins, title)


# ---------------------------------------------------------------- the Plot step


def _label(agg: object) -> str:
    from ..codegen.explain_ops import CHART_AGG

    col = getattr(agg, "column", None) or ""
    return CHART_AGG[agg.func].format(col)  # type: ignore[attr-defined]


def _default_kind(schema: FrameSchema, x: str | None) -> str:
    info = schema.get(x) if x else None
    if info is None:
        return "bar"
    return next((r.fields[1] for r in _table()["default"] if r.phrases[0][0] == info.kind), "bar")


def make_plot(**fields: object) -> Plot:
    """A Plot, or a CompileError saying why the chart cannot be drawn that way."""
    try:
        return Plot(**fields)  # type: ignore[arg-type]
    except ValidationError as exc:
        msg = str(exc.errors()[0].get("msg", exc)).removeprefix("Value error, ")
        raise CompileError(f"cannot draw that chart: {msg}") from None


def plot_of(ask: ChartAsk, steps: tuple, schema: FrameSchema) -> Plot:
    """The chart of the frame ``steps`` produced (``schema``: its columns): what the last step
    computed against its keys; a frame of plain columns: its numbers against its one label."""
    last = next((st for st in reversed(steps) if not isinstance(st, _ROW_STEPS)), None)
    labels: dict[str, str] = {}
    if isinstance(last, Aggregate | Resample):
        keys = (last.on, *last.by) if isinstance(last, Resample) else last.by
        ys = tuple(a.name for a in last.aggs)
        labels = {a.name: _label(a) for a in last.aggs}
    elif isinstance(last, ValueCounts):
        keys, ys = last.columns, ("proportion" if last.normalize else "count",)
    else:
        keys = tuple(c.name for c in schema.columns if not c.numeric)
        ys = tuple(c.name for c in schema.columns if c.numeric)
    if not ys:
        raise CompileError("there is no numeric column to chart")
    kind = ask.kind
    if kind == "auto":
        lone = not keys and len(ys) == 1 and not isinstance(last, Aggregate)
        kind = "hist" if lone else _default_kind(schema, keys[0] if keys else None)
    if kind in DISTRIBUTION:
        return make_plot(kind=kind, y=ys, bins=ask.bins, title=ask.title)
    if len(keys) > 2:
        raise CompileError(f"a chart can show at most two keys; the data has {', '.join(keys)}")
    if len(keys) == 2 and (schema.get(keys[1]) or schema.columns[0]).kind == "datetime":
        keys = (keys[1], keys[0])  # time along x, the other key as the colour
    x = keys[0] if keys else None
    by = keys[1] if len(keys) == 2 else None
    ylabel = labels.get(ys[0]) if len(ys) == 1 else None
    if kind == "pie" or kind == "scatter":
        ylabel = None
    return make_plot(kind=kind, x=x, y=ys, by=by, bins=ask.bins, title=ask.title, ylabel=ylabel)


def plot_of_keys(
    ask: ChartAsk, steps: tuple, schema: FrameSchema, columns: Callable[[str], tuple[str, ...]]
) -> Plot | None:
    """A chart of an aggregate's columns by its key, named ("bar chart of sum_units by region"
    after "total units by region"): one value per key, so any kind fits. None when the words do
    not name a computed column by the key (``columns`` reads a text as column names)."""
    last = next((st for st in reversed(steps) if not isinstance(st, _ROW_STEPS)), None)
    if not isinstance(last, Aggregate) or len(last.by) != 1 or ask.kind in DISTRIBUTION:
        return None
    cut_at = _split(ask.rest, "group")
    if cut_at is None:
        return None
    try:
        ys, xs = columns(cut_at[0]), columns(cut_at[1])
    except CompileError:
        return None
    if xs != last.by or not ys or last.by[0] in ys:
        return None
    kind = ask.kind if ask.kind != "auto" else _default_kind(schema, xs[0])
    labels = {a.name: _label(a) for a in last.aggs}
    ylabel = labels.get(ys[0]) if len(ys) == 1 and kind not in ("pie", "scatter") else None
    return make_plot(kind=kind, x=xs[0], y=ys, bins=ask.bins, title=ask.title, ylabel=ylabel)


def replot(ask: ChartAsk, old: Plot) -> Plot:
    """The same chart drawn as ``ask.kind`` ("same but as a line chart")."""
    kind = old.kind if ask.kind == "auto" else ask.kind
    x = None if kind in DISTRIBUTION else old.x
    fields = old.model_dump(exclude={"op"}) | {"kind": kind, "x": x}
    if kind != "hist":
        fields["bins"] = None
    fields["bins"] = ask.bins or fields["bins"]
    fields["title"] = ask.title or old.title
    return make_plot(**fields)


# ---------------------------------------------------------------- planning a chart request


def _split(text: str, role: str, last: bool = True) -> tuple[str, str, str] | None:
    """``text`` cut at the last (or first) phrase of ``role``: (before, after, the phrase's kind)."""
    ws = words(text)
    found = None
    for i in range(len(ws)):
        n, kind = _at(ws, i, role)
        if n and i > 0 and i + n < len(ws):
            found = (text[: ws[i].start].strip(), text[ws[i + n - 1].end :].strip(), kind)
            if not last:
                break
    return found


def _columns(base: Understand, text: str, schemas: Mapping[str, FrameSchema], source: str) -> tuple:
    """Columns named in ``text`` and the filters said with them ("body mass for Adelie"): the
    reading of 'select <text>'."""
    plan = base(f"select {text}", schemas, source)
    *filters, sel = plan.steps
    if not isinstance(sel, Select) or not all(isinstance(f, Filter) for f in filters):
        raise CompileError(f"name the columns to chart; '{text}' is not a list of columns")
    return tuple(filters), sel.columns


def _distribution(ask: ChartAsk, base: Understand, schemas: Mapping[str, FrameSchema], source: str) -> Plan:
    cut_at = _split(ask.rest, "group")
    ytext, gtext = (cut_at[0], cut_at[1]) if cut_at else (ask.rest, "")
    filters, ys = _columns(base, ytext, schemas, source)
    by = None
    if gtext:
        more, gs = _columns(base, gtext, schemas, source)
        if len(gs) != 1:
            raise CompileError(f"split a {ask.kind} by one column, not {', '.join(gs)}")
        filters, by = filters + more, gs[0]
    plot = make_plot(kind=ask.kind, y=ys, by=by, bins=ask.bins, title=ask.title)
    return Plan(source=source, steps=(*filters, plot))


def _two_axes(
    ask: ChartAsk, base: Understand, schemas: Mapping[str, FrameSchema], source: str
) -> Plan | None:
    """ "y against x" (or, for a scatter plot, "x and y"): two columns named as the axes; None when
    the text names no axes that way."""
    cut_at = _split(ask.rest, "against", last=False)
    if cut_at is None or (cut_at[2] == "xy" and ask.kind != "scatter"):
        return None
    first, second, order = cut_at
    f1, c1 = _columns(base, first, schemas, source)
    f2, c2 = _columns(base, second, schemas, source)
    ys, xs = (c1, c2) if order == "yx" else (c2, c1)
    if len(xs) != 1:
        raise CompileError(f"one column goes along x, not {', '.join(xs)}")
    kind = ask.kind
    if kind == "auto":
        info = schemas[source].get(xs[0])
        kind = "line" if info is not None and info.kind == "datetime" else "scatter"
    plot = make_plot(kind=kind, x=xs[0], y=ys, bins=ask.bins, title=ask.title)
    return Plan(source=source, steps=(*f1, *f2, plot))


def _plain_columns(
    ask: ChartAsk, base: Understand, schemas: Mapping[str, FrameSchema], source: str, why: CompileError
) -> Plan:
    """A chart of columns as they are ("plot body mass": its histogram; "line chart of close":
    against the row order). A bar or pie chart of a column by a label needs one value per label,
    so there the request must say how to combine them."""
    try:
        filters, ys = _columns(base, ask.rest, schemas, source)
    except CompileError:
        by = _split(ask.rest, "group")
        if by is not None and ask.kind in ("bar", "barh", "pie", "auto"):
            raise CompileError(
                f"a {ask.kind if ask.kind != 'auto' else 'bar'} chart shows one value per {by[1]}: say how "
                f"to combine {by[0]} (e.g. 'mean {by[0]} by {by[1]}')",
                words=[by[0]],
            ) from None
        raise why from None
    kind = ask.kind
    if kind == "auto":
        kind = "hist" if len(ys) == 1 else "line"
    if kind in ("bar", "barh", "pie", "scatter"):
        raise why
    plot = make_plot(kind=kind, y=ys, bins=ask.bins, title=ask.title)
    return Plan(source=source, steps=(*filters, plot))


def plan_chart(ask: ChartAsk, base: Understand, schemas: Mapping[str, FrameSchema], source: str) -> Plan:
    """The plan of a chart request: the data part planned by ``base``, then the Plot."""
    if not ask.rest:
        return Plan(source=source, steps=(plot_of(ask, (), schemas[source]),))
    if ask.kind in DISTRIBUTION:
        return _distribution(ask, base, schemas, source)
    if ask.kind in ("scatter", "line", "area", "auto"):  # "price over date": the axes, named
        try:
            two = _two_axes(ask, base, schemas, source)
        except CompileError:
            if ask.kind == "scatter":
                raise
            two = None
        if two is not None:
            return two
    try:
        plan = base(ask.rest, schemas, source)
    except CompileError as exc:
        return _plain_columns(ask, base, schemas, source, exc)
    shaped = schemas[source]
    for step in plan.steps:
        shaped = schema_after(shaped, step, schemas)
    return Plan(source=plan.source, steps=(*plan.steps, plot_of(ask, plan.steps, shaped)))


def with_charts(base: Understand) -> Understand:
    """``base`` that also reads chart requests."""

    def understand(request: str, schemas: Mapping[str, FrameSchema], source: str) -> Plan:
        src = schemas.get(source)
        cols = frozenset(n.lower() for n in src.names) if src is not None else frozenset()
        ask = find_chart(request, cols)
        if ask is None:
            return base(request, schemas, source)
        return plan_chart(ask, base, schemas, source)

    return understand


__all__ = ["ChartAsk", "find_chart", "make_plot", "plan_chart", "plot_of", "replot", "with_charts"]
