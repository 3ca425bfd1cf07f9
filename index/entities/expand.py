"""Query expansion: a name typed in any script also searches every spelling of its entity.

"पुतिन" becomes (पुतिन OR پیوٹن OR پوتن OR Putin OR "ولادیمیر پوتن" …). Plain word matches
still count as before (the typed word stays one of the options); the explanation says which
spelling matched ("matched Putin · پوتن"). Ambiguous names ("کم", "Kim") are not expanded: a
search for the word "کم" is a search for the word. A "quoted phrase" stays literal; a name of
several words is searched as an entity with person:"…", place:"…", org:"…" or entity:ID.
"""
from __future__ import annotations

from ..search.query import ENTITY_FIELDS, Group, ParsedQuery, Phrase, Term, clause_for
from .gazetteer import Entity, alias_key
from .service import EntityService

_FIELD_TYPES = {"person": "PERSON", "place": "PLACE", "org": "ORG"}
MAX_ALIASES = 24


def expand_query(q: ParsedQuery, service: EntityService) -> list[Entity]:
    """Add the other spellings of every named entity in `q` (in place); returns the entities
    that were expanded."""
    g = service.gazetteer
    used: list[Entity] = []
    for group in q.must:
        for clause in list(group.options):
            # A quoted phrase is literal; a prefix is a prefix. Single words are names.
            if not isinstance(clause, Term) or clause.prefix:
                continue
            name = clause.word
            key = alias_key(name)
            ids = g.lookup(key)
            if ids and any(g.is_ambiguous(i, key) for i in ids):
                continue
            found = [g.entities[i] for i in ids] or [
                e for e in g.find(name, fuzzy=False) if " ".join(key) not in e.ambiguous]
            if len(found) != 1 or found[0].type not in ("PERSON", "PLACE", "ORG"):
                continue
            _add_aliases(group, found[0])
            used.append(found[0])
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
        _add_aliases(group, found[0])
        if group.options:
            q.must.append(group)
            used.append(found[0])
    return used


def _add_aliases(group: Group, entity: Entity) -> None:
    have = {_clause_key(c) for c in group.options}
    added = 0
    for name in entity.all_names():
        key = " ".join(alias_key(name))
        if key in entity.ambiguous:
            continue
        clause = clause_for(name)
        if clause is None or _clause_key(clause) in have:
            continue
        group.options.append(clause)
        have.add(_clause_key(clause))
        added += 1
        if added >= MAX_ALIASES:
            break


def _clause_key(c: Term | Phrase) -> tuple[str, ...]:
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



