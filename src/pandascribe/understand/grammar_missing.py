"""Whole-clause rules (:mod:`.grammar`'s format) for cleaning requests: counting missing values,
dropping or keeping the rows or columns that hold them, filling them, and removing repeated rows.

The rules are data: word classes below are joined into patterns, every rule names its builder in
:mod:`.builders_missing`. All of them are *guarded*: the words that say what is counted or dropped
("columns", "rows", "records" …) are filler to the clause productions, but here they decide the
answer ("drop columns with missing values" is not "drop rows with missing values"), so a rule may
not pass over one of them unread. Where a phrasing does not say which answer it wants (a count of
missing values "per column" or "in total"), no rule reads it and the request is refused.
"""

from __future__ import annotations

from .grammar import Rule
from .grammar_missing_clean import CLEAN_RULES
from .grammar_missing_fill import FILL_RULES
from .grammar_missing_words import (
    _AT,
    ALL,
    ASK,
    COLWORD,
    COUNT,
    FRAME,
    HAVE,
    HOW_MANY,
    MISS,
    PER,
    SHARE,
    SOME,
    VALUES,
    WHERE,
    _r,
)

#: rules in no particular order (ranking decides, never the order)
_COUNT_RULES: tuple[Rule, ...] = (
    # ---- counts per column: "count the number of missing values per column"
    _r(
        "missing_per_column",
        "count_per_column",
        f"{COUNT}?",
        HOW_MANY,
        MISS,
        f"{VALUES}?",
        PER,
        COLWORD,
        *_AT,
    ),
    _r("missing_per_column", "count_per_column", COUNT, MISS, f"{VALUES}?", PER, COLWORD, *_AT),
    _r("missing_per_column", "count_per_column", MISS, f"{VALUES}?", "count|counts", PER, COLWORD, *_AT),
    _r("missing_per_column", "count_per_column", MISS, f"{VALUES}?", PER, COLWORD, *_AT),
    _r(
        "missing_per_column",
        "count_per_column",
        HOW_MANY,
        MISS,
        f"{VALUES}?",
        "does|do|are there in|are in|exist in|are there for",
        "each|every",
        COLWORD,
        "have|has|contain|hold?",
    ),
    _r("missing_per_column", "share_per_column", SHARE, "of", MISS, f"{VALUES}?", PER, COLWORD, *_AT),
    # ---- totals: "how many missing entries are contained in all of the fertility data?"
    _r(
        "missing_total",
        "count_total",
        f"{COUNT}?",
        HOW_MANY,
        MISS,
        f"{VALUES}?",
        "are there|is there|there are|are|there|in total|total|overall|altogether|in all|contained|present?",
        *_AT,
    ),
    _r(
        "missing_total",
        "count_total",
        COUNT,
        f"{ALL}?",
        MISS,
        f"{VALUES}?",
        "in total|total|overall|altogether|in all",
    ),
    _r("missing_total", "count_total", COUNT, f"{ALL}?", MISS, f"{VALUES}?", WHERE, "ROWS?", FRAME),
    # one column: "how many NaN values are in co2", "number of missing values in the co2 column"
    _r(
        "missing_in",
        "count_in",
        f"{COUNT}?",
        HOW_MANY,
        MISS,
        f"{VALUES}?",
        "are|is?",
        "in|of|for",
        "COLS",
        f"{COLWORD}?",
    ),
    _r("missing_in", "count_in", COUNT, MISS, f"{VALUES}?", "in|of|for", "COLS", f"{COLWORD}?"),
    # ---- the share of all values: "what percentage of the values in the dataset are missing?"
    _r(
        "missing_share",
        "share_total",
        f"{ASK}?",
        SHARE,
        "of",
        f"{ALL}?",
        "values|cells|entries|data|the data",
        *_AT,
        "are|is?",
        "missing|null|nan|na|empty|blank",
    ),
    _r(
        "missing_share",
        "share_total",
        f"{ASK}?",
        SHARE,
        "of",
        MISS,
        f"{VALUES}?",
        "are there|is there|overall|in total?",
        *_AT,
    ),
    # ---- columns with gaps: "how many columns in the fertility data have missing values?"
    _r(
        "missing_columns",
        "count_columns",
        f"{COUNT}?",
        HOW_MANY,
        COLWORD,
        *_AT,
        HAVE,
        f"{SOME}?",
        MISS,
        f"{VALUES}?",
    ),
    _r(
        "missing_columns",
        "count_columns",
        f"{COUNT}?",
        HOW_MANY,
        COLWORD,
        *_AT,
        "are|is",
        "missing|incomplete",
        f"{VALUES}?",
    ),
    # ---- rows with gaps: "count the number of rows with missing values"
    _r(
        "missing_rows",
        "count_rows",
        f"{COUNT}?",
        HOW_MANY,
        "ROWS",
        *_AT,
        "are|is|do|does?",
        HAVE,
        f"{SOME}?",
        MISS,
        f"{VALUES}?",
        *_AT,
    ),
    _r("missing_rows", "count_rows", COUNT, "ROWS", HAVE, f"{SOME}?", MISS, f"{VALUES}?", *_AT),
    # in named columns: "how many rows are missing a co2?", "how many rows contain NaN values for co2"
    _r(
        "missing_rows",
        "count_rows",
        f"{COUNT}?",
        HOW_MANY,
        "ROWS",
        *_AT,
        "are|is?",
        "missing|lacking|lack|without",
        f"{SOME}?",
        "COLS",
        f"{COLWORD}?",
    ),
    _r(
        "missing_rows",
        "count_rows",
        f"{COUNT}?",
        HOW_MANY,
        "ROWS",
        *_AT,
        "are|is|do|does?",
        HAVE,
        f"{SOME}?",
        MISS,
        f"{VALUES}?",
        "in|for|of|at",
        "COLS",
        f"{COLWORD}?",
    ),
    _r("missing_share", "share_rows", SHARE, "of", "ROWS", *_AT, HAVE, f"{SOME}?", MISS, f"{VALUES}?", *_AT),
)

#: every cleaning rule: the counts here, the drops and keeps, the fills
MISSING_RULES: tuple[Rule, ...] = _COUNT_RULES + CLEAN_RULES + FILL_RULES

__all__ = ["MISSING_RULES"]
