"""Spans merged or narrowed once the segmenter has read them one by one: what only the
neighbouring items decide ("membership level" is one column; "the number of staff" is the column
Num_of_Staff; "the death events" is the row noun; "the ids of documents" is Document_ID; "the names
of all cartoons" is their Title)."""

from __future__ import annotations

from ..schema import FrameSchema
from .ground import PLURAL
from .items import Item
from .tokens import singular


def merge_spans(items: list[Item], schema: FrameSchema) -> list[Item]:
    """Every merge and narrowing below, in the order they depend on one another."""
    out = _merge_row_heads(_merge_same_column(_merge_count_columns(items)))
    return _narrow_by_row_noun(_name_as_label(out, schema))


def _bare_column(it: Item) -> bool:
    """An item that names one column and means nothing else."""
    return (
        len(it.cols) == 1
        and not (it.vals or it.kws or it.rownoun or it.sym or it.sup or it.comp or it.preds)
        and it.num is None
        and it.string is None
        and it.foreign is None
    )


_COUNT_PARTS = frozenset({"num", "number", "no", "count", "n", "nb", "nbr"})


def _merge_count_columns(items: list[Item]) -> list[Item]:
    """ "the number of staff" with a column Num_of_Staff, "number of products" with
    Number_products: when the column named after the count word holds the number, "number of X"
    names that column, not a count of rows."""
    from .tokens import split_words

    out: list[Item] = []
    for it in items:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kw("count")
            and not (prev.cols or prev.vals)
            and set(prev.words) & {"number", "count"}
            and _bare_column(it)
            and {p.lower() for p in split_words(it.cols[0])} & _COUNT_PARTS
        ):
            it.start, it.text, it.words = prev.start, prev.text + " " + it.text, (*prev.words, *it.words)
            out[-1] = it
            continue
        out.append(it)
    return out


def _merge_same_column(items: list[Item]) -> list[Item]:
    """ "membership level" (Level_of_membership): two adjacent words that each name the same one
    column, in another order than the name's, are one mention of it."""
    out: list[Item] = []
    for it in items:
        prev = out[-1] if out else None
        if prev is not None and _bare_column(prev) and _bare_column(it) and prev.cols == it.cols:
            prev.end, prev.text = it.end, prev.text + " " + it.text
            prev.words = (*prev.words, *it.words)
            prev.col_score = min(prev.col_score, it.col_score)
            continue
        out.append(it)
    return out


def _merge_row_heads(items: list[Item]) -> list[Item]:
    """ "the death events", "battle records": the frame's noun followed by a plural noun that
    means nothing here names the rows once (the second word is the head noun)."""
    out: list[Item] = []
    for it in items:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.rownoun
            and prev.frame is not None
            and not (prev.cols or prev.vals)
            and len(it.words) == 1
            and it.words[0].isalpha()
            and it.words[0].endswith("s")
            and len(it.words[0]) > 3
            and not (it.kws or it.cols or it.vals or it.filler or it.sup or it.comp or it.unit or it.preds)
            and it.num is None
            and it.datepart is None
        ):
            prev.end, prev.text = it.end, prev.text + " " + it.text
            prev.words = (*prev.words, *it.words)
            continue
        out.append(it)
    return out


_OF_WORDS = frozenset({"of", "for", "all", "every", "each", "the", "any", "for all", "for every", "for each"})


def _narrow_by_row_noun(items: list[Item]) -> list[Item]:
    """ "the ids of documents" (Document_ID or Template_ID?): a column word with several
    candidates, followed by "of / for (all)" and the row noun, means the one candidate whose name
    holds that noun — the rows' own id, name or code."""
    from .tokens import split_words

    for i, it in enumerate(items):
        if len(it.cols) < 2 or it.vals or it.kws:
            continue
        j = i + 1
        while j < len(items) and (items[j].cols or items[j].sym == "," or items[j].kw("and")):
            j += 1  # the rest of a column list: "the ids, names and descriptions for all documents"
        k = j
        while j < len(items) and " ".join(items[j].words) in _OF_WORDS and not items[j].cols:
            j += 1
        if j == k or j >= len(items) or not items[j].rownoun or items[j].cols:
            continue
        nouns = {singular(w) for w in items[j].words} | set(items[j].words)
        own = [c for c in it.cols if nouns & {p.lower() for p in split_words(c)}]
        if len(own) == 1:
            it.cols = (own[0],)
    return items


_LABEL_NAMES = ("name", "title", "label")


def _name_as_label(items: list[Item], schema: FrameSchema) -> list[Item]:
    """ "the names of all cartoons" where no column is called name: a row's name is the one text
    column that labels it (Title, Label) — only before "of / for … ROWNOUN", and only when that
    column is unique."""
    labels = [c.name for c in schema.columns if c.textual and c.name.lower() in _LABEL_NAMES]
    if len(labels) != 1:
        return items
    for i, it in enumerate(items):
        if it.words not in (("name",), ("names",)) or it.cols or it.vals or it.kws or it.rownoun:
            continue
        j = i + 1
        while j < len(items) and " ".join(items[j].words) in _OF_WORDS and not items[j].cols:
            j += 1
        if j > i + 1 and j < len(items) and items[j].rownoun and not items[j].cols:
            it.cols, it.col_score, it.filler = (labels[0],), PLURAL, False
    return items
