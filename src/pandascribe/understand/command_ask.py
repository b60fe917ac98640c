""" "calculate the mean gdpPercap for each continent", "compute the average age per educ",
"create a list of unique firms": a derive verb in front of an aggregate is a request for that
aggregate, not the definition of a new column.

``calculate`` / ``compute`` / ``create`` … lead both new-column definitions ("compute gain =
dep_delay - arr_delay") and questions ("compute the mean delay per carrier"). A definition names
the new column (``=``, ``as``, ``called``, ``with`` …); a question does not, and holds an aggregate
word. Such a clause is read as a query once its leading verb is passed over. Verbs that always
build a column ("add", "derive", "define", "insert") never ask.
"""

from __future__ import annotations

from ..plan import Step
from .context import Clause
from .items import Item

# verbs that may lead a question as well as a definition
ASKING_VERBS = frozenset(
    {"calculate", "compute", "create", "make", "find", "get", "produce", "generate", "determine", "take"}
)

# words that name the new column of a definition ("compute gain as …", "create x with …")
_NAMING = frozenset(
    {
        "as",
        "called",
        "named",
        "with",
        "containing",
        "holding",
        "storing",
        "showing",
        "giving",
        "equal",
        "equals",
        "into",
        "to",
        "that",
        "which",
        "feature",
        "variable",
        "field",
    }
)

# keyword kinds that make a clause an aggregate question
_ASKING_KINDS = ("agg", "count")


def _is_asking_verb(it: Item) -> bool:
    return bool(it.kw("verb", "derive")) and len(it.words) == 1 and it.words[0] in ASKING_VERBS


def _names_a_column(it: Item) -> bool:
    return (
        it.sym in ("=", ":")
        or bool(it.kw("cmp", "eq"))
        or bool(it.kw("verb", "derive"))
        or (it.words[0] in _NAMING and not it.cols)
    )


def asks_for_aggregate(cl: Clause) -> bool:
    """A leading asking verb, no word naming a new column, and an aggregate word after it."""
    lead = next((i for i, it in enumerate(cl.items) if not (it.filler and not it.kws)), None)
    if lead is None or not _is_asking_verb(cl.items[lead]):
        return False
    rest = cl.items[lead + 1 :]
    if any(_names_a_column(it) for it in rest):
        return False
    return any(it.kw(k) for it in rest for k in _ASKING_KINDS if not (it.cols and it.col_score >= 85))


def do_ask(cl: Clause) -> list[Step]:
    """Pass over the asking verb; the rest of the clause is a query."""
    from .query import parse_query

    lead = next(i for i, it in enumerate(cl.items) if _is_asking_verb(it))
    cl.use(lead)
    return parse_query(cl)
