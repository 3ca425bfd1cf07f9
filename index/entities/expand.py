"""Query expansion: a name typed in any script also searches every spelling of its entity.

"पुतिन" becomes (पुतिन OR پیوٹن OR پوتن OR Putin OR "ولادیمیر پوتن" …). Plain word matches
still count as before (the typed word stays one of the options); the explanation says which
spelling matched ("matched Putin · پوتن"). Ambiguous names ("کم", "Kim") are not expanded: a
search for the word "کم" is a search for the word. A "quoted phrase" stays literal; a name of
several words is searched as an entity with person:"…", place:"…", org:"…" or entity:ID.
"""
from __future__ import annotations

from collections.abc import Callable

from rapidfuzz import fuzz

from ..search.query import ENTITY_FIELDS, AllOf, Group, ParsedQuery, Phrase, Term, clause_for
from ..text.normalize import normalize
from .gazetteer import Entity, alias_key, script_of
from .phonetic import phonetic_key
from .service import EntityService

_FIELD_TYPES = {"person": "PERSON", "place": "PLACE", "org": "ORG"}
MAX_PER_SCRIPT = 3
NAMED = ("PERSON", "PLACE", "ORG")


def expand_query(q: ParsedQuery, service: EntityService,
                 common: Callable[[str], bool] | None = None) -> list[Entity]:
    """Add the other spellings of every named entity in `q` (in place); returns the entities
    that were expanded. `common(word)` says the library uses the word so often that it is a
    word in its own right: it is then not taken for a name merely because it sounds like one
    ("شمال", north, is not Shmyhal)."""
    used: list[Entity] = []
    _merge_name_runs(q, service, used)
    for group in q.must:
        for clause in list(group.options):
            # A quoted phrase is literal; a prefix is a prefix. Single words are names.
            if not isinstance(clause, Term) or clause.prefix:
                continue
            entity = resolve_name(clause.word, service, local=False, common=common)
            if entity is not None:
                _add_aliases(group, entity, service)
                used.append(entity)
    for field, value in q.entities:
        if field == "entity":
            e = service.entity(value)
            found = [e] if e is not None else service.find(value)
        else:
            found = [e for e in service.find(value) if e.type == _FIELD_TYPES[field]]
        if not found:
            q.messages.append(f'No {field if field in ENTITY_FIELDS[1:] else "entity"} called '
                              f'"{value}" is known: ignored.')
            continue
        group = Group([])
        _add_aliases(group, found[0], service)
        if group.options:
            q.must.append(group)
            used.append(found[0])
    return used


def resolve_name(name: str, service: EntityService, *, local: bool = True,
                 common: Callable[[str], bool] | None = None) -> Entity | None:
    """The one person, place or organisation `name` stands for, or None (unknown, or
    ambiguous: "کم", "Kim"). An exact alias first, then a spelling with the same sound
    ("پیوتن" for پیوٹن/پوتن). With `local`, a name only this library's articles know (found
    by the rules; its id is its sound) counts too: used for names of two words or more, where
    a chance match is unlikely."""
    g = service.gazetteer
    key = alias_key(name)
    ids = g.lookup(key)
    if ids and any(g.is_ambiguous(i, key) for i in ids):
        return None
    found = [g.entities[i] for i in ids]
    pk = phonetic_key(name)
    if not found and len(pk) >= 3 and not (common is not None and common(name)):
        # another spelling of a name in the same script ("پیوتن" for پیوٹن): the same sound
        # *and* mostly the same letters, or short keys collide ("خارجہ" ~ Karzai)
        script, folded = script_of(name), normalize(name)
        for i in g.by_phonetic.get(pk, []):
            e = g.entities[i]
            if " ".join(key) not in e.ambiguous and any(
                    fuzz.ratio(folded, normalize(n)) >= 70 for n in e.names.get(script, [])
                    if len(alias_key(n)) == len(key)):
                found.append(e)
    if not found and local and len(key) > 1 and len(pk) >= 4:
        for type_ in NAMED:
            e = service.entity(f"local_{type_.lower()}_{pk}")
            if e is not None:
                found.append(e)
    found = [e for e in found if e.type in NAMED]
    return found[0] if len({e.id for e in found}) == 1 else None


def _merge_name_runs(q: ParsedQuery, service: EntityService, used: list[Entity]) -> None:
    """Typed words that together are a name ("Vladimir Putin", "کم جونگ ان") become one
    group: the words as typed (all of them, anywhere, as before) OR any spelling of the
    entity."""
    groups = q.must
    i = 0
    while i < len(groups):
        best = None
        for length in range(min(6, len(groups) - i), 1, -1):
            run = groups[i:i + length]
            if not all(len(g.options) == 1 and isinstance(g.options[0], Term)
                       and not g.options[0].prefix for g in run):
                continue
            name = " ".join(g.options[0].word for g in run)
            entity = resolve_name(name, service)
            if entity is not None:
                best = (length, entity, tuple(g.options[0] for g in run))
                break
        if best is None:
            i += 1
            continue
        length, entity, terms = best
        merged = Group([AllOf(terms)])
        _add_aliases(merged, entity, service)
        groups[i:i + length] = [merged]
        used.append(entity)
        i += 1


def _add_aliases(group: Group, entity: Entity, service: EntityService) -> None:
    have = {_clause_key(c) for c in group.options}
    per_script: dict[str, int] = {}
    # the spellings the library's articles use most, then the gazetteer's canonical ones;
    # a few per script: every extra alias is another posting list to merge per query
    names = list(dict.fromkeys(service.surface_forms(entity.id) + entity.all_names()))
    for name in names:
        key = " ".join(alias_key(name))
        if key in entity.ambiguous:
            continue
        script = script_of(name)
        if per_script.get(script, 0) >= MAX_PER_SCRIPT:
            continue
        clause = clause_for(name)
        if clause is None or _clause_key(clause) in have:
            continue
        group.options.append(clause)
        have.add(_clause_key(clause))
        per_script[script] = per_script.get(script, 0) + 1


def _clause_key(c: Term | Phrase | AllOf) -> tuple[str, ...]:
    if isinstance(c, AllOf):
        return tuple(t.key for t in c.terms)
    return c.keys if isinstance(c, Phrase) else (c.key,)


def explain(entities: list[Entity], matched_surfaces: list[str], typed: str) -> list[str]:
    """"Putin · پوتن" for each expanded entity whose other spelling is what matched."""
    typed_keys = set(alias_key(typed))
    out = []
    for e in entities:
        names = {" ".join(alias_key(n)) for n in e.all_names()}
        for surface in matched_surfaces:
            k = " ".join(alias_key(surface))
            if k in names and not set(k.split()) <= typed_keys:
                label = e.name("en") or e.name("ur") or e.name("hi")
                item = f"{label} · {surface}"
                if item not in out:
                    out.append(item)
    return out



