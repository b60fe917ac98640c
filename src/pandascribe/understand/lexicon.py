"""The English the rules backend knows, as tables (phrases → typed meanings).

Behaviour lives in data, not in if-chains: adding a synonym is adding a row. Every phrase is a
tuple of lower-case words; the span builder matches the longest phrase at each position.
"""

from __future__ import annotations

# ---------------------------------------------------------------- keyword phrases
# kind, value.  Kinds used by the clause parser:
#   cmp (eq ne lt le gt ge)  ·  agg (mean sum …)  ·  count  ·  group  ·  sort  ·  dir (asc desc)
#   top / bottom (n rows by …)  ·  head / tail  ·  logic (and or not)  ·  between  ·  missing/present
#   strmatch (contains startswith endswith)  ·  verb (select drop rename derive fill join …)
#   filler (ignorable)  ·  rows (generic row nouns)  ·  dirfrom / dirto  ·  in  ·  which  ·  most/least

KEYWORDS: dict[tuple[str, ...], list[tuple[str, str]]] = {}


def _add(kind: str, value: str, *phrases: str) -> None:
    """Register phrases; one phrase may carry several meanings ("per": group word or division),
    and the clause parser picks the one its context needs."""
    for p in phrases:
        meanings = KEYWORDS.setdefault(tuple(p.split()), [])
        if (kind, value) not in meanings:
            meanings.append((kind, value))


# comparisons (the column comes before, the value after)
_add("cmp", "gt", "greater than", "more than", "larger than", "bigger than", "higher than", "above", "over",
     "exceeds", "exceeding", "exceed", "greater", ">", "is greater than", "is more than", "is above",
     "is over", "is higher than", "is larger than", "strictly greater than", "in excess of", "beyond",
     "longer than", "later than", "after", "since")
_add("cmp", "ge", "onwards", "onward", "and later", "and after", "or after", "and beyond", "and newer",
     "or newer", "at least", "greater than or equal to", "greater or equal to", "more than or equal to",
     ">=", "=>", "no less than", "not less than", "is at least", "minimum of", "a minimum of",
     "from at least", "or more", "or greater", "or higher", "or above", "or longer", "and up", "and above",
     "or later")
_add("cmp", "lt", "less than", "fewer than", "smaller than", "lower than", "below", "under", "<",
     "is less than", "is below", "is under", "is lower than", "is smaller than", "beneath", "shorter than",
     "earlier than", "before", "prior to", "until")
_add("cmp", "le", "at most", "less than or equal to", "less or equal to", "<=", "=<", "no more than",
     "not more than", "is at most", "up to", "maximum of", "a maximum of", "or less", "or fewer",
     "or lower", "or below", "or under", "or shorter", "or earlier", "and below", "and under")
_add("cmp", "eq", "equal to", "equals", "equal", "is equal to", "=", "==", "is exactly", "exactly",
     "equalling", "matching", "matches", "of exactly")
_add("cmp", "ne", "not equal to", "is not equal to", "!=", "<>", "does not equal", "doesn't equal",
     "different from", "other than", "is not", "isn't", "not equals", "does not match")

_add("cmp", "gt", "exceeded", "surpassed", "topped", "went above", "rose above", "went over", "was over",
     "were over", "was above", "were above", "is bigger than", "more then", "greater then", "north of")
_add("cmp", "lt", "fell below", "dropped below", "went below", "was under", "were under", "was below",
     "were below", "less then", "south of", "lower then")
_add("sign", "lt", "negative", "is negative", "are negative", "below zero", "under zero", "less than zero")
_add("sign", "gt", "positive", "is positive", "are positive", "above zero", "over zero", "greater than zero")

# comparatives that also name what is compared (a concept ground to a column)
COMPARATIVES: dict[str, tuple[str, tuple[str, ...]]] = {
    "heavier": ("gt", ("mass", "weight")), "lighter": ("lt", ("mass", "weight")),
    "longer": ("gt", ("length", "duration", "distance")), "shorter": ("lt", ("length", "duration", "distance")),
    "taller": ("gt", ("height",)), "older": ("gt", ("age",)), "younger": ("lt", ("age",)),
    "cheaper": ("lt", ("price", "cost")), "pricier": ("gt", ("price", "cost")),
    "faster": ("gt", ("speed", "velocity")), "slower": ("lt", ("speed", "velocity")),
    "wider": ("gt", ("width",)), "narrower": ("lt", ("width",)),
    "deeper": ("gt", ("depth",)), "shallower": ("lt", ("depth",)),
    "farther": ("gt", ("distance",)), "further": ("gt", ("distance",)),
    "bigger": ("gt", ("size", "mass", "weight")), "smaller": ("lt", ("size", "mass", "weight")),
}

# superlatives: direction (largest first?) and the concepts they measure
SUPERLATIVES: dict[str, tuple[bool, tuple[str, ...]]] = {
    "heaviest": (True, ("mass", "weight")), "lightest": (False, ("mass", "weight")),
    "longest": (True, ("length", "duration", "distance")), "shortest": (False, ("length", "duration", "distance")),
    "tallest": (True, ("height",)),
    "cheapest": (False, ("price", "cost")), "priciest": (True, ("price", "cost")),
    "most expensive": (True, ("price", "cost")), "least expensive": (False, ("price", "cost")),
    "fewest": (False, ()), "least": (False, ()), "newest": (True, ("year", "date")), "oldest": (False, ("year", "date")),
    "most recent": (True, ("year", "date")), "youngest": (True, ("year", "date")),
    "most powerful": (True, ("horsepower", "power", "hp")), "least powerful": (False, ("horsepower", "power", "hp")),
    "most fuel efficient": (True, ("miles per gallon", "mpg")), "least fuel efficient": (False, ("miles per gallon", "mpg")),
    "most economical": (True, ("miles per gallon", "mpg")), "thirstiest": (False, ("miles per gallon", "mpg")),
    "gustiest": (True, ("wind gust",)), "rainiest": (True, ("precipitation", "precip")),
    "fastest": (True, ("speed", "velocity", "horsepower")), "slowest": (False, ("speed", "velocity")),
    "widest": (True, ("width",)), "narrowest": (False, ("width",)),
    "deepest": (True, ("depth",)), "shallowest": (False, ("depth",)),
    "farthest": (True, ("distance",)), "furthest": (True, ("distance",)), "nearest": (False, ("distance",)),
    "closest": (False, ("distance",)),
    "coldest": (False, ("temp min", "temperature min", "temp", "temperature")),
    "warmest": (True, ("temp max", "temperature max", "temp", "temperature")),
    "hottest": (True, ("temp max", "temperature max", "temp", "temperature")),
    "wettest": (True, ("precipitation", "rain", "precip")), "driest": (False, ("precipitation", "precip")),
    "windiest": (True, ("wind", "wind speed")),
    "most delayed": (True, ("delay",)), "latest": (True, ("delay", "date", "time")),
    "earliest": (False, ("date", "time")),
    "largest": (True, ()), "biggest": (True, ()), "highest": (True, ()), "greatest": (True, ()),
    "smallest": (False, ()), "lowest": (False, ()), "least": (False, ()), "most": (True, ()),
    "top": (True, ()), "bottom": (False, ()), "best": (True, ()), "worst": (False, ()),
}

# "hottest first", "cheapest first": a superlative then "first" orders by its direction
for _w, (_largest, _c) in list(SUPERLATIVES.items()):
    _add("dir", "desc" if _largest else "asc", f"{_w} first", f"the {_w} first", f"{_w} at the top")
_add("dir", "desc", "from newest to oldest", "newest to oldest", "from warmest to coldest", "warmest to coldest",
     "from hottest to coldest", "hottest to coldest", "from largest to smallest", "from most to fewest",
     "from highest to lowest", "from biggest to smallest", "from heaviest to lightest", "heaviest to lightest",
     "from longest to shortest", "longest to shortest", "from latest to earliest", "from best to worst")
_add("dir", "asc", "from oldest to newest", "oldest to newest", "from coldest to warmest", "coldest to warmest",
     "from coldest to hottest", "from smallest to largest", "from fewest to most", "from lowest to highest",
     "from lightest to heaviest", "lightest to heaviest", "from shortest to longest", "shortest to longest",
     "from earliest to latest", "earliest to latest", "from worst to best")

# aggregates
_add("agg", "mean", "mean", "average", "avg", "mean of", "average of", "avg of", "the mean", "the average",
     "typical", "arithmetic mean", "means", "averages", "mean value of", "average value of")
_add("agg", "sum", "sum", "total", "sum of", "total of", "sums", "totals", "summed", "overall")
_add("agg", "median", "median", "median of", "medians", "middle value of")
_add("agg", "min", "min", "minimum", "minimum of", "min of", "smallest value of", "lowest value of", "minima")
_add("agg", "max", "max", "maximum", "maximum of", "max of", "largest value of", "highest value of", "maxima",
     "peak")
_add("agg", "std", "std", "standard deviation", "standard deviation of", "stdev", "std dev", "sd",
     "spread of")
_add("agg", "var", "variance", "variance of", "var")
_add("agg", "nunique", "number of distinct", "number of unique", "count of distinct", "count of unique",
     "distinct count of", "unique count of", "how many distinct", "how many unique", "how many different",
     "number of different", "count distinct", "count unique", "nunique")
_add("agg", "first", "first value of")
_add("agg", "last", "last value of")

# counting rows
_add("count", "size", "count", "counts", "count of", "number of", "the number of", "how many", "num",
     "n of", "tally", "tally of", "frequency", "frequency of", "row count", "count the", "counting")

# grouping
_add("group", "by", "by", "per", "for each", "for every", "grouped by", "group by", "each", "in each",
     "across", "broken down by", "split by", "by each", "for all", "within each", "within", "among",
     "by their", "by its", "of each", "per each", "for the different")

# sorting
_add("sort", "sort", "sort", "sorted", "order", "ordered", "sort by", "order by", "sorted by", "ordered by",
     "arrange", "arranged", "arrange by", "arranged by", "rank", "ranked", "ranked by", "sort the",
     "ordering", "sorting", "sort rows by", "order rows by", "rank by")
_add("dir", "desc", "descending", "desc", "decreasing", "highest first", "largest first", "biggest first",
     "greatest first", "most first", "high to low", "from high to low", "from highest to lowest",
     "largest to smallest", "from largest to smallest", "in descending order", "in decreasing order",
     "reverse", "in reverse order", "top first", "descending order", "longest first", "heaviest first",
     "worst first", "latest first", "newest first", "most recent first", "biggest to smallest",
     "from most to least", "most to least", "from the highest", "starting with the highest")
_add("dir", "asc", "ascending", "asc", "increasing", "lowest first", "smallest first", "least first",
     "low to high", "from low to high", "from lowest to highest", "smallest to largest",
     "from smallest to largest", "in ascending order", "in increasing order", "ascending order",
     "alphabetically", "alphabetical", "in alphabetical order", "a to z", "shortest first", "lightest first",
     "earliest first", "oldest first", "fewest first", "from least to most", "least to most",
     "starting with the lowest", "chronologically", "in chronological order")

# limits
_add("head", "head", "first", "the first", "head", "top rows", "first rows")
_add("tail", "tail", "last", "the last", "tail", "bottom rows", "final", "the final")

# logic
_add("and", "and", "and", "&", "&&", "as well as", "and also", "but", "while", "plus also")
_add("or", "or", "or", "|", "||", "either", "and/or")
_add("not", "not", "not", "no", "non", "excluding", "except", "except for", "without", "isn't", "aren't",
     "is not", "are not", "does not", "doesn't", "don't", "do not", "did not", "didn't", "other than",
     "apart from", "besides", "exclude", "excluding the")
_add("between", "between", "between", "is between", "are between", "from", "ranging from", "in the range",
     "within the range", "in range")

# missing values
_add("missing", "missing", "missing", "is missing", "are missing", "null", "is null", "na", "nan",
     "is na", "is nan", "empty", "is empty", "blank", "is blank", "unknown", "not recorded",
     "not available", "absent", "undefined", "none", "missing values", "missing value", "nulls", "nans",
     "no value", "without a value", "has no value", "have no value", "with no value")
_add("present", "present", "not missing", "is not missing", "not null", "is not null", "non-null",
     "non null", "notnull", "present", "known", "not empty", "non-missing", "non missing", "available",
     "recorded", "filled in", "not na", "is not na", "is known", "has a value", "have a value",
     "with a value")

# text matching
_add("strmatch", "contains", "contains", "contain", "containing", "includes", "include", "including",
     "that contain", "that contains", "with the text", "mentions", "mentioning", "has the word",
     "have the word", "like")
_add("strmatch", "startswith", "starts with", "start with", "starting with", "begins with", "begin with",
     "beginning with", "prefixed with", "that start with", "that starts with", "whose start is")
_add("strmatch", "endswith", "ends with", "end with", "ending with", "ending in", "ends in", "end in",
     "suffixed with", "that end with", "that ends with")
_add("case", "sensitive", "case sensitive", "case-sensitive", "matching case", "exact case")
_add("case", "insensitive", "case insensitive", "case-insensitive", "ignoring case", "ignore case",
     "any case", "regardless of case")

# verbs that pick the clause's operation
_add("verb", "select", "keep only", "keep just", "only keep", "show only", "just keep", "select only", "select", "keep only the columns", "keep the columns", "keep columns", "only the columns",
     "just the columns", "show only the columns", "show the columns", "columns", "only columns",
     "select columns", "select the columns", "pick", "pick the columns", "choose", "project",
     "subset to", "restrict to the columns", "keep only columns", "show columns", "retain the columns",
     "retain columns", "extract")
_add("verb", "strcase", "convert", "change", "turn", "lowercase", "uppercase", "capitalize", "capitalise",
     "upper case", "lower case", "title case", "make lowercase", "make uppercase")
_add("verb", "drop", "drop", "remove", "delete", "drop the", "remove the", "delete the", "get rid of",
     "throw away", "discard", "drop columns", "remove columns", "delete columns", "drop the columns",
     "remove the columns", "delete the columns", "without the columns", "exclude the columns",
     "eliminate", "filter out", "take out")
_add("verb", "rename", "rename", "rename the column", "rename column", "change the name of", "call")
_add("verb", "derive", "add", "create", "compute", "make", "calculate", "derive", "define", "new column",
     "add a column", "add column", "add a new column", "create a column", "create a new column",
     "compute a column", "make a column", "add a field", "insert a column", "as a new column",
     "as a column", "in a new column", "into a new column", "new column called", "a column called",
     "a new column", "a column", "column called", "column named", "a column named", "named", "called")
_add("verb", "fill", "fill", "replace", "fill in", "impute", "fillna", "substitute", "fill missing",
     "fill the missing", "replace missing", "replace the missing", "fill in missing")
_add("verb", "dropna", "drop missing", "drop rows with missing", "remove rows with missing",
     "dropna", "drop nulls", "remove nulls", "drop na", "drop nas", "remove missing", "delete missing",
     "drop incomplete rows", "remove incomplete rows", "complete cases", "complete rows")
_add("verb", "join", "join", "merge", "combine", "join with", "merge with", "combine with", "joined with",
     "merged with", "join on", "merge on", "look up", "lookup", "enrich with", "attach", "bring in",
     "left join", "inner join")
_add("verb", "pivot", "pivot", "pivot table", "reshape", "one column per", "a column for each", "one column for each",
     "a column per", "columns for each", "with one column per", "table of", "pivot table of", "pivot of", "pivoted", "a pivot table of",
     "make a pivot table of", "wide table of", "pivot_table")
_add("verb", "crosstab", "crosstab", "cross tab", "cross-tab", "cross tabulation", "cross-tabulation",
     "contingency table", "cross table", "crosstab of", "cross tabulate", "two-way table",
     "frequency table of")
_add("verb", "melt", "long form", "to long form", "into long form", "long shape", "melt", "unpivot", "wide to long", "long format", "to long format", "reshape to long",
     "stack the columns", "gather")
_add("verb", "corr", "correlated", "correlated with", "how correlated is", "how strongly", "correlate with",
     "relationship between", "correlation", "correlations", "correlation of", "correlation between", "corr",
     "correlation matrix", "correlation matrix of", "how correlated", "correlate", "pearson correlation")
_add("verb", "value_counts", "share of", "proportion of", "fraction of", "percentage of", "how many of each",
     "value counts", "value counts of", "value_counts", "how often", "how often does each", "how often do", "counts of each",
     "count of each", "number of each", "count each", "frequency of", "frequencies", "frequencies of", "frequency counts of",
     "frequency of each", "how often each", "occurrences of each", "tally of each")
_add("verb", "distinct", "distinct", "unique", "unique combinations of", "distinct combinations of", "unique pairs of",
     "distinct pairs of", "different combinations of", "different", "distinct values of", "unique values of",
     "the distinct", "the unique", "distinct values", "unique values", "set of", "the different",
     "list of distinct", "list of unique", "each distinct", "drop_duplicates")
_add("verb", "dedupe", "repeated", "repeats", "duplicated combinations", "duplicate rows", "duplicate", "duplicated rows", "duplicated",
     "repeated rows", "dupes", "deduplicate", "dedupe", "de-duplicate", "remove duplicates",
     "drop duplicates", "drop duplicate rows", "remove duplicate rows", "duplicate entries")
_add("verb", "window", "cumulative", "running", "cumulative sum of", "running total of", "running sum of",
     "cumsum", "% change", "% change in", "% change of", "percent change in", "percentage change in",
     "month over month % change", "month over month % change in", "month over month change in",
     "year over year % change in", "day over day % change in", "month-over-month change in",
     "percent change", "percentage change", "pct change", "pct_change", "percent change of",
     "percentage change of", "change from the previous", "previous", "lag", "lagged", "shift", "shifted",
     "rank of", "ranking", "diff", "difference from the previous", "running max of", "running min of",
     "cumulative max of", "cumulative min of", "cumulative count", "row number")
_add("verb", "which", "which", "what", "who", "which one", "whichever")
_add("verb", "value", "the value of", "value of")

# arithmetic
_add("arith", "add", "+", "plus", "added to", "and")
_add("arith", "sub", "-", "minus", "less", "subtract", "minus the")
_add("arith", "mul", "*", "times", "multiplied by", "x")
_add("arith", "div", "/", "divided by", "over", "per", "divide by", "ratio of")
_add("arith", "pow", "**", "^", "to the power of", "squared")

# direction words that choose between origin-like and destination-like columns
_add("dirfrom", "from", "from", "out of", "departing", "departing from", "leaving", "leaving from",
     "originating", "originating from", "originating in", "that left", "that departed", "starting from",
     "departed from", "left from", "flying out of", "flying from")
_add("dirto", "to", "to", "into", "arriving", "arriving at", "arriving in", "bound for", "going to",
     "headed to", "heading to", "flying to", "destined for", "landing in", "landing at", "towards",
     "that arrived at", "arrived at", "with destination", "destination")
_add("in", "in", "in", "during", "on", "at", "for", "of", "within", "for the", "in the", "on the",
     "at the", "inside")

_add("noise", "noise", "month over month", "year over year", "day over day", "month's", "year's", "day's",
     "instead", "as a table", "in a table", "please", "for me", "if possible", "there", "all of them", "each one",
     "within each", "in order", "as well")
_add("dir", "desc", "most common first", "most frequent first", "most popular first", "commonest first")
_add("dir", "asc", "least common first", "rarest first", "least frequent first")
_add("dir", "asc", "a to z", "a-z", "from a to z")
_add("dir", "desc", "z to a", "z-a", "from z to a")

# words that carry no meaning of their own in a request
FILLER: set[str] = set(
    """the a an of all show me give list get find display return please only just rows row records record
    entries entry data dataset table frame dataframe df values value that which who whose with where
    having are is was were there have has had did do does be been being i we want would like to can
    could you your our let us lets let's see view print output what those these them it its this
    observations observation cases case items item ones one lines line results result everything any
    some whole entire full how whats what's then also so such as well where's rows' column columns field
    fields variable variables new tell compute calculate find out look at keep filter filtered select
    selected only just restrict restricted limit limited subset observed measured made built manufactured
    produced flown traveled travelled sampled collected seen listed taken happened occurred flying
    logged operated scheduled registered sold traded recorded found located situated living live lives
    exist exists existing every take sit sits operate operates operating went go goes going fly flies flew kind""".split()
)

ROW_NOUNS: set[str] = set(
    """rows row records record entries entry observations observation cases case items item ones lines
    samples sample instances instance data people persons things examples""".split()
)

# month names and weekday names
MONTHS: dict[str, int] = {
    m: i for i, ms in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1)
    for m in ms
}
WEEKDAYS: dict[str, int] = {
    d: i for i, ds in enumerate(
        [("monday", "mondays"), ("tuesday", "tuesdays"), ("wednesday", "wednesdays"), ("thursday", "thursdays"),
         ("friday", "fridays"), ("saturday", "saturdays"), ("sunday", "sundays")])
    for d in ds
}
DATE_PARTS: dict[str, str] = {
    "year": "year", "years": "year", "yearly": "year", "annual": "year", "annually": "year",
    "month": "month", "months": "month", "monthly": "month",
    "day": "day", "days": "day", "daily": "day", "quarter": "quarter", "quarters": "quarter", "quarterly": "quarter",
    "weekday": "weekday", "weekdays": "weekday", "day of week": "weekday", "day of the week": "weekday",
    "hour": "hour", "hours": "hour", "hourly": "hour", "minute": "minute", "date": "date",
    "weekday name": "day_name", "day name": "day_name", "name of the day": "day_name", "day of the week name": "day_name",
    "month name": "month_name", "name of the month": "month_name",
}

# numbers written as words
NUMBER_WORDS: dict[str, int] = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split())
}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                     "ninety": 90, "hundred": 100, "a hundred": 100, "thousand": 1000, "a thousand": 1000,
                     "dozen": 12, "a dozen": 12, "half a dozen": 6, "a couple": 2, "a couple of": 2,
                     "couple": 2, "single": 1, "a single": 1, "both": 2})
MULTIPLIERS: dict[str, int] = {"hundred": 100, "thousand": 1000, "k": 1000, "million": 1_000_000, "m": 1_000_000}

# units: word → (dimension, factor to the base unit of that dimension)
UNITS: dict[str, tuple[str, float]] = {
    "g": ("mass", 1.0), "gram": ("mass", 1.0), "grams": ("mass", 1.0),
    "kg": ("mass", 1000.0), "kgs": ("mass", 1000.0), "kilo": ("mass", 1000.0), "kilos": ("mass", 1000.0),
    "kilogram": ("mass", 1000.0), "kilograms": ("mass", 1000.0),
    "lb": ("mass", 453.59237), "lbs": ("mass", 453.59237), "pound": ("mass", 453.59237), "pounds": ("mass", 453.59237),
    "oz": ("mass", 28.349523125), "ounce": ("mass", 28.349523125), "ounces": ("mass", 28.349523125),
    "t": ("mass", 1e6), "ton": ("mass", 907184.74), "tons": ("mass", 907184.74), "tonnes": ("mass", 1e6),
    "mm": ("length", 1.0), "millimeter": ("length", 1.0), "millimeters": ("length", 1.0),
    "millimetre": ("length", 1.0), "millimetres": ("length", 1.0),
    "cm": ("length", 10.0), "centimeter": ("length", 10.0), "centimeters": ("length", 10.0),
    "centimetre": ("length", 10.0), "centimetres": ("length", 10.0),
    "m": ("length", 1000.0), "meter": ("length", 1000.0), "meters": ("length", 1000.0),
    "metre": ("length", 1000.0), "metres": ("length", 1000.0),
    "km": ("length", 1e6), "kilometer": ("length", 1e6), "kilometers": ("length", 1e6),
    "kilometre": ("length", 1e6), "kilometres": ("length", 1e6),
    "in": ("length", 25.4), "inch": ("length", 25.4), "inches": ("length", 25.4),
    "ft": ("length", 304.8), "foot": ("length", 304.8), "feet": ("length", 304.8),
    "mi": ("length", 1609344.0), "mile": ("length", 1609344.0), "miles": ("length", 1609344.0),
    "s": ("time", 1.0), "sec": ("time", 1.0), "secs": ("time", 1.0), "second": ("time", 1.0), "seconds": ("time", 1.0),
    "min": ("time", 60.0), "mins": ("time", 60.0), "minute": ("time", 60.0), "minutes": ("time", 60.0),
    "h": ("time", 3600.0), "hr": ("time", 3600.0), "hrs": ("time", 3600.0), "hour": ("time", 3600.0),
    "hours": ("time", 3600.0), "day": ("time", 86400.0), "days": ("time", 86400.0),
}
# unit suffixes in column names: the part names the unit the column is stored in
UNIT_SUFFIXES: dict[str, str] = {
    "g": "g", "kg": "kg", "lbs": "lbs", "lb": "lb", "mm": "mm", "cm": "cm", "m": "m", "km": "km",
    "in": "in", "ft": "ft", "mi": "mi", "s": "s", "sec": "sec", "min": "min", "mins": "min", "h": "h",
    "hr": "hr", "hrs": "hr", "pct": "", "usd": "", "eur": "", "gbp": "", "percent": "", "mph": "",
    "kmh": "", "kph": "",
}
# connector words inside column names, skipped when reading a name ("Weight_in_lbs" → weight)
NAME_CONNECTORS: set[str] = {"in", "per", "of", "the", "a", "and", "to", "at"}

# synonyms: a word in the request → words that may appear in a column name instead
SYNONYMS: dict[str, tuple[str, ...]] = {
    "weight": ("mass", "weight", "wt"), "mass": ("weight", "mass"), "heavy": ("mass", "weight"),
    "gender": ("sex",), "sex": ("gender",), "airline": ("carrier",), "airlines": ("carrier",),
    "carrier": ("airline",), "plane": ("tailnum",), "aircraft": ("tailnum",), "tail": ("tailnum",),
    "tail number": ("tailnum",), "destination": ("dest",), "destinations": ("dest",), "origin": ("orig",),
    "cost": ("price",), "price": ("cost", "close"), "prices": ("price",), "temperature": ("temp",),
    "temperatures": ("temp",), "temp": ("temperature",), "rainfall": ("precipitation", "precip"),
    "rain": ("precipitation", "precip"), "precipitation": ("precip", "prcp"),
    "humidity": ("humid",), "visibility": ("visib",), "pressure": ("pressure",),
    "speed": ("speed",), "horsepower": ("hp",), "hp": ("horsepower",), "power": ("horsepower",),
    "fuel economy": ("miles per gallon", "mpg"), "economy": ("miles per gallon", "mpg"),
    "mileage": ("miles per gallon", "mpg"), "displacement": ("displacement", "disp"),
    "acceleration": ("acceleration", "accel"), "cylinders": ("cylinders", "cyl"),
    "manufacturer": ("manufacturer", "make"), "maker": ("manufacturer",), "make": ("manufacturer",),
    "seats": ("seats",), "engines": ("engines",), "country": ("origin",), "region": ("origin",),
    "flight number": ("flight",), "ticker": ("symbol",), "stock": ("symbol",), "company": ("symbol",),
    "kind": ("type",), "category": ("type",), "name": ("name",), "town": ("city",), "elevation": ("alt",),
    "altitude": ("alt",), "latitude": ("lat",), "longitude": ("lon",), "timezone": ("tzone", "tz"),
    "flipper": ("flipper",), "bill": ("bill", "culmen"), "beak": ("bill", "culmen"),
    "wind gust": ("wind gust",), "gust": ("wind gust",), "gusts": ("wind gust",),
    "model year": ("year",), "dew point": ("dewp",), "dewpoint": ("dewp",),
}

# demonyms and other value aliases: a word in the request → spellings a value may have
VALUE_ALIASES: dict[str, tuple[str, ...]] = {
    "american": ("usa", "us", "united states", "america"), "us": ("usa",), "u.s.": ("usa",),
    "european": ("europe",), "japanese": ("japan",), "british": ("uk", "united kingdom"),
    "german": ("germany",), "french": ("france",), "italian": ("italy",), "chinese": ("china",),
    "females": ("female",), "males": ("male",), "women": ("female",), "men": ("male",),
    "sunny": ("sun",), "rainy": ("rain",), "snowy": ("snow",), "foggy": ("fog",), "drizzly": ("drizzle",),
    "newark": ("ewr",), "laguardia": ("lga",), "kennedy": ("jfk",),
    "apple": ("aapl",), "microsoft": ("msft",), "google": ("goog",), "alphabet": ("goog",), "amazon": ("amzn",),
    "ibm": ("ibm",),
}

# seasons (northern hemisphere, meteorological) and fixed-date holidays: months and (month, day)
SEASONS: dict[str, tuple[int, ...]] = {
    "summer": (6, 7, 8), "winter": (12, 1, 2), "spring": (3, 4, 5), "autumn": (9, 10, 11), "fall": (9, 10, 11),
}
HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "new year's day": (1, 1),
    "new years day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31), "valentine's day": (2, 14),
    "independence day": (7, 4), "fourth of july": (7, 4), "july 4th": (7, 4),
}
WEEKEND = ("weekend", "weekends", "at the weekend", "on weekends", "on the weekend")
WEEKDAY_WORDS = ("weekday", "weekdays", "working days", "workdays", "on weekdays")

# direction hints: which column-name words mean "where it starts" vs "where it ends"
FROM_COLUMN_WORDS: tuple[str, ...] = ("origin", "from", "source", "src", "start", "departure", "dep", "orig")
TO_COLUMN_WORDS: tuple[str, ...] = ("dest", "destination", "to", "target", "end", "arrival", "arr")
