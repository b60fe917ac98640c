"""The rules backend's understanding: English request → Plan, offline and deterministic.

Pipeline (each stage its own module): :mod:`tokens` splits text; :mod:`items` turns tokens into
typed spans grounded in the schema (:mod:`ground`, tables in :mod:`lexicon`); the request is cut
into clauses at "then"; each clause goes to the production its verb names (:mod:`commands`) or to
the query production (:mod:`query`, :mod:`conditions`); finally every meaningful word must have
been used (:mod:`coverage`) — otherwise the request is refused, naming the word.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from ..errors import CompileError
from ..plan import Join, Plan, Step
from ..schema import FrameSchema
from .commands import COMMANDS, find_command
from .context import Clause, Ctx
from .coverage import check_coverage, mark_descriptions
from .items import Segmenter
from .oprules import match_op_rules
from .query import parse_query
from .reshape import foreign_joins
from .shape import schema_after
from .tokens import Token, tokenize

_THEN = {"then", "afterwards", "next", "finally", "after that", "and then"}


def split_clauses(tokens: list[Token]) -> list[list[Token]]:
    """Cut at 'then' / ';' (with a comma or 'and' before it dropped)."""
    out: list[list[Token]] = [[]]
    for n, t in enumerate(tokens):
        nxt = tokens[n + 1].low if n + 1 < len(tokens) else ""
        if t.low == "then" and nxt == "by":  # "sort by a (and) then by b": one sort, two keys
            while out[-1] and out[-1][-1].low in (",", "and"):
                out[-1].pop()
            out[-1].append(Token("sym", ",", ",", t.start, t.end))
            continue
        if _starts_command(tokens, n):
            while out[-1] and out[-1][-1].low in (",", "and"):
                out[-1].pop()
            if out[-1]:
                out.append([])
            continue
        naming = any(x.low in ("add", "create", "column", "new", "make") for x in out[-1])
        if t.low in ("then", "afterwards", "finally") or t.text == ";" or (t.text == ":" and not naming):
            while out[-1] and out[-1][-1].low in (",", "and"):
                out[-1].pop()
            if out[-1]:
                out.append([])
            continue
        out[-1].append(t)
    return [c for c in out if c]


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
}


def _starts_command(tokens: list[Token], n: int) -> bool:
    """A comma followed by a verb starts a new step: "take JFK, drop rows where …, then …"."""
    return tokens[n].text == "," and n + 1 < len(tokens) and tokens[n + 1].low in _COMMAND_STARTS


def understand(request: str, schemas: Mapping[str, FrameSchema], source: str) -> Plan:
    """Plan for ``request`` over ``schemas[source]``; CompileError names what was not understood."""
    from pydantic import ValidationError

    try:
        return _understand(request, dict(schemas), source)
    except ValidationError as exc:
        # a reading that builds an impossible plan (a name used twice …) is a reading we refuse
        first = exc.errors()[0]
        raise CompileError(f"could not build a consistent plan: {first.get('msg', exc)}") from None
    except CompileError:
        raise
    except Exception as exc:
        # a production tripping over an unusual sentence must not take the notebook down: refuse,
        # and say enough for a bug report (the request is not echoed into code, ever)
        raise CompileError(
            f"could not read this request (internal {type(exc).__name__} in the rules backend; "
            "please report it)"
        ) from exc


# commands whose requests introduce new names ("rename a to new_name", "add ratio_x = …")
_NAMING_COMMANDS = frozenset({"rename", "derive", "window", "strcase", "fill"})


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


def _read_clause(cl: Clause) -> list[Step]:
    """A clause by the verb that decides it (:mod:`commands`), else as a query (:mod:`query`)."""
    cmd = find_command(cl)
    if cmd not in _NAMING_COMMANDS:
        _check_identifiers(cl)
    return COMMANDS[cmd](cl) if cmd else parse_query(cl)


def _understand(request: str, schemas: dict[str, FrameSchema], source: str) -> Plan:
    tokens = tokenize(request)
    if not tokens:
        raise CompileError("the request has no words")
    steps: list[Step] = []
    current = schemas[source]
    for clause_tokens in split_clauses(tokens):
        seg = Segmenter(schemas, source, current)
        items = seg.items(clause_tokens)
        ctx = Ctx(
            schemas, source, current, foreign={it.col: it.foreign for it in items if it.foreign and it.col}
        )
        cl = Clause(items, ctx)
        mark_descriptions(cl)
        # everyday operations with their own grammar (data/oprules.toml) first, else the parsers
        new = match_op_rules(cl, otherwise=partial(_read_clause, cl))
        check_coverage(cl)
        joined = {s.right for s in new if isinstance(s, Join)}
        new = [*foreign_joins(cl, skip=joined), *new]
        if not new:
            raise CompileError(
                f"'{' '.join(t.text for t in clause_tokens)}' asks for nothing I can do",
                words=[t.text for t in clause_tokens],
            )
        for step in new:
            current = schema_after(current, step, schemas)
        steps.extend(new)
    return Plan(source=source, steps=tuple(steps))


__all__ = ["understand"]
