"""The aggregate, group and having phrases of a query clause: "average dep_delay by carrier",
"carriers with more than 100 flights" (the "which" production lives in ``query_which``).

Each extractor is a small production over typed items that marks what it used; what is left over
must be row conditions (read by ``conditions``).
"""

from __future__ import annotations

from ..errors import CompileError
from .context import Clause
from .ground import EXACT
from .items import Item
from .morph import is_plural_noun
from .query_state import _COUNT_PHRASES_DISTINCT, Query, _agg_ref
from .query_which import extract_which
from .tokens import split_words

__all__ = ["extract_aggs", "extract_group", "extract_having", "extract_which"]


_SUP_AGG = {
    "earliest": "min",
    "latest": "max",
    "largest": "max",
    "biggest": "max",
    "highest": "max",
    "greatest": "max",
    "maximum": "max",
    "smallest": "min",
    "lowest": "min",
    "minimum": "min",
}


def _superlative_aggs(cl: Clause) -> None:
    """ "highest price for each symbol" is the maximum price per symbol: a generic superlative with no
    count, right before a column, reads as max / min."""
    for i, it in enumerate(cl.items):
        if it.used or not it.sup or it.words[0] not in _SUP_AGG or len(it.words) != 1:
            continue
        k = cl.skip(i + 1)
        while (
            k < len(cl.items) and (cl.items[k].kw("and") or cl.items[k].sym == ",") and not cl.items[k].cols
        ):
            k2 = cl.skip(k + 1)
            if k2 < len(cl.items) and (cl.items[k2].kw("agg") or cl.items[k2].words[0] in _SUP_AGG):
                k = cl.skip(k2 + 1)
            else:
                break
        if k < len(cl.items) and cl.items[k].cols and not cl.items[k].used:
            it.kws = (*it.kws, ("agg", _SUP_AGG[it.words[0]]))


def _counted_condition(cl: Clause, k: int) -> bool:
    j = cl.skip(k + 1)
    while (
        j < len(cl.items)
        and cl.items[j].words[0] in ("values", "value", "entries", "are", "is", "were", "was")
        and not cl.items[j].kws
    ):
        j += 1
    if j >= len(cl.items) or cl.items[j].cols:
        return False
    nxt, col = cl.items[j], cl.items[k].col
    if not nxt.kws and any(h.column == col for h in nxt.vals):
        return True  # "how many times is the fuel propulsion cng": count rows, the column is tested
    if nxt.kw("present") and not nxt.kw("missing") and col is not None and counts_things(cl, col):
        nxt.used = True  # "what number of completions are recorded": the column holds the count
        return False
    return bool(nxt.kw("missing") or nxt.kw("present"))


def extract_aggs(cl: Clause, q: Query) -> None:
    _superlative_aggs(cl)
    i = 0
    while i < len(cl.items):
        it = cl.items[i]
        func = it.kw("agg") if not it.used else None
        is_count = bool(not it.used and it.kw("count") and not it.cols)
        if is_count and i > 0 and cl.items[i - 1].kw("group") and not cl.items[i - 1].used:
            i += 1  # "per number of cylinders": the grouping's business
            continue
        if (func is None and not is_count) or (it.cols and it.col_score >= 85):
            i += 1
            continue
        funcs: list[tuple[str, Item]] = []
        j = i
        while j < len(cl.items):
            cur = cl.items[j]
            f = cur.kw("agg") or ("count" if cur.kw("count") else None)
            if f is None or cur.used or (cur.cols and cur.col_score >= 85):
                break
            if _count_verb_before_number(cl, j):
                cl.use(j)  # "count the number of different templates": one count, said twice
                j = cl.skip(j + 1)
                continue
            funcs.append((f, cur))
            cl.use(j)
            k = cl.skip(j + 1)
            if k < len(cl.items) and (cl.items[k].sym == "," or cl.items[k].kw("and")):
                k2 = cl.skip(k + 1)
                if (
                    cl.items[k].sym == ","
                    and k2 < len(cl.items)
                    and cl.items[k2].kw("and")
                    and not cl.items[k2].cols
                ):
                    cl.use(k2)  # "the average, minimum, and maximum age": the list's last comma and 'and'
                    k2 = cl.skip(k2 + 1)
                if (
                    k2 < len(cl.items)
                    and (cl.items[k2].kw("agg") or cl.items[k2].kw("count"))
                    and cl.items[k2].col_score < 85
                ):
                    cl.use(k)
                    j = k2
                    continue
            j = k
            break
        cols: list[str] = []
        held_counts: set[str] = set()  # columns a participle named as holding the count asked for
        k = (
            cl.skip(j, kinds=("in",))
            if j < len(cl.items) and cl.items[j].words[0] in ("of", "the")
            else cl.skip(j)
        )
        if _number_of_column(cl, funcs, k):
            cl.use(k)  # "the maximum number of final tables made": the column counts; its maximum
            k = cl.skip(k + 1)
        said_distinct = False
        if (
            funcs
            and funcs[-1][0] == "count"
            and k < len(cl.items)
            and not cl.items[k].used
            and cl.items[k].kw("verb", "distinct")
            and not cl.items[k].cols
        ):
            cl.use(k)  # "the number of distinct type of pets": count the distinct values
            said_distinct = True
            k = cl.skip(k + 1)
        while k < len(cl.items):
            cur = cl.items[k]
            if cur.used:
                break
            if (
                cur.rownoun
                and not cur.cols
                and cur.frame
                and cur.frame != cl.ctx.source
                and funcs
                and funcs[0][0] != "count"
            ):
                from .joins import join_keys

                cols.append(join_keys(cl.ctx, cur.frame)[0][0])  # "how many different planes" → tailnum
                cl.use(k)
                k = cl.skip(k + 1)
                break
            entity = _entity_counted(cl, k, funcs)
            if entity is not None:
                cols.append(entity)  # "how many different templates" → Template_ID
                cl.use(k)
                k = cl.skip(k + 1)
                break
            if cur.rownoun and not cur.cols:
                cl.use(k)
                k = cl.skip(k + 1)
                break
            if cur.cols and _counted_condition(cl, k):
                break  # "how many dep_time values are missing": count rows, the column is a condition
            if cur.cols:
                cols.append(cl.column(k))
                cl.use(k)
                k2 = cl.skip(k + 1)
                if _said_by_participle(cl, k, k2, cols[-1]):
                    cols[-1] = cl.column(k2)  # "how many games were won" with a Won column: Won
                    held_counts.add(cols[-1])
                    cl.use(k2)
                    k2 = cl.skip(k2 + 1)
                if k2 < len(cl.items) and (cl.items[k2].sym == "," or cl.items[k2].kw("and")):
                    k3 = cl.skip(k2 + 1)
                    if cl.items[k2].sym == "," and k3 < len(cl.items) and cl.items[k3].kw("and"):
                        k3 = cl.skip(k3 + 1)  # "x, y, and z": the list's last comma and 'and'
                    if k3 < len(cl.items) and cl.items[k3].cols and not cl.items[k3].used:
                        cl.use_range(k2, k3)
                        k = k3
                        continue
                k = k2
                break
            break
        for f, item in funcs:
            if f == "count":
                if cols:
                    distinct = (
                        said_distinct
                        or tuple(item.words[:3]) in _COUNT_PHRASES_DISTINCT
                        or tuple(item.words[:2]) in _COUNT_PHRASES_DISTINCT
                    )
                    lone = len(funcs) == 1
                    for c in cols:
                        if (
                            not said_distinct
                            and not _said_distinct(item)
                            and (counts_things(cl, c) or c in held_counts)
                        ):
                            q.aggs.append(("sum", c))  # "how many wins did b have": Wins holds the count
                        else:
                            q.aggs.append(("nunique" if (distinct and lone) else "count", c))
                else:
                    q.aggs.append(("size", None))
            else:
                if not cols:
                    raise CompileError(
                        f"'{item.text}' of which column?",
                        words=[item.text],
                        suggestions=[c.name for c in cl.ctx.current.columns if c.numeric][:5],
                    )
                for c in cols:
                    q.aggs.append((f, c))
        i = k if k > i else i + 1


_BE = frozenset({"is", "are", "was", "were"})


def _said_by_participle(cl: Clause, k: int, k2: int, counted: str) -> bool:
    """ "how many games were won", "how many matches were lost": after the counted column a be-verb
    and a word that is itself the exact name of another numeric column (Won, Lost, Drawn) — that
    column holds the number asked for, not the one the noun named."""
    if k2 >= len(cl.items) or cl.items[k2].used or len(cl.items[k2].cols) != 1:
        return False
    between = {w for it in cl.items[k + 1 : k2] for w in it.words}
    if not between & _BE or cl.items[k2].cols[0] == counted or len(cl.items[k2].words) != 1:
        return False
    info = cl.ctx.info(cl.items[k2].cols[0])
    return cl.items[k2].col_score >= EXACT and info is not None and info.numeric


def _said_distinct(item: Item) -> bool:
    return any(w in ("different", "distinct", "unique") for w in item.words)


def counts_things(cl: Clause, column: str) -> bool:
    """A numeric column named by a plural noun (Wins, Total Goals, Seats, No. of Episodes) holds, in
    each row, a count of those things: "how many wins", "the number of goals" ask for its values
    (summed over the rows asked about), not for how many distinct values it has. A singular name
    (Year, Season, Pick) is a label-like number, and counting its values stays a count."""
    info = cl.ctx.info(column)
    if info is None or info.kind not in ("integer", "float"):
        return False
    words = [w for w in split_words(column) if w.isalpha()]
    return bool(words) and is_plural_noun(words[-1])


def _count_verb_before_number(cl: Clause, j: int) -> bool:
    """ "Count the" right before "number of (different) …": the verb only says what the noun says."""
    cur = cl.items[j]
    if cur.words[0] != "count" or cur.cols or not cur.kw("count"):
        return False
    k = cl.skip(j + 1)
    if k >= len(cl.items):
        return False
    nxt = cl.items[k]
    said = ("number", "of") in (tuple(nxt.words[:2]), tuple(nxt.words[1:3]))
    return said and not nxt.cols and bool(nxt.kw("count") or nxt.kw("agg", "nunique"))


def _entity_counted(cl: Clause, k: int, funcs: list[tuple[str, Item]]) -> str | None:
    """ "how many different templates": distinct values of the entity's id column (Template_ID)."""
    from .entities import entity_column

    cur = cl.items[k]
    if not funcs or funcs[0][0] != "nunique" or not cur.rownoun or cur.cols or cur.vals:
        return None
    return entity_column(cl.ctx.current, cur.words)


def _number_of_column(cl: Clause, funcs: list[tuple[str, Item]], k: int) -> bool:
    """ "the average number of staff", "the maximum number of final tables made": a numeric aggregate,
    then "number of" before a numeric column — that column holds the numbers."""
    if not funcs or any(f in ("count", "size", "nunique") for f, _ in funcs):
        return False
    if k + 1 >= len(cl.items) or cl.items[k].used or cl.items[k].cols or not cl.items[k].kw("count"):
        return False
    if tuple(cl.items[k].words) not in (("number", "of"), ("count", "of"), ("the", "number", "of")):
        return False
    nxt = cl.items[cl.skip(k + 1)] if cl.skip(k + 1) < len(cl.items) else None
    info = cl.ctx.info(nxt.col) if nxt is not None and nxt.col and not nxt.used else None
    return bool(info and info.numeric)


def extract_having(cl: Clause, q: Query) -> None:
    """Conditions on an aggregate: "species with mean body mass above 4000", "carriers with more
    than 10000 flights"."""
    from .values import read_value

    items = cl.items
    for i, it in enumerate(items):
        if it.used or not (it.kw("agg") or it.kw("count")) or it.cols:
            continue
        before = [x.used for x in items]
        got = _agg_ref(cl, i)
        if got is None:
            continue
        ref, k = got
        k = cl.skip(k)
        if k < len(items) and items[k].kw("cmp") and not items[k].cols:
            op = items[k].kw("cmp")
            val = read_value(cl, k + 1, ref[2] if ref[0] == "agg" else None)  # type: ignore[index]
            if val is not None and _measured_by_column(cl, val[1]):
                val = None  # "how many teams had more than 2 wins": a test on Wins, not on the count
            if val is not None and getattr(val[0], "value", None) is not None:
                cl.use_range(k, val[1])
                q.having.append((ref[1], ref[2], op or "eq", val[0].value))  # type: ignore[index, union-attr]
                continue
        for x, was in zip(items, before, strict=True):  # not a condition after all: give the items back
            x.used = was
    for i, it in enumerate(items):
        if it.used or not it.kw("cmp") or it.cols:
            continue
        j = cl.skip(i + 1)
        k = cl.skip(j + 1)
        if (
            j < len(items)
            and items[j].num is not None
            and k < len(items)
            and items[k].rownoun
            and not items[k].cols
        ):
            cl.use(i, j, k)
            q.having.append(("size", None, it.kw("cmp"), items[j].num))  # type: ignore[arg-type]
    if q.having and not q.group:
        entity = _having_entity(cl)
        if entity is not None:
            q.group.append((entity, None))


def _measured_by_column(cl: Clause, k: int) -> bool:
    """The number just read is followed by a numeric column naming what it counts ("more than 2
    wins", "over 20 goals"): the comparison is about that column in each row, not about a count of
    rows or an aggregate."""
    k = cl.skip(k)
    if k >= len(cl.items) or cl.items[k].used or not cl.items[k].cols:
        return False
    col = cl.items[k].col
    info = cl.ctx.info(col) if col else None
    return bool(info and info.numeric)


def _having_entity(cl: Clause) -> str | None:
    """The column the rows are grouped by when a clause starts "species with …"."""
    for i, it in enumerate(cl.items):
        if it.used or (it.filler and not it.cols):
            continue
        if it.cols and it.col and not it.vals:
            cl.use(i)
            return it.col
        return None
    return None


def extract_group(cl: Clause, q: Query) -> None:
    for i, it in enumerate(cl.items):
        if it.used or not it.kw("group") or it.cols:
            continue
        k = cl.skip(i + 1)
        if k < len(cl.items) and cl.items[k].kw("count") and not cl.items[k].cols:
            k2 = cl.skip(k + 1)
            if k2 < len(cl.items) and cl.items[k2].cols:  # "per number of cylinders"
                cl.use(k)
                k = k2
        keys: list[tuple[str, str | None]] = []
        while k < len(cl.items) and not cl.items[k].used:
            cur = cl.items[k]
            noun_col = cl.noun_column(k) if cur.rownoun and not cur.cols else None
            if noun_col is not None:
                keys.append((noun_col, None))
            elif cur.cols and not (cur.datepart and not cur.col_score >= 85 and cur.col is None):
                keys.append((cl.column(k), None))
            elif cur.datepart:
                dts = cl.ctx.datetime_columns()
                if len(dts) != 1:
                    raise CompileError(
                        f"'{cur.text}' of which date column?", words=[cur.text], suggestions=dts
                    )
                keys.append((cur.datepart, dts[0]))
            else:
                break
            cl.use(k)
            k2 = cl.skip(k + 1)
            if k2 < len(cl.items) and (cl.items[k2].sym == "," or cl.items[k2].kw("and")):
                k3 = cl.skip(k2 + 1)
                if (
                    k3 < len(cl.items)
                    and (cl.items[k3].cols or cl.items[k3].datepart)
                    and not cl.items[k3].used
                ):
                    cl.use(k2)
                    k = k3
                    continue
            break
        if keys:
            cl.use(i)
            prev = cl.items[i - 1] if i > 0 else None
            if (
                prev is not None
                and not prev.used
                and not prev.cols
                and not prev.vals
                and (prev.kw("in") or prev.kw("dirfrom") or prev.kw("dirto"))
            ):
                cl.use(i - 1)  # "on each island", "from each country"
            q.group.extend(keys)
