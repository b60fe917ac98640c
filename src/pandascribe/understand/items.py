"""Typed spans ("items"): the request as a sequence of meanings, before any clause logic.

At each position the longest run of tokens that means something wins; one item may carry several
meanings (``per`` is a group word and a division; ``year`` a column and a date part) and the
clause parser picks the one its production needs. Nothing is dropped here: coverage is checked
after parsing, so a word no production used is reported, never ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..plan import GroupStat
from ..schema import FrameSchema
from .ground import CORE_WORDS, EXACT, PLURAL, ValueHit, indexes_for
from .lexicon import (
    COMPARATIVES,
    DATE_PARTS,
    HOLIDAYS,
    KEYWORDS,
    MONTHS,
    NUMBER_WORDS,
    ROW_NOUNS,
    SEASONS,
    SUPERLATIVES,
    UNITS,
    WEEKDAY_WORDS,
    WEEKDAYS,
    WEEKEND,
)
from .predicates import predicate_hits
from .tokens import Token, parse_number, singular

MAX_SPAN = 5
#: signs that may sit inside a value of the data ("tps (finland)", "st - gallen")
_VALUE_SIGNS = frozenset({"(", ")", "-", "/", "&", "+"})


#: the suffixes of ordinals written in figures ("20th", "1st", "2nd", "3rd")
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})


def _glued(tokens: list[Token], k: int) -> bool:
    """A number token written onto an ordinal suffix, with no space ("20th", "1st", "3rd")."""
    return (
        k + 1 < len(tokens)
        and tokens[k].kind == "num"
        and tokens[k + 1].low in _ORDINAL_SUFFIXES
        and tokens[k].end == tokens[k + 1].start
    )


def _glued_words(run: list[Token]) -> tuple[str, ...]:
    """The words of ``run`` as the value index splits a cell ("louisiana 1st" → louisiana, 1st)."""
    from .tokens import split_words

    text = "".join(t.text + ("" if _glued(run, k) else " ") for k, t in enumerate(run))
    return tuple(split_words(text.replace("'", "")))


#: the most tokens a column name with signs in it is typed in ("language(s) (alphabet/script)")
_VERBATIM_SPAN = 16
#: the longest keyword phrase ("from the oldest to the youngest")
_KEYWORD_SPAN = max(MAX_SPAN, *(len(k) for k in KEYWORDS)) + 2


def _keyword_key(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """The keyword phrase ``words`` is: itself, or — for an order direction only — itself without
    its articles ("from the oldest to the newest" is "from oldest to newest")."""
    if words in KEYWORDS:
        return words
    if "the" in words[1:]:
        bare = tuple(w for w in words if w != "the")
        if bare in KEYWORDS and all(k in ("dir", "agedir") for k, _ in KEYWORDS[bare]):
            return bare
    return None


_WORD_SYMS = {"%", "/", "-"}
#: words that never make a value by themselves (only as part of a longer one)
_FUNCTION_WORDS = frozenset(
    {"of", "the", "a", "an", "in", "on", "at", "to", "for", "and", "or", "by", "with"}
)  # may sit inside a phrase ("% change", "America/Denver")


@dataclass
class Item:
    """One span of the request and everything it may mean."""

    start: int
    end: int
    text: str
    words: tuple[str, ...]
    kws: tuple[tuple[str, str], ...] = ()
    cols: tuple[str, ...] = ()  # candidate columns (several = ambiguous)
    col_score: int = 0
    vals: tuple[ValueHit, ...] = ()
    num: int | float | None = None
    date: str | None = None
    string: str | None = None
    month: int | None = None
    weekday: int | None = None
    datepart: str | None = None
    months: tuple[int, ...] | None = None  # a season
    monthday: tuple[int, int] | None = None  # a fixed-date holiday
    weekdays: tuple[int, ...] | None = None  # weekend / weekdays
    sup: tuple[bool, tuple[str, ...]] | None = None
    comp: tuple[str, tuple[str, ...]] | None = None
    unit: tuple[str, float] | None = None
    sym: str | None = None
    rownoun: bool = False
    preds: tuple[ValueHit, ...] = ()  # yes/no tests this span may name ("survivors" → Survived == 1)
    frame: str | None = None  # the frame a noun names ("airports")
    foreign: str | None = None  # the other frame a column belongs to ("airline name" → airlines)
    filler: bool = False
    stat: GroupStat | None = None  # a compared statistic read before the query's extractors (stats.py)
    used: bool = field(default=False, compare=False)

    def kw(self, kind: str, value: str | None = None) -> str | None:
        """The value of this item's keyword meaning of ``kind`` (optionally a given value)."""
        for k, v in self.kws:
            if k == kind and (value is None or v == value):
                return v
        return None

    @property
    def col(self) -> str | None:
        return self.cols[0] if len(self.cols) == 1 else None

    @property
    def is_value(self) -> bool:
        return bool(self.vals)

    @property
    def literal(self) -> bool:
        return self.num is not None or self.string is not None or self.date is not None

    @property
    def meaningless(self) -> bool:
        """No meaning was found for this span at all: no keyword, column, value, test, literal,
        symbol, row noun, filler, date word, measure or unit — a word the grammar may still give a
        role (a light verb, an entity noun)."""
        return not (
            self.kws
            or self.cols
            or self.vals
            or self.preds
            or self.literal
            or self.sym
            or self.rownoun
            or self.filler
            or self.sup
            or self.comp
            or self.unit
            or self.month is not None
            or self.weekday is not None
            or self.datepart
            or self.months
            or self.monthday
            or self.weekdays
            or self.frame
            or self.foreign
            or self.stat
        )

    def __repr__(self) -> str:  # compact, for debugging and error messages
        bits = [repr(self.text)]
        for name in (
            "kws",
            "cols",
            "vals",
            "num",
            "date",
            "string",
            "month",
            "weekday",
            "datepart",
            "sup",
            "comp",
            "unit",
            "sym",
        ):
            v = getattr(self, name)
            if v not in (None, (), False):
                bits.append(f"{name}={v}")
        if self.rownoun:
            bits.append("rownoun")
        if self.filler:
            bits.append("filler")
        return "Item(" + " ".join(bits) + ")"


def _frame_nouns(schemas: dict[str, FrameSchema]) -> dict[str, str]:
    out = {}
    for name in schemas:
        low = name.lower()
        spaced = low.replace("_", " ")
        for form in {low, singular(low), low + "s", spaced, spaced + "s", singular(spaced)}:
            out[form] = name
    return out


class Segmenter:
    """Builds items for a token list against the source frame (and the frames it may join)."""

    def __init__(self, schemas: dict[str, FrameSchema], source: str, current: FrameSchema | None = None):
        self.schemas = schemas
        self.source = source
        self.current = current or schemas[source]
        self.cindex, self.vindex = indexes_for(self.current)
        self.filler = self.cindex.tables.FILLER  # core filler words + this data's packs
        self.entities = _entity_nouns(self.current)
        self.frame_nouns = _frame_nouns(schemas)
        self.others = {n: indexes_for(s)[0] for n, s in schemas.items() if n != source}
        compact = [("".join(c.name.split()).lower(), c.name) for c in self.current.columns]
        self.verbatim = {
            k: n
            for k, n in compact
            if not k.replace("_", "").isalnum() and sum(k == k2 for k2, _ in compact) == 1
        }

    def items(self, tokens: list[Token]) -> list[Item]:
        out: list[Item] = []
        i = 0
        while i < len(tokens):
            item = self._longest(tokens, i)
            if item.rownoun and item.unit and out and out[-1].kw("in") and not item.frame:
                item.rownoun = False  # "air time in hours": a unit asked for, not the rows
            out.append(item)
            i = item.end
        from .asked import mark_asked
        from .items_merge import merge_spans
        from .items_numbers import _absorb_hash, _merge_counts, _merge_numbers
        from .items_scale import merge_scales
        from .lightverbs import mark_light_verbs
        from .qualifiers import qualify_columns
        from .quantifiers import mark_quantified_rows

        merged = merge_scales(_merge_numbers(_absorb_hash(out)), self.current)  # "10.73 million"
        merged = merge_spans(_merge_counts(merged), self.current)
        merged = mark_asked(merged, self.current)  # "Who wrote …": the question's asked column
        return qualify_columns(mark_quantified_rows(mark_light_verbs(merged)), self.cindex.match)

    def _longest(self, tokens: list[Token], i: int) -> Item:
        t = tokens[i]
        if t.kind == "str":
            return Item(i, i + 1, t.text, (t.low,), string=t.value)
        if t.kind == "num":
            if _glued(tokens, i) and (glued := self._value_with_numbers(tokens, i)) is not None:
                return glued  # "rank 20th" where a column holds "20th"
            return Item(i, i + 1, t.text, (t.low,), num=parse_number(t.text))
        if t.kind == "date":
            return Item(i, i + 1, t.text, (t.low,), date=t.text.replace(" ", "T"))
        best: Item | None = self._verbatim_column(tokens, i) or self._value_with_numbers(tokens, i)
        for n in range(min(_KEYWORD_SPAN, len(tokens) - i) if best is None else 0, 0, -1):
            run = tokens[i : i + n]
            if n > MAX_SPAN and _keyword_key(tuple(t.low for t in run)) is None:
                continue  # only a keyword phrase is longer than MAX_SPAN words
            if any(x.kind in ("str", "num", "date") for x in run):
                continue
            if (
                n > 1
                and any(x.kind == "sym" and (x.text not in _WORD_SYMS or k == 0) for k, x in enumerate(run))
                and not all(x.kind == "sym" for x in run)
            ):
                continue
            if n == 2 and run[0].low in ("or", "and") and i + n < len(tokens) and tokens[i + n].low == "than":
                continue  # "> 200 or less than 15": "or" then "less than", not "200 or less"
            item = self._meaning(run, i)
            if item is not None:
                best = item
                break
        if best is None:
            best = Item(i, i + 1, t.text, (t.low,), sym=t.text if t.kind == "sym" else None)
        if best.end - best.start == 1:
            _annotate_single(best, self.filler)
        return best

    def _verbatim_column(self, tokens: list[Token], i: int) -> Item | None:
        """A column name with signs in it typed as it is written ("country (exonym)",
        "language(s) (alphabet/script)", "Timeslot ( ET )"): the longest run of tokens, holding a
        sign, whose text without spaces is the name's, ignoring case — the exact tier. Names of
        words alone are found by :meth:`_meaning`."""
        if tokens[i].kind == "sym" and (sign := self.verbatim.get(tokens[i].text)) is not None:
            return Item(i, i + 1, tokens[i].text, (tokens[i].low,), cols=(sign,), col_score=EXACT)  # "#"
        if tokens[i].kind not in ("word", "num") or not self.verbatim:
            return None
        for n in range(min(_VERBATIM_SPAN, len(tokens) - i), 1, -1):
            run = tokens[i : i + n]
            if not any(t.kind == "sym" for t in run) or run[-1].kind == "str":
                continue
            name = self.verbatim.get("".join(t.text for t in run).lower())
            if name is not None:
                text = " ".join(t.text for t in run)
                return Item(i, i + n, text, tuple(t.low for t in run), cols=(name,), col_score=EXACT)
        return None

    def _value_with_numbers(self, tokens: list[Token], i: int) -> Item | None:
        """A value of the data written with numbers or signs in it ("formula renault 2.0 nec",
        "yba 2 cu 3 o 7", "tps (finland)"): the longest run of words, numbers and signs, starting
        with a word and holding a number or sign, whose words are exactly one of the data's
        values. Runs of words alone are read by :meth:`_meaning`."""
        from .tokens import split_words

        if tokens[i].kind != "word" and not (tokens[i].kind == "num" and _glued(tokens, i)):
            return None  # a number starts a value only glued to its suffix ("20th")
        for n in range(min(MAX_SPAN + 4, len(tokens) - i), 1, -1):
            run = tokens[i : i + n]
            if (run[-1].kind not in ("word", "num") and run[-1].text != ")") or any(
                t.kind not in ("word", "num") and t.text not in _VALUE_SIGNS for t in run
            ):
                continue
            if all(t.kind == "word" for t in run):
                continue
            words = tuple(w for t in run for w in split_words(t.text.replace("'", "")))
            if any(_glued(run, k) for k in range(len(run))):
                words = _glued_words(run)  # "louisiana 1st", "20th": a number written onto its suffix
            hits = [h for h in self.vindex.full.get(words, []) if h.score >= EXACT]
            if hits:
                text = " ".join(t.text for t in run)
                return Item(i, i + n, text, tuple(t.low for t in run), vals=tuple(hits))
        return None

    def _foreign(self, words: tuple[str, ...], score_here: int) -> tuple[str, str, int] | None:
        """A column of another frame: named with that frame ("airline name", "the plane's seats") —
        which beats a match in the current frame — or, when nothing here matches, named alone."""
        if not self.others:
            return None
        for n in (2, 1):
            if len(words) > n:
                head = " ".join(words[:n]).removesuffix("'s")
                frame = self.frame_nouns.get(head)
                if frame in self.others:
                    rest = words[n:]
                    while len(rest) > 1 and rest[0] in ("number", "of", "the", "amount", "count"):
                        rest = rest[1:]  # "the plane's number of seats" → seats
                    score, cols = self.others[frame].match(_match_words(rest))
                    if score >= 50 and len(cols) == 1:
                        return frame, cols[0], 95
        if score_here:
            return None
        found = [(f, idx.match(_match_words(words))) for f, idx in self.others.items()]
        hits = [(f, cols[0], sc) for f, (sc, cols) in found if sc >= 85 and len(cols) == 1]
        if len(hits) == 1 and all(w not in self.filler for w in words):
            return hits[0]
        return None

    def _meaning(self, run: list[Token], i: int) -> Item | None:
        words = tuple(t.low for t in run)
        text = " ".join(t.text for t in run)
        item = Item(i, i + len(run), text, words)
        found = False
        if (phrase := _keyword_key(words)) is not None:
            item.kws = tuple(m for m in KEYWORDS[phrase] if m[0] != "noise")
            item.filler = item.filler or any(m[0] == "noise" for m in KEYWORDS[phrase])
            found = True
            if words[0] in COMPARATIVES and item.kw("cmp"):
                item.comp = COMPARATIVES[words[0]]  # "longer than": a comparison that names its measure
        has_sym = any(x.kind == "sym" for x in run)
        if (run[0].kind == "word" or len(run) > 1) and not has_sym:
            score, cols = self.cindex.match(words)
            split = _match_words(words)
            if split != words:
                s2, c2 = self.cindex.match(split)
                if s2 > score:
                    score, cols = s2, c2
            if score < CORE_WORDS and any("_" in t.text for t in run):
                score, cols = 0, ()  # a typed identifier must name a column exactly (body_mas is a typo)
            noun = self.frame_nouns.get(" ".join(words)) or (
                self.frame_nouns.get("".join(words)) if len(words) > 1 else None  # "high schoolers"
            )
            if noun is None and " ".join(words) in self.entities and score < EXACT:
                noun = self.source  # "passengers" with a PassengerId column: the rows, not the id
            if noun is not None and score < EXACT:
                item.rownoun = True
                item.frame = noun
                found = True
                score, cols = 0, ()
            if score and not (len(run) > 1 and score < PLURAL and found):
                item.cols, item.col_score = cols, score
                found = True
            ext = self._foreign(words, score)
            if ext is not None:
                item.foreign, item.cols, item.col_score = ext[0], (ext[1],), ext[2]
                item.rownoun = False
                found = True
        if run[0].kind == "word" and run[-1].kind == "word":
            hits = self.vindex.match(_match_words(words), text)
            if item.rownoun or all(w in self.filler or w in _FUNCTION_WORDS for w in words):
                # "airports" names the frame, not the value "All Airports"; "of the" is no
                # value of its own (only a part of "The Year of the Rabbit")
                hits = [h for h in hits if h.score >= EXACT]
            if hits:
                item.vals = tuple(hits)
                found = True
        preds = predicate_hits(self.current, _match_words(words)) if not has_sym else ()
        if preds:
            item.preds, found = preds, True
        key = " ".join(words)
        for table, attr in ((MONTHS, "month"), (WEEKDAYS, "weekday"), (DATE_PARTS, "datepart")):
            if key in table:
                setattr(item, attr, table[key])
                found = True
        if (
            item.datepart
            and not item.cols
            and key.endswith("s")
            and key in ("days", "hours", "months", "years", "dates")
        ):
            item.rownoun = True  # "sunny days", "the days": rows of a daily (hourly …) table
        if key in SEASONS:
            item.months, found = SEASONS[key], True
        if key in HOLIDAYS:
            item.monthday, found = HOLIDAYS[key], True
        if key in WEEKEND:
            item.weekdays, found = (5, 6), True
        if key in WEEKDAY_WORDS:
            item.weekdays, found = (0, 1, 2, 3, 4), True
        if key in SUPERLATIVES:
            item.sup = SUPERLATIVES[key]
            found = True
        if key in COMPARATIVES:
            item.comp = COMPARATIVES[key]
            found = True
        if key in NUMBER_WORDS:
            item.num = NUMBER_WORDS[key]
            found = True
        if len(run) == 1 and key in UNITS:
            item.unit = UNITS[key]
            found = True
        if len(run) == 1 and (key in ROW_NOUNS):
            item.rownoun = True
            found = True
        if len(run) == 1 and run[0].kind == "sym":
            item.sym = run[0].text
            found = True
        if len(run) == 1 and key in self.filler:
            item.filler = True
            found = True
        return item if found else None


def _entity_nouns(schema: FrameSchema) -> frozenset[str]:
    """Plural nouns naming the entity one row stands for, read off its identifier column
    (PassengerId → passengers, customer_id → customers): those words name the rows."""
    from .entities import entity_columns

    return frozenset(entity_columns(schema))


def _match_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words as the indexes expect them (identifier tokens split into their words)."""
    from .tokens import split_words

    out: list[str] = []
    for w in words:
        if w in _WORD_SYMS:
            continue
        parts = split_words(w) if ("_" in w or "-" in w) else [w.replace("'", "")]
        out.extend(parts or [w])
    return tuple(out)


def _annotate_single(item: Item, filler: frozenset[str]) -> None:
    if item.words[0] in filler:
        item.filler = True
