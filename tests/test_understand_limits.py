"""Request length: long input is refused at once with one clear line, through the public API."""

from __future__ import annotations

import pandas as pd
import pytest

import pandascribe
from pandascribe.understand.limits import MAX_CHARS, MAX_WORDS, check_request_size

FRAME = {"df": pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})}


def test_within_the_limits_is_accepted() -> None:
    check_request_size("mean a by b " * (MAX_WORDS // 4))


@pytest.mark.parametrize(
    "request_",
    [
        "a " * (MAX_WORDS + 1),  # too many words
        "x" * (MAX_CHARS + 1),  # too many characters, one "word"
        "mean a by b, then " * 6000,  # a pasted wall of text
    ],
)
def test_over_the_limits_is_one_clear_compile_error(request_: str) -> None:
    with pytest.raises(pandascribe.CompileError) as info:
        pandascribe.compile(request_, FRAME)
    message = str(info.value)
    assert "\n" not in message and ("limit" in message or "more than" in message)


def test_an_oversized_request_is_refused_before_anything_reads_it() -> None:
    """The size check comes first in compile(): before the frames are looked at (a frame that is
    not a frame would be its own error) and before the follow-up and chart passes, which walk every
    word of the request."""
    with pytest.raises(pandascribe.CompileError, match="characters long"):
        pandascribe.compile("mean x by y " * 3000, {"df": object()})
