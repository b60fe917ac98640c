"""The offline, deterministic backend: the rule-based understanding in :mod:`pandascribe.understand`."""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import SeveralColumns
from ..plan import Plan
from ..schema import FrameSchema
from . import BackendResult


class RulesBackend:
    """Plans with lexicon tables and grammar rules; no network, same answer every time."""

    name = "rules"

    def plan(self, request: str, schemas: Mapping[str, FrameSchema], source: str) -> BackendResult:
        from ..understand import understand_reading
        from ..understand.charts import with_charts  # charts: a chart phrase, then the rest as usual
        from ..understand.column_choices import column_readings
        from ..understand.round_result import with_rounding  # "…, rounded to 2 decimals"

        notes: list[str] = []  # the guesses the chosen reading rests on, named in the explanation

        def base(req: str, sch: Mapping[str, FrameSchema], src: str) -> Plan:
            got = understand_reading(req, sch, src)
            notes.extend(got.notes)
            return got.plan

        def planned(req: str) -> Plan:
            return with_charts(with_rounding(base))(req, schemas, source)

        try:
            plan = planned(request)
        except SeveralColumns as exc:  # a word naming several columns: one choice per column
            raise column_readings(exc, request, planned) from None
        return BackendResult(plan=plan, backend=self.name, notes=tuple(notes))
