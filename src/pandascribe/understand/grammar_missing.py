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

#: what is missing
MISS = (
    "missing|missing values|missing value|missing data|missing entries|missing entry|missing cells"
    "|null|nulls|null values|null entries|nan|nans|nan's|nan values|na|na values|na's|nas"
    "|empty values|empty cells|empty entries|blank values|blank cells|blanks|gaps|missings"
    "|none values|non-values|non values"
)
#: a noun after the missing word ("missing values", "NaN entries")
VALUES = "values|value|entries|entry|cells|cell|data|observations|ones?"
#: how a question may open
ASK = (
    "what|what is|what's|what are|which|tell me|give me|give|show|show me|find|get|compute|calculate"
    "|display|report|print|return|can you tell me|i want|i want to know|we want"
)
#: asking for a number
HOW_MANY = "how many|number of|count of|counts of|total number of|amount of"
COUNT = "count|counting|tally"
#: one count for each column
PER = "per|in each|for each|of each|by|in every|for every|within each|across|across each|across all"
COLWORD = "column|columns|variable|variables|field|fields|feature|features"
ROWWORD = "rows|row|records|record|observations|observation|entries|entry|cases|lines|samples"
#: the frame as the place ("in the dataset", "of the fertility data", "in a pandas dataframe `df`")
WHERE = "in|of|from|within|across|contained in|in all of|of all|present in|found in"
FRAME = "pandas dataframe|pandas data frame|dataframe|data frame|dataset|data set|data|table|pandas|df"
HAVE = (
    "have|has|with|contain|contains|containing|that have|that has|that contain|that contains|having"
    "|which have|which contain|holding|that hold|include|including|that include"
)
#: gaps between two known values (what interpolation fills)
GAPS = "intermediate|interior|inner|in-between|internal"
SOME = "any|a|one or more|at least one|some"
ALL = "all|all of|each of|any of|every|any"
CHECK = "check|checking|test|see|find out|determine|verify|tell|tell me"
SHARE = "percentage|percent|proportion|share|fraction|ratio|rate"
DROP = (
    "drop|drops|dropping|dropped|remove|removes|removing|removed|delete|deleting|deleted|exclude|excluding"
    "|discard|discarding"
    "|eliminate|eliminating|get rid of|getting rid of|throw out|throw away|filter out|filtering out"
)
KEEP = (
    "keep|keeping|select|selects|selecting|show|get|getting|return|take|find|list|work with"
    "|working with|use|using|retain|retaining|only"
)
FILL = (
    "fill|fills|filling|replace|replaces|replacing|impute|imputes|imputing|substitute|change|changing"
    "|fill in|fill up"
)
DUP = "duplicate|duplicates|duplicated|repeated|repeating|double"
UNIQUE = "unique|distinct|deduplicated|non-duplicate|non-duplicated"
MEAN = "mean|average|mean value|average value|means|averages|column mean|column means|column average"
MEDIAN = "median|median value|medians|column median|column medians"
PREVIOUS = (
    "previous|preceding|prior|last|previous valid|last valid|last known|last observed|previous non-missing"
    "|above|the one before it|one before it|value before it|before it"
)
NEXT = (
    "next|following|subsequent|next valid|next non-missing|below|one that comes directly after it"
    "|one that comes after it|one that comes right after it|value that comes after it|one after it"
    "|value after it|after it|that comes after it"
)
#: a hint at the pandas method the request means ("using the `.fillna()` method")
METHOD = (
    "fillna|fillna ( )|dropna|dropna ( )|ffill|ffill ( )|bfill|bfill ( )|drop_duplicates|drop_duplicates ( )"
)

_WORDS = frozenset(" ".join((COLWORD, ROWWORD, "each every per all only")).replace("|", " ").split())


def _r(name: str, builder: str, *pattern: str) -> Rule:
    if name.startswith(("missing_", "check_", "rows_")) and not pattern[0].startswith("what"):
        pattern = (f"{ASK}?", *pattern)  # a question may open with "what is", "tell me" …
    return Rule(name, tuple(pattern), builder, module="builders_missing", guard=_WORDS)


# the frame as a trailing place: "… in the fertility data", "… of dataframe `df`"
_AT = (f"{WHERE}?", "FRAME?", "ROWS?", f"{FRAME}?")
_USING = ("using|with|via|through?", f"{METHOD}?", "method|function?")

#: the rules, in no particular order (ranking decides, never the order)
MISSING_RULES: tuple[Rule, ...] = (
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
    # ---- drop the columns with gaps: "drop columns with missing values"
    _r(
        "drop_missing_columns",
        "drop_columns",
        DROP,
        f"{ALL}?",
        COLWORD,
        HAVE,
        f"{SOME}?",
        MISS,
        f"{VALUES}?",
        *_AT,
    ),
    _r(
        "drop_missing_columns",
        "drop_columns",
        DROP,
        f"{ALL}?",
        COLWORD,
        "that are|which are|being",
        "incomplete|missing values|missing data",
    ),
    _r(
        "drop_missing_columns",
        "drop_empty_columns",
        DROP,
        f"{ALL}?",
        "empty|blank|all-missing|all-nan|all-null|completely empty|entirely empty",
        COLWORD,
    ),
    # keep the complete ones: "working with only the columns that have full data"
    _r(
        "keep_complete_columns",
        "drop_columns",
        f"{KEEP}?",
        "only?",
        COLWORD,
        HAVE,
        "full data|complete data|no missing values|no missing data|no missing|no gaps|no nulls|no nan values"
        "|no nans|no empty values|all values|every value|values in every row|all their values",
    ),
    _r("keep_complete_columns", "drop_columns", f"{KEEP}?", "only?", "complete|full|non-missing", COLWORD),
    # ---- drop the rows with gaps: "let's drop all the rows that contain missing values"
    _r(
        "drop_missing_rows",
        "drop_rows",
        DROP,
        f"{ALL}?",
        ROWWORD,
        *_AT,
        HAVE,
        f"{SOME}?",
        MISS,
        f"{VALUES}?",
        *_AT,
        *_USING,
    ),
    _r(
        "drop_missing_rows",
        "drop_rows",
        DROP,
        f"{ALL}?",
        ROWWORD,
        HAVE,
        f"{SOME}?",
        MISS,
        f"{VALUES}?",
        "in|for|of",
        "COLS",
        f"{COLWORD}?",
    ),
    # ---- rows with nothing in them: "drop rows where all values are missing", "drop empty rows"
    _r(
        "drop_empty_rows",
        "drop_empty_rows",
        DROP,
        f"{ALL}?",
        ROWWORD,
        *_AT,
        "where|that|which|in which|whose|with",
        "all|every|all of|only",
        "values|columns|cells|value|column|fields|entries|their values?",
        "are|is|being?",
        "missing|empty|null|nan|na|blank|missing values|nulls|nans",
    ),
    _r(
        "drop_empty_rows",
        "drop_empty_rows",
        DROP,
        f"{ALL}?",
        "empty|blank|all-missing|all-nan|all-null|completely empty|entirely empty|fully empty",
        ROWWORD,
    ),
    _r(
        "drop_empty_rows",
        "drop_empty_rows",
        DROP,
        f"{ALL}?",
        ROWWORD,
        "that are|which are|that is|being",
        "completely|entirely|fully|all",
        "empty|missing|blank|null",
    ),
    _r(
        "drop_empty_rows",
        "drop_empty_rows",
        DROP,
        f"{ALL}?",
        ROWWORD,
        "with|where|whose|having|that have|which have",
        "all|all of|every|only",
        "values|columns|cells|fields|entries|their values|value",
        "missing|empty|null|nan|blank",
    ),
    # ---- keep the rows with / without gaps
    _r(
        "keep_missing_rows",
        "keep_rows",
        KEEP,
        "only?",
        ROWWORD,
        *_AT,
        HAVE,
        f"{SOME}?",
        MISS,
        f"{VALUES}?",
        *_AT,
    ),
    _r(
        "keep_missing_rows",
        "keep_rows",
        KEEP,
        "only?",
        ROWWORD,
        *_AT,
        HAVE,
        f"{SOME}?",
        MISS,
        f"{VALUES}?",
        "in|for|of",
        "COLS",
        f"{COLWORD}?",
    ),
    _r("keep_missing_rows", "keep_missing_values", KEEP, "only?", "missing|null|nan|na|empty", VALUES),
    _r(
        "keep_missing_rows",
        "keep_present_values",
        KEEP,
        "only?",
        "non-missing|non missing|not missing|non-null|non null|not null|non-nan|present|complete|valid",
        VALUES,
    ),
    # ---- fill from a neighbour: "forward fill from previous rows", "fill forwards"
    _r(
        "fill_forward",
        "fill_forward",
        "forward fill|forward-fill|ffill|fill forward|fill forwards|fill down|carry forward|pad",
        f"{MISS}?",
        f"{VALUES}?",
        "from|with|using?",
        f"{PREVIOUS}?",
        f"{ROWWORD}|values|value?",
        *_USING,
    ),
    _r(
        "fill_forward",
        "fill_forward",
        FILL,
        f"{ALL}?",
        MISS,
        f"{VALUES}?",
        *_AT,
        "with|using|by|from",
        PREVIOUS,
        f"{ROWWORD}|values|value|ones?",
        *_AT,
    ),
    _r(
        "fill_backward",
        "fill_backward",
        "back fill|backfill|back-fill|bfill|backward fill|backward-fill|fill backward|fill backwards|fill up",
        f"{MISS}?",
        f"{VALUES}?",
        "from|with|using?",
        f"{NEXT}?",
        f"{ROWWORD}|values|value?",
        *_USING,
    ),
    _r(
        "fill_backward",
        "fill_backward",
        FILL,
        f"{ALL}?",
        MISS,
        f"{VALUES}?",
        *_AT,
        "with|using|by|from",
        NEXT,
        f"{ROWWORD}|values|value|ones?",
    ),
    # ---- fill with a statistic of each column: "impute missing values with the mean value along each column"
    _r(
        "fill_mean",
        "fill_mean",
        FILL,
        f"{ALL}?",
        MISS,
        f"{VALUES}?",
        *_AT,
        "with|by|using",
        MEAN,
        f"{VALUES}?",
        f"{PER}|along each|along|of|of all|of the|for each?",
        f"{COLWORD}?",
        *_USING,
    ),
    _r(
        "fill_mean",
        "fill_mean_of",
        FILL,
        f"{ALL}?",
        MISS,
        f"{VALUES}?",
        "with|by|using",
        MEAN,
        "for|of|for all|of all|in",
        "COLS",
        f"{VALUES}|column?",
    ),
    _r(
        "fill_median",
        "fill_median",
        FILL,
        f"{ALL}?",
        MISS,
        f"{VALUES}?",
        *_AT,
        "with|by|using",
        MEDIAN,
        f"{VALUES}?",
        f"{PER}|along each|along|of|of all|of the|for each?",
        f"{COLWORD}?",
    ),
    # ---- interpolate: "fill intermediate missing data with interpolation"
    _r(
        "fill_interpolate",
        "fill_interpolate",
        "interpolate|interpolating|interpolates|linearly interpolate",
        f"{ALL}?",
        f"{GAPS}?",
        f"{MISS}?",
        f"{VALUES}?",
        *_AT,
    ),
    _r(
        "fill_interpolate",
        "fill_interpolate",
        FILL,
        f"{ALL}?",
        f"{GAPS}?",
        MISS,
        f"{VALUES}?",
        *_AT,
        "with|by|using|through|via",
        "linear?",
        "interpolation|interpolating|interpolated values",
    ),
    _r(
        "fill_interpolate",
        "fill_interpolate_of",
        FILL,
        f"{ALL}?",
        f"{GAPS}?",
        MISS,
        f"{VALUES}?",
        "in|of",
        "COLS",
        f"{COLWORD}?",
        "with|by|using|through|via",
        "linear?",
        "interpolation|interpolating|interpolated values",
    ),
    _r(
        "fill_interpolate",
        "fill_interpolate_of",
        "interpolate|interpolating|interpolates|linearly interpolate",
        f"{ALL}?",
        f"{GAPS}?",
        f"{MISS}?",
        f"{VALUES}?",
        "in|of|for",
        "COLS",
        f"{COLWORD}?",
    ),
    # ---- fill with zero: "we can replace all `NaN` values with zeroes using the `.fillna()` method"
    _r(
        "fill_zero",
        "fill_zero",
        FILL,
        f"{ALL}?",
        MISS,
        f"{VALUES}?",
        *_AT,
        "with|by|as|to",
        "zero|zeros|zeroes|0",
        *_USING,
    ),
    # ---- yes/no: "check if the dataframe has any NaN values", "check whether any value is missing"
    _r(
        "check_missing",
        "check_missing",
        CHECK,
        "if|whether",
        "FRAME?",
        "ROWS?",
        f"{FRAME}?",
        "has|have|contains|contain|holds",
        f"{SOME}?",
        MISS,
        f"{VALUES}?",
        *_AT,
    ),
    _r(
        "check_missing",
        "check_missing",
        CHECK,
        "if|whether",
        "there are|there is|any",
        f"{SOME}?",
        MISS,
        f"{VALUES}?",
        *_AT,
    ),
    _r(
        "check_missing",
        "check_missing",
        CHECK,
        "if|whether",
        "any|some",
        "value|values|cell|cells|entry|entries",
        "is|are",
        "missing|nan|null|na|empty|blank",
        *_AT,
    ),
    # ---- after a clean: "how many rows are left?"
    _r(
        "rows_left",
        "rows_left",
        f"{ASK}?",
        HOW_MANY,
        "ROWS",
        "are|is|do we have|do i have|does it have?",
        "left|remaining|left over|remain|still remain|still left|are left",
    ),
    # ---- repeated rows: "removing duplicate values", "selects unique rows"
    _r(
        "drop_duplicates",
        "drop_duplicates",
        DROP,
        f"{ALL}?",
        DUP,
        f"{ROWWORD}|values|entries|records?",
        *_AT,
        *_USING,
    ),
    _r(
        "drop_duplicates",
        "drop_duplicates",
        DROP,
        f"{ALL}?",
        "duplication|duplicates|dupes|repeats|repetitions",
    ),
    _r(
        "drop_duplicates",
        "drop_duplicates",
        f"{KEEP}?",
        "only?",
        UNIQUE,
        "/|or|and?",
        f"{UNIQUE}?",
        ROWWORD,
        *_AT,
    ),
    _r(
        "drop_duplicates",
        "drop_duplicates",
        "deduplicate|dedupe|de-duplicate|deduplicating",
        f"{ROWWORD}?",
        *_AT,
    ),
)

__all__ = ["MISSING_RULES"]
