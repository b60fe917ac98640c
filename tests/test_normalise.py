"""The normalise layer alone: what frames a request is dropped, everything else keeps its offsets."""

from __future__ import annotations

import pytest

from pandascribe.understand.normalise import normalise, phrase_table

COLS = ["Name", "Age", "Fare", "Pclass", "Sex", "Survived", "First Name"]
FRAMES = ["titanic", "flights"]


def _kept(request: str, **kw: object) -> str:
    n = normalise(request, frames=kw.get("frames", FRAMES), columns=kw.get("columns", COLS))  # type: ignore[arg-type]
    return " ".join(n.text.split())


@pytest.mark.parametrize(
    ("request_", "kept"),
    [
        ("12. Keep just the 'Name' and 'Age' columns", "Keep just the Name and Age columns"),
        ("Step 4: sort by Fare", "sort by Fare"),
        ("Q3. mean Fare", "mean Fare"),
        ("a) mean Fare", "mean Fare"),
        ("OK so now please show me the average age by sex", "the average age by sex"),
        ("How do I get the number of rows in the dataset?", "get the number of rows ?"),
        (
            "what is the best way to select rows where df['Age'] > 30 using pandas",
            "select rows where Age > 30",
        ),
        (
            "Now, sort by fare descending and show name and fare, thanks!",
            "sort by fare descending and show name and fare !",
        ),
        ("In pandas, how can I drop duplicate rows", "drop duplicate rows"),
        ("titanic: average fare then please sort it", "average fare then sort it"),
        ("I have a DataFrame of passengers. Count the survivors in df.", "Count the survivors ."),
        ("filter the rows of `titanic` where Age > 3", "filter the rows of where Age > 3"),
        ("mean of df.Age", "mean of Age"),
        ('the "First Name" column', "the First Name column"),
    ],
)
def test_drops_framing_and_keeps_the_ask(request_: str, kept: str) -> None:
    assert _kept(request_) == kept


def test_ordinals_are_framing_only_with_a_comma() -> None:
    assert _kept("first 10 rows", columns=["Age"]) == "first 10 rows"
    assert _kept("First, sort by Age", columns=["Age"]) == "sort by Age"
    assert _kept("Firstly sort by Age", columns=["Age"]) == "sort by Age"
    # a column named "First Name" makes "first" content: kept
    assert _kept("First, sort by Age") == "First, sort by Age"


def test_offsets_are_preserved() -> None:
    req = "Please, could you sort by 'Fare'?"
    n = normalise(req, frames=FRAMES, columns=COLS)
    assert len(n.text) == len(req)
    start = n.text.index("Fare")
    assert req[start : start + 4] == "Fare"
    for d in n.dropped:
        assert req[d.start : d.end] == d.text
        assert n.text[d.start : d.end].strip() == ""


def test_a_bare_frame_name_is_a_row_noun_not_a_reference() -> None:
    # "number of flights" counts rows: only "the flights table" / quoted names are references
    assert _kept("number of flights in the flights table") == "number of flights"
    assert _kept("flights to ORD") == "flights to ORD"


def test_phrases_naming_a_column_are_kept() -> None:
    # a column called "data" makes "in the data" content, not a reference to the frame
    assert _kept("mean of data in the data", columns=["data"]) == "mean of data in the data"
    assert _kept("mean of x in the data", columns=["x"]) == "mean of x"


def test_is_content_callback_decides_what_is_content() -> None:
    plain = normalise("mean x, thanks", frames=[], columns=["x"])
    assert " ".join(plain.text.split()) == "mean x"
    n = normalise("mean x, thanks", frames=[], columns=["x"], is_content=lambda w: w == "thanks")
    assert " ".join(n.text.split()) == "mean x, thanks"


def test_politeness_only_before_the_ask() -> None:
    # "show me" inside a request is not framing at the start
    assert _kept("sort by Age and show me Name") == "sort by Age and show me Name"
    # but it is at the start of a later clause
    assert _kept("sort by Age, then please show me Name") == "sort by Age, then Name"


def test_context_sentence_only_before_another_sentence() -> None:
    assert _kept("The titanic data has a Fare column.") == "The titanic data has a Fare column."
    assert _kept("The titanic data has a Fare column. Mean Fare?") == "Mean Fare?"


def test_roles_are_reported() -> None:
    n = normalise("1. OK please mean Fare in the dataset, thanks", frames=FRAMES, columns=COLS)
    assert set(n.roles()) == {"step", "discourse", "politeness", "frame-ref"}


def test_table_is_data_with_known_roles() -> None:
    roles = {p.role for ps in phrase_table().values() for p in ps}
    assert roles <= {"discourse", "politeness", "meta", "frame-ref", "context"}
    wheres = {p.where for ps in phrase_table().values() for p in ps}
    assert wheres == {"start", "end", "any", "sentence"}


def test_long_request_is_linear_and_safe() -> None:
    req = "please show me the mean Fare in the dataset, then " * 2000
    n = normalise(req, frames=FRAMES, columns=COLS)
    assert len(n.text) == len(req)
    assert n.text.count("Fare") == 2000
