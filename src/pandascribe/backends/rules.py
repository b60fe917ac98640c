"""The offline, deterministic backend: the rule-based understanding in :mod:`pandascribe.understand`."""

from __future__ import annotations

from collections.abc import Mapping

from ..schema import FrameSchema
from . import BackendResult


class RulesBackend:
    """Plans with lexicon tables and grammar rules; no network, same answer every time."""

    name = "rules"

    def plan(self, request: str, schemas: Mapping[str, FrameSchema], source: str) -> BackendResult:
        from ..understand import understand_reading

        got = understand_reading(request, schemas, source)
        return BackendResult(plan=got.plan, backend=self.name, notes=got.notes)
