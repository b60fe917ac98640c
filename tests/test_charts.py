"""Charts from plain English, checked by what the Axes *draws* (bar heights, line points, histogram
counts, scatter offsets, box statistics, pie wedges) against hand-written pandas, under
matplotlib's non-interactive Agg backend; plus the chart words read from the table, refusals, and
the CLI's ``--plot-out``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import pandascribe
from pandascribe import CompileError
from pandascribe.understand.charts import find_chart


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def stocks() -> pd.DataFrame:
    import vega_datasets

    return vega_datasets.data.stocks()


def draw(request: str, frames: Mapping[str, pd.DataFrame], previous: Any = None) -> tuple[Any, Any]:
    t = pandascribe.compile(request, frames, previous=previous)
    ns: dict[str, Any] = {"pd": pd, "np": np, **frames}
    exec(compile(t.code, "<pandascribe>", "exec"), ns)
    return t, ns[t.target]


def heights(ax: Any) -> list[float]:
    return [p.get_height() for p in ax.patches]


# ---------------------------------------------------------------- the done-means checks


def test_bar_chart_of_mean_by_group_draws_the_group_means(penguins: pd.DataFrame) -> None:
    t, ax = draw("bar chart of mean body_mass_g by species", {"penguins": penguins})
    assert isinstance(ax, matplotlib.axes.Axes)
    want = penguins.groupby("species")["body_mass_g"].mean()
    assert heights(ax) == pytest.approx(list(want))
    assert [x.get_text() for x in ax.get_xticklabels()] == list(want.index)
    assert t.explanation == "Bar chart of mean body_mass_g by species"
    assert "import" not in t.code


def test_histogram_counts_every_non_missing_row(penguins: pd.DataFrame) -> None:
    _, ax = draw("histogram of body mass", {"penguins": penguins})
    assert sum(heights(ax)) == penguins["body_mass_g"].notna().sum()
    counts, _ = np.histogram(penguins["body_mass_g"].dropna(), bins=10)
    assert heights(ax) == list(counts)


def test_histogram_with_bins_and_split_by_group(penguins: pd.DataFrame) -> None:
    _, ax = draw("histogram of body_mass_g by species with 20 bins", {"penguins": penguins})
    assert len(ax.patches) == 20 * penguins["species"].nunique()
    assert sum(heights(ax)) == penguins["body_mass_g"].notna().sum()


# ---------------------------------------------------------------- the Axes' data, kind by kind


def test_line_chart_points_are_the_yearly_means(penguins: pd.DataFrame) -> None:
    _, ax = draw("line chart of mean body mass by year", {"penguins": penguins})
    want = penguins.groupby("year")["body_mass_g"].mean()
    (line,) = ax.get_lines()
    assert list(line.get_xdata()) == list(want.index)
    assert list(line.get_ydata()) == pytest.approx(list(want))


def test_line_per_group_over_dates(stocks: pd.DataFrame) -> None:
    _, ax = draw("line chart of mean price by date and symbol", {"stocks": stocks})
    want = stocks.groupby(["date", "symbol"])["price"].mean().unstack()
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    assert set(lines) == set(want.columns)
    got = np.asarray(lines["MSFT"].get_ydata(), dtype=float)
    np.testing.assert_allclose(got, want["MSFT"].to_numpy(dtype=float), equal_nan=True)


def test_named_axes_with_a_filter(stocks: pd.DataFrame) -> None:
    _, ax = draw("plot price over date where symbol is MSFT", {"stocks": stocks})
    msft = stocks.loc[stocks["symbol"] == "MSFT"]
    (line,) = ax.get_lines()
    assert list(line.get_ydata()) == pytest.approx(list(msft["price"]))


def test_scatter_offsets_are_the_rows(penguins: pd.DataFrame) -> None:
    t, ax = draw("scatter plot of bill length against body mass", {"penguins": penguins})
    offsets = np.asarray(ax.collections[0].get_offsets(), dtype=float)
    want = penguins[["body_mass_g", "bill_length_mm"]].to_numpy(dtype=float)
    np.testing.assert_allclose(offsets, want, equal_nan=True)
    assert t.explanation == "Scatter plot of bill_length_mm against body_mass_g"


def test_scatter_x_and_y_in_the_order_said(penguins: pd.DataFrame) -> None:
    _, ax = draw("scatter plot of flipper length and body mass", {"penguins": penguins})
    offsets = np.asarray(ax.collections[0].get_offsets(), dtype=float)
    want = penguins[["flipper_length_mm", "body_mass_g"]].to_numpy(dtype=float)
    np.testing.assert_allclose(offsets, want, equal_nan=True)


def test_box_plot_medians_and_quartiles_per_group(penguins: pd.DataFrame) -> None:
    _, ax = draw("box plot of body mass by species", {"penguins": penguins})
    groups = sorted(penguins["species"].dropna().unique())
    per_box = len(ax.lines) // len(groups)  # box, whiskers 2, caps 2, median, fliers
    medians = [ax.lines[i * per_box + 5].get_ydata()[0] for i in range(len(groups))]
    boxes = [ax.lines[i * per_box].get_ydata() for i in range(len(groups))]
    for g, med, box in zip(groups, medians, boxes, strict=True):
        values = penguins.loc[penguins["species"] == g, "body_mass_g"].dropna()
        assert med == pytest.approx(values.median())
        assert min(box) == pytest.approx(values.quantile(0.25))
        assert max(box) == pytest.approx(values.quantile(0.75))


def test_pie_wedges_are_shares_of_the_counts(penguins: pd.DataFrame) -> None:
    _, ax = draw("pie chart of number of penguins by island", {"penguins": penguins})
    counts = penguins.groupby("island").size()
    spans = [w.theta2 - w.theta1 for w in ax.patches]
    assert spans == pytest.approx(list(counts / counts.sum() * 360))


def test_counts_as_a_bar_chart(penguins: pd.DataFrame) -> None:
    _t, ax = draw("count of penguins by species as a bar chart", {"penguins": penguins})
    assert heights(ax) == list(penguins.groupby("species").size())


def test_bars_per_colour_for_two_groups(penguins: pd.DataFrame) -> None:
    _, ax = draw("mean bill length by species and sex, bar chart", {"penguins": penguins})
    want = penguins.groupby(["species", "sex"])["bill_length_mm"].mean().unstack()
    per_sex = [h for h in heights(ax)]
    assert per_sex == pytest.approx(list(want.to_numpy(dtype=float).T.ravel()))


def test_horizontal_bars(flights: pd.DataFrame) -> None:
    _, ax = draw("horizontal bar chart of mean arrival delay by carrier", {"flights": flights})
    want = flights.groupby("carrier")["arr_delay"].mean()
    assert [p.get_width() for p in ax.patches] == pytest.approx(list(want))


def test_title_in_quotes(penguins: pd.DataFrame) -> None:
    _, ax = draw('bar chart of mean body mass by species titled "Mass by species"', {"penguins": penguins})
    assert ax.get_title() == "Mass by species"
    assert ax.get_ylabel() == "mean body_mass_g"


def test_a_histogram_of_filtered_rows(penguins: pd.DataFrame) -> None:
    _, ax = draw("histogram of body mass for Adelie penguins", {"penguins": penguins})
    adelie = penguins.loc[penguins["species"] == "Adelie", "body_mass_g"]
    assert sum(heights(ax)) == adelie.notna().sum()


def test_plot_of_one_column_is_its_histogram(penguins: pd.DataFrame) -> None:
    t, ax = draw("plot body mass", {"penguins": penguins})
    assert t.plan.steps[-1].kind == "hist"
    assert sum(heights(ax)) == penguins["body_mass_g"].notna().sum()


# ---------------------------------------------------------------- charts as follow-ups


def test_plot_it_after_an_aggregate(penguins: pd.DataFrame) -> None:
    t1 = pandascribe.compile("mean flipper length by island", {"penguins": penguins})
    t2 = pandascribe.compile("and plot it", {"penguins": penguins}, previous=t1)
    assert t2.code.split("=", 1)[1].strip().startswith(f"(\n    {t1.target}")
    ns: dict[str, Any] = {"pd": pd, "np": np, "penguins": penguins}
    exec(t1.code, ns)
    exec(t2.code, ns)
    assert heights(ns[t2.target]) == pytest.approx(
        list(penguins.groupby("island")["flipper_length_mm"].mean())
    )


def test_a_named_chart_of_the_previous_aggregate(penguins: pd.DataFrame) -> None:
    t1, _ = draw("mean body mass by species", {"penguins": penguins})
    ns: dict[str, Any] = {"pd": pd, "np": np, "penguins": penguins}
    exec(t1.code, ns)
    t2 = pandascribe.compile("now a bar chart of body mass by species", {"penguins": penguins}, previous=t1)
    exec(t2.code, ns)
    assert t2.code.split("=", 1)[1].strip().startswith(f"(\n    {t1.target}")
    assert heights(ns[t2.target]) == pytest.approx(list(penguins.groupby("species")["body_mass_g"].mean()))


def test_same_but_as_a_line_chart_redraws(penguins: pd.DataFrame) -> None:
    t1, _ = draw("bar chart of mean body mass by year", {"penguins": penguins})
    t2, ax = draw("same but as a line chart", {"penguins": penguins}, previous=t1)
    assert t2.plan.steps[-1].kind == "line"
    (line,) = ax.get_lines()
    assert list(line.get_ydata()) == pytest.approx(list(penguins.groupby("year")["body_mass_g"].mean()))


def test_building_on_a_chart_builds_on_its_data(penguins: pd.DataFrame) -> None:
    t1, _ = draw("bar chart of mean body mass by species", {"penguins": penguins})
    _t2, got = draw("now sort that by body mass, highest first", {"penguins": penguins}, previous=t1)
    want = (
        penguins.groupby("species", as_index=False)
        .agg(mean_body_mass_g=("body_mass_g", "mean"))
        .sort_values("mean_body_mass_g", ascending=False)
    )
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))


# ---------------------------------------------------------------- reading chart words


@pytest.mark.parametrize(
    ("request_", "kind", "rest"),
    [
        ("bar chart of mean body_mass_g by species", "bar", "mean body_mass_g by species"),
        ("monthly revenue as a line chart", "line", "monthly revenue"),
        ("histogram of body mass with 20 bins", "hist", "body mass"),
        ("draw a box plot of flipper length", "box", "flipper length"),
        ("plot mean delay by month", "auto", "mean delay by month"),
        ("mean delay by carrier, as bars", "bar", "mean delay by carrier"),
    ],
)
def test_chart_words_come_from_the_table(request_: str, kind: str, rest: str) -> None:
    ask = find_chart(request_)
    assert ask is not None
    assert (ask.kind, ask.rest) == (kind, rest)


@pytest.mark.parametrize(
    "request_",
    [
        "show rows where species is Adelie",
        "pivot table of total yield with site as rows and year as columns",
        "mean body mass by species",
    ],
)
def test_requests_without_chart_words_are_not_charts(request_: str) -> None:
    assert find_chart(request_) is None


def test_a_column_named_like_a_chart_word_is_a_column() -> None:
    df = pd.DataFrame({"plot": ["a", "b", "a"], "area": [1.0, 2.0, 3.0]})
    t = pandascribe.compile("mean area by plot", {"fields": df})
    assert t.plan.steps[-1].op == "aggregate"


# ---------------------------------------------------------------- refusals


def test_a_bar_chart_of_raw_values_asks_how_to_combine(penguins: pd.DataFrame) -> None:
    with pytest.raises(CompileError, match="say how to combine"):
        pandascribe.compile("bar chart of body mass by species", {"penguins": penguins})


def test_two_kinds_of_chart_are_refused(penguins: pd.DataFrame) -> None:
    with pytest.raises(CompileError, match="two kinds of chart"):
        pandascribe.compile("bar chart and line chart of mean body mass by species", {"penguins": penguins})


def test_a_histogram_of_text_is_refused(penguins: pd.DataFrame) -> None:
    with pytest.raises(CompileError):
        pandascribe.compile("histogram of species", {"penguins": penguins})


def test_charts_are_deterministic(penguins: pd.DataFrame) -> None:
    requests = [
        "bar chart of mean body_mass_g by species",
        "histogram of body mass by species",
        "plot body mass",
    ]
    first = [pandascribe.compile(r, {"penguins": penguins}).code for r in requests]
    again = [pandascribe.compile(r, {"penguins": penguins.copy()}).code for r in requests]
    assert first == again


# ---------------------------------------------------------------- the CLI


def test_cli_chain_and_plot_out(tmp_path, capsys) -> None:
    from pandascribe.cli import main

    out = tmp_path / "chart.png"
    rc = main(
        [
            "compile",
            "mean body mass by species",
            "--then",
            "now sort that by body mass, highest first",
            "--then",
            "and plot it",
            "--plot-out",
            str(out),
        ]
    )
    printed = capsys.readouterr().out
    assert rc == 0
    assert out.is_file() and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert printed.count("# ") >= 4  # data note, three explanations
    assert "penguins_by_species_sorted = (" in printed


def test_cli_plot_out_needs_a_chart(tmp_path, capsys) -> None:
    from pandascribe.cli import main

    rc = main(["compile", "mean body mass by species", "--plot-out", str(tmp_path / "x.png")])
    assert rc == 1
    assert "not a chart" in capsys.readouterr().err


def test_cli_follow_up_without_a_first_request_is_refused(capsys) -> None:
    from pandascribe.cli import main

    assert main(["compile", "now sort that by body mass"]) == 1
    assert "--then" in capsys.readouterr().err
