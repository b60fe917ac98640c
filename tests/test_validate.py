"""Plan validation against real frames: every issue reported at once with did-you-mean, and the
columns carried through the pipeline exactly as pandas produces them (checked by running the code)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from pandascribe.codegen import generate
from pandascribe.errors import CompileError, PlanValidationError
from pandascribe.plan import (
    Agg,
    Aggregate,
    ArgBest,
    Arith,
    Col,
    Compare,
    Cond,
    Correlation,
    Crosstab,
    DateLit,
    DatePart,
    Derive,
    FillMissing,
    Filter,
    Head,
    IsIn,
    Join,
    Lit,
    Melt,
    Pivot,
    Plan,
    Rename,
    RenamePair,
    ScalarAgg,
    Select,
    Sort,
    SortKey,
    StrCall,
    StrMatch,
    TopN,
    ValueCounts,
    Window,
)
from pandascribe.schema import frame_schema, schemas_for
from pandascribe.validate import plan_issues, plan_states, validate_plan

F = dict[str, pd.DataFrame]
Runner = Callable[[str, F, str], Any]


def C(name: str) -> Col:
    return Col(name=name)


def L(value: Any) -> Lit:
    return Lit(value=value)


def P(*steps: Any, source: str = "penguins") -> Plan:
    return Plan(source=source, steps=steps)


def messages(plan: Plan, frames: F) -> list[str]:
    return [str(i) for i in plan_issues(plan, schemas_for(frames))]


def test_unknown_column_says_did_you_mean(frames: F) -> None:
    plan = P(Filter(condition=Compare(op="gt", left=C("body_mas"), right=L(4000))))
    with pytest.raises(PlanValidationError) as info:
        validate_plan(plan, schemas_for(frames))
    assert "no column 'body_mas'; did you mean 'body_mass_g'?" in str(info.value)
    assert isinstance(info.value, CompileError)
    assert info.value.suggestions == ("body_mass_g",)
    assert [i.step for i in info.value.issues] == [1]


def test_all_issues_are_reported_at_once(frames: F) -> None:
    plan = P(
        Filter(condition=StrMatch(expr=C("year"), how="contains", pattern="7")),
        Derive(name="y", expr=DatePart(part="year", expr=C("island"))),
        Derive(name="m", expr=Arith(op="add", left=C("speceis"), right=L(1))),
        Join(right="airline", left_on=("species",), right_on=("species",)),
        Aggregate(by=("island",), aggs=(Agg(func="mean", column="sex", name="m"),)),
    )
    with pytest.raises(PlanValidationError) as info:
        validate_plan(plan, schemas_for(frames))
    text = str(info.value)
    found = [str(i) for i in info.value.issues]
    assert len(found) == 5, found
    assert "text match (contains) on 'year' needs text, but it holds whole numbers" in text
    assert "the year of 'island' needs dates, but it holds text" in text
    assert "no column 'speceis'; did you mean 'species'?" in text
    assert "no frame named 'airline' to join; did you mean 'airlines'?" in text
    assert "the mean of 'sex' needs numbers, but it holds text" in text
    assert [i.step for i in info.value.issues] == [1, 2, 3, 4, 5]


def test_unknown_source_frame(frames: F) -> None:
    assert messages(P(Head(n=1), source="pengiuns"), frames) == [
        "no frame named 'pengiuns'; did you mean 'penguins'?"
    ]


def test_column_gone_after_aggregate(frames: F) -> None:
    plan = P(
        Aggregate(by=("species",), aggs=(Agg(func="mean", column="body_mass_g", name="mass"),)),
        Sort(keys=(SortKey(column="body_mass_g"),)),
    )
    (msg,) = messages(plan, frames)
    assert msg.startswith(
        "column 'body_mass_g' no longer exists at step 2 (sort); columns there: 'species', 'mass'"
    )


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (
            P(Filter(condition=Compare(op="eq", left=C("year"), right=L("2007")))),
            "compares whole numbers with text",
        ),
        (P(Filter(condition=C("body_mass_g"))), "needs a true/false condition"),
        (P(Filter(condition=Compare(op="eq", left=L(1), right=L(1)))), "a filter condition needs a column"),
        (P(Filter(condition=Compare(op="gt", left=C("year"), right=L(None)))), "use 'is missing' instead"),
        (P(Filter(condition=IsIn(expr=C("year"), values=("a",)))), "compares whole numbers with text"),
        (P(Derive(name="x", expr=StrCall(func="lower", expr=C("year")))), "lower of 'year' needs text"),
        (P(Derive(name="x", expr=StrCall(func="lower", expr=L("A")))), "needs a column, not a constant"),
        (P(Derive(name="x", expr=Arith(op="pow", left=C("year"), right=L(-1)))), "negative power"),
        (
            P(Derive(name="x", expr=Arith(op="mul", left=C("species"), right=L(2)))),
            "arithmetic (mul) on 'species'",
        ),
        (
            P(
                Derive(
                    name="x",
                    expr=Cond(
                        branches=((Compare(op="gt", left=C("year"), right=L(2008)), L("new")),),
                        otherwise=L(0),
                    ),
                )
            ),
            "mix number and text",
        ),
        (
            P(Derive(name="x", expr=Window(func="cumsum", column="species"))),
            "cumsum of 'species' needs numbers",
        ),
        (P(TopN(n=3, column="species")), "the top rows by 'species' needs numbers or dates"),
        (P(Correlation(columns=("species", "year"))), "the correlation of 'species' needs numbers"),
        (
            P(Correlation(columns=("year", "body_mass_g")), Head(n=1)),
            "follows a step that gives a single value",
        ),
        (P(FillMissing(columns=("sex",), value=0)), "filling 'sex' with 0 compares text with whole numbers"),
        (P(FillMissing(columns=("sex",), method="mean")), "filling 'sex' with the mean needs numbers"),
        (P(ArgBest(label="species", column="island")), "needs numbers or dates, but it holds text"),
        (
            P(Derive(name="d", expr=DateLit(value="2020-01-01")), FillMissing(value="x")),
            "filling every column with 'x' does not fit column 'd'",
        ),
        (P(FillMissing(method="zero")), "filling every column with 0 does not fit column 'sex' (text)"),
        (
            P(
                Filter(condition=Compare(op="lt", left=C("departed"), right=L("2013-01-01"))),
                source="flights",
            ),
            "write the date as a date",
        ),
    ],
)
def test_wrong_kind_for_the_operation(plan: Plan, expected: str, frames: F) -> None:
    found = messages(plan, frames)
    assert any(expected in m for m in found), found


def test_category_rules(penguins: pd.DataFrame) -> None:
    frames = {"p": penguins.assign(species=penguins["species"].astype("category"))}
    ordered = Plan(source="p", steps=(Filter(condition=Compare(op="lt", left=C("species"), right=L("B"))),))
    assert any("orders categories" in m for m in messages(ordered, frames))
    fill = Plan(source="p", steps=(FillMissing(columns=("species",), value="Penguin"),))
    assert messages(fill, frames) == ["'Penguin' is not one of the categories of 'species'"]
    ok = Plan(source="p", steps=(FillMissing(columns=("species",), value="Adelie"),))
    assert messages(ok, frames) == []


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (P(Rename(pairs=(RenamePair(old="sex", new="year"),))), "renaming gives two columns named 'year'"),
        (P(Melt(id_vars=("species",), value_name="species")), "a column has that name"),
        (P(Derive(name="count", expr=L(1)), ValueCounts(columns=("count",))), "two columns of that name"),
        (
            P(
                Derive(name="year_x", expr=L(1)),
                Join(right="flights", left_on=("carrier",), right_on=("carrier",)),
                source="flights",
            ),
            "gives two columns named 'year_x'",
        ),
        (
            P(Pivot(index=("species",), columns="species", values="year")),
            "the pivot uses the same column twice",
        ),
        (P(Crosstab(index="sex", columns="sex")), "uses the same column twice"),
        (
            P(Crosstab(index="origin", columns="departed"), source="flights"),
            "spreads the dates of 'departed'",
        ),
    ],
)
def test_duplicate_output_names(plan: Plan, expected: str, frames: F) -> None:
    found = messages(plan, frames)
    assert any(expected in m for m in found), found


def test_join_checks_keys_on_both_sides(frames: F) -> None:
    plan = P(Join(right="airlines", left_on=("carier",), right_on=("code",)), source="flights")
    found = messages(plan, frames)
    assert "no column 'carier'; did you mean 'carrier'?" in found
    assert "no column 'code' in frame 'airlines'" in found
    mixed = P(Join(right="airlines", left_on=("year",), right_on=("carrier",)), source="flights")
    assert any(
        "joining 'year' with airlines.'carrier' compares whole numbers with text" in m
        for m in messages(mixed, frames)
    )


# Plans whose resulting columns the validator must predict exactly as pandas produces them.
PIPELINES = [
    P(
        Join(right="flights", left_on=("carrier",), right_on=("carrier",), columns=("dest", "year")),
        source="flights",
    ),
    P(ValueCounts(columns=("sex",), dropna=False)),
    P(Join(right="airlines", left_on=("carrier",), right_on=("carrier",)), source="flights"),
    P(
        Join(right="flights", left_on=("carrier",), right_on=("carrier",), how="inner"),
        Head(n=5),
        source="airlines",
    ),
    P(
        Head(n=50),
        Join(right="flights", left_on=("flight", "origin"), right_on=("flight", "origin")),
        source="flights",
    ),
    P(Head(n=50), Join(right="flights", left_on=("carrier",), right_on=("origin",)), source="flights"),
    P(
        Rename(pairs=(RenamePair(old="carrier", new="code"),)),
        Join(right="airlines", left_on=("code",), right_on=("carrier",)),
        source="flights",
    ),
    P(
        Aggregate(
            by=("species", "island"),
            aggs=(Agg(func="size", name="n"), Agg(func="max", column="year", name="y")),
        )
    ),
    P(Aggregate(aggs=(Agg(func="size", name="n"), Agg(func="mean", column="year", name="avg year")))),
    P(Melt(id_vars=("species",), value_vars=("bill_length_mm", "year"), var_name="what")),
    P(Select(columns=("year", "body_mass_g")), Melt()),
    P(ValueCounts(columns=("species", "island"), normalize=True)),
    P(ValueCounts(columns=("sex",))),
    P(Correlation(columns=("year", "body_mass_g", "bill_depth_mm"))),
    P(Correlation()),
    P(
        Derive(name="ratio", expr=Arith(op="div", left=C("bill_length_mm"), right=C("bill_depth_mm"))),
        Derive(name="big", expr=Compare(op="gt", left=C("body_mass_g"), right=L(4000))),
        Derive(name="s", expr=StrCall(func="len", expr=C("species"))),
        Select(columns=("species", "ratio", "big", "s")),
    ),
    P(
        Derive(name="m", expr=DatePart(part="month", expr=C("departed"))),
        Derive(name="day", expr=DatePart(part="date", expr=C("departed"))),
        Aggregate(by=("m",), aggs=(Agg(func="min", column="day", name="first_day"),)),
        source="flights",
    ),
    P(
        Filter(condition=IsIn(expr=C("island"), values=("Dream",))),
        TopN(n=3, column="year"),
        Rename(pairs=(RenamePair(old="year", new="yr"),)),
    ),
]


@pytest.mark.parametrize("plan", PIPELINES, ids=lambda p: "-".join(s.op for s in p.steps))
def test_predicted_columns_match_pandas(plan: Plan, frames: F, run: Runner) -> None:
    states, issues = plan_states(plan, schemas_for(frames))
    assert issues == []
    result = run(generate(plan, "out"), frames, "out")
    final = states[-1]
    assert not final.open
    assert list(final.columns) == [str(c) for c in result.columns]
    actual = {c.name: c.kind for c in frame_schema("out", result).columns}
    for name, kind in final.columns.items():
        if kind not in ("any", "other") and not result[name].isna().all():
            assert actual[name] == kind or {actual[name], kind} <= {"integer", "float"}, (
                name,
                kind,
                actual[name],
            )


def test_pivot_columns_come_from_the_data(frames: F) -> None:
    plan = P(
        Pivot(index=("species",), columns="island", values="year"), Sort(keys=(SortKey(column="Dream"),))
    )
    states, issues = plan_states(plan, schemas_for(frames))
    assert issues == []
    assert states[1].open and list(states[1].columns) == ["species"]


def test_scalar_steps_end_the_frame(frames: F) -> None:
    states, _ = plan_states(P(ScalarAgg(func="size")), schemas_for(frames))
    assert states[-1].scalar


def test_valid_plans_pass(frames: F) -> None:
    validate_plan(
        P(
            Filter(condition=Compare(op="ge", left=C("departed"), right=DateLit(value="2013-06-01"))),
            Derive(name="w", expr=Window(func="rank", column="dep_delay", by=("carrier",))),
            source="flights",
        ),
        schemas_for(frames),
    )
