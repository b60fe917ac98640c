"""The answer side of a question: which column "Who wrote …", "When was … founded", "What school did
player number 6 come from" ask for.

Crowd-written questions about one table are mostly *question word + asked column + conditions*.
The conditions name their columns through values; the asked column is often named only indirectly:

* by the **question word's kind**: "Who …" asks for a person column, "When …" / "In what year …"
  for a time column, "Where …" for a place column (:func:`column_kinds`, data/asked.toml);
* by a **verb whose derivational family names a column**: "Who wrote …" → ``Writer`` or
  ``Written by``, "Who directed …" → ``Director`` (:func:`verb_columns`, by morphology: agent
  nouns, participles, "<participle> by" names — no word list per column);
* by a **passive participle at the end**: "In what year was X founded?" → ``Founded``.

Around them stand words that are grammar, not lexicon holes: a **light verb** after the subject of
a do-question ("… did player number 6 *come from*", "… was X *drafted*") and **nouns naming the
table's entity** ("the *actor* Alla Sergiyko" before a value of ``Actors Name``, "*player* number
6", "the *race* where …"). :func:`mark_asked` rewrites the items of a question clause so that the
lookup production (a leading column list, then conditions) reads it; each rewrite fires only in a
question clause with a value-anchored condition, operation words (anything with a keyword meaning)
are never light, and several candidate columns stay several (the readings layer offers them as
choices). When nothing fits, the items are left as they were and the request is refused as before.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources

import lemminflect

from ..schema import FrameSchema
from .ground import PART, PLURAL
from .items import Item
from .morph import FAMILY, NameIndex, lemmas, name_parts, same_family

#: words that may stand before the question word ("In what year …", "On which day …")
_LEAD_PREPOSITIONS = frozenset({"in", "on", "at", "during", "for"})
#: determiners before a noun naming the rows ("the race where …", "an episode set in …")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that"})
#: words after a row noun that open what is said about the rows
_ROW_SLOT = frozenset({"where", "that", "which", "who", "whose", "with", "when", "whom"})
#: the most columns of a question word's kind offered as choices (more: refused as before)
MAX_KIND_CHOICES = 3
#: keyword kinds a particle after a light verb may carry ("come from", "star in", "play for")
_PARTICLE_KINDS = frozenset({"in", "dirfrom", "dirto", "between"})


@functools.cache
def _data() -> dict[str, dict[str, object]]:
    raw = resources.files("pandascribe.understand").joinpath("data/asked.toml").read_text("utf-8")
    return tomllib.loads(raw)


@functools.cache
def _kind_words() -> dict[str, frozenset[str]]:
    kinds: dict[str, list[str]] = _data()["kinds"]  # type: ignore[assignment]
    return {k: frozenset(v) for k, v in kinds.items()}


def wh_kind(word: str) -> str | None:
    """The kind of column a question word asks for: who → person, when → time, where → place."""
    got = _data()["wh"].get(word.lower())
    return str(got) if got is not None else None


@functools.lru_cache(maxsize=8192)
def _pos(word: str) -> dict[str, tuple[str, ...]]:
    return dict(lemminflect.getAllLemmas(word.lower()))


def is_verb_form(word: str) -> bool:
    """A verb in lemminflect's dictionary (wrote, drafted, come, star); not a noun-only word."""
    return word.isalpha() and "VERB" in _pos(word)


@functools.lru_cache(maxsize=8192)
def is_agent_noun(word: str) -> bool:
    """writer, director, player, driver, winner: a noun in -er/-or made from a verb, and not itself a
    verb ("number", "order", "letter" are verbs: no agents)."""
    w = word.lower()
    if w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if not w.isalpha() or len(w) < 5 or not w.endswith(("er", "or")) or "VERB" in _pos(w):
        return False
    if _pos(w) and "NOUN" not in _pos(w):
        return False  # a known word that is no noun (an unknown one may be: "vacator")
    base = w[:-2]
    cands = (base, base + "e", base[:-1] if base[-1:] == base[-2:-1] else "", base[:-1] + "y")
    return any(c and len(c) >= 3 and bool(lemminflect.getAllInflections(c, upos="VERB")) for c in cands) or (
        same_family(w, w[:-2] + "s")  # winner ~ wins (an irregular family)
    )


def _content_parts(name: str) -> list[str]:
    return [p.lower() for p in name_parts(name) if p.isalpha()]


def column_kinds(schema: FrameSchema) -> dict[str, frozenset[str]]:
    """Each column's kinds (person, time, place), by dtype and by the words of its name."""
    return dict(_kinds_of(tuple((c.name, c.kind) for c in schema.columns)))


@functools.lru_cache(maxsize=512)
def _kinds_of(columns: tuple[tuple[str, str], ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    words = _kind_words()
    out: dict[str, frozenset[str]] = {}
    for name, dkind in columns:
        parts = _content_parts(name)
        keys = {lem for p in parts for lem in lemmas(p)}
        kinds: set[str] = set()
        if dkind == "datetime" or keys & words["time"]:
            kinds.add("time")
        if dkind in ("text", "category"):
            by_name = len(parts) >= 2 and parts[-1] == "by" and is_verb_form(parts[-2])
            if keys & words["person"] or by_name or any(is_agent_noun(p) for p in parts):
                kinds.add("person")
            if keys & words["place"]:
                kinds.add("place")
        if kinds:
            out[name] = frozenset(kinds)
    return tuple(out.items())


def verb_columns(word: str, schema: FrameSchema) -> tuple[str, ...]:
    """The columns a verb names by its derivational family ("wrote" → Written by / Writer, "directed"
    → Director), best tier only; none for a word that is no verb."""
    return _verb_columns(word.lower(), schema.names) if is_verb_form(word) else ()


@functools.lru_cache(maxsize=4096)
def _verb_columns(word: str, names: tuple[str, ...]) -> tuple[str, ...]:
    found = [m for m in _name_index(names).lookup([word]) if m.tier >= FAMILY or _part_family(word, m.column)]
    if not found:
        return ()
    top = found[0].tier
    return tuple(m.column for m in found if m.tier == top)


@functools.lru_cache(maxsize=256)
def _name_index(names: tuple[str, ...]) -> NameIndex:
    return NameIndex(names)


def _part_family(word: str, column: str) -> bool:
    """A part of the column's name in the verb's family that is an agent noun or the verb's own
    participle ("played" and ``Player name``) — never a mere shared stem."""
    return any(same_family(word, p) and (is_agent_noun(p) or is_verb_form(p)) for p in _content_parts(column))


# ---------------------------------------------------------------- the items pass


def _meaningless(it: Item) -> bool:
    return it.meaningless and len(it.words) == 1


def _bare_column(it: Item) -> bool:
    return bool(it.cols) and not (it.vals or it.kws or it.literal or it.sup or it.comp or it.preds)


def _anchor(it: Item) -> bool:
    """A value-anchored item: a value of the data, a number or a quoted string."""
    return bool(it.vals) or it.num is not None or it.string is not None


def _imperative(items: list[Item]) -> bool:
    """ "Name the batting team at Durham": an imperative of asking (data/asked.toml) before a
    column is a question word; it is silenced, and the clause read as "what is …"."""
    words: list[str] = _data()["imperatives"]  # type: ignore[assignment]
    if len(items) < 2 or not _meaningless(items[0]) or items[0].words[0] not in words:
        return False
    nxt = _next_content(items, 0)
    if nxt >= len(items) or not _bare_column(items[nxt]):
        return False
    _silence(items[0])
    return True


def _question(items: list[Item]) -> tuple[int, int] | None:
    """(first index, index of the question word) of a clause that opens with one."""
    if _imperative(items):
        return 0, 0
    k = 0
    while k < len(items) and items[k].words[0] in _LEAD_PREPOSITIONS and not items[k].cols and k < 1:
        k += 1
    if k >= len(items):
        return None
    w = items[k].words[0]
    if len(items[k].words) == 1 and (items[k].kw("verb", "which") or wh_kind(w)) and not items[k].cols:
        return 0, k
    return None


def _next_content(items: list[Item], i: int) -> int:
    j = i + 1
    while j < len(items) and items[j].filler and not (items[j].cols or items[j].vals):
        j += 1
    return j


def _ask(it: Item, cols: tuple[str, ...]) -> None:
    """Make ``it`` the asked column(s)."""
    it.cols, it.col_score, it.kws, it.filler, it.datepart = (
        cols,
        PLURAL if len(cols) == 1 else PART,
        (),
        False,
        None,
    )


def _silence(it: Item) -> None:
    """The item is accounted for by the reading (a question phrase, a light verb, a particle)."""
    it.kws, it.cols, it.filler, it.unit = (), (), True, None


def mark_asked(items: list[Item], schema: FrameSchema) -> list[Item]:
    """Rewrite a question clause's items so that its asked column stands first (see the module)."""
    q = _question(items)
    if q is None or not any(_anchor(it) for it in items):
        return items  # a lookup: a value or a number says which rows are asked about
    first, w = q
    said = {c for it in items for c in it.cols} | {h.column for it in items for h in it.vals}
    _hash_column(items, schema)
    _name_of(items, schema)
    _entity_nouns(items, w)
    kind = wh_kind(items[w].words[0])
    head = w  # the item that will carry the asked column
    nxt = _next_content(items, w)
    part = kind is None and nxt < len(items) and items[nxt].datepart is not None and not items[nxt].cols
    if part:
        kind, head = "time", nxt  # "in what year …", "which year …", "what day …"
        nxt = _next_content(items, nxt)
        _subject_noun(items, nxt)  # "what day was the grand prix in jerez"
    named = not part and nxt < len(items) and _bare_column(items[nxt]) and not items[nxt].vals
    if named and kind is not None and nxt + 1 < len(items) and _anchor(items[nxt + 1]):
        named = False  # "When did flight 1545 depart?": the column word is the subject's, not asked
    asked: tuple[str, ...] = ()
    if kind == "person" and not named:
        asked = _asked_by_role(items, nxt)  # "Who is in the pole position for X?"
        if asked:
            _silence(items[nxt])
    if kind is not None and not named and not asked:
        asked = _fitting(kind, _asked_by_verb(items, nxt, schema), schema)
        if asked:
            head = nxt  # "Who wrote …": the verb names the column, its object the rows
        else:
            asked = _fitting(kind, _asked_by_participle(items, head, schema), schema)
            if not asked and not _verb_left(items, head):
                asked = _asked_by_kind(kind, schema, said)
            if asked:
                _silence_participle(items, head, asked, schema)
    if (
        kind is not None
        and not asked
        and nxt < len(items)
        and _bare_column(items[nxt])
        and _verb_named(items[nxt])
        and not _fitting(kind, items[nxt].cols, schema)
    ):
        items[nxt].cols = ()  # "Who founded X?" with a column Founded: a year answers no "who"
    if asked:
        for k in range(first, head):
            _silence(items[k])
        if head == nxt or items[head] is not items[w]:
            _silence(items[w])
        _ask(items[head], asked)
    if asked or named:
        _light_verbs(items, head)
    return items


def _asked_by_role(items: list[Item], nxt: int) -> tuple[str, ...]:
    """ "Who is in the pole position for X?", "Who was on the pole position at X?": a text column
    after a preposition, itself no condition (no value follows it), is the role asked for; its
    mention is passed to the question word."""
    if nxt >= len(items) or not _particle(items[nxt]) or items[nxt].kw("dirfrom"):
        return ()
    c = _next_content(items, nxt)
    if c >= len(items) or not _bare_column(items[c]) or items[c].col is None or items[c].vals:
        return ()
    after = c + 1
    if after < len(items) and _anchor(items[after]) and not items[after].cols:
        return ()  # "who played in round 8": a condition, not a role
    if not any(_anchor(x) for x in items[after:]):
        return ()
    cols = items[c].cols
    _silence(items[c])
    return cols


def _subject_noun(items: list[Item], i: int) -> None:
    """ "What day was *the grand prix* in jerez?": a text column word, the subject of the question,
    followed by a value of another column (after a preposition), names the rows."""
    if i >= len(items) or items[i].col is None or not _bare_column(items[i]):
        return
    j = i + 1
    if j < len(items) and _particle(items[j]):
        j += 1
    if (
        j < len(items)
        and items[j].vals
        and not items[j].cols
        and all(h.column != items[i].col for h in items[j].vals)
    ):
        items[i].cols, items[i].col_score, items[i].rownoun = (), 0, True


def _verb_named(it: Item) -> bool:
    return len(it.words) == 1 and _verb_named_word(it.words[0])


def _verb_named_word(w: str) -> bool:
    """A verb form that is no noun (founded, wrote, aired — not "play", "set")."""
    return is_verb_form(w) and "NOUN" not in _pos(w)


def _verb_left(items: list[Item], head: int) -> bool:
    """A verb that names nothing is left after the question word: with only the question word's
    kind to go on, the verb is the question's content ("Where was X born?"), not grammar."""
    return any(_meaningless(it) and is_verb_form(it.words[0]) for it in items[head + 1 :])


def _fitting(kind: str, cols: tuple[str, ...], schema: FrameSchema) -> tuple[str, ...]:
    """The columns that can answer a question word of ``kind``: a column of that kind by its name or
    dtype, or for a time a number column named by a participle alone ("Founded")."""
    kinds = column_kinds(schema)
    out = []
    for c in cols:
        info = schema.get(c)
        parts = _content_parts(c)
        own = len(parts) == 1 and _verb_named_word(parts[0])  # "Founded", "Established"
        if kind in kinds.get(c, frozenset()) or (
            kind == "time" and info is not None and info.numeric and own
        ):
            out.append(c)
    return tuple(out)


def _asked_by_verb(items: list[Item], nxt: int, schema: FrameSchema) -> tuple[str, ...]:
    """ "Who wrote …": the verb right after the question word names the asked column."""
    if nxt >= len(items) or not _meaningless(items[nxt]):
        return ()
    return verb_columns(items[nxt].words[0], schema)


def _participle_at_end(items: list[Item], head: int) -> int | None:
    """Where a participle ending the question stands, after a value ("… was X founded?")."""
    last = len(items) - 1
    while last > head and items[last].sym is not None:
        last -= 1
    it = items[last]
    if last <= head or not (_meaningless(it) or (len(it.words) == 1 and _bare_column(it))):
        return None
    if not _verb_named(it):
        return None
    if not any(_anchor(x) for x in items[head + 1 : last]):
        return None
    return last


def _asked_by_participle(items: list[Item], head: int, schema: FrameSchema) -> tuple[str, ...]:
    """ "In what year was X founded?", "When was X aired?": a participle ending the question, after
    a value, names the asked column (itself, or by its family); the question word says its kind."""
    last = _participle_at_end(items, head)
    if last is None:
        return ()
    it = items[last]
    return it.cols if it.cols else verb_columns(it.words[0], schema)


def _silence_participle(items: list[Item], head: int, asked: tuple[str, ...], schema: FrameSchema) -> None:
    last = _participle_at_end(items, head)
    if last is not None and set(asked) <= set(_asked_by_participle(items, head, schema)):
        _silence(items[last])


def _asked_by_kind(kind: str, schema: FrameSchema, said: set[str]) -> tuple[str, ...]:
    """The schema's columns of the question word's kind, less those the clause names itself; more
    than a few is no reading to offer ("When …" over a table of nine times), so none."""
    found = tuple(c for c, kinds in column_kinds(schema).items() if kind in kinds and c not in said)
    return found if len(found) <= MAX_KIND_CHOICES else ()


def _light_verbs(items: list[Item], head: int) -> None:
    """ "What school did player number 6 *come from*?": a verb that means nothing here, after the
    subject (a value-anchored condition) of a question whose asked column is named, is grammar."""
    nxt = _next_content(items, head)
    asked = set(items[head].cols or (items[nxt].cols if nxt < len(items) else ()))
    seen_anchor = False
    for i in range(head + 1, len(items)):
        it = items[i]
        # a value of the asked column itself is no subject ("which team did X beat", X a team)
        seen_anchor = seen_anchor or (_anchor(it) and not ({h.column for h in it.vals} & asked))
        if not seen_anchor or not _meaningless(it) or not is_verb_form(it.words[0]):
            continue
        _silence(it)
        rest = [x for x in items[i + 1 :] if x.sym is None]
        if len(rest) == 1 and _particle(rest[0]):
            _silence(rest[0])  # "come from", "star in" at the end: the verb's particle
    tail = [x for x in items[head + 1 :] if x.sym is None]
    if len(tail) >= 2 and _particle(tail[-1]) and _anchor(tail[-2]) and not tail[-2].cols:
        _silence(tail[-1])  # "Where is Adam Gilchrist from?": the question word's stranded preposition


def _particle(it: Item) -> bool:
    """A preposition that means nothing more ("from", "in", "in the")."""
    return (
        all(w in _DETERMINERS for w in it.words[1:])
        and not (it.cols or it.vals or it.literal)
        and bool(it.kws)
        and all(k in _PARTICLE_KINDS for k, _ in it.kws)
    )


def _entity_nouns(items: list[Item], head: int) -> None:
    """Nouns naming the rows, not a column: "the actor Alla Sergiyko" (a noun before a value of the
    column named after it), "player number 6" (a column word before another column and its value),
    "the race where …" (an unknown noun after a determiner, before what is said of the rows)."""
    for i in range(head + 1, len(items) - 1):
        it, nxt = items[i], items[i + 1]
        if _meaningless(it) and nxt.vals and _names_value_column(it.words[0], nxt):
            _silence(it)
        elif (
            it.col is not None
            and _bare_column(it)
            and nxt.col is not None
            and _bare_column(nxt)
            and nxt.col != it.col
            and i + 2 < len(items)
            and _anchor(items[i + 2])
            and not items[i + 2].cols
        ):
            it.cols, it.col_score, it.rownoun = (), 0, True
        elif (
            _meaningless(it)
            and "NOUN" in _pos(it.words[0])
            and items[i - 1].words[-1] in _DETERMINERS
            and (nxt.words[0] in _ROW_SLOT or _anchor(nxt) or _bare_column(nxt))
        ):
            it.rownoun = True


def _hash_column(items: list[Item], schema: FrameSchema) -> None:
    """ "Episode #3" with a column named ``#``: the sign before a number names that column."""
    if "#" not in schema:
        return
    for i in range(len(items) - 1):
        it = items[i]
        sign = (it.sym == "#" and not it.cols) or it.cols == ("#",)  # the symbols table may have found it
        if sign and items[i + 1].num is not None:
            if not it.cols:
                it.cols, it.col_score, it.sym = ("#",), PLURAL, None
            if i > 0 and _meaningless(items[i - 1]) and "NOUN" in _pos(items[i - 1].words[0]):
                items[i - 1].rownoun = True  # "Episode": the rows the number is of


_BE_DO = frozenset({"is", "are", "was", "were", "do", "does", "did"})


def rows_follow(items: list[Item], k: int, listed: set[str]) -> bool:
    """After the asked columns, at ``k``: a be- or do-word, then the rows they are asked of —
    "what school *did player number 6* …", "which films *does the actor X* …", "what circuit *was
    the race where X* …": (row nouns and determiners, then) a value of another column, another
    column with its value, or a row-slot word and a value."""
    if k >= len(items) or items[k].cols or k == 0:
        return False
    if items[k].words[0] in _BE_DO or (_particle(items[k]) and items[k - 1].words[0] in _BE_DO):
        j = k + 1  # "did player …", "is (in) …"
    elif _named_by_verb(items[k - 1]):
        j = k  # "who wrote Episode #3": the verb's object follows it
    else:
        return False
    while j < len(items) and (items[j].rownoun or (items[j].filler and not (items[j].cols or items[j].vals))):
        if items[j].words[0] in _ROW_SLOT:
            break
        j += 1
    if j >= len(items):
        return False
    if _particle(items[j]) and j + 1 < len(items) and items[j + 1].vals:
        j += 1  # "was the grand prix in jerez", "is … for the French Grand Prix": where the rows are
    it = items[j]
    if it.vals and not it.cols and not it.kws and not ({h.column for h in it.vals} & listed):
        return True
    if it.words[0] in _ROW_SLOT and j + 1 < len(items):
        return bool(items[j + 1].vals) and not items[j + 1].cols
    return (
        it.col is not None
        and _bare_column(it)
        and it.col not in listed
        and j + 1 < len(items)
        and _anchor(items[j + 1])
        and not items[j + 1].cols
    )


def _named_by_verb(it: Item) -> bool:
    """A column named by a verb form ("wrote" for Writer): its object follows it directly."""
    return it.col is not None and _verb_named(it)


def _name_of(items: list[Item], schema: FrameSchema) -> None:
    """ "the name of the vacator": a person column's name is that column (the word "name" adds
    nothing when no column is called so)."""
    kinds = column_kinds(schema)
    for i, it in enumerate(items):
        if it.words not in (("name",), ("names",)) or not _meaningless(it):
            continue
        j = i + 1
        while j < len(items) and items[j].words[0] in ("of", "the", "a", "an") and not items[j].cols:
            j += 1
        col = items[j].col if j > i + 1 and j < len(items) and _bare_column(items[j]) else None
        if col is not None and "person" in kinds.get(col, frozenset()):
            _silence(it)


def _names_value_column(word: str, value: Item) -> bool:
    return any(lemmas(word) & lemmas(p) for h in value.vals for p in _content_parts(h.column))


__all__ = [
    "column_kinds",
    "is_agent_noun",
    "is_verb_form",
    "mark_asked",
    "rows_follow",
    "verb_columns",
    "wh_kind",
]
