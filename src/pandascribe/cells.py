"""The cell a transform becomes, shared by the ``%%transform`` magic and the widget panel so both
insert the same text: a provenance comment, the imports the code needs and the namespace lacks,
the code — assigned to a name that overwrites nothing unless the user chose that name."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .compiler import Transform


def free_name(base: str, namespace: Mapping[str, Any]) -> str:
    """``base``, or ``base_2``, ``base_3`` … — the first name not defined in ``namespace``."""
    name, n = base, 1
    while name in namespace:
        n += 1
        name = f"{base}_{n}"
    return name


def retarget(t: Transform, name: str) -> Transform:
    """The same transform assigning to ``name`` (pandas code regenerated from the plan; other
    engines' code, whose generators need the frames' schemas, has its assignment renamed)."""
    from .codegen import generate

    if getattr(t, "engine", "pandas") != "pandas" and t.code.startswith(f"{t.target} = "):
        return dataclasses.replace(t, code=name + t.code[len(t.target) :], target=name)
    return dataclasses.replace(t, code=generate(t.plan, name), target=name)


def cell_text(
    t: Transform, sources: Sequence[str], namespace: Mapping[str, Any], target: str | None = None
) -> str:
    """Provenance comment (with ``-o target`` when the user named the result), the ``pd``/``np``
    imports the code uses and ``namespace`` lacks, then the code."""
    from .history import import_lines, provenance_comment

    lines = [provenance_comment(sources, t.request, target)]
    lines += import_lines(t.code, present=lambda alias: alias in namespace)
    return "\n".join([*lines, t.code.rstrip()])
