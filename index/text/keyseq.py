"""An article's key sequence: every word's match key in order, one line per paragraph.

It is what the index is built from (counted per document) and what phrase queries are checked
against: a phrase matches where its keys stand next to each other on one line, which a
substring test answers at C speed — no positions in the index, no re-tokenising at query time.
The store keeps the sequence beside each article, tagged with ANALYSIS_VERSION; when the
analysis changes, the sequences are recomputed along with the index.
"""
from __future__ import annotations

from collections.abc import Iterable

from .stem import MATCH_KEYS
from .tokenize import split_words

# Bump when normalisation, tokenising or stemming changes: indexes and stored key sequences
# made by another version are rebuilt from the articles.
ANALYSIS_VERSION = 3


def key_line(text: str) -> str:
    return " ".join(filter(None, map(MATCH_KEYS.__getitem__, split_words(text)[1::2])))


def key_text(title: str, paragraphs: Iterable[str]) -> str:
    """Line 0 is the title, then one line per paragraph."""
    return "\n".join([key_line(title), *(key_line(p) for p in paragraphs)])


def has_phrase(keys: str, phrase: tuple[str, ...] | list[str]) -> bool:
    """Whether the phrase's keys stand together on one line of `keys`."""
    needle = " " + " ".join(phrase) + " "
    return needle in " " + keys.replace("\n", " \n ") + " "
