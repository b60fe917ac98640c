"""The order and limit phrases of a query clause: "highest first", "sorted by X descending",
"the 3 largest tips", "top 5 carriers by delay".

Taken out of the clause before aggregates and conditions are read, so a superlative that sets an
order is not also read as an aggregate.
"""

from __future__ import annotations

from ..errors import CompileError
from .context import Clause
from .items import Item
from .lexicon import DATE_PARTS
from .measures import direction_on, measured_column, numbers_as_text
from .query_best import projection_before
from .query_state import Query, _agg_ref
from .tokens import split_words


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
        j = _skip_key_words(cl, i + 1, ("group", "in", "sortkey"))
        while j < len(cl.items) and cl.items[j].rownoun and not cl.items[j].cols:
            cl.use(j)  # "sort the days by …"
            j = cl.skip_use(j + 1, kinds=("group", "in"))
        while j < len(cl.items):
            nxt = cl.items[j]
            if nxt.used:
                j += 1
                continue
            if nxt.kw("dir") and not nxt.cols:
                _use_dir(cl, j)
                q.sort_concepts = q.sort_concepts or _dir_concepts(nxt)
                if q.sort:
                    q.sort[-1] = (q.sort[-1][0], _dir_asc(cl, nxt, q.sort[-1][0]))
                else:
                    q.sort_implied_dir = nxt.kw("dir") == "asc"
                j = cl.skip(j + 1)
                continue
            if (nxt.sym == "," or nxt.kw("and")) and q.sort:
                k = _skip_key_words(cl, j + 1, ("group", "sortkey", "and"))  # ", and by X"
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
                j = _skip_key_words(cl, j, ())  # "by the continent then lifeExp columns"
                continue
            break
        if not q.sort and q.sort_implied_dir is None:
            q.sort_implied_dir = True
        break
    for i, it in enumerate(cl.items):
        if not it.used and it.kw("dir") and not it.cols:
            _use_dir(cl, i)
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
                q.sort[-1] = (q.sort[-1][0], _dir_asc(cl, it, q.sort[-1][0]))
            else:
                q.sort_implied_dir = asc
            # "in descending order of X"
            j = i + 1
            if not q.sort and j < len(cl.items) and not cl.items[j].used and cl.items[j].words[0] == "of":
                got = _agg_ref(cl, cl.skip(j + 1))
                if got:
                    cl.use(j)
                    q.sort.append((got[0], _dir_asc(cl, it, got[0])))
                    q.sort_implied_dir = None
    _measured_sort(cl, q)


_COLUMN_NOUNS = frozenset({"column", "columns", "field", "fields", "variable", "variables"})


def _skip_key_words(cl: Clause, i: int, kinds: tuple[str, ...]) -> int:
    """From ``i``, pass over the words that lead to a sort key ("by", "based on", "using values
    from") and a column noun before it ("by columns gear and carb"), marking them used."""
    j = cl.skip_use(i, kinds=kinds)
    for k in range(i, j):
        it = cl.items[k]
        if it.filler and not it.cols and not it.vals and it.words[0] in _COLUMN_NOUNS:
            it.used = True
    return j


def _use_dir(cl: Clause, i: int) -> None:
    """A direction item is used, with the "from" of "from the oldest to the youngest" before it."""
    cl.use(i)
    prev = cl.items[i - 1] if i > 0 else None
    spelled = cl.items[i].words[0] == "the" and "to" in cl.items[i].words
    if spelled and prev is not None and not prev.used and prev.kw("dirfrom") and not (prev.cols or prev.vals):
        cl.use(i - 1)


def _dir_asc(cl: Clause, it: Item, ref: object) -> bool:
    """The direction a direction item gives on the column ``ref`` sorts by: "from the oldest to
    the youngest" is descending on an age column, ascending on a year (``measures``)."""
    from .measures import direction_on, flipping_words

    asc = it.kw("dir") == "asc"
    words = flipping_words(it)
    if words and isinstance(ref, tuple) and ref[0] == "col":
        largest = direction_on(cl, words[0], ref[1])
        if largest is not None:
            return not largest  # the first word's end comes first
    return asc


def _measured_sort(cl: Clause, q: Query) -> None:
    """ "youngest first" with no column: the column the word measures, in that column's direction."""
    from .measures import flipping_words, measured_column

    if q.sort or q.sort_implied_dir is None or not q.sort_concepts:
        return
    item = next((it for it in cl.items if it.used and it.kw("dir") and flipping_words(it)), None)
    if item is None:
        return
    try:
        col, largest = measured_column(cl, flipping_words(item)[0], item.text)
    except CompileError:
        return
    q.sort.append((("col", col), not largest))
    q.sort_implied_dir, q.sort_concepts = None, ()


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
                        elif _a_measure(cl, entity):
                            ref, entity = ("col", entity), None  # "the longest air time": that column
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
            if ref is None and concepts:
                col, largest = measured_column(cl, " ".join(it.words), it.text)
                ref = ("col", col)
                if numbers_as_text(cl, col):
                    q.casts = (*q.casts, col)
            elif concepts and isinstance(ref, tuple) and ref[0] == "col":
                got_dir = direction_on(cl, " ".join(it.words), ref[1])
                largest = largest if got_dir is None else got_dir
            if ref is None:
                ref = ("implied",)
            q.top = (n if n is not None else 1, ref, largest)
            q.top_entity = entity
            if entity is None:  # "the weight of the youngest dog", "the names of the 3 oldest singers"
                q.project = projection_before(cl, i if j is None else min(i, j))
            return


def _a_measure(cl: Clause, column: str) -> bool:
    """A numeric column named right after a measuring superlative is what it measures ("the longest
    air time", "the fastest time"), unless it is a calendar label (a Year or Month column: "the
    hottest year" is the year whose temperature is highest)."""
    info = cl.ctx.info(column)
    if info is None or not info.numeric or info.kind == "bool":
        return False
    words = split_words(column)
    return not words or words[-1] not in DATE_PARTS
