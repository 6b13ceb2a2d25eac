"""The reference data as a gazetteer: find the facilities, places and actors a text names.

The reference data (``kg/data/reference/*.ttl``) is the one source of truth: this module reads
it with rdflib, checks that every name belongs to one entity, and compiles all names into one
character trie so that ``Gazetteer.find`` costs one pass over the text. The header of
``facilities.ttl`` describes the naming properties; in short:

- ``skos:prefLabel``/``rdfs:label`` is the canonical label, ``skos:altLabel`` any other name that
  denotes the entity on its own;
- ``ck:contextAlias`` is a name that denotes the entity only with a ``ck:cueWord`` nearby, or
  once the text has named the entity in full (the caller passes those as ``known``);
- ``ck:demonym`` is a country's adjective, matched only on request.

Matching is general rather than a list of spellings: case, accents, apostrophes, hyphens and
spaces ("air base" = "airbase"), doubled letters ("Assad" = "Asad"), abbreviation dots ("U.S."),
the Arabic article ("al-", "el-", "ash-" or none) and a final plural "s" of multi-word lowercase
names are normalised. Names written in capitals (IS, KH, US) match only in capitals; one-word
names written with a capital (Erbil, Omar) need a capital first letter.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import InputError, RdfSyntaxError
from kg.model import EntityKind, EntityRef
from kg.namespaces import CK, GEO, REF, WD, bind_prefixes
from kg.resources import resource_files

# The class of a reference entity decides its kind (kg.model.EntityKind).
KIND_OF_CLASS: dict[URIRef, EntityKind] = {
    CK.Facility: "facility",
    CK.Region: "place",
    CK.Country: "country",
    CK.ArmedGroup: "armed_group",
    CK.GroupCategory: "group_category",
    CK.StateForce: "state_force",
    CK.Monitor: "monitor",
    CK.MediaOutlet: "media",
    CK.Government: "government",
}
KINDS: frozenset[str] = frozenset(KIND_OF_CLASS.values())

# How far (in characters, either side) a cue word may be from a context alias.
DEFAULT_CUE_WINDOW = 60


@dataclass(frozen=True)
class Entity:
    """One reference entity with every name it goes by.

    ``country``, ``province`` and ``facility_type`` are IRIs; ``key`` is the IRI without the
    reference namespace (``facility/ain-al-asad-air-base``).
    """

    iri: str
    key: str
    label: str
    kind: EntityKind
    aliases: tuple[str, ...] = ()
    country: str | None = None
    province: str | None = None
    facility_type: str | None = None
    lat: float | None = None
    long: float | None = None
    context_aliases: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    wikidata: str | None = None


@dataclass(frozen=True)
class EntityMatch:
    """A name found in a text: ``text[start:end] == surface``.

    ``via`` says how it matched: ``"name"`` (label or altLabel), ``"context"`` (a context alias
    whose cue or earlier full mention was present) or ``"demonym"``. ``alternatives`` lists other
    entities the same words denote in this context (the airport for "Erbil" near "airport").
    """

    start: int
    end: int
    surface: str
    entity: Entity
    via: Literal["name", "context", "demonym"] = "name"
    alternatives: tuple[Entity, ...] = ()


# ---------------------------------------------------------------------------- normalisation

_SPACES = ("\t\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
           "\u200a\u202f\u205f\u3000")   # not "\n": a blank line ends any name
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_APOSTROPHES = "'`\u00b4\u2018\u2019\u201b\u2032\u02bb\u02bc\u02be\u02bf"


def _build_table() -> dict[int, str]:
    """A one-character-for-one translation: offsets in the translated text equal the original's.

    Letters are lowercased and stripped of accents; spaces, hyphens, dashes and "&" become a
    space (a separator that names may skip); every apostrophe becomes "'" (skipped inside words).
    A newline stays a newline: a name may wrap onto the next line but not cross a blank line.
    """
    table: dict[int, str] = {}
    for code in range(0x41, 0x250):
        char = chr(code)
        if not char.isalpha():
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        lower = base.lower()
        if len(lower) == 1 and lower.isascii():
            table[code] = lower
        elif len(char.lower()) == 1:
            table[code] = char.lower()
    for char in _SPACES + _DASHES + "&":
        table[ord(char)] = " "
    for char in _APOSTROPHES:
        table[ord(char)] = "'"
    return table


_TABLE = _build_table()
_SEPARATORS = "[" + re.escape(_SPACES + "\n" + _DASHES) + "]+"
# A name starts at a letter or digit not preceded by one, nor by an apostrophe inside a word
# ("Kata'ib" has no word start at "ib").
_NOT_IN_WORD = r"(?<![^\W_])(?<![^\W_]')"
_END = ""   # trie key marking the end of a name (no real character is empty)


def canonical(name: str) -> str:
    """The matching key of a name: lowercase letters and digits only, doubled letters single."""
    out: list[str] = []
    for char in name.translate(_TABLE):
        if char.isalnum():
            if char.isalpha() and out and out[-1] == char:
                continue
            out.append(char)
    return "".join(out)


# Case rules, decided by how the data writes a name.
_ANY, _UPPER, _INITIAL = 0, -1, -2   # a positive number k: the first k letters must be capitals


def _case_rule(name: str) -> int:
    letters = [c for c in name if c.isalpha()]
    if letters and not any(c.islower() for c in letters):
        return _UPPER                        # IS, KH, U.S., K-1: capitals only
    words = [w for w in re.split(_SEPARATORS, name) if w]
    if len(words) == 1 and name[0].isupper():
        return _INITIAL                      # Erbil, Omar, Badr: capital first letter
    first = [c for c in words[0] if c.isalpha()]
    if len(words) > 1 and first and not any(c.islower() for c in first):
        return len(first)                    # US forces, IRGC Quds Force: the acronym in capitals
    return _ANY


def _case_ok(rule: int, surface: str) -> bool:
    if rule == _ANY:
        return True
    if rule == _UPPER:
        return not any(c.islower() for c in surface)
    if rule == _INITIAL:
        return surface[:1].isupper()
    letters = [c for c in surface if c.isalpha()][:rule]
    return all(c.isupper() for c in letters)


_SPLIT = re.compile(f"({_SEPARATORS})")
_SUN_PREFIXES = ("sh", "th", "dh", "t", "d", "r", "z", "s", "n")


def _article_forms(word: str, following: str) -> list[str] | None:
    """The spellings of an Arabic article before ``following``, or None if ``word`` is none.

    "al"/"el" always are; "ash", "az", "at", "ez", ... are when they assimilate to the next word
    ("ash-Shaddadi", "Deir ez-Zor", "At Tanf"). The empty string stands for "no article".
    """
    lower, nxt = word.lower(), following.lower()
    sun = next((p for p in _SUN_PREFIXES if nxt.startswith(p)), "")
    if lower in ("al", "el") or (sun and lower in ("a" + sun, "e" + sun)):
        forms = ["al", "el"] + (["a" + sun, "e" + sun] if sun else [])
        return forms + [""]
    return None


def _article_variants(name: str, drop: bool) -> set[str]:
    """``name`` with every Arabic article spelled every usual way (and left out, if ``drop``)."""
    parts = _SPLIT.split(name)
    words = parts[0::2]
    options: list[list[str]] = []
    for index, word in enumerate(words):
        forms = _article_forms(word, words[index + 1]) if index + 1 < len(words) else None
        if forms is None:
            options.append([word])
        else:
            options.append([f for f in forms if f or drop])
    variants = set()
    for choice in itertools.product(*options):
        out: list[str] = []
        for index, word in enumerate(choice):
            if not word:
                continue            # the article left out, with the separator after it
            if out:
                out.append(parts[2 * index - 1])
            out.append(word)
        variants.add("".join(out))
    variants.discard(name)
    return variants


def _plural_variant(name: str) -> str | None:
    """The other number of a multi-word name ending in a lowercase noun (militia/militias)."""
    words = [w for w in re.split(_SEPARATORS, name) if w]
    last = words[-1]
    if len(words) < 2 or not last.isalpha() or not last.islower() or len(last) < 3:
        return None
    if last.endswith("ies"):
        return name[:-3] + "y"
    if last.endswith("men"):
        return name[:-3] + "man"
    if last.endswith("s") and not last.endswith("ss"):
        return name[:-1]
    if last.endswith("y") and last[-2] not in "aeiou":
        return name[:-1] + "ies"
    if last.endswith(("s", "x", "ch", "sh")):
        return None
    return name + "s"


class _Name(NamedTuple):
    entity: Entity
    case: int
    letters: int = 0     # letters and digits of an all-capitals name ("US": 2), else 0


def _name_entry(entity: Entity, name: str) -> _Name:
    rule = _case_rule(name)
    return _Name(entity, rule, sum(c.isalnum() for c in name) if rule == _UPPER else 0)


def _form_ok(entry: _Name, surface: str) -> bool:
    """Spelling tolerance has limits: an acronym is spelled exactly ("USS" is not "US"), and a
    one-word name matches one word ("A man" is not Amman)."""
    if entry.case == _UPPER:
        return sum(c.isalnum() for c in surface) == entry.letters
    if entry.case == _INITIAL:
        return not any(c.isspace() for c in surface)
    return True


# ---------------------------------------------------------------------------- loading


def _parse_documents(documents: Iterable[tuple[str, str]]) -> tuple[Graph, dict[str, str]]:
    """Parse Turtle documents into one graph; remember which document each subject came from."""
    graph = Graph()
    bind_prefixes(graph)
    origin: dict[str, str] = {}
    for name, text in documents:
        part = Graph()
        try:
            part.parse(data=text, format="turtle", publicID=str(REF))
        except SyntaxError as error:   # rdflib's BadSyntax is a SyntaxError
            line = getattr(error, "lines", None)
            why = getattr(error, "_why", None) or str(error)
            raise RdfSyntaxError(f"Turtle syntax error: {why}", path=name,
                                 line=line + 1 if isinstance(line, int) else None) from error
        for subject in part.subjects(unique=True):
            origin.setdefault(str(subject), name)
        graph += part
    return graph, origin


def _single_value(graph: Graph, subject: URIRef, predicate: URIRef, where: str):
    values = list(graph.objects(subject, predicate))
    if len(values) > 1:
        raise InputError(f"{subject} has {len(values)} values of {graph.qname(predicate)}; "
                         f"give exactly one", path=where)
    return values[0] if values else None


def _read_entities(graph: Graph, origin: dict[str, str]) -> list[Entity]:
    """Every reference entity in ``graph``, checked for what the gazetteer relies on."""
    entities = []
    for subject in sorted(set(graph.subjects(SKOS.prefLabel, None)) |
                          {s for c in KIND_OF_CLASS for s in graph.subjects(RDF.type, c)}):
        where = origin.get(str(subject))
        kinds = sorted({KIND_OF_CLASS[t] for t in graph.objects(subject, RDF.type)
                        if t in KIND_OF_CLASS})
        if len(kinds) != 1:
            allowed = ", ".join(graph.qname(c) for c in KIND_OF_CLASS)
            raise InputError(f"{subject} must have exactly one of the types {allowed}; "
                             f"it has {len(kinds)}", path=where)
        iri = str(subject)
        if not isinstance(subject, URIRef) or not iri.startswith(str(REF)):
            raise InputError(f"reference entity {iri} must have an IRI under {REF}", path=where)
        pref = [o for o in graph.objects(subject, SKOS.prefLabel)
                if getattr(o, "language", None) == "en"]
        if len(pref) != 1:
            raise InputError(f"{iri} needs exactly one skos:prefLabel with @en; it has {len(pref)}",
                             path=where)
        label = str(pref[0])
        plain = {str(o) for o in graph.objects(subject, RDFS.label)}
        if plain != {label}:
            raise InputError(f"{iri}: rdfs:label must be the canonical label {label!r} "
                             f"(found {sorted(plain)})", path=where)
        lat = _single_value(graph, subject, GEO.lat, where)
        long = _single_value(graph, subject, GEO.long, where)
        wikidata = [str(o) for o in graph.objects(subject, SKOS.exactMatch)
                    if str(o).startswith(str(WD))]

        def optional_iri(predicate: URIRef) -> str | None:
            value = _single_value(graph, subject, predicate, where)
            return None if value is None else str(value)

        entities.append(Entity(
            iri=iri,
            key=iri[len(str(REF)):],
            label=label,
            kind=kinds[0],
            aliases=tuple(sorted(str(o) for o in graph.objects(subject, SKOS.altLabel))),
            country=optional_iri(CK.country),
            province=optional_iri(CK.province),
            facility_type=optional_iri(CK.facilityType),
            lat=None if lat is None else float(lat),
            long=None if long is None else float(long),
            context_aliases=tuple(sorted(str(o) for o in graph.objects(subject, CK.contextAlias))),
            cues=tuple(sorted(str(o) for o in graph.objects(subject, CK.cueWord))),
            demonyms=tuple(sorted(str(o) for o in graph.objects(subject, CK.demonym))),
            wikidata=wikidata[0] if wikidata else None,
        ))
    by_iri = {e.iri: e for e in entities}
    for entity in entities:
        where = origin.get(entity.iri)
        for field, target_kind in (("country", "country"), ("province", "place")):
            target = getattr(entity, field)
            if target is not None and (target not in by_iri or by_iri[target].kind != target_kind):
                raise InputError(f"{entity.iri}: ck:{field} {target} is not a reference "
                                 f"{target_kind}", path=where)
    return entities


def _cue_pattern(cues: Iterable[str]) -> re.Pattern[str] | None:
    """A regex over translated text that finds any of the cue words (plural allowed)."""
    alternatives = []
    for cue in cues:
        words = [w for w in re.split(r"[^\w]+", cue.translate(_TABLE)) if w]
        if words:
            alternatives.append(r"[ ']*".join(re.escape(w) for w in words))
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")s?(?![^\W_])")


# ---------------------------------------------------------------------------- the gazetteer


class Gazetteer:
    """Names of reference entities, compiled for fast lookup in text (see ``load_gazetteer``)."""

    def __init__(self, graph: Graph, origin: dict[str, str] | None = None):
        origin = origin or {}
        self._graph = graph
        self._entities = {e.iri: e for e in _read_entities(graph, origin)}
        self._by_key = {e.key: e for e in self._entities.values()}
        self._names: dict[str, list[_Name]] = {}       # labels, altLabels and their variants
        self._context: dict[str, list[_Name]] = {}     # context aliases and their variants
        self._demonyms: dict[str, list[_Name]] = {}
        # Generated spellings that two entities share, so neither gets them: key -> entity keys.
        self.ambiguous_variants: dict[str, set[str]] = {}
        self._cues = {iri: p for iri, e in self._entities.items()
                      if (p := _cue_pattern(e.cues)) is not None}
        self._index_names(origin)
        self._trie: dict = {}
        for key in itertools.chain(self._names, self._context, self._demonyms):
            node = self._trie
            for char in key:
                node = node.setdefault(char, {})
            node[_END] = key
        self._starts = _start_pattern(self._trie)

    @classmethod
    def from_turtle(cls, documents: Iterable[tuple[str, str]]) -> Gazetteer:
        """A gazetteer of the given ``(name, Turtle text)`` documents."""
        graph, origin = _parse_documents(documents)
        return cls(graph, origin)

    # -- building the index

    def _index_names(self, origin: dict[str, str]) -> None:
        explicit: dict[str, tuple[Entity, str]] = {}
        for table, names_of in ((self._names, lambda e: (e.label, *e.aliases)),
                                (self._context, lambda e: e.context_aliases),
                                (self._demonyms, lambda e: e.demonyms)):
            owners: dict[str, tuple[Entity, str]] = {}
            for entity in self._entities.values():
                for name in names_of(entity):
                    key = canonical(name)
                    if not key:
                        raise InputError(f"{entity.iri}: the name {name!r} has no letters or "
                                         f"digits", path=origin.get(entity.iri))
                    other = owners.get(key)
                    if other is None and table is self._demonyms:
                        other = explicit.get(key)
                    if other is not None and other[0].iri != entity.iri:
                        raise InputError(
                            f"the name {name!r} of {entity.key} is also the name {other[1]!r} of "
                            f"{other[0].key} ({origin.get(other[0].iri, 'reference data')}); "
                            f"a name may denote one entity only: remove it from one of them, or "
                            f"make it a ck:contextAlias with cue words",
                            path=origin.get(entity.iri))
                    owners[key] = (entity, name)
                    table.setdefault(key, []).append(_name_entry(entity, name))
            if table is self._names:
                explicit = owners
        # Generated spellings: never override a name the data gives; dropped where two entities
        # would share one.
        def plain_variants(entity: Entity) -> set[str]:
            return {v for n in (entity.label, *entity.aliases) for v in _name_variants(n)}

        def context_variants(entity: Entity) -> set[str]:
            # No article-less forms: "al-Asad" alone may be the base, "Asad" alone is not.
            return {v for n in entity.context_aliases for v in _article_variants(n, drop=False)}

        for table, variants_of in ((self._names, plain_variants),
                                   (self._context, context_variants)):
            generated: dict[str, list[_Name]] = {}
            for entity in self._entities.values():
                for variant in variants_of(entity):
                    key = canonical(variant)
                    if key in table:
                        continue
                    generated.setdefault(key, []).append(_name_entry(entity, variant))
            for key, names in generated.items():
                owners_ = {n.entity.key for n in names}
                if len(owners_) > 1:
                    self.ambiguous_variants[key] = owners_
                else:
                    table[key] = names

    # -- queries

    @property
    def graph(self) -> Graph:
        """All reference data as one rdflib graph (shared: do not modify it)."""
        return self._graph

    def entities(self, kind: str | None = None) -> list[Entity]:
        """Every entity, or those of one kind, sorted by key."""
        if kind is not None:
            _check_kinds([kind])
        return sorted((e for e in self._entities.values() if kind is None or e.kind == kind),
                      key=lambda e: e.key)

    def get(self, iri_or_key: str) -> Entity:
        """The entity with this IRI, ``ref:`` name or key; KeyError if there is none."""
        name = iri_or_key[len("ref:"):] if iri_or_key.startswith("ref:") else iri_or_key
        entity = self._entities.get(name) or self._by_key.get(name)
        if entity is None:
            raise KeyError(f"no reference entity {iri_or_key!r}")
        return entity

    def lookup(self, name: str, kinds: Collection[str] | None = None, *,
               include_context: bool = False) -> Entity | None:
        """The entity a whole name denotes (label or altLabel, normalised), or None.

        With ``include_context`` a context alias counts too, as if its cue were present.
        """
        wanted = _check_kinds(kinds)
        key = canonical(name)
        tables = [self._names, self._context] if include_context else [self._names]
        for table in tables:
            for entry in table.get(key, ()):
                if wanted is not None and entry.entity.kind not in wanted:
                    continue
                if _case_ok(entry.case, name.strip()):
                    return entry.entity
        return None

    def to_ref(self, entity: Entity) -> EntityRef:
        """The record the pipeline passes around for ``entity``."""
        if entity.kind == "country":
            country = entity.key
        elif entity.country is not None:
            country = self._entities[entity.country].key
        else:
            country = None
        return EntityRef(key=entity.key, label=entity.label, kind=entity.kind, iri=entity.iri,
                         country=country)

    def find(self, text: str, kinds: Collection[str] | None = None, *,
             known: Collection[Entity | str] = (), demonyms: bool = False,
             cue_window: int = DEFAULT_CUE_WINDOW) -> list[EntityMatch]:
        """Every entity name in ``text``: non-overlapping, longest first, left to right.

        ``kinds`` limits the entities reported. A context alias is reported when a cue word of
        its entity lies within ``cue_window`` characters, or when its entity is in ``known``
        (entities, IRIs or keys the same text has already named in full). Demonyms ("Iraqi")
        are reported only with ``demonyms=True``.
        """
        wanted = _check_kinds(kinds)
        known_iris = {self.get(k).iri if isinstance(k, str) else k.iri for k in known}
        translated = text.translate(_TABLE)
        matches: list[EntityMatch] = []
        cursor = 0
        for word in self._starts.finditer(translated):
            start = word.start()
            if start < cursor:
                continue
            best, blocked = None, start
            for end, key in self._walk(translated, start):
                found = self._resolve(text, translated, start, end, key, wanted, known_iris,
                                      demonyms, cue_window)
                if isinstance(found, EntityMatch):
                    best = found            # later ends are longer
                elif found:
                    blocked = end
            if best is not None and blocked > best.end:
                # A longer context alias without its context: the words name something, just not
                # surely this entity, so no shorter name inside them is reported either ("US" in
                # "the US embassy issued a warning").
                best = None
            if best is not None:
                matches.append(best)
                cursor = best.end
            elif blocked > start:
                cursor = blocked
        return matches

    # -- matching internals

    def _walk(self, t: str, start: int) -> list[tuple[int, str]]:
        """The (end, key) of every name that starts at ``start`` and ends at a word boundary."""
        node = self._trie
        last = ""
        j, n = start, len(t)
        found = []
        while j < n:
            char = t[j]
            if char.isalnum():
                if not (char == last and char.isalpha()):   # a doubled letter counts once
                    node = node.get(char)
                    if node is None:
                        break
                    last = char
                j += 1
                key = node.get(_END)
                if key is not None and (j >= n or not t[j].isalnum()):
                    # A possessive "'s" may lie inside a name ("Iran's proxies") but never ends
                    # one: "the coalition's mission" is not the plural "coalitions".
                    if not (char == "s" and j >= 2 and t[j - 2] == "'"):
                        found.append((j, key))
            elif char == " " or char == "'":
                j += 1                                      # separators, apostrophes in names
            elif char == "\n":
                k = j + 1
                while k < n and t[k] == " ":
                    k += 1
                if k < n and t[k] == "\n":
                    break                                   # a blank line
                j += 1
            elif char == "." and t[j - 1].isalnum() and (j < 2 or not t[j - 2].isalnum()):
                j += 1                                      # the dots of "U.S."
            else:
                break
        return found

    def _resolve(self, text: str, t: str, start: int, end: int, key: str,
                 wanted: frozenset[str] | None, known_iris: set[str], demonyms: bool,
                 cue_window: int) -> EntityMatch | bool:
        """The match for one candidate name; else True if it is a wanted context alias whose
        context is missing, False if it is no wanted name at all."""
        if end < len(t) and t[end] == "." and end >= 2 and t[end - 2] == ".":
            end += 1                                        # keep the final dot of "U.S."
        surface = text[start:end]

        def accepted(entry: _Name) -> bool:
            return ((wanted is None or entry.entity.kind in wanted) and _case_ok(entry.case, surface)
                    and _form_ok(entry, surface))

        plain = next((e.entity for e in self._names.get(key, ()) if accepted(e)), None)
        contextual = []
        missing_context = False
        for entry in self._context.get(key, ()):
            if not accepted(entry) or entry.entity is plain or entry.entity in contextual:
                continue
            if self._context_holds(entry.entity, t, start, end, known_iris, cue_window):
                contextual.append(entry.entity)
            else:
                missing_context = True
        if plain is not None:
            return EntityMatch(start, end, surface, plain, "name", tuple(contextual))
        if contextual:
            return EntityMatch(start, end, surface, contextual[0], "context", tuple(contextual[1:]))
        if demonyms:
            adjective = next((e.entity for e in self._demonyms.get(key, ()) if accepted(e)), None)
            if adjective is not None:
                return EntityMatch(start, end, surface, adjective, "demonym")
        return missing_context

    def _context_holds(self, entity: Entity, t: str, start: int, end: int,
                       known_iris: set[str], window: int) -> bool:
        if entity.iri in known_iris:
            return True
        cue = self._cues.get(entity.iri)
        if cue is None:
            return False
        return bool(cue.search(t, max(0, start - window), start) or
                    cue.search(t, end, min(len(t), end + window)))


def _start_pattern(trie: dict) -> re.Pattern[str]:
    """A regex for the word starts where some name can begin: the first two letters of a name.

    It lets the C regex engine skip most words, so the trie walk runs only where it may succeed.
    The second letter may follow separators, an apostrophe or an abbreviation dot ("U.S.") or
    repeat the first ("Llama" = "Lama").
    """
    branches = []
    for first, node in sorted(trie.items()):
        seconds = "".join(re.escape(c) for c in sorted(node) if c != _END)
        options = [re.escape(first)]
        if seconds:
            options.append(f"[ .']*[{seconds}]")
        if _END in node:
            options.append(r"(?![^\W_])")
        branches.append(f"{re.escape(first)}(?={'|'.join(options)})")
    return re.compile(_NOT_IN_WORD + "(?:" + "|".join(branches) + ")")


def _name_variants(name: str) -> set[str]:
    """Generated spellings of a label or altLabel: Arabic article forms, the other number."""
    variants = _article_variants(name, drop=True)
    for spelling in [name, *variants]:
        plural = _plural_variant(spelling)
        if plural is not None:
            variants.add(plural)
    variants.discard(name)
    return variants


def _check_kinds(kinds: Collection[str] | None) -> frozenset[str] | None:
    if kinds is None:
        return None
    if isinstance(kinds, str):
        kinds = [kinds]
    unknown = set(kinds) - KINDS
    if unknown:
        raise ValueError(f"unknown entity kind(s) {sorted(unknown)}; use {sorted(KINDS)}")
    return frozenset(kinds)


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer of the packaged reference data (parsed once per process)."""
    files = resource_files("reference", ".ttl")
    return Gazetteer.from_turtle((str(f), f.read_text(encoding="utf-8")) for f in files)
