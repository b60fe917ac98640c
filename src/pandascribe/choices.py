"""Picking one reading of an ambiguous request — the rule every surface shares.

:func:`pandascribe.compile` raises :class:`~pandascribe.AmbiguousRequest` when a request has several
equally good readings; each :class:`~pandascribe.Choice` carries a paraphrase, a rephrased request
that compiles to exactly its code, and the compiled Transform. The magic (``--choose N``), the CLI
(``--choose N``) and the panel (one button per choice) all number the choices from 1 and pick
through :func:`pick`, so the same number means the same reading everywhere, and the history records
that number.

A request that is *not* ambiguous has exactly one reading, numbered 1: ``--choose 1`` is accepted
(a notebook whose request stopped being ambiguous still runs), any other number is refused rather
than quietly ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .errors import AmbiguousRequest, Choice, CompileError

if TYPE_CHECKING:
    from .compiler import Transform


class ChoiceOutOfRange(CompileError):
    """``--choose N`` names no reading of this request (a usage error: one line, no code)."""


def choice_lines(choices: Sequence[Choice]) -> list[str]:
    """``  1. <paraphrase>  — say: <request>`` per choice, numbered from 1."""
    return [f"  {n}. {c.paraphrase}  — say: {c.request}" for n, c in enumerate(choices, 1)]


def headline(exc: AmbiguousRequest) -> str:
    """The first line of the ambiguity message (what is ambiguous), without the numbered list."""
    return str(exc).splitlines()[0]


def pick(exc: AmbiguousRequest, n: int) -> Choice:
    """Choice ``n`` (counted from 1) of ``exc``; :class:`ChoiceOutOfRange` when there is none."""
    count = len(exc.choices)
    if not 1 <= n <= count:
        raise ChoiceOutOfRange(f"--choose {n}: this request has {count} readings; choose 1 to {count}")
    return exc.choices[n - 1]


def compile_choosing(compile_: Callable[[], Transform], choose: int | None) -> tuple[Transform, int | None]:
    """Run ``compile_``; on an ambiguous request take reading ``choose`` (re-raise the ambiguity
    when ``choose`` is None). Returns the transform and the number picked (None: no choice was
    offered). The chosen transform's ``request`` is the choice's rephrased request, which compiles
    to the very same code — what the inserted cell and the history record."""
    try:
        transform = compile_()
    except AmbiguousRequest as exc:
        if choose is None:
            raise
        return pick(exc, choose).transform, choose
    if choose is not None and choose != 1:
        raise ChoiceOutOfRange(
            f"--choose {choose}: this request has one reading (it is not ambiguous); drop --choose"
        )
    return transform, None
