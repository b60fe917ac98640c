"""Builders for the rules of ``data/positions.toml``: ``build_<builder>`` turns a fit
(:class:`~.opgrammar.Match`) into :class:`~.positions.PosReading` s, returns ``[]`` to decline it,
or raises CompileError when it surely cannot be done.

How the asker counts is decided here, once for all rules: ordinals ("the fourth column") count
from 1, as English does; numbers in brackets (``[2, 0]``) count from 0, as Python does; row
numbers ("rows 5 through 10") count from 0 when a 0 is among them or the asker says so ("if we
start counting at 1", "0-based"), and otherwise may mean either — both readings are offered.
Ranges include both ends ("5 through 10" is six rows).
"""

from __future__ import annotations

from ..errors import CompileError
from ..plan import (
    Filter,
    FrameInfo,
    GroupHead,
    Head,
    RowLabels,
    RowSlice,
    RowSpan,
    Select,
    Sort,
    SortKey,
    Step,
    Tail,
)
from .colnames import build_name_match  # noqa: F401 - a builder of positions.toml, found by name
from .opconditions import _col, _cols, _condition
from .opgrammar import Match
from .positions import PosReading
from .posterms import Span, read_numbers, read_ordinals

MAX_LABELS = 10_000  # labels listed in one step (a range of labels is written out)

# ---------------------------------------------------------------- shared pieces


def rows_step(spans: list[tuple[int, int | None]]) -> Step:
    """The step taking these 0-based half-open spans: consecutive spans joined, the first n rows
    as ``Head``, the last n as ``Tail``, anything else as ``RowSlice``."""
    joined: list[tuple[int, int | None]] = []
    for a, b in spans:
        if joined and joined[-1][1] is not None and joined[-1][1] == a and a >= 0 and b is not None and b > a:
            joined[-1] = (joined[-1][0], b)
        else:
            joined.append((a, b))
    if len(joined) == 1:
        a, b = joined[0]
        if a == 0 and b is not None and b > 0:
            return Head(n=b)
        if a < 0 and b is None:
            return Tail(n=-a)
    return RowSlice(spans=tuple(RowSpan(start=a or None, stop=b) for a, b in joined))


def _ordinal_spans(ords: tuple[int, ...]) -> list[tuple[int, int | None]]:
    return [(k - 1, k) if k > 0 else (k, None if k == -1 else k + 1) for k in ords]


def _count(m: Match, name: str = "num") -> int | None:
    idx = m.slots.get(name)
    if not idx:
        return None
    n = m.cl.items[idx[0]].num
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise CompileError("a number of rows must be a whole number of at least 1")
    return n


def _text(m: Match, name: str) -> str:
    return " ".join(it.text for it in m.items(name))


def _columns_first(m: Match, step: Step) -> list[Step]:
    """The named columns (the values of these columns, or of the columns by ordinal: "the first
    three elements in the 7th column"), then the rows."""
    cols = _ordinal_columns(m) if m.slots.get("colords") else _cols(m, "cols")
    return [Select(columns=cols), step] if cols else [step]


def _ordinal_columns(m: Match) -> tuple[str, ...]:
    """The columns at the ordinals of the ``colords`` slot ("the 7th column", "the last column")."""
    corder = read_ordinals(m.items("colords"))
    width = len(m.cl.ctx.current.names)
    return _columns_at(m, [k - 1 if k > 0 else width + k for k in corder], "columns by position")


def _columns_at(m: Match, positions: list[int], what: str) -> tuple[str, ...]:
    """The names of the columns at 0-based ``positions``, refused when one is past the last."""
    names = m.cl.ctx.current.names
    for p in positions:
        if not 0 <= p < len(names):
            raise CompileError(f"{what}: the frame has only {len(names)} columns")
    return tuple(dict.fromkeys(names[p] for p in positions))


def _same_columns(m: Match, cols: tuple[str, ...], name: str = "named") -> None:
    """An aside that names the columns again ("the fourth and fifth columns (continent and
    lifeExp)") must name the same ones."""
    named = _cols(m, name)
    if named and set(named) != set(cols):
        raise CompileError(
            f"the columns at those positions are {', '.join(cols)}, not {', '.join(named)}",
            words=[it.text for it in m.items(name)],
        )


# ---------------------------------------------------------------- the first / last rows


def build_end_rows(m: Match) -> list[PosReading]:
    """ "the first 10 lines", "the last five elements", "the first 10 values of lifeExp", "every
    row but the last", "the first observation within each firm"."""
    end = m.values["end"]
    n = _count(m)
    if n is None:
        noun = m.said.get("value_noun") or " ".join(it.text for it in m.items("rows"))
        if noun.endswith("s"):
            return []  # "the first rows": how many?
        n = 1
    if "end2" in m.values and (m.values["end2"] != end or (_count(m, "num2") or 1) != n):
        raise CompileError("the words in brackets name other rows than the words before them")
    if m.args.get("drop"):
        return [PosReading((RowSlice(spans=(RowSpan(start=n),) if end == "first" else (RowSpan(stop=-n),)),))]
    by = _cols(m, "by")
    said = {w for it in m.cl.items for w in it.words}
    if m.args.get("said_group") and not said & {"group", "groups"}:
        return []  # "the first 10 rows by distance" is an order, not groups
    if by:
        if _cols(m, "cols"):
            return []
        return [PosReading((GroupHead(by=by, n=n, last=end == "last"),))]
    spans: list[tuple[int, int | None]] = [(0, n)] if end == "first" else [(-n, None)]
    return [PosReading(tuple(_columns_first(m, rows_step(spans))))]


def build_group_top(m: Match) -> list[PosReading]:
    """ "for each firm, the two rows with the most invest": sorted by the measure, best first,
    then the first n rows of each group."""
    n = _count(m) or 1
    by, measure = _cols(m, "by"), _col(m, "measure")
    if measure is None or measure in by:
        return []
    largest = m.values["most"] == "largest"
    sort = Sort(keys=(SortKey(column=measure, ascending=not largest),))
    return [PosReading((sort, GroupHead(by=by, n=n)))]


# ---------------------------------------------------------------- rows by ordinal


def build_ordinal_rows(m: Match) -> list[PosReading]:
    """ "the first, second, and third row", "the first and last row", "the first row, and the
    fourth and fifth columns"."""
    ords = read_ordinals(m.items("ords"))
    if len(set(ords)) != len(ords):
        return []
    steps: list[Step] = []
    if m.slots.get("colords"):
        cols = _ordinal_columns(m)
        _same_columns(m, cols)
        steps.append(Select(columns=cols))
    elif _cols(m, "cols"):
        steps.append(Select(columns=_cols(m, "cols")))
    steps.append(rows_step(_ordinal_spans(ords)))
    return [PosReading(tuple(steps))]


# ---------------------------------------------------------------- every nth row


def build_every_nth(m: Match) -> list[PosReading]:
    """ "every 100th record", "every second row": the first row and every nth after it, as
    Python's ``rows[::n]`` (the way lessons take a sample of a long frame)."""
    ords = read_ordinals(m.items("every"))
    if len(ords) != 1 or ords[0] < 2:
        return []
    return [PosReading((RowSlice(spans=(RowSpan(step=ords[0]),)),))]


# ---------------------------------------------------------------- rows by number


def _spans(spans: tuple[Span, ...], base: int) -> list[tuple[int, int | None]]:
    return [(s.first - base, s.last - base + 1) for s in spans]


def build_numbered_rows(m: Match) -> list[PosReading]:
    """ "rows 0, 1 and 2", "row numbers 5 through 10", "rows 1 through 9 and 19 through 23": from
    0 when a 0 is among them or the asker says so, else both readings."""
    spans = read_numbers(m.items("positions"))
    lowest = min(s.first for s in spans)
    said = m.values.get("base")
    bases = [int(said)] if said is not None else [0] if lowest == 0 else [1, 0]
    if 1 in bases and lowest == 0:
        raise CompileError("row 0 does not exist when the rows are counted from 1")
    words = _text(m, "positions")
    out = []
    for base in bases:
        steps = tuple(_columns_first(m, rows_step(_spans(spans, base))))
        if len(bases) == 1:
            out.append(PosReading(steps))
        else:
            how = "counting from 1" if base == 1 else "counting from 0"
            note = f"row numbers {words} read {how}"
            out.append(PosReading(steps, say=("positions", f"{words} ({how})"), note=note))
    return out


def _same_rows(m: Match, labels: list[int]) -> None:
    """Rows restated by position ("index 1, 2 and 3 (rows 2, 3 and 4)"): the positions, counted
    from 1, must be those the labels stand at — true only of the default index (0, 1, 2 …), which
    is all a request can assume; anything else is refused rather than guessed."""
    said = [p for s in read_numbers(m.items("recount")) for p in range(s.first, s.last + 1)]
    if said != [k + 1 for k in labels]:
        raise CompileError(
            "the rows in brackets are not the rows with those index labels"
            " (counting from 1 on the default index)",
            words=[it.text for it in m.items("recount")],
        )


def build_labelled_rows(m: Match) -> list[PosReading]:
    """ "the records with index labels 1, 2, 3, 5, and 8": rows by their index labels (ranges of
    labels written out)."""
    labels: list[int] = []
    for s in read_numbers(m.items("positions")):
        if len(labels) + s.last - s.first + 1 > MAX_LABELS:
            raise CompileError(f"more than {MAX_LABELS} row labels in one request")
        labels.extend(range(s.first, s.last + 1))
    if len(set(labels)) != len(labels):
        raise CompileError("a row label is given twice")
    if m.slots.get("recount"):
        _same_rows(m, labels)
    step = RowLabels(labels=tuple(labels))
    cols = _cols(m, "cols")
    return [PosReading((step, Select(columns=cols)) if cols else (step,))]


# ---------------------------------------------------------------- columns by number, cells


def build_column_numbers(m: Match) -> list[PosReading]:
    """ "continent, year and lifeExp (columns 2, 3 and 4 if we start counting at 1)", "columns 0
    and 2 (0-based)": columns by number when the base is said, or when the columns are named
    too (then the numbers only confirm them)."""
    spans = read_numbers(m.items("positions"))
    said = m.values.get("base")
    named = _cols(m, "named")
    if said is None and not named:
        return []
    for base in [int(said)] if said is not None else [1, 0]:
        positions = [p - base for s in spans for p in range(s.first, s.last + 1)]
        cols = _columns_at(m, positions, "columns by position")
        if not named or set(cols) == set(named):
            return [PosReading((Select(columns=named or cols),))]
    _same_columns(m, cols)
    return []


def build_cell(m: Match) -> list[PosReading]:
    """ "the value at index [2, 0]": row and column positions in brackets, counted from 0 as in
    Python's ``iloc``."""
    r, c = m.items("row")[0].num, m.items("col")[0].num
    if not isinstance(r, int) or not isinstance(c, int) or isinstance(r, bool) or isinstance(c, bool):
        return []
    (col,) = _columns_at(m, [c], f"column {c}")
    return [PosReading((Select(columns=(col,)), rows_step([(r, r + 1)])))]


def build_index_labels(m: Match) -> list[PosReading]:
    """ "the index values as a list", "the row names from the index": the index labels (of the
    rows where a condition holds, when one is said)."""
    if "cond" in m.slots:
        return [PosReading((Filter(condition=_condition(m)), FrameInfo(fact="index")))]
    return [PosReading((FrameInfo(fact="index"),))]


__all__ = [
    "build_cell",
    "build_column_numbers",
    "build_end_rows",
    "build_every_nth",
    "build_group_top",
    "build_index_labels",
    "build_labelled_rows",
    "build_numbered_rows",
    "build_ordinal_rows",
    "rows_step",
]
