"""Lesson / exercise-step phrasing (helper "steps"): frame words outsiders use ("the tibble", "the
whole table"), every nth row, values of a column by ordinal, the frame's size and shape, index
labels restated by position, missing values converted to a value, where the result goes, and
columns chosen by their names. Each request is compiled with the public ``pandascribe.compile``
and the emitted code's result is compared with hand-written pandas on a small real frame."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import pandascribe
from pandascribe import AmbiguousRequest, CompileError
from pandascribe.plan import RowSlice, RowSpan
from pandascribe.understand.colnames import matching

VARIANTS = pd.DataFrame(
    {
        "sample_id": ["S1", "S1", "S2", "S2", "S3", "S3", "S1", "S2", "S3", "S1", "S2"],
        "POS": [9972, 263235, 281923, 433359, 473901, 648692, 1331794, 1733343, 2103887, 2333538, 2407766],
        "REF": [
            "T",
            "G",
            "G",
            "CTTTTTTT",
            "CCGC",
            "C",
            "C",
            "G",
            "ACAGCCAGCCAGCCAGCCAGCCAGCCAGCCAGCCAGCCAGCCAGCCAGCCAG",
            "AT",
            "C",
        ],
        "ALT": ["G", "T", "T", "CTTTTTTTT", "CCGCGC", "T", "A", "A", "ACAGCCAGCCAGCCAGCC", "ATT", "T"],
        "QUAL": [91.0, 85.0, 217.0, 64.0, 228.0, 210.0, 178.0, 225.0, 56.0, 167.0, 104.0],
        "INDEL": [False, False, False, True, True, False, False, False, True, True, False],
        "IDV": [np.nan, np.nan, np.nan, 12.0, 9.0, np.nan, np.nan, np.nan, 2.0, 7.0, np.nan],
        "VDB": [0.04, 0.01, 0.7, 0.2, 0.5, 0.3, 0.1, 0.9, 0.2, 0.4, 0.6],
        "MQSB": [1.0, 0.9, 1.0, 1.0, 0.8, 1.0, 1.0, 1.0, 0.9, 1.0, 1.0],
        "Indiv": ["a.bam"] * 11,
    }
)


def run(request: str, df: pd.DataFrame = VARIANTS, name: str = "variants") -> Any:
    tr = pandascribe.compile(request, {name: df}, source=name)
    ns: dict[str, Any] = {"pd": pd, "np": np, name: df.copy()}
    exec(tr.code, ns)
    return ns[tr.target]


def same(got: Any, want: Any) -> None:
    if isinstance(want, pd.DataFrame):
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))
    elif isinstance(want, pd.Series):
        pd.testing.assert_series_equal(
            got.reset_index(drop=True), want.reset_index(drop=True), check_names=False
        )
    else:
        assert got == want


V = VARIANTS


@pytest.mark.parametrize(
    ("request_", "want"),
    [
        # frame words
        ("first column of the tibble", V.iloc[:, :1]),
        ("the 3rd row of the tibble", V.iloc[2:3]),
        ("The whole tibble, except the first column", V.iloc[:, 1:]),
        ("the entire dataset, except the last 2 columns", V.iloc[:, :-2]),
        # values of a column by ordinal
        ("first element in the first column of the tibble", V[["sample_id"]].head(1)),
        ("first three elements in the 5th column of the tibble", V[["QUAL"]].head(3)),
        ("the last value in the 2nd column", V[["POS"]].tail(1)),
        # every nth row
        ("select every 3rd record from the Dataframe.", V.iloc[::3]),
        ("every second row", V.iloc[::2]),
        # size and shape
        ("How many 'cells' in the table", V.size),
        ("how many cells are there", V.size),
        ("How many rows and columns - returned as a tuple", V.shape),
        # labels restated by position
        ("select row with index of 1, 2 and 3 (rows 2, 3 and 4 in the Dataframe)", V.iloc[1:4]),
        # missing values converted to a value: a fill, not a case change
        ("convert all of the NaN values in the `IDV` column to 0", V.fillna({"IDV": 0})),
        ("change missing values in the IDV column to 0", V.fillna({"IDV": 0})),
        ("convert the REF column to lower case", V.assign(REF=V["REF"].str.lower())),
        # where the result goes
        ('extract the "ALT" column to a new object', V[["ALT"]]),
        ("select the REF column into a new data frame called subset", V[["REF"]]),
        # columns by their names
        ('select columns that end with the letter "B"', V[["VDB", "MQSB"]]),
        ('columns whose names start with "Q"', V[["QUAL"]]),
        (
            'Create a table that contains all the columns with the letter "Q" and column "POS", '
            'without columns "MQSB"',
            V[["QUAL", "POS"]],
        ),
    ],
)
def test_result(request_: str, want: Any) -> None:
    same(run(request_), want)


def test_every_nth_row_in_polars() -> None:
    pl = pytest.importorskip("polars")
    tr = pandascribe.compile("every 4th row", {"v": pl.from_pandas(V)}, source="v")
    ns: dict[str, Any] = {"pl": pl, "v": pl.from_pandas(V)}
    exec(tr.code, ns)
    got = ns[tr.target]
    assert got.to_pandas()["POS"].tolist() == V.iloc[::4]["POS"].tolist()


def test_size_in_polars() -> None:
    pl = pytest.importorskip("polars")
    tr = pandascribe.compile("how many cells", {"v": pl.from_pandas(V)}, source="v")
    ns: dict[str, Any] = {"pl": pl, "v": pl.from_pandas(V)}
    exec(tr.code, ns)
    assert ns[tr.target] == V.size


def test_case_readings_offered_when_they_differ() -> None:
    # "i" in any case: sample_id, INDEL, IDV, Indiv; in lower case only: sample_id, Indiv
    with pytest.raises(AmbiguousRequest) as exc:
        pandascribe.compile('columns with the letter "i"', {"variants": V}, source="variants")
    assert len(exc.value.choices) == 2


def test_case_said_picks_one() -> None:
    same(run('columns with the letter "i" (matching case)'), V[["sample_id", "Indiv"]])
    same(run('columns with the letter "i" (ignoring case)'), V[["sample_id", "INDEL", "IDV", "Indiv"]])


@pytest.mark.parametrize(
    "request_",
    [
        "select row with index of 1, 2 and 3 (rows 1, 2 and 3 in the Dataframe)",  # brackets disagree
        "first three elements in the 12th column",  # no such column
        'columns that end with the letter "z"',  # no such name
        "every 1st row",
    ],
)
def test_refused(request_: str) -> None:
    with pytest.raises(CompileError):
        pandascribe.compile(request_, {"variants": V}, source="variants")


def test_row_span_step_unit() -> None:
    assert RowSlice(spans=(RowSpan(step=100),)).spans[0].step == 100
    with pytest.raises(ValueError):
        RowSpan(step=1)
    assert matching(("VDB", "vdb", "POS"), "end", "B", ignore_case=False) == ("VDB",)
    assert matching(("VDB", "vdb", "POS"), "end", "B", ignore_case=True) == ("VDB", "vdb")
