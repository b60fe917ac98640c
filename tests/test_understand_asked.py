"""The answer side of a question (understand/asked.py): the column a question word's kind asks for
("Who …", "When …", "Where …", "In what year …"), the column a verb names by its derivational family
("Who wrote …" → Writer / Written by), light verbs after a value-anchored subject ("… did player
number 6 come from"), and nouns naming the rows ("the actor X", "player number 6"). Unit tests on
the layer, then compile-and-run tests on small frames against hand-written pandas, then the
choices and refusals."""

from __future__ import annotations

import pandas as pd
import pytest

import pandascribe
from pandascribe import AmbiguousRequest, CompileError
from pandascribe.schema import frame_schema
from pandascribe.understand.asked import column_kinds, is_agent_noun, verb_columns, wh_kind


def _run(request: str, frames: dict[str, pd.DataFrame], source: str) -> object:
    t = pandascribe.compile(request, frames, source=source)
    ns = {**{k: v.copy() for k, v in frames.items()}, "pd": pd}
    exec(t.code, ns)
    return ns[t.target]


def _same(out: object, want: pd.DataFrame) -> None:
    assert isinstance(out, pd.DataFrame)
    pd.testing.assert_frame_equal(out.reset_index(drop=True), want.reset_index(drop=True))


EPISODES = pd.DataFrame(
    {
        "#": [1, 2, 3],
        "Title": ["pilot", "the return", "finale"],
        "Director": ["ann lee", "bo kim", "ann lee"],
        "Written by": ["cy young", "di fox", "cy young"],
        "Original air date": ["may 1", "may 8", "may 15"],
    }
)
SCHOOLS = pd.DataFrame(
    {
        "School": ["lindenwood university", "park university"],
        "Location": ["st. charles", "parkville"],
        "Founded": [1827, 1875],
        "Enrollment": [17000, 11000],
    }
)
DRAFT = pd.DataFrame(
    {
        "Round": [1, 2, 3],
        "Player name": ["steve stonebreaker", "al bo", "cy do"],
        "No.": ["6", "7", "8"],
        "College": ["detroit", "ohio", "iowa"],
    }
)
FILMS = pd.DataFrame(
    {
        "Actors Name": ["alla sergiyko", "oleg ivanov", "alla sergiyko"],
        "Film Name": ["the road", "winter", "spring"],
        "Country": ["ukraine", "russia", "ukraine"],
    }
)


# ---------------------------------------------------------------- the layer


def test_question_words_name_a_kind() -> None:
    assert wh_kind("Who") == "person"
    assert wh_kind("whom") == "person"
    assert wh_kind("when") == "time"
    assert wh_kind("where") == "place"
    assert wh_kind("what") is None
    assert wh_kind("which") is None


@pytest.mark.parametrize("word", ["writer", "director", "player", "drivers", "winner", "vacator", "actor"])
def test_agent_nouns_come_from_verbs(word: str) -> None:
    assert is_agent_noun(word)


@pytest.mark.parametrize("word", ["number", "order", "letter", "water", "title", "year", "team"])
def test_words_that_are_verbs_or_no_agents_are_not_agent_nouns(word: str) -> None:
    assert not is_agent_noun(word)


def test_column_kinds_by_name_and_dtype() -> None:
    df = pd.DataFrame(
        {
            "Writer": ["a"],
            "Directed by": ["b"],
            "Player name": ["c"],
            "US air date": ["d"],
            "Season": [2001],
            "Location": ["e"],
            "Number": ["6"],
            "Title": ["f"],
            "Viewers": [1.5],
            "When": pd.to_datetime(["2020-01-01"]),
        }
    )
    kinds = column_kinds(frame_schema("t", df))
    assert kinds["Writer"] == {"person"}
    assert kinds["Directed by"] == {"person"}
    assert kinds["Player name"] == {"person"}
    assert kinds["US air date"] == {"time"}
    assert kinds["Season"] == {"time"}
    assert kinds["Location"] == {"place"}
    assert kinds["When"] == {"time"}
    for plain in ("Number", "Title", "Viewers"):
        assert plain not in kinds


def test_a_verb_names_the_column_of_its_family() -> None:
    both = frame_schema("t", pd.DataFrame({"Writer": ["a"], "Written by": ["b"], "Title": ["c"]}))
    assert verb_columns("wrote", both) == ("Written by",)  # the participle's own name first
    only = frame_schema("t", pd.DataFrame({"Writer": ["a"], "Title": ["c"]}))
    assert verb_columns("wrote", only) == ("Writer",)
    eps = frame_schema("t", EPISODES)
    assert verb_columns("directed", eps) == ("Director",)
    assert verb_columns("aired", eps) == ("Original air date",)
    assert verb_columns("drafted", eps) == ()
    assert verb_columns("episode", eps) == ()  # no verb


# ---------------------------------------------------------------- compile and run


def test_who_wrote_names_the_writer_column() -> None:
    out = _run("Who wrote episode #3?", {"eps": EPISODES}, "eps")
    _same(out, EPISODES.loc[EPISODES["#"] == 3, ["Written by"]])


def test_who_directed_a_title() -> None:
    out = _run("Who directed The Return?", {"eps": EPISODES}, "eps")
    _same(out, EPISODES.loc[EPISODES["Title"] == "the return", ["Director"]])


def test_when_was_it_aired_names_the_air_date() -> None:
    out = _run("When was the return aired?", {"eps": EPISODES}, "eps")
    _same(out, EPISODES.loc[EPISODES["Title"] == "the return", ["Original air date"]])


@pytest.mark.parametrize(
    "request_", ["In what year was Lindenwood University founded?", "When was Lindenwood University founded?"]
)
def test_a_participle_at_the_end_names_the_asked_column(request_: str) -> None:
    out = _run(request_, {"schools": SCHOOLS}, "schools")
    _same(out, SCHOOLS.loc[SCHOOLS["School"] == "lindenwood university", ["Founded"]])


def test_where_asks_for_the_place_column() -> None:
    out = _run("Where is Lindenwood University?", {"schools": SCHOOLS}, "schools")
    _same(out, SCHOOLS.loc[SCHOOLS["School"] == "lindenwood university", ["Location"]])


def test_a_light_verb_after_the_subject_and_a_row_noun() -> None:
    out = _run("What college did player number 6 come from?", {"draft": DRAFT}, "draft")
    _same(out, DRAFT.loc[DRAFT["No."] == "6", ["College"]])


def test_a_light_participle_after_the_value() -> None:
    out = _run("What round was Steve Stonebreaker drafted?", {"draft": DRAFT}, "draft")
    _same(out, DRAFT.loc[DRAFT["Player name"] == "steve stonebreaker", ["Round"]])


def test_a_noun_naming_the_value_column_and_a_do_question() -> None:
    out = _run("Which films does the actor Alla Sergiyko star in?", {"t": FILMS}, "t")
    _same(out, FILMS.loc[FILMS["Actors Name"] == "alla sergiyko", ["Film Name"]])


def test_the_name_of_a_person_column_is_that_column() -> None:
    df = pd.DataFrame({"District": ["ohio 1", "ohio 2"], "Vacator": ["al bo", "cy do"]})
    out = _run("What is the name of the vacator for district ohio 2?", {"t": df}, "t")
    _same(out, df.loc[df["District"] == "ohio 2", ["Vacator"]])


# ---------------------------------------------------------------- choices and refusals


def test_several_time_columns_are_offered() -> None:
    df = EPISODES.assign(**{"Release date": ["june 1", "june 8", "june 15"]})
    with pytest.raises(AmbiguousRequest) as info:
        pandascribe.compile("When is the return?", {"eps": df}, source="eps")
    asked = set()
    for choice in info.value.choices:
        ns = {"eps": df.copy(), "pd": pd}
        exec(choice.transform.code, ns)
        asked.add(tuple(ns[choice.transform.target].columns))
    assert asked == {("Original air date",), ("Release date",)}


def test_several_writer_columns_for_a_bare_who_are_not_guessed() -> None:
    with pytest.raises(CompileError):
        pandascribe.compile("Who is episode #3?", {"eps": EPISODES}, source="eps")


def test_who_with_no_person_column_is_refused() -> None:
    with pytest.raises(CompileError):
        pandascribe.compile("Who founded Lindenwood University?", {"schools": SCHOOLS}, source="schools")


def test_a_verb_left_as_the_only_content_is_refused() -> None:
    with pytest.raises(CompileError):
        pandascribe.compile("Who did player number 6 come from?", {"draft": DRAFT}, source="draft")
    with pytest.raises(CompileError):
        pandascribe.compile("Where was Lindenwood University born?", {"schools": SCHOOLS}, source="schools")


def test_an_operation_word_is_never_a_light_verb() -> None:
    with pytest.raises(CompileError):
        pandascribe.compile("What college did player number 6 sort?", {"draft": DRAFT}, source="draft")


def test_a_statement_is_left_alone() -> None:
    # no question word: the pass does nothing ("come" stays unexplained)
    with pytest.raises(CompileError):
        pandascribe.compile("college of player number 6 come from", {"draft": DRAFT}, source="draft")


RACES = pd.DataFrame(
    {
        "Rd.": [1, 2, 3],
        "Grand Prix": ["french grand prix", "monaco grand prix", "spanish grand prix"],
        "Date": ["5 july", "12 may", "26 april"],
        "Location": ["magny-cours", "monte carlo", "jerez"],
        "Pole Position": ["ann lee", "bo kim", "cy do"],
        "Winning Driver": ["di fox", "bo kim", "ed ng"],
    }
)


def test_what_day_asks_for_the_time_column_and_the_subject_names_the_rows() -> None:
    out = _run("What day was the grand prix in jerez?", {"t": RACES}, "t")
    _same(out, RACES.loc[RACES["Location"] == "jerez", ["Date"]])


def test_who_with_a_role_after_a_preposition() -> None:
    out = _run("Who was on the pole position at the monaco grand prix?", {"t": RACES}, "t")
    _same(out, RACES.loc[RACES["Grand Prix"] == "monaco grand prix", ["Pole Position"]])


def test_who_won_names_the_winning_column_by_family() -> None:
    out = _run("Who won the French Grand Prix?", {"t": RACES}, "t")
    _same(out, RACES.loc[RACES["Grand Prix"] == "french grand prix", ["Winning Driver"]])


def test_where_from_with_a_stranded_preposition() -> None:
    df = pd.DataFrame(
        {"Player": ["adam gilchrist", "mark boucher"], "Nationality": ["australia", "south africa"]}
    )
    out = _run("Where is Adam Gilchrist from?", {"t": df}, "t")
    _same(out, df.loc[df["Player"] == "adam gilchrist", ["Nationality"]])


def test_who_with_two_person_columns_and_no_role_offers_or_refuses() -> None:
    # Pole Position is no person column by its name; Winning Driver is: the only candidate
    out = _run("Who is at the French Grand Prix?", {"t": RACES}, "t")
    _same(out, RACES.loc[RACES["Grand Prix"] == "french grand prix", ["Winning Driver"]])
    two = RACES.assign(Constructor=["x", "y", "z"])
    with pytest.raises(CompileError) as info:
        pandascribe.compile("Who is at the French Grand Prix?", {"t": two}, source="t")
    if isinstance(info.value, AmbiguousRequest):
        asked = set()
        for choice in info.value.choices:
            ns = {"t": two.copy(), "pd": pd}
            exec(choice.transform.code, ns)
            asked.add(tuple(ns[choice.transform.target].columns))
        assert asked == {("Winning Driver",), ("Constructor",)}


def test_name_the_column_is_a_question() -> None:
    df = pd.DataFrame({"Batting team": ["essex", "kent"], "Fielding team": ["durham", "surrey"]})
    out = _run("Name the batting team at Durham", {"t": df}, "t")
    _same(out, df.loc[df["Fielding team"] == "durham", ["Batting team"]])


def test_a_value_of_the_asked_column_is_no_subject_for_a_light_verb() -> None:
    games = pd.DataFrame({"Team": ["reds", "blues"], "Opponent": ["blues", "reds"], "Points": [3, 1]})
    with pytest.raises(CompileError):
        pandascribe.compile("Which team did reds beat?", {"t": games}, source="t")


def test_the_data_file_is_well_formed() -> None:
    import tomllib
    from importlib import resources

    raw = resources.files("pandascribe.understand").joinpath("data/asked.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    assert set(data["wh"].values()) <= set(data["kinds"])
    for words in (*data["kinds"].values(), data["imperatives"]):
        assert words == [w.lower() for w in words]
        assert len(set(words)) == len(words)


def test_a_column_word_before_its_value_is_the_subject_not_the_asked_column() -> None:
    df = pd.DataFrame({"flight": [1545, 1714], "dest": ["iah", "mia"], "dep_delay": [2, 4]})
    with pytest.raises(CompileError):  # was: the light verb dropped, the whole row returned
        pandascribe.compile("When did flight 1545 depart?", {"t": df}, source="t")


def test_too_many_columns_of_the_kind_are_no_choices() -> None:
    df = pd.DataFrame(
        {
            "Title": ["pilot", "finale"],
            "Air date": ["may 1", "may 8"],
            "Release date": ["june 1", "june 8"],
            "DVD date": ["july 1", "july 8"],
            "Rerun date": ["aug 1", "aug 8"],
        }
    )
    try:
        t = pandascribe.compile("When is pilot?", {"t": df}, source="t")
    except AmbiguousRequest:  # pragma: no cover - the failure this test guards against
        pytest.fail("four date columns offered as choices")
    except CompileError:
        return
    ns = {"t": df.copy(), "pd": pd}
    exec(t.code, ns)
    assert len(ns[t.target].columns) != 1  # no date column guessed
