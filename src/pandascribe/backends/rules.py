"""The offline, deterministic backend: the rule-based understanding in :mod:`pandascribe.understand`."""

from __future__ import annotations

from collections.abc import Mapping

from ..schema import FrameSchema
from . import BackendResult


class RulesBackend:
    """Plans with lexicon tables and grammar rules; no network, same answer every time."""

    name = "rules"

    def plan(self, request: str, schemas: Mapping[str, FrameSchema], source: str) -> BackendResult:
        from ..understand import understand
        from ..understand.charts import with_charts  # charts: a chart phrase, then the rest as usual

        return BackendResult(plan=with_charts(understand)(request, schemas, source), backend=self.name)
