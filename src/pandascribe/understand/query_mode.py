"""The most common value of a column: "the most common nationality of people", "the nationality
that is most common across all people", "which citizenship is the least frequent".

Read as SQL reads it: group the rows by the column, count each group, and take the group with
the most (fewest) rows — the same plan as "which nationality has the most people". Only one
column: "the most common combination of A and B" is several groups ranked, not one value, and
is left to be refused.
"""

from __future__ import annotations

from .context import Clause
from .query_state import Query

# words that may stand between the column and a following "most common" ("that is the most common")
_BEFORE = frozenset({"is", "are", "was", "were", "the", "that", "which", "who", "one"})
# words that introduce the rows counted ("of people", "across all people", "among the singers")
_OVER = frozenset({"of", "among", "across", "for", "in", "over", "amongst"})
_DET = frozenset({"all", "the", "every", "each"})
_VALUE_OF = frozenset(
    (w, p) for w in ("value", "values", "entry", "entries", "category") for p in ("of", "in", "for")
)


def _column_after(cl: Clause, i: int) -> tuple[str, list[int]] | None:
    """ "most common [ROWNOUN] COL": the column and the items read."""
    k = cl.skip(i + 1)
    used: list[int] = []
    if k < len(cl.items) and not cl.items[k].cols and cl.items[k].words in _VALUE_OF:
        used.append(k)  # "the most common value of citizenship"
        k = cl.skip(k + 1)
    while k < len(cl.items) and cl.items[k].rownoun and not cl.items[k].cols and not cl.items[k].used:
        used.append(k)  # "the most common singer citizenship"
        k = cl.skip(k + 1)
    if k < len(cl.items) and cl.items[k].col and not cl.items[k].used and not cl.items[k].vals:
        return cl.items[k].col, [*used, k]  # type: ignore[return-value]
    return None


def _column_before(cl: Clause, i: int) -> tuple[str, list[int]] | None:
    """ "COL that is most common", "which COL is the most common"."""
    j = i - 1
    used: list[int] = []
    while j >= 0 and not cl.items[j].used and not cl.items[j].cols and cl.items[j].words[-1] in _BEFORE:
        used.append(j)
        j -= 1
    if j >= 0 and cl.items[j].col and not cl.items[j].used and not cl.items[j].vals:
        return cl.items[j].col, [*used, j]  # type: ignore[return-value]
    return None


def _rows_after(cl: Clause, k: int) -> list[int]:
    """ "… of people", "… across all people": the preposition and the row noun, when they follow."""
    if k >= len(cl.items) or cl.items[k].used or cl.items[k].words[-1] not in _OVER or cl.items[k].cols:
        return []
    m = k + 1
    while m < len(cl.items) and cl.items[m].words[-1] in _DET and not cl.items[m].cols:
        m += 1
    if m < len(cl.items) and cl.items[m].rownoun and not cl.items[m].cols and not cl.items[m].used:
        return list(range(k, m + 1))
    return []


_COMBINATION = frozenset({"combination", "combinations", "pair", "pairs", "pairing", "pairings"})


def _combination_before(cl: Clause, i: int) -> tuple[list[str], list[int]] | None:
    """ "What combination of A and B are most common": the columns, and the items read."""
    j = i - 1
    used: list[int] = []
    while j >= 0 and not cl.items[j].used and not cl.items[j].cols and cl.items[j].words[-1] in _BEFORE:
        used.append(j)
        j -= 1
    cols: list[str] = []
    while j >= 0 and cl.items[j].col and not cl.items[j].used and not cl.items[j].vals:
        cols.insert(0, cl.items[j].col)  # type: ignore[arg-type]
        used.append(j)
        sep = j - 1
        if sep >= 0 and (cl.items[sep].kw("and") or cl.items[sep].sym == ",") and not cl.items[sep].cols:
            used.append(sep)
            j = sep - 1
            continue
        j -= 1
        break
    if len(cols) < 2 or j < 0 or cl.items[j].words != ("of",):
        return None
    k = j - 1
    if k < 0 or cl.items[k].used or cl.items[k].words[-1] not in _COMBINATION or cl.items[k].cols:
        return None
    return cols, [*used, j, k]


def extract_mode(cl: Clause, q: Query) -> bool:
    """ "the most common COL" → group by COL, count, the group with the most rows; "what
    combination of A and B is most common" → the combinations ranked by how many rows have them."""
    for i, it in enumerate(cl.items):
        way = it.kw("mode")
        if it.used or way is None or it.cols:
            continue
        combo = _combination_before(cl, i)
        if combo is not None:
            cl.use(i, *combo[1])
            q.group.extend((c, None) for c in combo[0])
            q.sort.append((("agg", "size", None), way != "max"))
            return True
        got = _column_after(cl, i) or _column_before(cl, i)
        if got is None:
            return False
        col, used = got
        last = max([i, *used])
        nxt = cl.skip(last + 1)
        if nxt < len(cl.items) and (cl.items[nxt].kw("and") or cl.items[nxt].sym == ","):
            after = cl.skip(nxt + 1)
            if after < len(cl.items) and cl.items[after].cols:
                return False  # "most common A and B": a combination, several groups
        cl.use(i, *used, *_rows_after(cl, nxt))
        q.group.append((col, None))
        q.argbest = (col, ("agg", "size", None), way == "max")
        return True
    return False
