"""What the notebook faces remember between requests, so a follow-up ("now sort that by units")
can build on the last result: the last Transform and its history entry, per notebook.

The ``%%transform`` magic keeps one :class:`Conversation`; ``--fresh`` forgets. Kept apart from
the magic so the panel and the CLI can share it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .compiler import Transform


def scope_of(namespace: Mapping[str, Any]) -> str:
    """The notebook a request comes from: Jupyter's session name when known (``__session__`` in
    the kernel's namespace, or ``JPY_SESSION_NAME``), else one scope for the whole shell."""
    return str(namespace.get("__session__") or os.environ.get("JPY_SESSION_NAME") or "")


@dataclass
class Conversation:
    """The last transform (and its history entry id) of each notebook scope."""

    last: dict[str, tuple[Transform, int | None]] = field(default_factory=dict)

    def remember(self, scope: str, t: Transform, entry: int | None) -> None:
        self.last[scope] = (t, entry)

    def forget(self, scope: str) -> None:
        self.last.pop(scope, None)

    def previous_for(self, scope: str, request: str) -> tuple[Transform | None, int | None]:
        """The remembered transform and entry when ``request`` builds on it; (None, None) when it
        stands alone or nothing is remembered."""
        from .understand.followup import refers_back

        held = self.last.get(scope)
        if held is None or not refers_back(request):
            return None, None
        return held

    def frames_for(self, previous: Transform | None, sources: Sequence[str], request: str) -> list[str]:
        """The SOURCE names to resolve: those given, else the frame the previous chain starts from.
        A request that refers back with nothing remembered (or after ``--fresh``) is refused here,
        before "which DataFrame?" could hide the real reason."""
        from IPython.core.error import UsageError

        from .errors import CompileError
        from .understand.followup import prepare_followup, root_frame

        if sources:
            root = root_frame(previous) if previous is not None else None
            return [*sources, root] if root is not None and root not in sources else list(sources)
        if previous is None:
            try:
                prepare_followup(request, None)
            except CompileError as exc:
                raise UsageError(f"pandascribe could not compile this request: {exc}") from None
            return []
        return [root_frame(previous)]


def builds_on_comment(t: Transform) -> str | None:
    """``# builds on sales_by_region (total units by region)`` for a follow-up's cell; None else."""
    if t.previous is None:
        return None
    return f"# builds on {t.previous.target} ({' '.join(t.previous.request.split())})"


__all__ = ["Conversation", "builds_on_comment", "scope_of"]
