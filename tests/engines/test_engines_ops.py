"""The everyday-question steps (``plan.ops``) on polars and Spark: the hand-built plans of
``tests/test_ops_new.py`` (on small slices of the same real datasets, so Spark stays quick) are
compiled for each engine, run on that engine's frames, brought back to pandas and compared with the
pandas generator's answer by the evaluation harness's ``same_answer``; a chart's Axes data (bars,
lines, points, wedges, legend, labels) must equal the pandas chart's. Where an engine refuses a
plan, the refusal is asserted (the exact step and reason), never skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import pytest

from pandascribe.codegen import generate as pandas_generate
from pandascribe.codegen import polars as polars_gen
from pandascribe.codegen import spark as spark_gen
from pandascribe.codegen.engine_common import NotSupported
from pandascribe.codegen.engine_ops import PLOT_ROW_BOUND
from pandascribe.engines import schemas_for
from pandascribe.engines.convert import to_engine, to_pandas
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
)

from .cases import dataset, run
from .compare import same_answer, unsafe_reason

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle, Wedge

GENERATORS = {"polars": polars_gen, "spark": spark_gen}
F = dict[str, pd.DataFrame]


def C(name: str) -> Col:
    return Col(name=name)


def cmp(op: str, column: str, value: Any) -> Compare:
    return Compare(op=op, left=C(column), right=Lit(value=value))  # type: ignore[arg-type]


def P(*steps: Any, source: str = "penguins") -> Plan:
    return Plan(source=source, steps=steps)


def _flights() -> pd.DataFrame:
    f = dataset("flights")
    f = f[f["day"].isin([1, 3])].reset_index(drop=True)  # two days of each month: ~18k rows
    return f.assign(departed=pd.to_datetime(f["time_hour"]).dt.tz_localize(None))


def _base() -> F:
    w = dataset("seattle_weather")
    return {
        "penguins": dataset("penguins"),
        "flights": _flights(),
        "airlines": dataset("airlines"),
        "weather": w,
        "stocks": dataset("stocks"),
        "cars": dataset("cars"),
        "w": w.assign(date=w["date"].dt.strftime("%d/%m/%Y")),
    }


def _months(base: F) -> F:
    f = base["flights"]
    return {"jan": f[f["month"] == 1], "feb": f[f["month"] == 2], "mar": f[f["month"] == 3]}


def _ab(base: F) -> F:
    p = base["penguins"]
    return {"a": p[["species", "year"]].head(5), "b": p[["species", "body_mass_g"]].tail(3)}


def _lr(base: F) -> F:
    p = base["penguins"]
    return {"left": p[["species", "island"]], "right": p[["body_mass_g"]]}


def _mass_text(base: F) -> F:
    p = base["penguins"]
    mass = p["body_mass_g"].map(lambda v: "n/a" if pd.isna(v) else f" {int(v)}")
    return {"t": pd.DataFrame({"mass": mass, "species": p["species"]})}


def _flags(base: F) -> F:
    p = base["penguins"]
    flag = np.where(p["sex"] == "male", "Y", np.where(p["sex"].isna(), "?", "N"))
    return {"t": pd.DataFrame({"flag": flag.astype(object), "n": np.arange(len(p))})}


def _odd(base: F) -> F:
    return {"odd": base["weather"].rename(columns={"date": "the date", "wind": "it's"})}


FrameFn = Callable[[F], F]
MALE = cmp("eq", "sex", "male")
NOTHING = Filter(condition=cmp("gt", "body_mass_g", 10**6))

#: (id, plan, the frames it runs on, the columns whose order is part of the answer)
CASES: list[tuple[str, Plan, FrameFn | None, list[str] | None]] = [
    *[(f"facts-{f}", P(FrameInfo(fact=f)), None, None) for f in ("n_rows", "n_columns", "columns", "shape")],
    (
        "facts-after-filter",
        P(Filter(condition=cmp("eq", "island", "Dream")), FrameInfo(fact="shape")),
        None,
        None,
    ),
    (
        "cast-dates-then-months",
        P(
            Cast(columns=("date",), to="datetime", format="%d/%m/%Y"),
            Resample(on="date", every="month", aggs=(Agg(func="sum", column="precipitation", name="rain"),)),
            source="w",
        ),
        None,
        ["date"],
    ),
    ("cast-number", P(Cast(columns=("mass",), to="number"), source="t"), _mass_text, None),
    ("cast-text-int", P(Cast(columns=("year",), to="text")), None, None),
    ("cast-text-float", P(Cast(columns=("bill_length_mm",), to="text")), None, None),
    ("cast-category", P(Cast(columns=("island",), to="category")), None, None),
    ("cast-float", P(Cast(columns=("year",), to="float")), None, None),
    ("cast-integer", P(Cast(columns=("Acceleration", "Cylinders"), to="integer"), source="cars"), None, None),
    *[
        (f"slice-{i}", P(st), None, None)
        for i, st in enumerate(
            [
                ColumnSlice(part="first", n=3),
                ColumnSlice(part="last", n=2),
                ColumnSlice(part="all_but_first", n=2),
                ColumnSlice(part="all_but_last", n=1),
                ColumnSlice(part="first", n=50),
                ColumnSlice(part="range", start="island", end="bill_depth_mm"),
                ColumnSlice(part="range", end="island"),
                ColumnSlice(part="range", start="sex"),
            ]
        )
    ],
    ("concat-rows", P(Concat(frames=("feb", "mar")), source="jan"), _months, None),
    ("concat-different-columns", P(Concat(frames=("b",)), source="a"), _ab, None),
    ("concat-columns", P(Concat(frames=("right",), axis="columns"), source="left"), _lr, None),
    (
        "concat-columns-after-filter",
        P(
            Filter(condition=cmp("eq", "island", "Dream")),
            Concat(frames=("right",), axis="columns"),
            source="left",
        ),
        _lr,
        None,
    ),
    (
        "resample-month",
        P(
            Resample(
                on="departed",
                every="month",
                aggs=(
                    Agg(func="size", name="flights"),
                    Agg(func="mean", column="dep_delay", name="mean_delay"),
                ),
            ),
            source="flights",
        ),
        None,
        ["departed"],
    ),
    (
        "resample-day-gaps",
        P(
            Resample(
                on="departed",
                every="day",
                aggs=(
                    Agg(func="size", name="n"),
                    Agg(func="sum", column="dep_delay", name="s"),
                    Agg(func="max", column="dep_delay", name="m"),
                ),
            ),
            source="flights",
        ),
        None,
        ["departed"],
    ),
    (
        "resample-year-by",
        P(
            Resample(
                on="date", every="year", by=("symbol",), aggs=(Agg(func="max", column="price", name="high"),)
            ),
            source="stocks",
        ),
        None,
        ["symbol", "date"],
    ),
    *[
        (
            f"resample-{e}",
            P(
                Resample(on="date", every=e, aggs=(Agg(func="mean", column="temp_max", name="t"),)),
                source="weather",
            ),
            None,
            ["date"],
        )
        for e in ("day", "week", "quarter", "hour")
    ],
    (
        "resample-odd-names",
        P(
            Resample(
                on="the date",
                every="month",
                aggs=(Agg(func="size", name="n rows"), Agg(func="sum", column="it's", name="w.sum")),
            ),
            source="odd",
        ),
        _odd,
        ["the date"],
    ),
    ("each-mul", P(EachNumeric(func="mul", value=100), source="cars"), None, None),
    (
        "each-div-round",
        P(
            Filter(condition=cmp("eq", "species", "Gentoo")),
            EachNumeric(func="div", value=3, exclude=("year",)),
            EachNumeric(func="round", value=1),
        ),
        None,
        None,
    ),
    (
        "each-mod-abs",
        P(EachNumeric(func="sub", value=4000), EachNumeric(func="mod", value=7), EachNumeric(func="abs")),
        None,
        None,
    ),
    ("share", P(Share(condition=MALE)), None, None),
    (
        "share-percent-after-filter",
        P(
            Filter(condition=cmp("eq", "species", "Adelie")),
            Share(condition=cmp("gt", "body_mass_g", 3500), percent=True),
        ),
        None,
        None,
    ),
    ("share-empty", P(NOTHING, Share(condition=MALE)), None, None),
    (
        "group-share",
        P(
            GroupShare(condition=cmp("gt", "dep_delay", 60), by=("origin",), name="pct_late", percent=True),
            source="flights",
        ),
        None,
        ["origin"],
    ),
    (
        "group-share-null",
        P(GroupShare(condition=IsNull(expr=C("sex")), by=("species", "island"))),
        None,
        ["species", "island"],
    ),
    ("check-any-yes", P(Check(test="any", condition=cmp("gt", "body_mass_g", 6000))), None, None),
    ("check-any-no", P(Check(test="any", condition=cmp("gt", "body_mass_g", 7000))), None, None),
    ("check-all-missing", P(Check(test="all", condition=cmp("gt", "body_mass_g", 2000))), None, None),
    ("check-all-yes", P(Check(test="all", condition=cmp("ge", "year", 2007))), None, None),
    ("check-dup-no", P(Check(test="duplicates", columns=("carrier",)), source="airlines"), None, None),
    ("check-dup-yes", P(Check(test="duplicates", columns=("carrier",)), source="flights"), None, None),
    ("check-dup-rows", P(Check(test="duplicates")), None, None),
    (
        "check-dup-stacked",
        P(Concat(frames=("airlines",)), Check(test="duplicates"), source="airlines"),
        None,
        None,
    ),
    ("check-missing-sex", P(Check(test="missing", columns=("sex",))), None, None),
    ("check-missing-no", P(Check(test="missing", columns=("species", "island"))), None, None),
    ("check-missing-any", P(Check(test="missing")), None, None),
    ("check-missing-none", P(Check(test="missing"), source="airlines"), None, None),
    ("check-empty-any", P(NOTHING, Check(test="any", condition=MALE)), None, None),
    ("check-empty-all", P(NOTHING, Check(test="all", condition=MALE)), None, None),
    (
        "replace-keep",
        P(Replace(column="island", pairs=(ReplacePair(old="Dream", new="Dream Island"),))),
        None,
        None,
    ),
    (
        "replace-flags",
        P(
            Replace(
                column="flag",
                pairs=(ReplacePair(old="Y", new=True), ReplacePair(old="N", new=False)),
                unmatched="missing",
            ),
            source="t",
        ),
        _flags,
        None,
    ),
    ("replace-mixed", P(Replace(column="island", pairs=(ReplacePair(old="Dream", new=1),))), None, None),
]

#: plans an engine refuses, with the words its CompileError must hold
REFUSED: dict[str, dict[str, str]] = {
    "polars": {
        "cast-text-float": "converting the float column 'bill_length_mm' to text is not supported on polars",
        "concat-columns-after-filter": "frames side by side after other steps is not supported on polars",
        "replace-mixed": "replacing text values by other types in 'island' is not supported on polars",
    },
    "spark": {
        "cast-text-float": "converting the float column 'bill_length_mm' to text is not supported on spark",
        "cast-category": "converting to categories is not supported on spark",
        "concat-columns": "frames side by side is not supported on spark",
        "concat-columns-after-filter": "frames side by side is not supported on spark",
        "replace-mixed": "replacing text values by other types in 'island' is not supported on spark",
        "resample-hour": "",  # placeholder replaced below when Spark supports every period
    },
}
REFUSED["spark"].pop("resample-hour")


@pytest.fixture(scope="module")
def base() -> F:
    return _base()


@pytest.fixture(autouse=True)
def _close_figures() -> Any:
    yield
    plt.close("all")


def _frames(base: F, fn: FrameFn | None) -> F:
    return {k: v.reset_index(drop=True) for k, v in fn(base).items()} if fn else dict(base)


def pandas_answer(plan: Plan, frames: F) -> Any:
    code = pandas_generate(plan, "result")
    return run(code, "result", dict(frames), "pandas")


def engine_answer(plan: Plan, frames: F, engine: str, spark: Any) -> tuple[str, Any]:
    used = {plan.source, *[f for st in plan.steps if isinstance(st, Concat) for f in st.frames]}
    eng = {n: to_engine(frames[n], engine, spark) for n in used}
    code = GENERATORS[engine].generate(plan, "result", schemas_for(eng, engine))
    reason = unsafe_reason(code)  # the harness's rules and the engines' own (no collect, no SQL text)
    if reason is not None:  # a chart alone brings rows to the driver, bounded: only .limit(n).toPandas()
        assert isinstance(plan.steps[-1], Plot) and reason.endswith("toPandas"), code
        assert f".limit({PLOT_ROW_BOUND + 1})\n    .toPandas()" in code, code
    assert "import" not in code
    return code, to_pandas(run(code, "result", eng, engine))


@pytest.fixture(params=sorted(GENERATORS))
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def session(engine: str, request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue("spark") if engine == "spark" else None


@pytest.mark.parametrize(("case", "plan", "fn", "order"), CASES, ids=[c[0] for c in CASES])
def test_same_answer_as_pandas(
    case: str, plan: Plan, fn: FrameFn | None, order: list[str] | None, engine: str, session: Any, base: F
) -> None:
    frames = _frames(base, fn)
    refusal = REFUSED[engine].get(case)
    if refusal is not None:
        with pytest.raises(NotSupported, match=refusal.replace("(", r"\(").replace(")", r"\)")):
            engine_answer(plan, frames, engine, session)
        return
    expected = pandas_answer(plan, frames)
    code, got = engine_answer(plan, frames, engine, session)
    if isinstance(expected, bool):
        assert type(got) is bool and got is expected, code
        return
    if isinstance(expected, tuple | list | int | float):
        assert type(got) in (type(expected), float if isinstance(expected, float) else type(expected)), code
        if isinstance(expected, float) and expected != expected:
            assert got != got, code
            return
    assert same_answer(got, expected, order_by=order), f"{code}\n{got}\n{expected}"
    if isinstance(expected, pd.DataFrame):
        assert list(got.columns) == list(expected.columns), code


def test_dtypes_are_the_engines_own_types_by_column(engine: str, session: Any, base: F) -> None:
    frames = _frames(base, None)
    _, got = engine_answer(P(FrameInfo(fact="dtypes")), frames, engine, session)
    names = list(got) if engine == "polars" else [n for n, _ in got]
    assert names == list(frames["penguins"].columns)


# ---------------------------------------------------------------- charts


def _patch(p: Any) -> list[float]:
    if isinstance(p, Wedge):
        return [p.theta1, p.theta2, p.r]
    if isinstance(p, Rectangle):
        return [p.get_x(), p.get_y(), p.get_width(), p.get_height()]
    return np.asarray(p.get_path().vertices, dtype=float).ravel().tolist()


def axes_data(ax: Axes) -> dict[str, Any]:
    """What a reader sees on the chart: bars, lines, points, wedges, tick labels, legend, words."""
    legend = ax.get_legend()
    return {
        "patches": [_patch(p) for p in ax.patches],
        "lines": [
            (
                np.asarray(ln.get_xdata(), dtype=float).tolist(),
                np.asarray(ln.get_ydata(), dtype=float).tolist(),
            )
            for ln in ax.get_lines()
        ],
        "points": [np.ma.getdata(c.get_offsets()).tolist() for c in ax.collections],
        "xticks": [t.get_text() for t in ax.get_xticklabels()],
        "yticks": [t.get_text() for t in ax.get_yticklabels()],
        "texts": [t.get_text() for t in ax.texts],
        "legend": [t.get_text() for t in legend.get_texts()] if legend else None,
        "words": (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()),
    }


def _same_axes(got: Axes, expected: Axes) -> None:
    g, e = axes_data(got), axes_data(expected)
    for key in e:
        if key in ("lines", "points", "patches"):
            assert len(g[key]) == len(e[key]), key
            for a, b in zip(g[key], e[key], strict=True):
                np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-6)
        else:
            assert g[key] == e[key], key


BAR = Aggregate(by=("species",), aggs=(Agg(func="mean", column="body_mass_g", name="mean_body_mass_g"),))
CHARTS: list[tuple[str, Plan]] = [
    ("bar", P(BAR, Plot(kind="bar", x="species", y=("mean_body_mass_g",), title="Mean", ylabel="grams"))),
    (
        "barh-sorted",
        P(
            Aggregate(by=("carrier",), aggs=(Agg(func="size", name="n"),)),
            Sort(keys=(SortKey(column="n", ascending=False),)),
            Plot(kind="barh", x="carrier", y=("n",)),
            source="flights",
        ),
    ),
    (
        "line-monthly",
        P(
            Resample(on="date", every="month", aggs=(Agg(func="mean", column="temp_max", name="t"),)),
            Plot(kind="line", x="date", y=("t",), xlabel="month"),
            source="weather",
        ),
    ),
    (
        "line-per-group",
        P(
            Resample(
                on="date", every="year", by=("symbol",), aggs=(Agg(func="mean", column="price", name="p"),)
            ),
            Plot(kind="line", x="date", y=("p",), by="symbol"),
            source="stocks",
        ),
    ),
    ("hist", P(Plot(kind="hist", y=("body_mass_g",), bins=15))),
    ("hist-by", P(Plot(kind="hist", y=("body_mass_g",), by="sex", bins=10))),
    ("scatter", P(Plot(kind="scatter", x="flipper_length_mm", y=("body_mass_g",)))),
    ("box-by", P(Plot(kind="box", y=("body_mass_g",), by="species"))),
    (
        "pie",
        P(
            Aggregate(by=("island",), aggs=(Agg(func="size", name="n"),)),
            Plot(kind="pie", x="island", y=("n",)),
        ),
    ),
    (
        "area",
        P(
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
        ),
    ),
]


@pytest.mark.parametrize(("case", "plan"), CHARTS, ids=[c[0] for c in CHARTS])
def test_chart_data_equals_the_pandas_chart(
    case: str, plan: Plan, engine: str, session: Any, base: F
) -> None:
    frames = _frames(base, None)
    expected = pandas_answer(plan, frames)
    code, got = engine_answer(plan, frames, engine, session)
    assert isinstance(got, Axes) and got is not expected
    assert f"{PLOT_ROW_BOUND + 1}" in code
    _same_axes(got, expected)


def test_chart_refuses_more_rows_than_the_bound_without_collecting_them(engine: str, session: Any) -> None:
    big = {"big": pd.DataFrame({"x": np.arange(PLOT_ROW_BOUND + 5, dtype=float)})}
    plan = P(Plot(kind="hist", y=("x",)), source="big")
    with pytest.raises(ValueError, match=r"a chart draws at most 100,000 rows.*take a sample"):
        engine_answer(plan, big, engine, session)
    limit = ".head(100001)" if engine == "polars" else ".limit(100001)"
    code = GENERATORS[engine].generate(
        plan, "r", schemas_for({"big": to_engine(big["big"], engine, session)}, engine)
    )
    assert code.index(limit) < code.index(".to_pandas()" if engine == "polars" else ".toPandas()")


def test_chart_against_the_row_index_is_refused(engine: str, session: Any, base: F) -> None:
    frames = _frames(base, None)
    with pytest.raises(NotSupported, match=f"a line chart without an x column is not supported on {engine}"):
        engine_answer(P(Plot(kind="line", y=("body_mass_g",))), frames, engine, session)
