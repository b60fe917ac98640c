"""The projection phrase of a question: "the names and ages OF people who …", "id and weight of
every pet older than 1", "name, country, age for all singers ordered by age".

Crowd-written table questions mostly name the columns to show, then the rows they are shown for
(the frame's own row noun, with a quantifier that adds nothing: "all", "every", "each"), then a
relative clause and an order. This module reads the middle part — the *scope* between the
column list and the rest — so that the select production can hand what follows the row noun to
the query production (conditions, order) and put the projection last. It also remembers the
projected columns on the clause: an order that names no key ("in alphabetical order", "ordered
descending by value") sorts by the one projected column it can mean.
"""

from __future__ import annotations

from .condition_words import _VALUE_LINKS, _VALUE_WORDS, frame_reference_end
from .context import Clause
from .items import Item

#: prepositions that link a column list to the rows it is shown for ("names OF people",
#: "ages FOR every singer", "earnings ACROSS all players")
SCOPE_PREPOSITIONS = frozenset({"of", "for", "across", "among", "amongst", "over", "in"})

#: quantifiers and articles before a row noun that add nothing to the rows kept
QUANTIFIERS = frozenset({"all", "every", "each", "the", "any", "a", "an", "those", "these"})


def _scope_words(it: Item) -> tuple[str, ...]:
    return tuple(w.lower() for w in it.words)


def _is_scope_item(it: Item) -> bool:
    """ "of", "for all", "for every", "across", "all", "the" — a preposition or quantifier item
    that carries no column or value."""
    if it.cols or it.vals or it.num is not None or it.sym or it.used:
        return False
    words = _scope_words(it)
    return bool(words) and all(w in SCOPE_PREPOSITIONS or w in QUANTIFIERS for w in words)


def scope_end(cl: Clause, k: int) -> int | None:
    """When items from ``k`` read "PREPOSITION QUANTIFIER* ROWNOUN" (or name the frame itself: "in
    dataframe"), the index after it; else None. The preposition is required: a bare row noun
    after a column is not a scope."""
    items = cl.items
    if (end := frame_reference_end(cl, k)) is not None:
        return end
    if k >= len(items) or not _is_scope_item(items[k]):
        return None
    if not (set(_scope_words(items[k])) & SCOPE_PREPOSITIONS):
        return None
    j = k + 1
    while j < len(items) and _is_scope_item(items[j]) and not (set(_scope_words(items[j])) & {"of", "for"}):
        j += 1
    if j < len(items) and items[j].rownoun and not items[j].cols and not items[j].vals and not items[j].used:
        return j + 1
    return None


#: words that open a relative clause on the row noun ("people WHO are not from Russia",
#: "battles WHEN the commander is …"): the condition that follows is read as it stands
RELATIVES = frozenset({"who", "that", "which", "whose", "when", "where", "whom"})


def take_scope(cl: Clause, k: int) -> bool:
    """Mark the scope from ``k`` used (see :func:`scope_end`), with a relative word or a comma
    right after the row noun; whether there was a scope."""
    end = scope_end(cl, k)
    if end is None:
        return False
    cl.use_range(k, end)
    j = end
    while j < len(cl.items) and (cl.items[j].used or cl._ignorable(j)):
        j += 1
    if j < len(cl.items):
        it = cl.items[j]
        bare = not it.cols and not it.vals and it.num is None
        if bare and len(it.words) == 1 and it.words[0].lower() in RELATIVES:
            cl.use(j)
        elif bare and it.sym == "," and _opens_order(cl, j + 1):
            cl.use(j)  # "names of people, ordered by …"
    return True


def _opens_order(cl: Clause, j: int) -> bool:
    j = cl.skip(j)
    return j < len(cl.items) and bool(cl.items[j].kw("sort") or cl.items[j].kw("dir"))


def show_column(cl: Clause, column: str) -> None:
    """A column the conditions passed over as the thing asked about ("AAPL price in 2009", "the
    attendance in 2002"): shown at the end when nothing else is computed (see :func:`shown`)."""
    cl.shown = (*getattr(cl, "shown", ()), column)  # type: ignore[attr-defined]


def shown(cl: Clause) -> tuple[str, ...]:
    """The columns :func:`show_column` recorded, unless the clause already projects (the select
    production shows its own list)."""
    return () if projected(cl) else tuple(dict.fromkeys(getattr(cl, "shown", ())))


def remember_projection(cl: Clause, cols: list[str]) -> None:
    """The columns the clause shows, for an order that names no key."""
    cl.projected = tuple(cols)  # type: ignore[attr-defined]


def projected(cl: Clause) -> tuple[str, ...]:
    return tuple(getattr(cl, "projected", ()))


_ALPHABETICAL = frozenset(
    {"alphabetical", "alphabetically", "alphabetic", "lexicographic", "lexicographically"}
)


def alphabetical_order(cl: Clause) -> bool:
    """Whether the clause's order word says "alphabetical" (an order of text, not of numbers)."""
    return any(it.kw("dir") and set(_scope_words(it)) & _ALPHABETICAL for it in cl.items)


def projected_sort_column(cl: Clause, cond_cols: list[str]) -> str | None:
    """The key an order without one means, from the projected columns: the single text column
    for "in alphabetical order", else the single projected column; None when the projection
    does not decide (no projection, or several candidates), or when a condition's single column
    could be meant instead (two readings: the caller refuses)."""
    cols = projected(cl)
    if not cols:
        return None
    if alphabetical_order(cl):
        texts = [c for c in cols if (info := cl.ctx.info(c)) is not None and info.textual]
        return texts[0] if len(texts) == 1 else None
    if len(cols) != 1:
        return None
    if cond_cols and cond_cols != [cols[0]]:
        return None
    return cols[0]


#: scope openers that say "over all of these rows" when a quantifier or the row noun follows
_OVER_ALL = frozenset({"across", "among", "amongst", "over"})


def take_row_scopes(cl: Clause) -> None:
    """ "average age FOR ALL French singers", "average earnings ACROSS ALL poker players", "total
    bonus IN ALL evaluations": a preposition with "all"/"every" (or "across"/"among" alone)
    before the row noun adds nothing to the rows kept — mark it used; adjectives and values
    between it and the noun stay for the conditions ("French" → Country == France). "for each
    …" is not a scope (it groups)."""
    items = cl.items
    for i, it in enumerate(items):
        if it.used or not _is_scope_item(it):
            continue
        words = set(_scope_words(it))
        if not words & (SCOPE_PREPOSITIONS | _OVER_ALL) or "each" in words:
            continue
        j = i + 1
        quantified = bool(words & {"all", "every"}) or bool(words & _OVER_ALL)
        while (
            j < len(items)
            and _is_scope_item(items[j])
            and not set(_scope_words(items[j])) & SCOPE_PREPOSITIONS
        ):
            if "each" in _scope_words(items[j]):
                break
            quantified = quantified or bool(set(_scope_words(items[j])) & {"all", "every"})
            j += 1
        if not quantified or j >= len(items) or "each" in _scope_words(items[j]):
            continue
        k = j
        while k < len(items) and items[k].vals and not items[k].cols and not items[k].rownoun:
            k += 1  # "French singers": a value standing as an adjective of the row noun
        if k < len(items) and items[k].rownoun and not items[k].cols and not items[k].vals:
            cl.use_range(i, j)


def take_by_value(cl: Clause) -> None:
    """ "ordered descending by value": after an order word, "by value(s)" names no column — the
    order is of the projected column's own values."""
    items = cl.items
    for i, it in enumerate(items):
        if it.used or it.words != ("by",) or i + 1 >= len(items):
            continue
        nxt = items[i + 1]
        if nxt.words not in (("value",), ("values",)) or nxt.cols or nxt.vals:
            continue
        if any(x.kw("sort") or x.kw("dir") for x in items[max(0, i - 3) : i]):
            cl.use(i, i + 1)


#: words in a column's name that measure time since a start (old = large) or a point in time
#: (old = early, small): "from old to young" orders the first descending, the second ascending
_AGE_NAMES = frozenset({"age", "ages", "aged"})
_TIME_NAMES = frozenset({"year", "date", "birth", "born", "founded", "time", "day"})


def resolve_age_directions(cl: Clause) -> None:
    """ "sorted by age from the oldest to the youngest", "by their age from old to young": an
    order said in ages is a direction only once the key column is known — descending for an age,
    ascending for a birth year or a date. The phrase becomes that direction; with no key column
    right before it, or one that is neither, it stays unexplained (and the request is refused)."""
    from .tokens import split_words

    for i, it in enumerate(cl.items):
        want = it.kw("agedir")
        if want is None or it.used:
            continue
        k = i - 1
        while k >= 0 and cl._ignorable(k):
            k -= 1
        col = cl.items[k].col if k >= 0 else None
        if col is None or cl.items[k].vals:
            continue
        parts = {p.lower() for p in split_words(col)}
        info = cl.ctx.info(col)
        if parts & _AGE_NAMES and info is not None and info.numeric:
            it.kws = (("dir", want),)
        elif parts & _TIME_NAMES or (info is not None and info.kind == "datetime"):
            it.kws = (("dir", "asc" if want == "desc" else "desc"),)


def after_possessive(cl: Clause, i: int) -> int:
    """ "Kyle's id", "Plaza Museum's opening year": a value in the possessive, then columns — the
    columns start after it (the value stays for the conditions: the row it names). Else ``i``."""
    k = cl.skip(i)
    if k >= len(cl.items):
        return i
    it = cl.items[k]
    if not it.vals or it.cols or it.used or not it.text.endswith(("'s", "’s")):
        return i
    nxt = cl.skip(k + 1)
    if nxt < len(cl.items) and cl.items[nxt].cols and not cl.items[nxt].vals:
        return k + 1
    return i


_LIST_OF = frozenset({"a", "list", "of", "all", "the", "every", "each"})


def after_values_of(cl: Clause, i: int, mark: bool = False) -> int:
    """ "a list of all values in column `name`", "all the values of column party": the values of a
    column are that column — the columns start after those words. Else ``i``."""
    items = cl.items
    k = i
    while k < len(items) and not (items[k].cols or items[k].vals):
        words = set(_scope_words(items[k]))
        if words and words <= _VALUE_WORDS:
            break
        if not (items[k].used or cl._ignorable(k) or words <= _LIST_OF):
            return i
        k += 1
    if k >= len(items) or items[k].used or items[k].cols or items[k].vals:
        return i
    j = k + 1
    while (
        j < len(items)
        and not (items[j].cols or items[j].vals)
        and set(_scope_words(items[j])) <= _VALUE_LINKS
    ):
        j += 1
    if j == k + 1 or j >= len(items) or items[j].col is None or items[j].vals:
        return i
    if mark:
        cl.use_range(i, j)
    return j


def columns_start(cl: Clause, i: int, mark: bool = False) -> int:
    """Where a projection's column list starts: after a possessive value ("Kyle's id") or after
    "(all) values of" ("all values in column name"); ``mark`` uses the words passed over."""
    return after_possessive(cl, after_values_of(cl, i, mark))
