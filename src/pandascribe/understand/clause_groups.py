"""A grouping said as its own step: "group the data by species and island and compute the mean
body mass", "group by carrier, then find the average delay", "grouped by species, what is the
mean body mass?".

Exercise steps and tutorials name the grouping first and the aggregate after it, the way the
pandas code reads (``groupby(...)`` then ``.mean()``). Read alone, the grouping clause asks for
nothing ("grouped by species, but what should be computed per group?") and the aggregate clause
has no groups. So before the clauses are read, a clause that only groups is carried into the
aggregate that follows it: its "by …" phrase is appended to that clause, which then reads as one
ordinary query ("compute the mean body mass by species and island").

Carried only when safe to read as one query: the grouping clause holds nothing but the verb, the
frame or its rows, and the "by …" columns; the next part asks for a value (it opens with an asking
verb or a question word, data in :data:`ASKING`) and has no grouping of its own. Anything else is
left as it is, and refused as before if it cannot be read.

The same holds for a grouping said first as a prepositional phrase: "For each occupation,
calculate the minimum and maximum ages", "Within each firm, rank each year by the invest". The
leading phrase (an opener of :data:`LEADS`, its keys, then a comma) moves behind the rest, which
then reads as "calculate the minimum and maximum ages for each occupation".
"""

from __future__ import annotations

from .tokens import Token

#: verbs that state a grouping on their own
GROUP_VERBS = frozenset({"group", "grouped", "grouping", "groupby", "regroup"})
#: words joining the grouping verb to its keys
GROUP_PREPS = frozenset({"by", "on"})
#: how the aggregate part may open (an asking verb, a question word, an aggregate noun)
ASKING = frozenset(
    {
        "compute", "calculate", "find", "get", "count", "show", "display", "give", "return", "list",
        "print", "take", "apply", "aggregate", "summarize", "summarise", "report", "what", "which",
        "how", "sum", "average", "mean", "median", "total", "max", "min", "maximum", "minimum",
        "then", "and",
    }
)  # fmt: skip
#: words that give the next part its own groups (then nothing is carried)
OWN_GROUPS = frozenset({"by", "per", "each", "every", "within", "grouped", "group"})
#: how the part after a leading grouping phrase may open: an asking verb, or a verb of a step
#: done per group (a rank, the first rows of each); a question ("for each citizenship, how many
#: singers are from that country?") is read as said, its words may refer back to the lead
LEAD_ASKING = (ASKING - {"what", "which", "how", "then", "and"}) | {
    "rank",
    "sort",
    "select",
    "keep",
    "standardize",
    "standardise",
    "normalize",
    "normalise",
}
#: how a leading grouping phrase opens ("for each firm, …", "within every site, …", "per year, …")
LEADS = (("for", "each"), ("for", "every"), ("within", "each"), ("within", "every"), ("in", "each"), ("per",))


def _group_lead(clause: list[Token], columns: frozenset[str]) -> tuple[list[Token], list[Token]] | None:
    """(the "by …" phrase, what follows it after a comma) of a clause that opens with a grouping
    verb, or None. Between the verb and "by" only non-column words may stand ("the data", "the
    flights", "df")."""
    if not clause or clause[0].low not in GROUP_VERBS:
        return None
    by = next((k for k, t in enumerate(clause) if t.low in GROUP_PREPS), None)
    if by is None or by + 1 >= len(clause) or any(t.low in columns for t in clause[1:by]):
        return None
    if any(t.kind in ("num", "str", "date") for t in clause[1:by]):
        return None
    comma = next((k for k in range(by + 1, len(clause)) if clause[k].text == ","), len(clause))
    keys = clause[by + 1 : comma]
    if not keys:
        return None
    by_token = clause[by]
    return [Token("word", "by", "by", by_token.start, by_token.end), *keys], clause[comma + 1 :]


def _asks(part: list[Token], opens: frozenset[str] = ASKING) -> bool:
    words = [t.low for t in part]
    return bool(words) and words[0] in opens and not OWN_GROUPS & set(words[1:])


def _lead_phrase(clause: list[Token]) -> int | None:
    """The length of a leading grouping phrase ("for each occupation", "within each firm and
    year") when the clause opens with one that ends at a comma or at the clause's end; else None.
    Its keys are words only (no number, value or date), and at most four of them."""
    words = [t.low for t in clause]
    opener = next((o for o in LEADS if tuple(words[: len(o)]) == o), None)
    if opener is None:
        return None
    end = next((k for k in range(len(opener), len(clause)) if clause[k].text == ","), len(clause))
    keys = clause[len(opener) : end]
    if not keys or len(keys) > 4 or any(t.kind in ("num", "date") or t.text in ".;:?!" for t in keys):
        return None
    return end


def _lead_moved(clauses: list[list[Token]], k: int) -> tuple[list[Token], int] | None:
    """Clause ``k`` with its leading grouping phrase moved behind the asking part after it (in
    the same clause after a comma, or the next clause), and how many clauses that consumed."""
    end = _lead_phrase(clauses[k])
    if end is None:
        return None
    lead, rest = clauses[k][:end], clauses[k][end + 1 :]
    if rest and _asks(rest, LEAD_ASKING):
        return [*rest, *lead], 1
    if not rest and k + 1 < len(clauses) and _asks(clauses[k + 1], LEAD_ASKING):
        return [*clauses[k + 1], *lead], 2
    return None


def carry_groups(clauses: list[list[Token]], columns: frozenset[str]) -> list[list[Token]]:
    """The clauses with each grouping-only clause carried into the aggregate part after it."""
    out: list[list[Token]] = []
    k = 0
    while k < len(clauses):
        moved = _lead_moved(clauses, k)
        if moved is not None:
            out.append(moved[0])
            k += moved[1]
            continue
        lead = _group_lead(clauses[k], columns)
        if lead is not None:
            keys, rest = lead
            if rest and _asks(rest):
                out.append([*rest, *keys])  # "grouped by species, what is the mean body mass?"
                k += 1
                continue
            if not rest and k + 1 < len(clauses) and _asks(clauses[k + 1]):
                out.append([*clauses[k + 1], *keys])  # "group by species and compute the mean …"
                k += 2
                continue
        out.append(clauses[k])
        k += 1
    return out


__all__ = ["carry_groups"]
