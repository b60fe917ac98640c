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
        ("OK so now please show me the average age by sex", "show the average age by sex"),
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
        ("filter the rows of `titanic` where Age > 3", "filter the rows where Age > 3"),
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
    # but it is at the start of a later clause, where it becomes a plain "show" (the verb of showing
    # stays: "show me Name" asks for that column)
    assert _kept("sort by Age, then please show me Name") == "sort by Age, then show Name"


def test_context_sentence_only_before_another_sentence() -> None:
    assert _kept("The data has a Fare column.") == "The data has a Fare column."
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


# ---------------------------------------------------------------- framing classes (lead-ins)

GAP = ["country", "continent", "year", "lifeExp", "pop", "gdpPercap"]


def _known(word: str) -> bool:
    """A stand-in lexicon: the verbs and nouns the later layers know."""
    return word in {"get", "filter", "remove", "keep", "fill", "select", "convert", "sort", "see", "rows"}


def _lead(request: str, columns: list[str] = GAP) -> str:
    n = normalise(request, frames=["gapminder"], columns=columns, is_known=_known)
    return " ".join(n.text.split())


@pytest.mark.parametrize(
    ("request_", "kept"),
    [
        # modal framing
        ("we may select the pop column", "select the pop column"),
        ("we might want to sort by year", "sort by year"),
        ("You could also sort by year", "sort by year"),
        ("say we'd like to see how lifeExp differs", "see how lifeExp differs"),
        ("If we want to sort by year", "sort by year"),
        # attempts: the gerund after "try" becomes its base form
        ("Now try removing all the columns", "remove all the columns"),
        ("Next try converting `lifeExp` to an integer.", "convert lifeExp to an integer."),
        # presentations
        ("here are the last five rows of the dataset", "the last five rows"),
        (
            "The following keeps rows where `lifeExp` is greater than 70:",
            "keep rows where lifeExp is greater than 70",
        ),
        ("Whereas this keeps rows with `pop` over 5:", "keep rows with pop over 5"),
        ("The code below fills all missing values with 0.", "fill all missing values with 0."),
        # requests for code
        ("Write a query that selects all rows with pop > 5", "select all rows with pop > 5"),
        ("Write an expression to find the pop of Serbia", "find the pop of Serbia"),
        (
            "What method call will display the first three rows of this data?",
            "display the first three rows ?",
        ),
        ("Create a new DataFrame that only contains rows with pop > 5", "rows with pop > 5"),
        ("Create a variable `df` containing the `country` column", "the country column"),
        ("create a new subset from our data that only contains rows with pop > 0", "rows with pop > 0"),
        ("Select a subset of rows in the `gapminder` DataFrame with pop > 0", "Select rows with pop > 0"),
        ("Best way to count the rows in a pandas DataFrame", "count the rows"),
        # headings, infinitive fragments, questions framed as checks
        ("Advanced: extract rows for the years 2002 and 2007", "extract rows for the years 2002 and 2007"),
        ("to select the `country` column", "select the country column"),
        ("check the number of countries included in the dataset", "the number of countries"),
        ("we can figure out how many rows have pop > 5", "how many rows have pop > 5"),
        # the exercise's framing and where the result goes
        ("Your task is to sort by year", "sort by year"),
        ("In this exercise, sort by year", "sort by year"),
        ("sort by year and assign it to a variable called `by_year`", "sort by year"),
        # meta words qualifying the frame, quoted frame names with their preposition
        ("Sort Pandas Dataframe by year", "Sort by year"),
        ("Pandas: sort by year", "sort by year"),
        (
            "get all the values in column `country` from pandas data frame `df`",
            "get all the values in column country",
        ),
        (
            "count rows in a group `continent` in pandas groupby object `df`",
            "count rows in a group continent",
        ),
        ("select rows from a pandas dataframe `df`'s column 'year'", "select rows column year"),
        ("Select the `country` column from `gapminder`", "Select the country column"),
        ("mean of the `pop` column of the `gapminder` DataFrame", "mean of the pop column"),
        ("split it. Using a data.frame called `gapminder` and sorting it", "split it. sort it"),
    ],
)
def test_framing_classes_are_dropped(request_: str, kept: str) -> None:
    assert _lead(request_) == kept


@pytest.mark.parametrize(
    ("request_", "kept"),
    [
        ("Getting items where pop > 5", "Get items where pop > 5"),
        ("filtering of the gdpPercap column", "filter the gdpPercap column"),
        ("removing duplicate values", "remove duplicate values"),
        ("selects unique rows", "select unique rows"),
    ],
)
def test_a_leading_verb_form_becomes_its_base_form(request_: str, kept: str) -> None:
    n = normalise(request_, frames=["gapminder"], columns=GAP, is_known=_known)
    assert " ".join(n.text.split()) == kept
    assert len(n.text) == len(request_)
    assert [r.role for r in n.rewritten] == ["verb-form"]


def test_verb_forms_are_rewritten_only_when_safe() -> None:
    # the base must be known, the form itself unknown, and a noun plural ("… of") stays
    assert _lead("normalizing by row") == "normalizing by row"  # "normalize" unknown
    assert _lead("sorting by year") == "sort by year"
    assert (
        normalise("sorting by year", columns=GAP, is_known=lambda w: w in {"sort", "sorting"}).text
        == "sorting by year"
    )
    assert _lead("rows of pop") == "rows of pop"
    assert _lead("gets of pop") == "gets of pop"
    # not at the start of a clause: a gerund inside the ask is left to the grammar
    assert _lead("sort by year removing nothing") == "sort by year removing nothing"
    # a column named like the gerund is content
    assert _lead("filtering > 3", columns=["filtering"]) == "filtering > 3"


def test_modal_and_presenting_subjects_need_their_verb() -> None:
    # "this" is framing only before a verb form; "this column" is content
    assert _lead("this column pop") == "this column pop"
    assert _lead("this keeps rows") == "keep rows"
    # "check" only before a question
    assert _lead("check pop") == "check pop"


def test_content_words_keep_a_phrase_but_function_words_do_not() -> None:
    # a value "IN" (a state) does not make the preposition of "in dataframe `df`" content
    n = normalise(
        "rows in dataframe `df`", frames=["t"], columns=["state"], is_content=lambda w: w in {"in", "state"}
    )
    assert " ".join(n.text.split()) == "rows"
    # a column called "try" keeps "try"
    assert _lead("try > 3", columns=["try"]) == "try > 3"


def test_a_name_both_frame_and_column_is_the_column_unless_a_frame_noun_is_next() -> None:
    n = normalise("rows where `co2` is missing", frames=["co2"], columns=["co2"])
    assert " ".join(n.text.split()) == "rows where co2 is missing"
    n = normalise("rows of the `co2` data where co2 > 3", frames=["co2"], columns=["co2"])
    assert " ".join(n.text.split()) == "rows where co2 > 3"


def test_a_quoted_name_after_a_frame_noun_is_the_frame() -> None:
    assert _lead("rows in dataframe `trace_df` with pop > 3") == "rows with pop > 3"


def test_duplicates_note_becomes_distinct_and_glosses_are_dropped_only_when_redundant() -> None:
    n = normalise("What countries? (Your answer should not include any duplicates.)", columns=GAP)
    assert " ".join(n.text.split()) == "What countries? distinct"
    assert [r.becomes for r in n.rewritten] == ["distinct"]
    assert _lead("rows with pop > 0 (i.e., select meaningful pop values)") == "rows with pop > 0"
    # a gloss that names what the rest does not is the precise part: kept
    assert _lead("the good rows (i.e. rows where pop > 5)") == "the good rows (i.e. rows where pop > 5)"


def test_offsets_hold_with_rewrites() -> None:
    req = "Now try removing the `pop` column from `gapminder`"
    n = normalise(req, frames=["gapminder"], columns=GAP, is_known=_known)
    assert len(n.text) == len(req)
    k = n.text.index("pop")
    assert req[k : k + 3] == "pop"
    for d in n.dropped:
        assert req[d.start : d.end] == d.text
        assert n.text[d.start : d.end].strip() == ""
    for r in n.rewritten:
        assert req[r.start : r.end] == r.text
        assert n.text[r.start : r.end].strip() == r.becomes


def test_table_rows_with_many_options_stay_cheap() -> None:
    # every row is matched slot by slot: the table holds rows, not their expansions
    assert sum(len(v) for v in phrase_table().values()) < 500


def test_a_frame_that_is_the_subject_of_a_question_stays() -> None:
    # "check if dataframe `df` has …" asks about the frame: the grammar needs its subject
    assert (
        _lead("check if dataframe `df` has any missing values") == "check if dataframe has any missing values"
    )
    assert _lead("sort dataframe `df` by year") == "sort by year"


def test_a_third_person_form_that_may_be_a_noun_needs_its_subject() -> None:
    # "orders by customer" names rows; "The following orders …" is a verb
    assert _lead("orders by year", columns=GAP) == "orders by year"
    known = {"order", "keep", "select"}.__contains__
    assert " ".join(normalise("orders by year", columns=GAP, is_known=known).text.split()) == "orders by year"
    assert (
        " ".join(normalise("The following orders by year", columns=GAP, is_known=known).text.split())
        == "order by year"
    )
    assert " ".join(normalise("keeps rows", columns=GAP, is_known=known).text.split()) == "keeps rows"
    assert " ".join(normalise("selects rows", columns=GAP, is_known=known).text.split()) == "select rows"


def test_bare_data_is_no_reference_to_the_frame() -> None:
    assert _lead("what type of data is in each column") == "what type of data is in each column"
    assert _lead("the last rows of the data") == "the last rows"
