"""The "which" production of a query clause: "which carrier has the most flights", "what is the
country with the most singers (and how many does it have)", "on which day was it hottest".

A question word, the thing asked for (a column, or a row noun read as its label), and a superlative
over a column or a count: the label of the best row (``ArgBest``), or the best group with its count.
"""

from __future__ import annotations

from ..errors import CompileError
from .context import Clause
from .measures import direction_on, measured_column, numbers_as_text
from .query_state import Query, _agg_ref


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
        elif it.words[0] in ("who", "whom") and (label := _the_person_column(cl)) is not None:
            k = i  # "who has the highest total": the one person column names the best row
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
            if concepts and ref[0] == "col":  # type: ignore[index]
                said = direction_on(cl, " ".join(cl.items[sup_i].words), ref[1])  # type: ignore[index]
                largest = largest if said is None else said  # "the fastest time": the smallest Time
        elif concepts:
            col, largest = measured_column(cl, " ".join(cl.items[sup_i].words), cl.items[sup_i].text)
            ref = ("col", col)
            if numbers_as_text(cl, col):
                q.casts = (*q.casts, col)  # an age stored as text: its numbers
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
        if _and_how_many(cl, sup_i):
            # "the country with the most channels and how many it has": the row, with its count
            if ref != ("agg", "size", None):
                raise CompileError(
                    f"'how many' of what? the {cl.items[sup_i].text} is measured by another column here",
                    words=[cl.items[sup_i].text],
                )
            q.top, q.top_entity = (1, ref, largest), label
            return True
        if ref[0] == "agg":  # type: ignore[index]
            q.group.append((label, None))
        q.argbest = (label, ref, largest)
        return True
    return False


def _and_how_many(cl: Clause, after: int) -> bool:
    """ "… and how many does it have", ", and the number of them": a second count asked for the best
    group (its items are used)."""
    for a in range(after + 1, len(cl.items) - 1):
        sep, cnt = cl.items[a], cl.items[a + 1]
        if sep.used or cnt.used or not (sep.kw("and") or sep.sym == ","):
            continue
        if cnt.kw("count") and not cnt.cols:
            rest = [it for it in cl.items[a + 2 :] if not it.used]
            if all(it.filler and not it.cols and not it.vals for it in rest):
                cl.use(a, a + 1, *range(a + 2, len(cl.items)))
                return True
    return False


def _the_person_column(cl: Clause) -> str | None:
    """The frame's one column naming people (Player, Name, Winner, "Written by"; see
    :func:`asked.column_kinds`), which "who" asks for; None when there is none or several (then the
    other productions read the question: "Who had the fastest lap" names a role column)."""
    from .asked import column_kinds

    people = [c for c, kinds in column_kinds(cl.ctx.current).items() if "person" in kinds]
    return people[0] if len(people) == 1 else None
