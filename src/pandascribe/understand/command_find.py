"""Which verb decides a clause: the one question answered before any production runs.

"drop the rows where …" is a drop, "everything except name" a drop too, "what carriers are there"
a distinct, "upper-case the names" a case change; a clause with no deciding verb is a query clause.
The deciders are tried in the order of ``_DECIDERS``: the first that answers wins.
"""

from __future__ import annotations

from collections.abc import Callable

from .asked import rows_follow
from .colpattern import selects_by_pattern
from .command_ask import asks_for_aggregate
from .context import Clause
from .items import Item
from .lexicon import SHOW_VERBS
from .projection import columns_start, scope_end
from .rescale import rescales
from .rounding import rounds_columns
from .summary import summarises_frame
from .zscore import asks_zscore

# verbs that decide a clause wherever they stand, and verbs that do so only at its start
ANYWHERE = (
    "rename",
    "join",
    "pivot",
    "crosstab",
    "melt",
    "corr",
    "value_counts",
    "dedupe",
    "dropna",
    "window",
    "fill",
)


LEADING = ("select", "drop", "derive", "distinct", "strcase")


_CASE_WORDS = {"uppercase", "lowercase", "capitalize", "capitalise", "capitalized"}
#: the case said after "to" / "into" / "in": "convert the names to capitals"
_CASE_TARGETS = {"upper", "lower", "capitals", "caps", "title"}


_PIVOT_HINTS = (
    ("across", "the", "top"),
    ("down", "the", "side"),
    ("as", "columns"),
    ("one", "column", "per"),
)


def _has_phrase(cl: Clause, phrase: tuple[str, ...]) -> bool:
    words = [w for it in cl.items for w in it.words]
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))


def _words(cl: Clause) -> set[str]:
    return {w for it in cl.items for w in it.words}


def _case_change(cl: Clause) -> bool:
    """ "uppercase the names", "names in title case"."""
    return (
        bool(_words(cl) & _CASE_WORDS)
        or any(_has_phrase(cl, (c, "case")) for c in ("upper", "lower", "title"))
        or any(_has_phrase(cl, (p, c)) for p in ("to", "into", "in") for c in _CASE_TARGETS)
    )


def _melt_verb(cl: Clause) -> bool:
    """ "reshape … to long form": melt wins over the pivot reading of "reshape"."""
    return any(it.kw("verb", "melt") for it in cl.items)


def _pivot_hint(cl: Clause) -> bool:
    return any(_has_phrase(cl, p) for p in _PIVOT_HINTS)


def _rank_within(cl: Clause) -> bool:
    """ "rank the yields within each site"."""
    words = _words(cl)
    return bool(words & {"rank", "ranked", "ranking"}) and bool(
        words & {"within", "per"} or ("each" in words and "in" in words)
    )


def _verb_anywhere(cl: Clause) -> str | None:
    for it in cl.items:
        for k, v in it.kws:
            if k == "verb" and v in ANYWHERE and not (it.cols and it.col_score >= 85):
                return v
    return None


def _verb_leading(cl: Clause) -> str | None:
    """A verb that decides only before the first word of content ("drop", "select" …)."""
    for it in cl.items:
        for k, v in it.kws:
            if k == "verb" and v in LEADING and not (it.cols and it.col_score >= 85):
                if v == "strcase":
                    # "convert", "change", "turn" change the case only when a case is said (the
                    # first decider): "convert the NaN values … to 0" is a fill, "change X to
                    # start with …" an order
                    return None
                return v
        if not it.filler and not (it.rownoun and not it.cols):
            return None
    return None


def _assignment(cl: Clause) -> bool:
    return (any(it.sym == "=" for it in cl.items) and _looks_like_assignment(cl)) or _definition(cl)


def _definition(cl: Clause) -> bool:
    """ "`Spaciousness`: the sum of Chins and Situps divided by Jumps": a new name, a colon, a formula."""
    return (
        len(cl.items) > 2
        and cl.items[1].sym == ":"
        and not cl.items[0].cols
        and not cl.items[0].kws
        and (cl.items[0].string is not None or len(cl.items[0].words) == 1)
    )


def _flag(command: str, test: Callable[[Clause], bool]) -> Callable[[Clause], str | None]:
    return lambda cl: command if test(cl) else None


# tried in order, the first answer wins: shape-deciding phrases first, then verbs, then the
# clause-shape fallbacks (an assignment, a bare list of columns)
_DECIDERS: tuple[Callable[[Clause], str | None], ...] = (
    _flag("strcase", _case_change),
    _flag("fill", lambda cl: _missing_converted(cl)),
    _flag("melt", _melt_verb),
    _flag("pivot", _pivot_hint),
    _flag("drop", lambda cl: _all_except(cl)),
    _flag("distinct", lambda cl: _what_exists(cl)),
    _flag("window", _rank_within),
    _flag("colpattern", selects_by_pattern),
    _flag("summary", summarises_frame),
    _flag("rescale", rescales),
    _flag("zscore", asks_zscore),
    _flag("round", rounds_columns),
    _verb_anywhere,
    _flag("ask", asks_for_aggregate),
    _verb_leading,
    _flag("derive", _assignment),
    _flag("select", lambda cl: _leading_columns(cl)),
)


def find_command(cl: Clause) -> str | None:
    """The command that decides the clause, or None for a query clause."""
    return next((c for decide in _DECIDERS if (c := decide(cl)) is not None), None)


def _conversion_verb(cl: Clause) -> int | None:
    """Where the clause's leading "convert" / "change" / "turn" stands (the verbs of a case change,
    which decide nothing without a case said)."""
    for i, it in enumerate(cl.items):
        if it.kw("verb", "strcase") and not (it.cols and it.col_score >= 85):
            return i
        if not it.filler:
            return None
    return None


def _missing_converted(cl: Clause) -> bool:
    """ "convert all of the NaN values in the x column to 0": missing values converted to a value
    is a fill (the conversion verb, then the missing values, then "to")."""
    v = _conversion_verb(cl)
    if v is None:
        return False
    miss = next(
        (i for i in range(v + 1, len(cl.items)) if cl.items[i].kw("missing") and not cl.items[i].cols), None
    )
    return miss is not None and any(it.words[0] in ("to", "into") for it in cl.items[miss + 1 :])


def _all_except(cl: Clause) -> bool:
    """ "everything except acceleration", "all columns but name"."""
    k = 0
    while k < len(cl.items) and cl.items[k].words[0] in (
        "everything",
        "all",
        "the",
        "columns",
        "every",
        "column",
    ):
        k += 1
    return (
        0 < k < len(cl.items)
        and bool(cl.items[k].kw("not"))
        and k + 1 < len(cl.items)
        and bool(cl.items[k + 1].cols or cl.items[k + 1].words[0] == "the")
    )


def _what_exists(cl: Clause) -> bool:
    """ "what manufacturers are there?", "which carriers exist"."""
    live = [it for it in cl.items if not it.filler or it.cols or it.kw("verb", "which")]
    return (
        len(live) == 2
        and bool(live[0].kw("verb", "which"))
        and bool(live[1].cols)
        and any(w in ("there", "exist", "exists", "appear", "occur") for it in cl.items for w in it.words)
    )


_BE_WORDS = frozenset({"is", "are", "was", "were"})
#: prepositions of place after a be-verb ("is from georgia", "was at Illinois")
_PLACE_WORDS = frozenset({"from", "in", "at"})
#: words after the asked columns that introduce which rows they are asked of
_ROWS_WORDS = frozenset({"for", "of", "with", "where", "whose", "has", "have", "had", "when", *_PLACE_WORDS})


def _shown(cl: Clause, start: int) -> bool:
    """The words before the first column are filler and hold a verb of showing ("show", "list the",
    "what are the"): one column alone is then asked for too, as a list of two would be."""
    before = cl.items[start : cl.skip(start)]
    return any(it.filler and not it.cols and it.words[0] in SHOW_VERBS for it in before)


def _leading_columns(cl: Clause) -> bool:
    """ "year, month, day and carrier" / "the origin, dest and distance of flights …" / "name column":
    a clause that starts with a list of columns asks for those columns."""
    start = columns_start(cl, 0)
    k = cl.skip(start)
    n = 0
    while k < len(cl.items) and cl.items[k].cols and not cl.items[k].vals and not cl.items[k].kws:
        n += 1
        k2 = cl.skip(k + 1)
        if k2 < len(cl.items) and (cl.items[k2].sym == "," or cl.items[k2].kw("and")):
            k = cl.skip(k2 + 1)
            if (
                cl.items[k2].sym == ","
                and k < len(cl.items)
                and cl.items[k].kw("and")
                and not cl.items[k].cols
            ):
                k = cl.skip(k + 1)  # "a, b, and c"
            continue
        k += 1  # the word right after the list decides ("… of flights", "… columns")
        break
    if n == 0:
        return False
    nxt = cl.items[k] if k < len(cl.items) else None
    if nxt is None:
        return n >= 2 or start > 0 or _shown(cl, start)  # "Kyle's id", "show species"
    listed = {c for it in cl.items[:k] for c in it.cols}
    rest = cl.items[k + 1 :]
    if (
        nxt.kw("sort")
        and not nxt.cols
        and any(it.col and it.col not in listed and not it.vals for it in rest)
        and not any(it.kw("agg") or it.kw("count") or it.kw("group") or it.sup for it in rest)
    ):
        # "all of the episodes ordered by ratings": those columns, in the order of another one
        # ("prices sorted highest first" sorts the rows by the prices: not a projection)
        return True
    if nxt.words[0] in _BE_WORDS and k + 1 < len(cl.items) and cl.items[k + 1].words[0] in _PLACE_WORDS:
        k += 1  # "which player is from georgia": the rows are named after the verb
        nxt = cl.items[k]
    if nxt.words[0] in _BE_WORDS and _value_of_another(
        cl.items[cl.skip(k + 1)] if cl.skip(k + 1) < len(cl.items) else nxt, listed
    ):
        return True  # "which number was Patrick O'Bryant": the rows are named by a value
    if rows_follow(cl.items, k, listed):
        return True  # "what school did player number 6 come from": rows named after a be/do-word
    if nxt.words[0] in _ROWS_WORDS and _condition_on_another(cl, k, listed):
        return True  # "the weekly rank for the episode 'A Love of a Lifetime'"
    if scope_end(cl, k) is not None:
        # "the names of people whose …", "name of all singers", "ages for every singer": columns
        # of the rows named next
        return True
    return nxt.words[0] in ("columns", "column", "of", "for", "where") and (
        n >= 2 or nxt.words[0] in ("columns", "column")
    )


def _condition_on_another(cl: Clause, k: int, listed: set[str]) -> bool:
    """After the preposition at ``k``: another column and then the value it must have ("for the
    episode 'X'", "for template type code 'AD'") — a condition picking the rows to show."""
    j = cl.skip(k + 1)
    if j < len(cl.items) and _value_of_another(cl.items[j], listed):
        return True  # "the canton of grande dixence": a value found only in other columns
    if j + 1 < len(cl.items) and cl.items[j + 1].col not in listed:
        from .conditions_valuefirst import column_then_its_value, names_its_column

        if names_its_column(cl, cl.items[j], cl.items[j + 1]):
            return True  # "the name of the 375 crest length": the number, then its column
        col = cl.items[j].col
        if (
            col
            and col not in listed
            and j + 2 < len(cl.items)
            and column_then_its_value(col, cl.items[j + 1], cl.items[j + 2])
        ):
            return True  # "the nationality of player number 6": the rows' noun, a column, its value
    if j >= len(cl.items) or not cl.items[j].col or cl.items[j].vals or cl.items[j].col in listed:
        return False
    v = cl.skip(j + 1)
    if v >= len(cl.items):
        return False
    it = cl.items[v]
    return bool((it.string is not None or it.vals or it.num is not None) and not it.cols)


def _value_of_another(it: Item, listed: set[str]) -> bool:
    """An item that is only a value of the data (no column word), found in none of the listed
    columns: it names the rows whose listed columns are asked for."""
    return bool(it.vals) and not it.cols and not it.kws and not ({h.column for h in it.vals} & listed)


def _looks_like_assignment(cl: Clause) -> bool:
    eq = next(i for i, it in enumerate(cl.items) if it.sym == "=")
    return 0 < eq <= 3 and not any(it.kw("cmp") and it.sym != "=" for it in cl.items[:eq])
