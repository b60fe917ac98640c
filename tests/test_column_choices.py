"""A word naming several columns becomes one choice per column (column_choices.py), each choice's
request naming its column exactly, so that a rerun compiles to that reading byte for byte."""

from __future__ import annotations

import pandas as pd
import pytest

import pandascribe
from pandascribe.errors import AmbiguousPlans, SeveralColumns
from pandascribe.plan import Plan, Select
from pandascribe.understand.column_choices import column_readings

FRAME = pd.DataFrame({"Name": ["a", "b"], "Home team": ["x", "y"], "Away team": ["p", "q"]})


def _plan(columns: tuple[str, ...]) -> Plan:
    return Plan(source="games", steps=(Select(columns=columns),))


def test_each_candidate_that_plans_is_a_reading_with_its_exact_name() -> None:
    exc = SeveralColumns("team", ("Away team", "Home team"))
    seen: list[str] = []

    def plan_for(request: str) -> Plan:
        seen.append(request)
        return _plan(("Away team",) if "Away" in request else ("Home team",))

    got = column_readings(exc, "show the team please", plan_for)
    assert isinstance(got, AmbiguousPlans)
    assert [r[0] for r in got.readings] == ["show the `Away team` please", "show the `Home team` please"]
    assert seen == [r[0] for r in got.readings]


def test_candidates_that_do_not_plan_are_left_out_and_none_left_keeps_the_refusal() -> None:
    exc = SeveralColumns("team", ("Away team", "Home team"))

    def plan_for(request: str) -> Plan:
        raise pandascribe.CompileError("no")

    assert column_readings(exc, "show the team", plan_for) is exc


def test_plain_names_are_not_quoted_and_equal_plans_are_one_reading() -> None:
    exc = SeveralColumns("delay", ("arr_delay", "dep_delay"))
    got = column_readings(exc, "mean delay", lambda r: _plan(("x",)))
    assert isinstance(got, AmbiguousPlans)
    assert [r[0] for r in got.readings] == ["mean arr_delay"]


@pytest.mark.parametrize("request_", ["the team of Name a", "sort by team"])
def test_through_compile_every_choice_reruns_to_its_own_code(request_: str) -> None:
    with pytest.raises(pandascribe.AmbiguousRequest) as info:
        pandascribe.compile(request_, {"games": FRAME})
    choices = info.value.choices
    assert len(choices) == 2
    for choice in choices:
        assert pandascribe.compile(choice.request, {"games": FRAME}).code == choice.transform.code
