"""The row with the best value: "the singer with the largest net worth", "the shop whose number of
products is the largest", "the poker player with the highest earnings".

A row noun, then a generic superlative over one of its columns, with no count and no grouping: the
one row where that column is largest (smallest) — ``TopN(1)``, a frame, so a projection ("the
name of …") may follow. Read before the aggregates, so "largest net worth" here is not the
maximum alone (which has lost the row it came from).
"""

from __future__ import annotations

from ..plan import ArgBest, Step, TopN
from .context import Clause
from .items import Item
from .measures import numbers_as_text
from .query_state import Query
from .tokens import singular

# generic superlatives that pick a row by one column ("most"/"least" only before a column: before a
# row noun they count rows, "the company with the most orchestras")
_GENERIC = frozenset(
    {"largest", "highest", "greatest", "biggest", "maximum", "smallest", "lowest", "minimum"}
)
_COUNTING = frozenset({"most", "least", "fewest"})
# words that may stand between the row noun and the superlative ("with the", "who has the")
_LINK = frozenset({"with", "having", "that", "who", "which", "has", "have", "had", "the", "of", "is", "was"})
_WHOSE = frozenset({"whose", "where"})
_BE = frozenset({"is", "are", "was", "were", "the"})


def _sup_word(cl: Clause, i: int) -> str | None:
    it = cl.items[i]
    if it.used or not it.sup or it.sup[1] or it.cols or len(it.words) != 1:
        return None
    w = it.words[0]
    return w if w in _GENERIC or w in _COUNTING else None


def _rownoun_before(cl: Clause, i: int, links: frozenset[str]) -> int | None:
    j = i - 1
    while j >= 0 and not cl.items[j].cols and _link(cl.items[j], links, cl.items[j].used):
        j -= 1
    if j >= 0 and _one_row(cl, j):
        return j
    return None


def _link(it: Item, links: frozenset[str], used: bool) -> bool:
    """A linking word, or a filler with no other meaning ("who has *worked* the most years": a
    light verb, :mod:`.lightverbs`). A relative word the projection already took ("the name of
    the conductor *who* has …") still links."""
    if used:
        return it.words[-1] in _RELATIVE
    return it.words[-1] in links or (it.filler and not it.kws and not it.vals)


_RELATIVE = frozenset({"who", "that", "which"})


def _number_of(cl: Clause, k: int) -> int:
    """ "the greatest number of years" where Year_of_Work holds the numbers: the column's index
    after "number of" (the count phrase only names the column), else ``k``."""
    it = cl.items[k] if k < len(cl.items) else None
    if it is None or it.used or it.cols or not it.kw("count") or it.words not in _NUMBER_OF:
        return k
    n = cl.skip(k + 1)
    col = cl.items[n].col if n < len(cl.items) and not cl.items[n].used else None
    info = cl.ctx.info(col) if col is not None else None
    return n if info is not None and info.numeric else k


_NUMBER_OF = frozenset({("number", "of"), ("the", "number", "of"), ("count", "of")})


def _one_row(cl: Clause, j: int) -> bool:
    """A singular row noun ("the singer", "the shop"): one row is asked for. "Which planes have the
    fewest seats" asks for every plane tied at the fewest, which one row would silently drop."""
    it = cl.items[j]
    if not it.rownoun or it.cols or it.vals:
        return False
    w = it.words[-1]
    return singular(w) == w


def _grouped(cl: Clause) -> bool:
    return any(it.kw("group") and not it.cols and not it.used for it in cl.items)


def _numeric(cl: Clause, col: str, q: Query | None = None) -> bool:
    """A column a superlative can measure; a text column of numbers too, cast first (noted in ``q``)."""
    info = cl.ctx.info(col)
    if info and (info.numeric or info.kind == "datetime"):
        return True
    if q is not None and numbers_as_text(cl, col):
        q.casts = (*q.casts, col)
        return True
    return False


def extract_best_row(cl: Clause, q: Query) -> bool:
    """ "ROWS with the SUP COL" / "ROWS whose COL is the SUP": the best row by COL."""
    if _grouped(cl) or q.top is not None or q.head is not None:
        return False
    items = cl.items
    for i in range(len(items)):
        word = _sup_word(cl, i)
        if word is None:
            continue
        largest = bool(items[i].sup[0])  # type: ignore[index]
        # "ROWS with the largest COL"
        r = _rownoun_before(cl, i, _LINK)
        k0 = cl.skip(i + 1)
        k = _number_of(cl, k0)
        if r is not None and k < len(items) and items[k].col and not items[k].used and not items[k].vals:
            col = items[k].col
            if col is not None and not _count_near(cl, i) and _numeric(cl, col, q):
                cl.use(*range(r + 1, i + 1), k0, k)
                q.top = (1, ("col", col), largest)
                return True
        # "ROWS whose COL is the largest"
        if word in _COUNTING:
            continue
        j = i - 1
        while j >= 0 and not items[j].used and not items[j].cols and items[j].words[-1] in _BE:
            j -= 1
        w = j - 1
        if (
            w >= 1
            and items[j].col
            and not items[j].used
            and not items[j].vals
            and not items[w].used
            and items[w].words[-1] in _WHOSE
            and not items[w].cols
            and _one_row(cl, w - 1)
        ):
            col = items[j].col
            if col is not None and cl.skip(i + 1) >= len(items) and _numeric(cl, col, q):
                cl.use(*range(w, i + 1))
                q.top = (1, ("col", col), largest)
                return True
    return False


# words between "the lowest X" and the columns of the same row: "and its Y", ", along with its
# corresponding Y"; a possessive (or "corresponding") must be among them
_SAME_ROW = frozenset({"its", "their", "corresponding", "respective", "matching"})
_JOIN = frozenset({"and", ",", "along", "with", "together", "the", *_SAME_ROW})


def extract_best_with_its(cl: Clause, q: Query) -> bool:
    """ "the smallest version number and its template type code": the row with the smallest X, and
    its X and Y."""
    if _grouped(cl) or q.top is not None or q.head is not None:
        return False
    items = cl.items
    for i in range(len(items)):
        word = _sup_word(cl, i)
        if word is None or word in _COUNTING or _count_near(cl, i):
            continue
        k = cl.skip(i + 1)
        if k >= len(items) or not items[k].col or items[k].used or items[k].vals:
            continue
        first = items[k].col
        if first is None or not _numeric(cl, first):
            continue
        m = k + 1
        said_same = False
        while m < len(items) and not items[m].used and not items[m].cols and not items[m].vals:
            w = items[m].sym or items[m].words[-1]
            if w not in _JOIN and not (items[m].filler and w in _JOIN):
                break
            said_same = said_same or any(x in _SAME_ROW for x in items[m].words)
            m += 1
        if not said_same or m >= len(items) or not items[m].col or items[m].used:
            continue
        cols = [first]
        used = list(range(i, m))
        while m < len(items) and items[m].col and not items[m].used and not items[m].vals:
            cols.append(items[m].col)  # type: ignore[arg-type]
            used.append(m)
            n = m + 1
            joined = n + 1 < len(items) and (items[n].sym == "," or bool(items[n].kw("and")))
            if joined and items[n + 1].col and not items[n + 1].used:
                used.append(n)
                m = n + 1
                continue
            break
        cl.use(*used)
        q.top = (1, ("col", first), bool(items[i].sup[0]))  # type: ignore[index]
        q.project = tuple(dict.fromkeys(cols))
        return True
    return False


def _count_near(cl: Clause, i: int) -> bool:
    """A count before the superlative ("the 3 largest …", "the five cars with the most …"): a top-n,
    not one row."""
    for j in range(max(0, i - 6), i):
        it = cl.items[j]
        if it.num is not None and not it.cols and not it.used and it.unit is None:
            return True
    return False


def rows_to_project(steps: list[Step], columns: tuple[str, ...]) -> list[Step]:
    """Steps a projection of ``columns`` ("the name and district of …") follows: a trailing "which
    row has the largest X" (``ArgBest``, one value) becomes that row (``TopN(1)``), whose columns are
    then picked — when the value it named is one of them, or the column that names a row ("the
    shop" read as its Name); otherwise the two readings disagree on what is asked ("the names … of
    the songs of the youngest singer") and stay refused."""
    if (
        steps
        and isinstance(steps[-1], ArgBest)
        and (steps[-1].label in columns or _names_rows(steps[-1].label))
    ):
        last = steps[-1]
        return [*steps[:-1], TopN(n=1, column=last.column, largest=last.largest)]
    return steps


def projection_before(cl: Clause, i: int) -> tuple[str, ...]:
    """ "the weight of the youngest dog", "the type and weight of the oldest pet": the columns asked
    of the one row a superlative at ``i`` picks (their items, and the "of", are used)."""
    j = i - 1
    while j >= 0 and not cl.items[j].used and cl.items[j].filler and not cl.items[j].kws:
        j -= 1
    if j < 1 or cl.items[j].used or cl.items[j].words != ("of",) or cl.items[j].cols:
        return ()
    used = [j]
    cols: list[str] = []
    k = j - 1
    while k >= 0:
        it = cl.items[k]
        if it.used or it.vals or not it.col:
            break
        cols.insert(0, it.col)
        used.append(k)
        sep = k - 1
        if sep >= 1 and (cl.items[sep].sym == "," or cl.items[sep].kw("and")) and not cl.items[sep].cols:
            used.append(sep)
            k = sep - 1
            continue
        break
    if not cols:
        return ()
    cl.use(*used)
    return tuple(dict.fromkeys(cols))


def _names_rows(column: str) -> bool:
    """The column a "which <row noun>" question answers with (as ``Clause.label_column`` picks it)."""
    return column.lower() in ("name", "title", "label")
