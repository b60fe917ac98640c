"""The rules backend's understanding: English request → Plan, offline and deterministic.

Pipeline (each stage its own module): :mod:`tokens` splits text; :mod:`items` turns tokens into
typed spans grounded in the schema (:mod:`ground`, tables in :mod:`lexicon`); the request is cut
into clauses at "then"; each clause goes to the production its verb names (:mod:`commands`) or to
the query production (:mod:`query`, :mod:`conditions`); finally every meaningful word must have
been used (:mod:`coverage`) — otherwise the request is refused, naming the word.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from ..errors import CompileError
from ..plan import Filter, Head, Join, Plan, Select, Sort, Step, Tail, TopN
from ..schema import FrameSchema
from . import positions
from .clause_groups import carry_groups
from .command_find import find_command
from .commands import COMMANDS
from .context import Clause, Ctx
from .coverage import check_coverage, mark_descriptions
from .ground import CORE_WORDS
from .items import Item, Segmenter
from .joins import foreign_joins
from .limits import check_request_size
from .morph import warm_lemmas
from .oprules import match_op_rules
from .query import parse_query
from .readings import Reading, apply_combination, choice_points, combinations, plausible
from .shape import schema_after
from .tokens import Token, tokenize

_THEN = {"then", "afterwards", "next", "finally", "after that", "and then"}


def split_clauses(tokens: list[Token], columns: frozenset[str] = frozenset()) -> list[list[Token]]:
    """Cut at 'then' / ';' / ', VERB' / 'and VERB' (with a comma or 'and' before it dropped);
    ``columns`` are the lower-case column names (a column called 'order' starts nothing)."""
    out: list[list[Token]] = [[]]
    for n, t in enumerate(tokens):
        nxt = tokens[n + 1].low if n + 1 < len(tokens) else ""
        if t.low == "then" and (nxt == "by" or _next_sort_key(out[-1], nxt, columns)):
            # "sort by a (and) then by b", "sorting by the continent then lifeExp": one sort, two keys
            while out[-1] and out[-1][-1].low in (",", "and"):
                out[-1].pop()
            out[-1].append(Token("sym", ",", ",", t.start, t.end))
            continue
        if _starts_command(tokens, n, columns):
            while out[-1] and out[-1][-1].low in (",", "and"):
                out[-1].pop()
            if out[-1]:
                out.append([])
            continue
        naming = any(x.low in ("add", "create", "column", "new", "make") for x in out[-1]) or (
            len(out[-1]) == 1 and out[-1][0].kind in ("str", "word")  # "`Ratio`: a / b" defines Ratio
        )
        if t.low in ("then", "afterwards", "finally") or t.text == ";" or (t.text == ":" and not naming):
            while out[-1] and out[-1][-1].low in (",", "and"):
                out[-1].pop()
            if out[-1]:
                out.append([])
            continue
        out[-1].append(t)
    return carry_groups([c for c in out if c], columns)


_SORT_WORDS = frozenset({"sort", "sorted", "sorting", "order", "ordered", "ordering", "arrange", "arranged"})


def _next_sort_key(clause: list[Token], nxt: str, columns: frozenset[str]) -> bool:
    """ "then" between two column names in a clause that sorts ("sort by year then country"):
    the second column is the next sort key, not a new step."""
    return (
        nxt in columns
        and bool(clause)
        and clause[-1].low in columns
        and any(t.low in _SORT_WORDS for t in clause)
        and any(t.low == "by" for t in clause)
    )


_COMMAND_STARTS = {
    "drop",
    "remove",
    "delete",
    "sort",
    "order",
    "keep",
    "select",
    "add",
    "rename",
    "fill",
    "replace",
    "show",
    "take",
    "group",
    "filter",
    "create",
    "compute",
    "return",
    "list",
    "display",
    "print",
}


def _starts_command(tokens: list[Token], n: int, columns: frozenset[str] = frozenset()) -> bool:
    """A comma or 'and' followed by a verb starts a new step: "take JFK, drop rows where …, then
    …", "sort by fare and show name and fare" (a verb that is also a column's name does not)."""
    if n + 1 >= len(tokens) or tokens[n + 1].low not in _COMMAND_STARTS or tokens[n + 1].low in columns:
        return False
    if tokens[n].text == ",":
        return True
    return tokens[n].low == "and"


def understand(request: str, schemas: Mapping[str, FrameSchema], source: str) -> Plan:
    """Plan for ``request`` over ``schemas[source]``; CompileError names what was not understood."""
    return understand_reading(request, schemas, source).plan


def understand_reading(request: str, schemas: Mapping[str, FrameSchema], source: str) -> Understood:
    """The best reading of ``request`` with the guesses it rests on; AmbiguousPlans when several
    readings are equally good; CompileError names what was not understood."""
    from pydantic import ValidationError

    check_request_size(request)
    warm_lemmas()
    try:
        return _understand(request, dict(schemas), source)
    except ValidationError as exc:
        # a reading that builds an impossible plan (a name used twice …) is a reading we refuse
        first = exc.errors()[0]
        raise CompileError(f"could not build a consistent plan: {first.get('msg', exc)}") from None
    except CompileError as exc:
        if exc.words and not exc.spans:
            exc.spans = _spans_of(request, exc.words)
        raise
    except Exception as exc:
        # a production tripping over an unusual sentence must not take the notebook down: refuse,
        # and say enough for a bug report (the request is not echoed into code, ever)
        raise CompileError(
            f"could not read this request (internal {type(exc).__name__} in the rules backend; "
            "please report it)"
        ) from exc


# commands whose requests introduce new names ("rename a to new_name", "add ratio_x = …")
_NAMING_COMMANDS = frozenset({"rename", "derive", "window", "strcase", "fill", "colpattern"})


def _check_identifiers(cl: Clause) -> None:
    """A word typed like a column name (``body_mas``, ``bodyMas``) that names no column is a typo:
    say so first, with the closest names, before any production tries to read around it."""
    from ..errors import closest

    for it in cl.items:
        if it.cols or it.vals or it.kws or it.rownoun or len(it.words) != 1:
            continue
        text = it.text
        if "_" in text.strip("_") or (text[:1].islower() and any(ch.isupper() for ch in text[1:])):
            names = list(cl.ctx.current.names)
            raise CompileError(f"no column '{text}'", words=[text], suggestions=closest(text, names))


def _typo_error(
    clause_tokens: list[Token], schemas: dict[str, FrameSchema], source: str, current: FrameSchema
) -> CompileError | None:
    """When no reading parses and a word means nothing at all but is one slip away from a column
    name, that word is the likeliest cause: name it ("no column 'unitz'; did you mean 'units'?")."""
    from ..errors import closest

    for it in Segmenter(schemas, source, current).items(clause_tokens):
        meaningful = (
            it.kws or it.cols or it.vals or it.preds or it.rownoun or it.filler or it.sym or it.literal
        )
        if meaningful or len(it.words) != 1 or not it.words[0].isalpha() or len(it.words[0]) < 4:
            continue
        near = closest(it.text, list(current.names), cutoff=0.8)
        if near:
            tok = clause_tokens[it.start]
            return CompileError(
                f"no column '{it.text}'", words=[it.text], suggestions=near, spans=[(tok.start, tok.end)]
            )
    return None


def _spans_of(request: str, words: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Where each named word stands in the request (its first whole-word occurrence, ignoring
    case), so a fix button replaces exactly it."""
    import re

    out = []
    for w in words:
        m = re.search(rf"(?<!\w){re.escape(w)}(?!\w)", request, re.IGNORECASE)
        if m:
            out.append((m.start(), m.end()))
    return tuple(out)


@dataclass(frozen=True)
class Understood:
    """The plan of the best reading, and the guesses it rests on (named in the explanation)."""

    plan: Plan
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _State:
    """A reading of the clauses so far."""

    steps: tuple[Step, ...]
    current: FrameSchema
    score: int
    edits: tuple[tuple[int, int, str], ...]
    notes: tuple[str, ...]


MAX_STATES = 8
#: a whole-clause grammar rule explains every word with one construction: it ranks above the
#: clause productions' reading of the same words
GRAMMAR_BONUS = -1


def _understand(request: str, schemas: dict[str, FrameSchema], source: str) -> Understood:
    text = _normalised(request, schemas, source)
    tokens = tokenize(text)
    if not tokens:
        raise CompileError("the request has no words")
    states = [_State((), schemas[source], 0, (), ())]
    columns = frozenset(c.lower() for c in schemas[source].names)
    for clause_tokens in split_clauses(tokens, columns):
        grown: list[_State] = []
        error: BaseException | None = None
        for st in states:
            readings, err = _read_clause(clause_tokens, schemas, source, st.current)
            error = error or err
            base_steps = st.steps
            if not readings:
                readings = _rows_before_select(clause_tokens, schemas, source, st)
                base_steps = st.steps[:-1]  # the selection is re-applied after the row steps
            for r in readings:
                current = st.current
                for step in r.steps:
                    current = schema_after(current, step, schemas)
                grown.append(
                    _State(
                        base_steps + r.steps,
                        current,
                        st.score + r.score,
                        st.edits + r.edits,
                        st.notes + r.notes,
                    )
                )
        if not grown:
            raise _typo_error(clause_tokens, schemas, source, states[0].current) or (
                error if error is not None else CompileError("the request could not be read")
            )
        grown.sort(key=lambda s: (s.score, _plan_key(source, s.steps)))
        states = grown[:MAX_STATES]
    return _decide(request, source, states)


#: steps that keep a frame's columns as they are (only the rows, or their order, change)
_ROW_STEPS = (Filter, Sort, Head, Tail, TopN)


def _rows_before_select(
    clause_tokens: list[Token], schemas: dict[str, FrameSchema], source: str, st: _State
) -> list[Reading]:
    """ "List the names of employees and sort by age": a clause that orders or filters the rows by
    a column the previous clause's selection left out is read before that selection, which then
    comes last (its columns, in the asked rows and order). Only readings made of row steps."""
    if not st.steps or not isinstance(st.steps[-1], Select):
        return []
    before = schemas[source]
    for step in st.steps[:-1]:
        before = schema_after(before, step, schemas)
    readings, _ = _read_clause(clause_tokens, schemas, source, before)
    out = []
    for r in readings:
        if r.steps and all(isinstance(x, _ROW_STEPS) for x in r.steps):
            out.append(Reading((*r.steps, st.steps[-1]), r.score, r.edits, r.notes))
    return out


def _plan_key(source: str, steps: tuple[Step, ...]) -> str:
    """The canonical plan JSON (the deterministic tie-break); text UTF-8 cannot hold (a lone
    surrogate in a value) is escaped rather than refused."""
    plan = Plan(source=source, steps=steps)
    try:
        return plan.model_dump_json()
    except ValueError:  # pydantic's serialisation error: a value with a lone surrogate
        import json

        return json.dumps(plan.model_dump(mode="python"), default=str, ensure_ascii=True, sort_keys=True)


def _decide(request: str, source: str, states: list[_State]) -> Understood:
    """The best-scoring reading; several best readings with different plans are a choice for the
    user (each rephrased so that it says its reading explicitly)."""
    from ..errors import AmbiguousPlans

    best = [s for s in states if s.score == states[0].score]
    distinct: dict[str, _State] = {}
    for s in best:
        distinct.setdefault(_plan_key(source, s.steps), s)
    if len(distinct) == 1:
        s = best[0]
        return Understood(Plan(source=source, steps=s.steps), tuple(dict.fromkeys(n for n in s.notes if n)))
    readings = [
        (_rephrase(request, s.edits), Plan(source=source, steps=s.steps), "; ".join(n for n in s.notes if n))
        for s in distinct.values()
    ]
    words = sorted({request[a:b] for s in distinct.values() for a, b, _ in s.edits})
    spans = sorted({(a, b) for s in distinct.values() for a, b, _ in s.edits})
    raise AmbiguousPlans(
        "this request can be read in several ways: " + " / ".join(f"'{w}'" for w in words),
        readings,
        words=words,
        spans=spans,
    )


def _rephrase(request: str, edits: tuple[tuple[int, int, str], ...]) -> str:
    out = request
    for a, b, say in sorted(set(edits), reverse=True):
        out = out[:a] + say + out[b:]
    return out


def _normalised(request: str, schemas: dict[str, FrameSchema], source: str) -> str:
    """The request with step numbers, politeness, discourse and frame references blanked out
    (offsets kept), unless they carry a column or value word."""
    from .ground import indexes_for
    from .normalise import normalise

    current = schemas[source]
    cindex, vindex = indexes_for(current)

    from .lexicon import FILLER, KEYWORDS

    others = {name.lower() for name in schemas if name != source}  # a join's partner is content

    def is_content(word: str) -> bool:  # names a column, a value or another frame: a phrase holding it stays
        return bool(cindex.match((word,))[0] >= CORE_WORDS or vindex.full.get((word,)) or word in others)

    def is_known(word: str) -> bool:  # a lexicon word: a verb form may be rewritten into it
        return word in FILLER or any(k != "noise" for k, _ in KEYWORDS.get((word,), ()))

    cols = current.names
    return normalise(request, frames=[source], columns=cols, is_content=is_content, is_known=is_known).text


def _read_clause(
    clause_tokens: list[Token], schemas: dict[str, FrameSchema], source: str, current: FrameSchema
) -> tuple[list[Reading], BaseException | None]:
    """Every reading of one clause that parses and is plausible, and the error of the first that
    did not (reported when none does)."""
    seg = Segmenter(schemas, source, current)
    base = seg.items(clause_tokens)
    points = choice_points(base)
    out: list[Reading] = []
    error: BaseException | None = None
    for combo in combinations(points):
        for steps, extra, *said in _clause_parses(base, combo, clause_tokens, schemas, source, current):
            if isinstance(steps, BaseException):
                error = error or steps
                continue
            if not plausible(steps, current):
                error = error or CompileError(
                    "the only reading asks for the number of distinct values of a yes/no column",
                    words=[t.text for t in clause_tokens],
                )
                continue
            edits = tuple(
                (clause_tokens[base[a.index].start].start, clause_tokens[base[a.index].end - 1].end, a.say)
                for a in combo
                if a.say is not None
            )
            score = sum(a.tier for a in combo) + extra
            notes = tuple(a.note for a in combo) + tuple(said[1:])
            out.append(Reading(tuple(steps), score, edits + tuple(said[0] if said else ()), notes))
    return out, error


def _clause_parses(
    base: list[Item],
    combo: tuple,
    clause_tokens: list[Token],
    schemas: dict[str, FrameSchema],
    source: str,
    current: FrameSchema,
) -> list[tuple]:
    """The clause productions' reading and every whole-clause grammar rule's reading of one
    combination of alternatives: (steps, extra score) or (the error, 0)."""
    from . import grammar

    out: list[tuple] = []
    try:
        out.append(
            (_parse_clause(apply_combination(base, combo), clause_tokens, schemas, source, current), 0)
        )
    except Exception as exc:
        out.append((exc, 0))
    items = apply_combination(base, combo)
    cl = Clause(items, Ctx(schemas, source, current))
    try:
        for _name, steps in grammar.readings(cl):
            check_coverage(cl)
            out.append((steps, GRAMMAR_BONUS))
            break
    except Exception as exc:
        out.append((exc, 0))
    try:  # rows by position (data/positions.toml): one reading, or one per way of counting
        cl = Clause(apply_combination(base, combo), Ctx(schemas, source, current))
        for pos_steps, edits, note in positions.readings(cl, clause_tokens):
            out.append((list(pos_steps), GRAMMAR_BONUS, edits, note))
    except Exception as exc:
        out.append((exc, 0))
    return out


def _by_verb(cl: Clause) -> list[Step]:
    """A clause by the verb that decides it (:mod:`commands`), else as a query (:mod:`query`)."""
    cmd = find_command(cl)
    if cmd not in _NAMING_COMMANDS:
        _check_identifiers(cl)
    return COMMANDS[cmd](cl) if cmd else parse_query(cl)


def _parse_clause(
    items: list[Item],
    clause_tokens: list[Token],
    schemas: dict[str, FrameSchema],
    source: str,
    current: FrameSchema,
) -> list[Step]:
    ctx = Ctx(schemas, source, current, foreign={it.col: it.foreign for it in items if it.foreign and it.col})
    cl = Clause(items, ctx)
    mark_descriptions(cl)
    # everyday operations with their own grammar (data/oprules.toml) first, else the productions
    new = match_op_rules(cl, otherwise=partial(_by_verb, cl))
    check_coverage(cl)
    joined = {s.right for s in new if isinstance(s, Join)}
    new = [*foreign_joins(cl, skip=joined), *new]
    if not new:
        raise CompileError(
            f"'{' '.join(t.text for t in clause_tokens)}' asks for nothing I can do",
            words=[t.text for t in clause_tokens],
        )
    return new


__all__ = ["Understood", "understand", "understand_reading"]
