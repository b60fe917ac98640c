"""The rules backend's understanding: English request → Plan, offline and deterministic.

Pipeline (each stage its own module): :mod:`tokens` splits text; :mod:`items` turns tokens into
typed spans grounded in the schema (:mod:`ground`, tables in :mod:`lexicon`); the request is cut
into clauses at "then"; each clause goes to the production its verb names (:mod:`commands`) or to
the query production (:mod:`query`, :mod:`conditions`); finally every meaningful word must have
been used (:mod:`coverage`) — otherwise the request is refused, naming the word.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import CompileError
from ..plan import Plan, Step
from ..schema import FrameSchema
from .commands import COMMANDS, find_command
from .context import Clause, Ctx
from .coverage import check_coverage, mark_descriptions
from .items import Segmenter
from .query import parse_query
from .shape import schema_after
from .tokens import Token, tokenize

_THEN = {"then", "afterwards", "next", "finally", "after that", "and then"}


def split_clauses(tokens: list[Token]) -> list[list[Token]]:
    """Cut at 'then' / ';' (with a comma or 'and' before it dropped)."""
    out: list[list[Token]] = [[]]
    for t in tokens:
        if t.low in ("then", "afterwards", "finally") or t.text == ";":
            while out[-1] and out[-1][-1].low in (",", "and"):
                out[-1].pop()
            if out[-1]:
                out.append([])
            continue
        out[-1].append(t)
    return [c for c in out if c]


def understand(request: str, schemas: Mapping[str, FrameSchema], source: str) -> Plan:
    """Plan for ``request`` over ``schemas[source]``; CompileError names what was not understood."""
    schemas = dict(schemas)
    tokens = tokenize(request)
    if not tokens:
        raise CompileError("the request has no words")
    steps: list[Step] = []
    current = schemas[source]
    for clause_tokens in split_clauses(tokens):
        seg = Segmenter(schemas, source, current)
        items = seg.items(clause_tokens)
        cl = Clause(items, Ctx(schemas, source, current))
        mark_descriptions(cl)
        cmd = find_command(cl)
        new = COMMANDS[cmd](cl) if cmd else parse_query(cl)
        check_coverage(cl)
        if not new:
            raise CompileError(f"'{' '.join(t.text for t in clause_tokens)}' asks for nothing I can do",
                               words=[t.text for t in clause_tokens])
        for step in new:
            current = schema_after(current, step, schemas)
        steps.extend(new)
    return Plan(source=source, steps=tuple(steps))


__all__ = ["understand"]
