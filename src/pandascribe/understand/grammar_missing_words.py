"""The word classes and the rule constructor shared by the cleaning rules: counts
(:mod:`.grammar_missing`), drops and keeps (:mod:`.grammar_missing_clean`), fills
(:mod:`.grammar_missing_fill`).

Each class is a set of alternatives in :mod:`.grammar`'s pattern format, written once so every
rule reads "missing values", "per column" or "in the dataset" the same way.
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
