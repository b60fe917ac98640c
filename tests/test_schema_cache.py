"""The schema cache key: copies of a frame share one summary, edits that can be seen change it."""

import pandas as pd

from pandascribe import schema
from pandascribe.understand.ground import indexes_for


def _frame(n: int = 1000) -> pd.DataFrame:
    return pd.DataFrame({"x": range(n), "name": [f"n{i % 7}" for i in range(n)]})


def test_a_copy_shares_the_key_and_the_cached_schema():
    df = _frame()
    assert schema._key("df", df) == schema._key("df", df.copy())
    assert schema.frame_schema("df", df) is schema.frame_schema("df", df.copy())


def test_an_edit_in_the_start_middle_or_end_changes_the_key():
    df = _frame()
    before = schema._key("df", df)
    for row in (0, len(df) // 2, len(df) - 1):
        edited = df.copy()
        edited.loc[row, "name"] = "new value"
        assert schema._key("df", edited) != before


def test_small_frames_hash_every_row():
    df = _frame(40)
    edited = df.copy()
    edited.loc[17, "x"] = -1
    assert schema._key("df", df) != schema._key("df", edited)


def test_unhashable_cells_still_give_a_key():
    df = pd.DataFrame({"tags": [["a", "b"], ["c"]] * 50})
    assert schema._key("df", df) == schema._key("df", df.copy())


def test_column_matches_are_remembered_per_index_and_stay_the_same():
    cols, _ = indexes_for(schema.frame_schema("people", pd.DataFrame({"first_name": ["a"], "age": [1]})))
    first = cols.match(("first", "name"))
    assert first[1] == ("first_name",)
    assert cols.match(("first", "name")) is first
