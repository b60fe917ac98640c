"""Helpers shared by the pandas step generators (:mod:`.pandas_steps`, :mod:`.pandas_ops`): the
step's view of the current frame, keyword-safe output names, ``assign`` links, and
:class:`Restart` for a first step that is a whole expression over the source frame.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .pyfmt import Link, call, kwargs, s

#: parameters of ``DataFrameGroupBy.agg`` / ``DataFrame.assign`` that an output name must not take.
AGG_RESERVED = frozenset({"self", "func", "engine", "engine_kwargs"})
ASSIGN_RESERVED = frozenset({"self"})  # DataFrame.assign(self, **kwargs)


@dataclass(frozen=True)
class Restart(Link):
    """A first step written as one expression over the source frame (``pd.concat([a, b])``,
    ``len(a)``, ``bool(a["x"].isna().any())``): its text replaces the chain's start instead of
    being appended to it. Only a step generator called with the source's name returns one."""


def fn(ref: str, body: Callable[[str], str]) -> str:
    """The step's view of the current frame: the source's name in the first step, else a lambda."""
    return body(ref) if ref != "d" else f"lambda d: {body('d')}"


def whole(ref: str, body: Callable[[str], str]) -> Link:
    """A step that turns the whole frame into something else (a number, a bool, a stacked frame):
    the expression itself on the source frame, ``.pipe(lambda d: ...)`` later in a chain."""
    return Restart(body(ref)) if ref != "d" else call("pipe", f"lambda d: {body('d')}")


def _temp_name(avoid: set[str], i: int) -> str:
    name = f"_tmp{i}"
    while name in avoid:
        name = "_" + name
    return name


def with_temp_names(
    names: list[str], reserved: frozenset[str], avoid: set[str]
) -> tuple[list[str], dict[str, str]]:
    """Output names a method can take as keywords, and the renames that restore the real names.
    Only names equal to one of the method's own parameters (``func``, ``self`` …) need this."""
    out, back = [], {}
    taken = set(names) | avoid
    for i, n in enumerate(names):
        if n in reserved:
            tmp = _temp_name(taken, i)
            taken.add(tmp)
            back[tmp] = n
            out.append(tmp)
        else:
            out.append(n)
    return out, back


def rename_link(mapping: dict[str, str]) -> Link:
    return call("rename", "columns={" + ", ".join(f"{s(k)}: {s(v)}" for k, v in mapping.items()) + "}")


def assign_links(pairs: list[tuple[str, str]]) -> list[Link]:
    """``.assign(name=lambda d: ...)`` for each (name, expression over ``d``), each computed from the
    frame as it was before this link.

    ``assign`` cannot take a column called ``self`` (its own first parameter), not even through
    ``**{...}``; then the frame is rebuilt from a dict of its columns, which keeps the column order
    just as ``assign`` would."""
    if any(n in ASSIGN_RESERVED for n, _ in pairs):
        cells = ", ".join(f"{s(n)}: {body}" for n, body in pairs)
        return [call("pipe", f"lambda d: pd.DataFrame({{**d, {cells}}}, index=d.index)")]
    return [call("assign", *kwargs([(n, f"lambda d: {body}") for n, body in pairs]))]
