"""Small readers shared by the verb-led productions: a list of columns after the verb, the verb's
position, and what is left over as a row condition.
"""

from __future__ import annotations

from ..plan import (
    Expr,
)
from .conditions import Conditions
from .context import Clause


def column_list(cl: Clause, i: int) -> tuple[list[str], int]:
    """``A, B and C`` starting at item i (filler skipped): the columns and the next index."""
    cols: list[str] = []
    k = cl.skip(i)
    while k < len(cl.items) and not cl.items[k].used and cl.items[k].cols:
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
    return cols, k


def _verb_index(cl: Clause, verb: str) -> int:
    return next(i for i, it in enumerate(cl.items) if it.kw("verb", verb) and not it.used)


def _rest_condition(cl: Clause) -> Expr | None:
    return Conditions(cl, cl.live()).parse()


def _use_column_words(cl: Clause) -> None:
    for i, it in enumerate(cl.items):
        if (
            not it.used
            and it.words[0] in ("columns", "column", "fields", "variables", "cols")
            and not it.cols
        ):
            cl.use(i)
