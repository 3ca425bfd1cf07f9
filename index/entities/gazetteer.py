"""The gazetteer: canonical entities with their names in Urdu, Hindi and English.

Three sources, merged into one alias index:
* CLDR through babel: every country/territory (ids `country_XX`) and every city CLDR names as a
  time-zone exemplar city (ids `city_<zone>`), with the names CLDR gives in ur, hi and en;
* the curated file `resources/data/gazetteer.json` (people, organisations, places CLDR lacks,
  extra spellings; its `country_XX` entries add variants to the CLDR entity);
* the library's own entities (names found by the context rules, and user corrections), passed
  in by the caller.

Aliases are indexed by their tuple of normalised words, so "کوریا" and "كوريا", "पुतिन" and
"पुतिन्‌" meet, and recognition is a longest-match over word tuples.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..text.normalize import normalize
from ..text.tokenize import tokens
from .phonetic import phonetic_key

TYPES = ("PERSON", "PLACE", "ORG", "DATE", "NUMBER")
SCRIPTS = ("ur", "hi", "en")
MAX_ALIAS_WORDS = 6


@dataclass
class Entity:
    id: str
    type: str
    names: dict[str, list[str]] = field(default_factory=dict)  # script -> names, canonical first
    ambiguous: set[str] = field(default_factory=set)  # alias keys that need evidence
    origin: str = "gazetteer"  # gazetteer | cldr | local | user

    def name(self, script: str) -> str:
        names = self.names.get(script) or []
        return names[0] if names else ""

    def display(self) -> dict[str, str]:
        return {s: self.name(s) for s in SCRIPTS}

    def all_names(self) -> list[str]:
        return [n for s in SCRIPTS for n in self.names.get(s, [])]


def alias_key(name: str) -> tuple[str, ...]:
    """Normalised words of a name: the key recognition and lookup use."""
    return tuple(normalize(t) for t in tokens(name))


def script_of(name: str) -> str:
    """"hi" for Devanagari, "ur" for Arabic script, else "en" (which names list it joins)."""
    for ch in name:
        if "\u0900" <= ch <= "\u097f":
            return "hi"
        if "\u0600" <= ch <= "\u06ff":
            return "ur"
    return "en"


class Gazetteer:
    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.index: dict[tuple[str, ...], list[str]] = {}
        self.by_phonetic: dict[str, list[str]] = {}
        self.first: dict[str, int] = {}  # first word of an alias -> its longest alias (words)
        self._near: tuple[int, dict[int, list[str]]] | None = None  # (see _near_length)
        self.version = "0"

    # ----------------------------------------------------------------- building
    def add(self, entity: Entity) -> Entity:
        """Add `entity`, or merge its names into the one with the same id."""
        have = self.entities.get(entity.id)
        if have is None:
            have = self.entities[entity.id] = Entity(entity.id, entity.type, {},
                                                     set(), entity.origin)
        for script, names in entity.names.items():
            for name in names:
                self.add_alias(have.id, name, script)
        for amb in entity.ambiguous:
            have.ambiguous.add(alias_key(amb) and " ".join(alias_key(amb)))
        return have

    def add_alias(self, entity_id: str, name: str, script: str | None = None) -> None:
        entity = self.entities[entity_id]
        name = " ".join(name.split())
        key = alias_key(name)
        if not key or len(key) > MAX_ALIAS_WORDS:
            return
        script = script or script_of(name)
        names = entity.names.setdefault(script, [])
        if name not in names:
            names.append(name)
        ids = self.index.setdefault(key, [])
        if entity_id not in ids:
            ids.append(entity_id)
        self.first[key[0]] = max(self.first.get(key[0], 0), len(key))
        pk = phonetic_key(name)
        if len(pk) >= 2:
            bucket = self.by_phonetic.setdefault(pk, [])
            if entity_id not in bucket:
                bucket.append(entity_id)

    def remove_alias(self, entity_id: str, name: str) -> None:
        ids = self.index.get(alias_key(name))
        if ids and entity_id in ids:
            ids.remove(entity_id)

    # ----------------------------------------------------------------- lookup
    def lookup(self, key: tuple[str, ...]) -> list[str]:
        return self.index.get(key, [])

    def is_ambiguous(self, entity_id: str, key: tuple[str, ...]) -> bool:
        e = self.entities.get(entity_id)
        return bool(e) and (" ".join(key) in e.ambiguous or len(self.index.get(key, ())) > 1)

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def _near_length(self, length: int) -> list[str]:
        """The phonetic keys whose length lets `fuzz.ratio` reach 85 against a key of
        `length` (2·common / (a + b) ≥ 0.85 needs the shorter ≥ 0.739 of the longer), in
        the dict's order: the rule-found names of an import ask this for each new name, and
        scanning all keys was most of that."""
        near = self._near
        if near is None or near[0] != len(self.by_phonetic):  # (keys are only ever added)
            near = self._near = (len(self.by_phonetic), {})
        keys = near[1].get(length)
        if keys is None:
            lo, hi = length * 0.73, length / 0.73
            keys = near[1][length] = [k for k in self.by_phonetic if lo <= len(k) <= hi]
        return keys

    def find(self, name: str, type_: str | None = None, *, fuzzy: bool = True) -> list[Entity]:
        """Entities called `name` in any script: exact alias first, then the same phonetic
        key, then (with `fuzzy`) a close phonetic key."""
        ids = list(self.lookup(alias_key(name)))
        pk = phonetic_key(name)
        if not ids and len(pk) >= 4:
            ids = list(self.by_phonetic.get(pk, []))
        if not ids and fuzzy and len(pk) >= 5:
            from rapidfuzz import fuzz, process

            for cand, score, _ in process.extract(pk, self._near_length(len(pk)),
                                                  scorer=fuzz.ratio, limit=3, score_cutoff=85):
                ids.extend(i for i in self.by_phonetic[cand] if i not in ids)
        out = [self.entities[i] for i in ids if i in self.entities]
        return [e for e in out if type_ is None or e.type == type_]


# --------------------------------------------------------------------- loading
def load_curated(path: Path) -> tuple[str, list[Entity]]:
    data = json.loads(path.read_text("utf-8"))
    out = []
    for item in data.get("entities", []):
        if item.get("type") not in ("PERSON", "PLACE", "ORG") or not item.get("id"):
            continue
        out.append(Entity(item["id"], item["type"],
                          {s: list(item.get("names", {}).get(s, [])) for s in SCRIPTS},
                          set(item.get("ambiguous", [])), "gazetteer"))
    return str(data.get("version", "0")), out


def load_cldr() -> list[Entity]:
    """Countries/territories and exemplar cities, named in ur, hi and en by CLDR; read from a
    small cache (per babel version) after the first time, since opening three CLDR locales
    costs ~150 ms at every start."""
    from importlib.metadata import version

    from platformdirs import user_cache_dir

    cache = Path(user_cache_dir("Akhbar", appauthor=False)) / f"cldr-places-{version('babel')}.json"
    try:
        rows = json.loads(cache.read_text("utf-8"))
        return [Entity(r["id"], "PLACE", r["names"], set(), "cldr") for r in rows]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    out = _cldr_from_babel()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps([{"id": e.id, "names": e.names} for e in out],
                                  ensure_ascii=False), "utf-8")
        tmp.replace(cache)
    except OSError:  # a read-only home: just slower next time
        pass
    return out


def _cldr_from_babel() -> list[Entity]:
    from babel import Locale

    locales = {s: Locale(s) for s in SCRIPTS}
    out: dict[str, Entity] = {}
    for code in locales["en"].territories:
        if not (len(code) == 2 and code.isalpha() and code.isupper()) or code in ("ZZ", "XA",
                                                                               "XB", "EU", "UN"):
            continue
        e = out.setdefault(f"country_{code}", Entity(f"country_{code}", "PLACE", {}, set(), "cldr"))
        for s, loc in locales.items():
            name = loc.territories.get(code)
            if name:
                e.names.setdefault(s, []).append(name)
    # A zone named after its country (Qatar, Kuwait, Maldives…) is not a separate city:
    # keeping both would make the country's name ambiguous everywhere.
    countries = {normalize(n) for e in out.values() for ns in e.names.values() for n in ns}
    zones = locales["ur"].time_zones
    for zone, info in zones.items():
        if "city" not in info or zone.startswith(("Etc/", "SystemV/", "Antarctica/")):
            continue
        eid = "city_" + zone.split("/")[-1].lower()
        names = {"en": [zone.split("/")[-1].replace("_", " ")]}
        for s in ("ur", "hi"):
            city = locales[s].time_zones.get(zone, {}).get("city")
            if city:
                names[s] = [city]
        if any(normalize(n) in countries for ns in names.values() for n in ns):
            continue
        e = out.setdefault(eid, Entity(eid, "PLACE", {}, set(), "cldr"))
        for s, ns in names.items():
            e.names.setdefault(s, []).extend(ns)
    return list(out.values())


def build_gazetteer(curated: Path | None, extra: Iterable[Entity] = ()) -> Gazetteer:
    """CLDR, then the curated file (its variants merge into CLDR entities with the same id),
    then the library's own entities."""
    g = Gazetteer()
    for e in load_cldr():
        g.add(e)
    if curated is not None and curated.is_file():
        g.version, items = load_curated(curated)
        for e in items:
            g.add(e)
    for e in extra:
        g.add(e)
    return g
