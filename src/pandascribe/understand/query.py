"""The query clause: rows kept, groups, aggregates, order and limit — in one sentence.

"keep flights with arr_delay of at least 120, average dep_delay by carrier, highest first" is read
like SQL: the sort, limit, group and aggregate phrases are taken out first (each by a small
production over typed items), what is left must be row conditions, and the pieces are assembled
in the one order that makes sense: filter → derive group keys → aggregate → sort → limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from ..errors import CompileError
from ..plan import (
    Agg,
    Aggregate,
    ArgBest,
    Col,
    DatePart,
    Derive,
    Filter,
    Head,
    ScalarAgg,
    Sort,
    SortKey,
    Step,
    Tail,
    TopN,
)
from ..plan.nodes import AggFunc
from .conditions import Conditions
from .context import Clause
from .items import Item

_COUNT_PHRASES_DISTINCT = {("how", "many"), ("number", "of"), ("the", "number", "of"), ("num",)}


@dataclass
class Query:
    """What one clause asks for, before assembly."""

    sort: list[tuple[object, bool | None]] = field(default_factory=list)  # (ref, ascending or None)
    sort_implied_dir: bool | None = None
    sort_concepts: tuple[str, ...] = ()
    head: tuple[str, int] | None = None  # ("head"|"tail", n)
    top: tuple[int, object, bool] | None = None  # (n, ref, largest)
    top_entity: str | None = None
    group: list[tuple[str, str | None]] = field(default_factory=list)  # (column or part name, datetime col)
    aggs: list[tuple[str, str | None]] = field(default_factory=list)  # (func, column)
    argbest: tuple[str, object, bool] | None = None  # (label, ref, largest)
    having: list[tuple[str, str | None, str, object]] = field(default_factory=list)  # (func, col, op, value)


# ---------------------------------------------------------------- extraction


def _agg_ref(cl: Clause, i: int) -> tuple[object, int] | None:
    """``[AGG] COL`` or ``count``/``rows`` at item i → a reference and the next index."""
    i = cl.skip(i)
    if i >= len(cl.items):
        return None
    it = cl.items[i]
    func = it.kw("agg") or (("size" if it.kw("count") else None) if not it.cols else None)
    if func is not None and not it.cols:
        j = cl.skip(i + 1)
        if j < len(cl.items) and cl.items[j].cols and not cl.items[j].used:
            cl.use(i, j)
            return ("agg", func if func != "size" else "count", cl.column(j)), j + 1
        if j < len(cl.items) and cl.items[j].rownoun and func == "size":
            cl.use(i, j)
            return ("agg", "size", None), j + 1
        if func == "size":
            cl.use(i)
            return ("agg", "size", None), i + 1
        return None
    if it.rownoun and not it.cols:
        cl.use(i)
        return ("agg", "size", None), i + 1
    if it.cols:
        cl.use(i)
        return ("col", cl.column(i)), i + 1
    return None


def _superlative_first(cl: Clause) -> None:
    """ "hottest days first": a superlative, the row noun, then "first" — a direction."""
    items = cl.items
    for i, it in enumerate(items):
        if it.used or not it.sup or not it.sup[1]:
            continue
        j = i + 1
        while j < len(items) and (items[j].rownoun or items[j].filler) and items[j].words[0] != "first":
            j += 1
        if j < len(items) and items[j].words[0] == "first" and j > i + 1:
            for k in range(i + 1, j + 1):
                items[k].used = True
            it.kws = (*it.kws, ("dir", "desc" if it.sup[0] else "asc"))


def extract_sort(cl: Clause, q: Query) -> None:
    _superlative_first(cl)
    for i, it in enumerate(cl.items):
        if it.used or not it.kw("sort") or it.cols:
            continue
        cl.use(i)
        j = cl.skip_use(i + 1, kinds=("group", "in"))
        while j < len(cl.items) and cl.items[j].rownoun and not cl.items[j].cols:
            cl.use(j)  # "sort the days by …"
            j = cl.skip_use(j + 1, kinds=("group", "in"))
        while j < len(cl.items):
            nxt = cl.items[j]
            if nxt.used:
                j += 1
                continue
            if nxt.kw("dir") and not nxt.cols:
                cl.use(j)
                q.sort_concepts = q.sort_concepts or _dir_concepts(nxt)
                if q.sort:
                    q.sort[-1] = (q.sort[-1][0], nxt.kw("dir") == "asc")
                else:
                    q.sort_implied_dir = nxt.kw("dir") == "asc"
                j = cl.skip(j + 1)
                continue
            if (nxt.sym == "," or nxt.kw("and")) and q.sort:
                k = cl.skip_use(j + 1, kinds=("group",))
                if k < len(cl.items) and (cl.items[k].cols or cl.items[k].kw("agg")):
                    cl.use(j)
                    j = k
                    continue
                break
            if nxt.cols or nxt.kw("agg") or nxt.kw("count"):
                got = _agg_ref(cl, j)
                if got is None:
                    break
                ref, j = got
                q.sort.append((ref, None))
                j = cl.skip(j)
                continue
            break
        if not q.sort and q.sort_implied_dir is None:
            q.sort_implied_dir = True
        break
    for i, it in enumerate(cl.items):
        if not it.used and it.kw("dir") and not it.cols:
            cl.use(i)
            asc = it.kw("dir") == "asc"
            concepts = _dir_concepts(it)
            if q.sort and q.sort[-1][1] is not None and concepts:
                # "by manufacturer A to Z, newest first": a second key, measured by the words
                q.sort.append((("col", cl.concept_column(concepts, it.text)), asc))
                j = i + 1
                while j < len(cl.items) and cl.items[j].kw("group") and not cl.items[j].cols:
                    cl.use(j)  # "newest first within each"
                    j += 1
                continue
            q.sort_concepts = q.sort_concepts or concepts
            if q.sort and q.sort[-1][1] is None:
                q.sort[-1] = (q.sort[-1][0], asc)
            else:
                q.sort_implied_dir = asc
            # "in descending order of X"
            j = i + 1
            if not q.sort and j < len(cl.items) and not cl.items[j].used and cl.items[j].words[0] == "of":
                got = _agg_ref(cl, cl.skip(j + 1))
                if got:
                    cl.use(j)
                    q.sort.append((got[0], asc))
                    q.sort_implied_dir = None


def _dir_concepts(it: Item) -> tuple[str, ...]:
    """ "hottest first", "from newest to oldest": the concept the direction words measure."""
    from .lexicon import SUPERLATIVES

    for w in it.words:
        if w in SUPERLATIVES and SUPERLATIVES[w][1]:
            return SUPERLATIVES[w][1]
    return ()


def _number_near(cl: Clause, i: int) -> tuple[int | None, int | None]:
    """A count just before or just after item i ("top 5", "5 largest", "the five lightest")."""
    for j in (i - 1, i - 2, i + 1, i + 2):
        if 0 <= j < len(cl.items):
            it = cl.items[j]
            if (
                it.num is not None
                and not it.used
                and not it.cols
                and isinstance(it.num, int)
                and it.unit is None
            ):
                between = range(min(i, j) + 1, max(i, j))
                if all(cl.items[k].filler for k in between):
                    return it.num, j
    # "the 3 penguins with the longest flippers": a count before the row noun
    for j in range(i - 1, max(-1, i - 5), -1):
        it = cl.items[j]
        if it.num is not None and not it.used and not it.cols and isinstance(it.num, int) and it.unit is None:
            if all(cl.items[k].filler or cl.items[k].rownoun for k in range(j + 1, i)):
                return it.num, j
            break
    return None, None


def _entity_with_superlative(cl: Clause, q: Query, i: int, largest: bool) -> bool:
    """ "the 3 destinations with the lowest average arrival delay", "the 5 carriers with the most
    flights": a count, a column naming the groups, then a superlative over an aggregate."""
    j = i - 1
    while (
        j >= 0
        and cl.items[j].words[0] in ("with", "the", "having", "that", "have", "has")
        and not cl.items[j].cols
    ):
        j -= 1
    if j < 1 or not cl.items[j].col or cl.items[j].used or cl.items[j].vals:
        return False
    k = j - 1
    while k >= 0 and cl.items[k].words[0] in ("the",) and not cl.items[k].num:
        k -= 1
    if k < 0 or not isinstance(cl.items[k].num, int) or cl.items[k].used or cl.items[k].cols:
        return False
    before = [cl.items[x].used for x in range(len(cl.items))]
    got = _agg_ref(cl, i + 1)
    if got is None or got[0][0] != "agg":  # type: ignore[index]
        for x, was in zip(cl.items, before, strict=True):
            x.used = was
        return False  # a plain column after the superlative: per row or per group? not ours to guess
    entity = cl.column(j)
    cl.use(*range(k, i + 1))
    q.top = (int(cl.items[k].num or 0), got[0], largest)
    q.top_entity = entity
    return True


def extract_limit(cl: Clause, q: Query) -> None:
    for i, it in enumerate(cl.items):
        if it.used or it.cols or it.vals:
            continue
        hk = it.kw("head") or it.kw("tail")
        if hk and not it.sup:
            n, j = _number_near(cl, i)
            if j is not None and j < i:
                n, j = None, None
            k = cl.skip((j if j is not None else i) + 1)
            after = cl.items[k] if k < len(cl.items) else None
            if after is None or after.rownoun or after.used:
                cl.use(i)
                if j is not None:
                    cl.use(j)
                if after is not None and after.rownoun:
                    cl.use(k)
                q.head = ("head" if it.kw("head") else "tail", n if n is not None else 1)
                return
        if it.sup:
            largest, concepts = it.sup
            if _entity_with_superlative(cl, q, i, largest):
                return
            n, j = _number_near(cl, i)
            generic = not concepts
            if n is None and generic and it.words[0] in ("top", "bottom"):
                continue
            if n is None and generic:
                continue  # "the largest …" without a count: an aggregate or the which-production's business
            cl.use(i)
            if j is not None:
                cl.use(j)
            ref: object = None
            k = cl.skip(max(i, j if j is not None else i) + 1)
            entity: str | None = None
            if k < len(cl.items) and not cl.items[k].used:
                ent = cl.items[k]
                if (ent.rownoun or ent.datepart) and not ent.cols:
                    cl.use(k)
                    k = cl.skip(k + 1)
                elif ent.cols:
                    cl.use(k)
                    entity = cl.column(k)
                    k = cl.skip(k + 1)
                    if concepts and not ent.vals:
                        if any(c.split()[0] in entity.lower() for c in concepts):
                            ref, entity = ("col", entity), None  # "the longest flippers": the measure itself
                        elif ent.words[-1].endswith("s"):
                            entity = None  # "the 10 gustiest hours": the rows, measured by the concept
                        else:
                            raise CompileError(
                                f"'{it.text} {ent.text}': which column measures '{it.text}'?", words=[it.text]
                            )
            if (
                k < len(cl.items)
                and not cl.items[k].used
                and (
                    cl.items[k].kw("group")
                    or cl.items[k].kw("in")
                    or cl.items[k].words[0] in ("with", "having")
                )
            ):
                got = _agg_ref(cl, k + 1)
                if got is not None:
                    cl.use(k)
                    ref = got[0]
            if ref is None and entity is not None and not concepts:
                ref, entity = ("col", entity), None
            if ref is None:
                ref = ("implied",) if not concepts else ("col", cl.concept_column(concepts, it.text))
            q.top = (n if n is not None else 1, ref, largest)
            q.top_entity = entity
            return


def extract_which(cl: Clause, q: Query) -> bool:
    """ "which X has the most Y", "what is the X with the largest Y"."""
    for i, it in enumerate(cl.items):
        if it.used or not it.kw("verb", "which") or it.cols:
            continue
        k = cl.skip(i + 1)
        if k >= len(cl.items):
            return False
        lab = cl.items[k]
        label: str | None = None
        if lab.cols and not lab.used:
            label = cl.column(k)
        elif lab.datepart or lab.rownoun:
            label = cl.label_column(k)
        if label is None:
            return False
        sup_i = next(
            (s for s in range(k + 1, len(cl.items)) if cl.items[s].sup and not cl.items[s].used), None
        )
        if sup_i is None:
            return False
        cl.use(i, k, sup_i)
        largest, concepts = cl.items[sup_i].sup  # type: ignore[misc]
        ref: object = None
        nk = cl.skip(sup_i + 1)
        if concepts and nk < len(cl.items) and cl.items[nk].rownoun and not cl.items[nk].cols:
            cl.use(nk)  # "the heaviest penguins": the noun names the rows, the concept the column
            got = None
        else:
            got = _agg_ref(cl, sup_i + 1)
        if got is not None:
            ref = got[0]
        elif concepts:
            ref = ("col", cl.concept_column(concepts, cl.items[sup_i].text))
        avg = next(
            (
                a
                for a in range(sup_i + 1, len(cl.items))
                if not cl.items[a].used and cl.items[a].kw("agg") and not cl.items[a].cols
            ),
            None,
        )
        if avg is not None and ref is not None and ref[0] == "col":  # type: ignore[index]
            cl.use(avg)  # "the heaviest penguins on average"
            if avg > 0 and cl.items[avg - 1].kw("in") and not cl.items[avg - 1].used:
                cl.use(avg - 1)
            ref = ("agg", cl.items[avg].kw("agg"), ref[1])  # type: ignore[index]
        if ref is None:
            between = [j for j in range(k + 1, sup_i) if cl.items[j].cols and not cl.items[j].used]
            if len(between) == 1:
                ref = ("col", cl.column(between[0]))
                cl.use(between[0])
        if ref is None and cl.items[sup_i].words[0] in ("most", "least", "fewest"):
            ref = ("agg", "size", None)  # "which carrier flies there most": the most rows
        if ref is None:
            raise CompileError(f"'{cl.items[sup_i].text}' what? name a column", words=[cl.items[sup_i].text])
        if i > 0 and cl.items[i - 1].kw("in") and not cl.items[i - 1].used:
            cl.use(i - 1)  # "on which date …"
        if ref[0] == "agg":  # type: ignore[index]
            q.group.append((label, None))
        q.argbest = (label, ref, largest)
        return True
    return False


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
    return (
        j < len(cl.items)
        and bool(cl.items[j].kw("missing") or cl.items[j].kw("present"))
        and not cl.items[j].cols
    )


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
        k = (
            cl.skip(j, kinds=("in",))
            if j < len(cl.items) and cl.items[j].words[0] in ("of", "the")
            else cl.skip(j)
        )
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
                from .reshape import join_keys

                cols.append(join_keys(cl.ctx, cur.frame)[0][0])  # "how many different planes" → tailnum
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
                if k2 < len(cl.items) and (cl.items[k2].sym == "," or cl.items[k2].kw("and")):
                    k3 = cl.skip(k2 + 1)
                    if k3 < len(cl.items) and cl.items[k3].cols and not cl.items[k3].used:
                        cl.use(k2)
                        k = k3
                        continue
                k = k2
                break
            break
        for f, item in funcs:
            if f == "count":
                if cols:
                    distinct = (
                        tuple(item.words[:3]) in _COUNT_PHRASES_DISTINCT
                        or tuple(item.words[:2]) in _COUNT_PHRASES_DISTINCT
                    )
                    lone = len(funcs) == 1
                    for c in cols:
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


# ---------------------------------------------------------------- assembly


def agg_name(func: str, col: str | None, taken: set[str]) -> str:
    base = "count" if func == "size" else f"{func}_{col}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def assemble(cl: Clause, q: Query) -> list[Step]:
    steps: list[Step] = []
    cond = Conditions(cl, cl.live()).parse()
    if cond is not None:
        steps.append(Filter(condition=cond))
    by: list[str] = []
    for key, dt in q.group:
        if dt is not None:
            name = key if key not in cl.ctx.current.names else f"{dt}_{key}"
            steps.append(Derive(name=name, expr=DatePart(part=key, expr=Col(name=dt))))  # type: ignore[arg-type]
            by.append(name)
        else:
            by.append(key)
    if q.top_entity is not None and q.top is not None:
        by.append(q.top_entity)
    if q.having and not by:
        raise CompileError("a condition on a total or average needs groups: say 'by <column>'")
    # references used by sort / top / argbest that are aggregates become aggregates too
    refs = [r for r, _ in q.sort]
    if q.top:
        refs.append(q.top[1])
    if q.argbest:
        refs.append(q.argbest[1])
    aggs = list(q.aggs)
    for func, col, _, _ in q.having:
        if (func, col) not in aggs:
            aggs.append((func, col))
    if by:
        for r in refs:
            if isinstance(r, tuple) and r[0] == "agg" and (r[1], r[2]) not in aggs:
                aggs.append((r[1], r[2]))
    out_names: dict[tuple[str, str | None], str] = {}
    taken = set(by)
    for func, col in aggs:
        out_names[(func, col)] = agg_name(func, col, taken)
        taken.add(out_names[(func, col)])

    def resolve(ref: object) -> str:
        kind = ref[0]  # type: ignore[index]
        if kind == "implied":
            if len(out_names) == 1:
                return next(iter(out_names.values()))
            raise CompileError(
                "top by what? name the column (e.g. 'top 5 by distance')",
                suggestions=list(out_names.values()),
            )
        if kind == "agg":
            key = (ref[1], ref[2])  # type: ignore[index]
            if key in out_names:
                return out_names[key]
            raise CompileError(f"sort/limit by {ref[1]} of {ref[2]} needs a grouping ('by …')")  # type: ignore[index]
        col = ref[1]  # type: ignore[index]
        if aggs:
            if col in by:
                return col
            matches = [n for (f, c), n in out_names.items() if c == col]
            if len(matches) == 1:
                return matches[0]
            raise CompileError(
                f"after grouping, '{col}' is not a column; sort by a group key or an aggregate",
                suggestions=list(out_names.values()),
            )
        return col

    if aggs and not by and not q.argbest:
        if len(aggs) == 1 and not q.sort and not q.top and not q.head:
            func, col = aggs[0]
            steps.append(ScalarAgg(func=cast(AggFunc, func), column=col))
            return steps
        nodes = tuple(Agg(func=cast(AggFunc, f), column=c, name=out_names[(f, c)]) for f, c in aggs)
        steps.append(Aggregate(by=(), aggs=nodes))
    elif aggs:
        nodes = tuple(Agg(func=cast(AggFunc, f), column=c, name=out_names[(f, c)]) for f, c in aggs)
        steps.append(Aggregate(by=tuple(by), aggs=nodes))
    elif by and not q.argbest and q.sort_implied_dir is not None and not q.sort:
        steps.append(Sort(keys=tuple(SortKey(column=b, ascending=q.sort_implied_dir) for b in by)))
        return steps  # "cars by Name from Z to A"
    elif by and not q.argbest and any(it.rownoun and it.used and not it.cols for it in cl.items):
        steps.append(
            Aggregate(by=tuple(by), aggs=(Agg(func="size", name="count"),))
        )  # "flights per destination"
    elif by and not q.argbest:
        raise CompileError(
            "grouped by " + ", ".join(by) + ", but what should be computed per group? "
            "(e.g. 'mean <column>', 'number of rows')",
            words=by,
        )
    if q.having:
        from ..plan import BoolOp, Compare, Lit

        tests = [
            Compare(op=op, left=Col(name=out_names[(f, c)]), right=Lit(value=v))  # type: ignore[arg-type]
            for f, c, op, v in q.having
        ]
        steps.append(
            Filter(condition=tests[0] if len(tests) == 1 else BoolOp(op="and", operands=tuple(tests)))
        )
    # sorting
    keys: list[SortKey] = []
    for ref, asc in q.sort:
        keys.append(SortKey(column=resolve(ref), ascending=True if asc is None else asc))
    if not keys and q.sort_implied_dir is not None:
        implied = (
            cl.concept_column(q.sort_concepts, "first")
            if q.sort_concepts and not out_names
            else _implied_sort_column(cl, aggs, out_names, cond)
        )
        keys.append(SortKey(column=implied, ascending=q.sort_implied_dir))
    if q.argbest:
        label, ref, largest = q.argbest
        steps.append(ArgBest(label=label, column=resolve(ref), largest=largest))
        return steps
    if keys:
        steps.append(Sort(keys=tuple(keys)))
    if q.top:
        n, ref, largest = q.top
        if ref == ("implied",) and keys:  # "sort by x descending and show the top 10"
            steps.append(Head(n=n))
        else:
            steps.append(TopN(n=n, column=resolve(ref), largest=largest))
    if q.head:
        steps.append(Head(n=q.head[1]) if q.head[0] == "head" else Tail(n=q.head[1]))
    return steps


def _implied_sort_column(cl: Clause, aggs: list, out_names: dict, cond: object) -> str:
    if len(out_names) == 1:
        return next(iter(out_names.values()))
    if not aggs and cond is not None:
        from ..plan import columns_of

        cols = columns_of(cond)  # type: ignore[arg-type]
        if len(cols) == 1:
            return cols[0]
    mentioned = [it for it in cl.items if it.col and not it.used and not it.vals]
    if len(mentioned) == 1:
        mentioned[0].used = True  # "prices sorted highest first"
        return mentioned[0].col  # type: ignore[return-value]
    numeric = [c.name for c in cl.ctx.current.columns if c.numeric]
    if not aggs and len(numeric) == 1 and len(cl.ctx.current.columns) <= 3:
        return numeric[0]  # after "mean arr_delay by carrier", "then sort ascending" means that mean
    raise CompileError(
        "sorted by what? name the column (e.g. 'sorted by <column> descending')",
        suggestions=list(out_names.values()),
    )


def parse_query(cl: Clause) -> list[Step]:
    q = Query()
    extract_sort(cl, q)
    if not extract_which(cl, q):
        extract_limit(cl, q)
    extract_having(cl, q)
    extract_aggs(cl, q)
    extract_group(cl, q)
    return assemble(cl, q)
