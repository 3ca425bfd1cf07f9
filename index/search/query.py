"""The Akhbar query language, parsed into a small engine-neutral tree.

Syntax: words (all must match), "a phrase", -exclude, -"excluded phrase", a OR b, prefix*,
and filters lang:ur|hi|en, date:2023 / date:2023-09 / date:2023-01..2023-06 / date:..2024,
source:name or source:"two words".

Why hand-written rather than whoosh's QueryParser: the tree is independent of the engine
(the highlighter and a future server backend read it too), and a journalist's half-typed query
must never raise: unbalanced quotes, a lone "-", "OR" at either end, unknown fields and empty
prefixes all degrade to plain words, with a message saying what was ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.stem import match_key, match_key_unstemmed
from ..text.tokenize import tokens

FILTER_FIELDS = ("lang", "date", "source", "entity", "person", "place", "org")
ENTITY_FIELDS = ("entity", "person", "place", "org")
_LANG_ALIASES = {
    "ur": "ur", "urdu": "ur", "اردو": "ur", "उर्दू": "ur",
    "hi": "hi", "hindi": "hi", "ہندی": "hi", "हिन्दी": "hi", "हिंदी": "hi",
    "en": "en", "english": "en", "انگریزی": "en", "अंग्रेज़ी": "en", "अंग्रेजी": "en",
    "ar": "ar", "arabic": "ar", "fa": "fa", "persian": "fa", "und": "und",
}
MIN_PREFIX_LETTERS = 2


@dataclass(frozen=True)
class Term:
    word: str  # as typed
    key: str  # match key (normalised + stemmed), or the normalised prefix when prefix=True
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    keys: tuple[str, ...]


@dataclass(frozen=True)
class AllOf:
    """Several words, all required, anywhere: what unquoted words mean. Used as one option
    of a group when a run of typed words is also an entity's name ("Vladimir Putin" → those
    two words, OR any spelling of Putin)."""

    terms: tuple[Term, ...]


Clause = Term | Phrase | AllOf


@dataclass
class Group:
    """Alternatives joined by OR; a query is a conjunction of groups."""

    options: list[Clause]


@dataclass
class ParsedQuery:
    text: str
    must: list[Group] = field(default_factory=list)
    must_not: list[Clause] = field(default_factory=list)
    lang: str | None = None
    date_from: str | None = None  # inclusive ISO prefix bounds
    date_to: str | None = None
    source: list[str] = field(default_factory=list)  # match keys of the source words
    # entity:ID, person:"…", place:"…", org:"…" as (field, value); resolved by the library's
    # entity service into a group of every spelling of that entity
    entities: list[tuple[str, str]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def has_terms(self) -> bool:
        return bool(self.must)

    @property
    def is_empty(self) -> bool:
        return not (self.must or self.must_not or self.lang or self.date_from
                    or self.date_to or self.source or self.entities)

    def positive_clauses(self) -> list[Term | Phrase]:
        """Every word or phrase that counts as a match (AllOf flattened to its words)."""
        out: list[Term | Phrase] = []
        for g in self.must:
            for c in g.options:
                out.extend(c.terms if isinstance(c, AllOf) else (c,))
        return out


# Lexer: a quoted string (closed or not), or a run of non-space characters.
_LEX = re.compile(r'(-?)(?:(\w+):)?"([^"]*)("?)|(\S+)')
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})
# Lone surrogates (what Python makes of invalid UTF-8 in argv, or of a broken paste) can be in
# no stored text, and SQLite, whoosh and a UTF-8 stdout all refuse to encode them: "entity:\udcff"
# reached SQLite and raised UnicodeEncodeError out of Library.search. They become U+FFFD, which
# is no word character either, so what is searched does not change.
_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_query(text: str) -> ParsedQuery:
    """Parse `text`; never raises. Problems are reported in `messages`."""
    q = ParsedQuery(text=text)
    src = _SURROGATE.sub("\ufffd", (text or "").translate(_QUOTES))
    pending_or = False
    for m in _LEX.finditer(src):
        neg, fname, quoted, closing, bare = m.groups()
        if quoted is not None:
            if not closing:
                q.messages.append("Unbalanced quote: searched the words separately.")
                _add_words(q, quoted, negate=bool(neg), or_with_previous=pending_or)
                pending_or = False
                continue
            if fname and fname.lower() in FILTER_FIELDS:
                _apply_filter(q, fname.lower(), quoted)
                continue
            clause = _phrase(quoted)
            pending_or = _add_clause(q, clause, bool(neg), pending_or)
            continue
        word = bare or ""
        if word == "OR":
            if q.must and not pending_or:
                pending_or = True
            else:
                q.messages.append('"OR" needs a word on each side: ignored.')
            continue
        negate = False
        if word.startswith("-") and len(word) > 1:
            negate, word = True, word[1:]
        if ":" in word:
            name, _, value = word.partition(":")
            if name.lower() in FILTER_FIELDS:
                if value:
                    _apply_filter(q, name.lower(), value)
                else:
                    q.messages.append(f'"{name}:" needs a value: ignored.')
                continue
        pending_or = _add_words(q, word, negate=negate, or_with_previous=pending_or,
                                allow_prefix=True)
    if pending_or:
        q.messages.append('"OR" needs a word on each side: ignored.')
    return q


def _add_words(q: ParsedQuery, raw: str, *, negate: bool, or_with_previous: bool,
               allow_prefix: bool = False) -> bool:
    """Add what `raw` contains: one word, a prefix, or (for "Kim-Jong-un") a phrase."""
    is_prefix = allow_prefix and raw.endswith("*")
    words = tokens(raw)
    if not words:
        if raw.strip("*-") and not raw.strip("*-").isspace():
            q.messages.append(f'"{raw}" has no searchable letters: ignored.')
        return or_with_previous
    clause: Clause | None
    if is_prefix and len(words) == 1:
        key = match_key_unstemmed(words[0])
        letters = len(tokens(key)[0]) if tokens(key) else 0
        if letters < MIN_PREFIX_LETTERS:
            q.messages.append(f'"{raw}": a prefix needs at least {MIN_PREFIX_LETTERS} letters; '
                              "searched the word itself.")
            clause = _term(words[0])
        else:
            clause = Term(word=words[0], key=key, prefix=True)
    elif len(words) == 1:
        clause = _term(words[0])
    elif allow_prefix:  # punctuation-joined compound such as Kim-Jong-un or "کم،جونگ"
        clause = _phrase(" ".join(words))
    else:  # words from an unbalanced quote: each one on its own
        for w in words:
            or_with_previous = _add_clause(q, _term(w), negate, or_with_previous)
        return or_with_previous
    return _add_clause(q, clause, negate, or_with_previous)


def _add_clause(q: ParsedQuery, clause: Clause | None, negate: bool, or_pending: bool) -> bool:
    if clause is None:
        return or_pending
    if negate:
        q.must_not.append(clause)
        if or_pending:
            q.messages.append('"OR" before an excluded word: ignored.')
        return False
    if or_pending and q.must:
        q.must[-1].options.append(clause)
    else:
        q.must.append(Group([clause]))
    return False


def _term(word: str) -> Term | None:
    key = match_key(word)
    return Term(word=word, key=key) if key else None


def clause_for(text: str) -> Clause | None:
    """The clause matching `text` as typed: a word, or a phrase for several words."""
    return _phrase(text)


def _phrase(text: str) -> Clause | None:
    words = tokens(text)
    pairs = [(w, match_key(w)) for w in words]
    pairs = [(w, k) for w, k in pairs if k]
    if not pairs:
        return None
    if len(pairs) == 1:
        return Term(word=pairs[0][0], key=pairs[0][1])
    return Phrase(words=tuple(w for w, _ in pairs), keys=tuple(k for _, k in pairs))


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _date_bound(value: str, upper: bool) -> str | None:
    m = _DATE.match(value.strip())
    if not m:
        return None
    y, mo, d = m.groups()
    # \d is any script's digit; the index holds ASCII dates, and normalize() folds only Urdu,
    # Arabic and Devanagari digits: "date:২০২৩" (Bengali) gave a bound that matched nothing
    y = f"{int(y):04d}"
    if d:
        return f"{y}-{int(mo):02d}-{int(d):02d}"
    if mo:
        return f"{y}-{int(mo):02d}-31" if upper else f"{y}-{int(mo):02d}-01"
    return f"{y}-12-31" if upper else f"{y}-01-01"


def _apply_filter(q: ParsedQuery, name: str, value: str) -> None:
    from ..text.normalize import normalize

    if name in ENTITY_FIELDS:
        if value.strip():
            q.entities.append((name, value.strip()))
        else:
            q.messages.append(f'"{name}:" needs a name: ignored.')
        return
    value = normalize(value).strip() if name != "source" else value.strip()
    if name == "lang":
        lang = _LANG_ALIASES.get(value.lower())
        if lang is None:
            q.messages.append(f'Unknown language "{value}" (use ur, hi or en): ignored.')
        else:
            q.lang = lang
        return
    if name == "date":
        lo, sep, hi = value.partition("..")
        if sep:
            q.date_from = _date_bound(lo, upper=False) if lo else None
            q.date_to = _date_bound(hi, upper=True) if hi else None
            bad = (lo and q.date_from is None) or (hi and q.date_to is None)
        else:
            q.date_from = _date_bound(value, upper=False)
            q.date_to = _date_bound(value, upper=True)
            bad = q.date_from is None
        if bad:
            q.messages.append(f'Could not read the date "{value}" (use 2023, 2023-09 or '
                              "2023-01..2023-06): ignored.")
            q.date_from = q.date_to = None
        return
    keys = [match_key(w) for w in tokens(value)]
    keys = [k for k in keys if k]
    if keys:
        q.source.extend(keys)
    else:
        q.messages.append(f'"source:{value}" has no searchable letters: ignored.')
