"""The readings layer: choice points, ranking, AmbiguousRequest and its round-tripping choices."""

from __future__ import annotations

import pandas as pd
import pytest

import pandascribe
from pandascribe import AmbiguousRequest, Choice, CompileError


@pytest.fixture()
def flights() -> dict[str, pd.DataFrame]:
    return {
        "flights": pd.DataFrame(
            {"dep_delay": [1.0, 5.0, -2.0], "arr_delay": [3.0, -1.0, 8.0], "carrier": ["AA", "UA", "AA"]}
        )
    }


def test_a_word_naming_two_columns_equally_is_a_choice(flights: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(AmbiguousRequest) as info:
        pandascribe.compile("mean delay by carrier", flights)
    exc = info.value
    assert isinstance(exc, CompileError)
    assert len(exc.choices) == 2
    assert {c.transform.plan.steps[0].aggs[0].column for c in exc.choices} == {"dep_delay", "arr_delay"}
    assert exc.words == ("delay",)
    assert exc.spans == ((5, 10),)


def test_each_choice_request_compiles_to_that_choice_byte_for_byte(flights: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(AmbiguousRequest) as info:
        pandascribe.compile("mean delay by carrier", flights)
    for choice in info.value.choices:
        assert isinstance(choice, Choice)
        paraphrase, request, transform = choice  # unpacks as a 3-tuple
        assert paraphrase == transform.explanation
        again = pandascribe.compile(request, flights)
        assert again.code == transform.code
        assert again.plan == transform.plan


def test_choices_are_deterministic(flights: dict[str, pd.DataFrame]) -> None:
    seen = []
    for _ in range(3):
        with pytest.raises(AmbiguousRequest) as info:
            pandascribe.compile("mean delay by carrier", flights)
        seen.append([(c.request, c.transform.code) for c in info.value.choices])
    assert seen[0] == seen[1] == seen[2]


def test_a_type_that_fits_one_candidate_only_is_no_choice() -> None:
    frames = {"t": pd.DataFrame({"Pclass": [1, 2, 3], "class_name": ["a", "b", "c"], "x": [1.0, 2.0, 3.0]})}
    t = pandascribe.compile("mean x by class", frames)
    assert "Pclass" in t.code or "class_name" in t.code  # grouped by one of them, not refused


def test_the_guess_a_reading_rests_on_is_named() -> None:
    frames = {"titanic": pd.DataFrame({"Survived": [0, 1, 1, 0], "Age": [20.0, 30.0, 40.0, 50.0]})}
    t = pandascribe.compile("mean age of survivors", frames)
    assert "'survivors' read as Survived == 1" in t.explanation


def test_an_implausible_reading_is_dropped() -> None:
    """'how many survived' is never the number of distinct values of a yes/no column (always 2)."""
    frames = {"titanic": pd.DataFrame({"Survived": [0, 1, 1, 1, 0]})}
    t = pandascribe.compile("how many survived", frames)
    ns = {"titanic": frames["titanic"], "pd": pd}
    exec(t.code, ns)
    assert ns[t.target] == 3


def test_cli_lists_the_choices_and_exits_2(tmp_path, capsys) -> None:
    from pandascribe.cli import main

    path = tmp_path / "f.csv"
    path.write_text("dep_delay,arr_delay,carrier\n1,3,AA\n5,-1,UA\n")
    assert main(["compile", "mean delay by carrier", "--data", f"flights={path}"]) == 2
    err = capsys.readouterr().err
    assert "1. " in err and "2. " in err and "say: mean arr_delay by carrier" in err


def test_magic_choose_takes_the_numbered_reading(flights, tmp_path, monkeypatch) -> None:
    from IPython.core.error import UsageError
    from IPython.core.interactiveshell import InteractiveShell

    from pandascribe import load_ipython_extension, unload_ipython_extension
    from pandascribe.settings import reset_settings

    monkeypatch.setenv("PANDASCRIBE_HISTORY_PATH", str(tmp_path / "history.sqlite3"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("PANDASCRIBE_BACKEND", raising=False)
    reset_settings()
    ip = InteractiveShell.instance()
    ip.reset(new_session=False)
    load_ipython_extension(ip)
    try:
        ip.user_ns["flights"] = flights["flights"]
        with pytest.raises(UsageError, match="--choose"):
            ip.run_cell_magic("transform", "flights", "mean delay by carrier")
        with pytest.raises(AmbiguousRequest) as info:
            pandascribe.compile("mean delay by carrier", flights)
        ip.rl_next_input = None
        ip.run_cell_magic("transform", "flights --choose 2", "mean delay by carrier")
        inserted = ip.rl_next_input or ""
        chosen = info.value.choices[1]
        assert chosen.transform.code.strip() in inserted
        assert chosen.request in inserted  # the cell says the reading, so a rerun is byte-identical
    finally:
        unload_ipython_extension(ip)
        ip.reset(new_session=False)
        reset_settings()
