"""Write N synthetic news articles about attacks and strikes, with the gold file that describes them.

The articles are built from the project's own templates and word lists (``benchmarks/data/``) and
the facilities, places and actors of the packaged reference data (``kg/data/reference/*.ttl``).
First a timeline of incidents is drawn (the truth: attacks on facilities, convoy bombings, US
strikes, who claimed and who was blamed, which incident answers which); then every incident is
reported by one to four articles, each with its own wording, date phrase and sometimes its own
figures, plus noise lines (captions, "Also read:" links, bylines, newsletter prompts). The gold
file (shared/gold/FORMAT.md) is computed from what the articles actually say, so it can score an
extraction run as a weak, template-based check.

The same seed gives byte-identical files::

    python -m benchmarks.corpus_generator --articles 10000 --seed 7 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
FIRST_DAY = dt.date(2019, 10, 1)
LAST_DAY = dt.date(2025, 6, 30)


# Reference entities -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Entity:
    """A reference entity as the generator uses it: canonical label, the spellings to write."""

    iri: str
    label: str
    aliases: tuple[str, ...] = ()
    country: str | None = None     # country label
    place: str | None = None       # province/region label

    def spellings(self) -> tuple[str, ...]:
        return (self.label,) + self.aliases


@dataclass(frozen=True)
class Reference:
    facilities: tuple[Entity, ...]
    places: tuple[Entity, ...]
    claimants: tuple[Entity, ...]
    blamed: tuple[Entity, ...]
    monitors: tuple[Entity, ...]
    us_military: str
    source: str                    # where the entities came from


def _reference_files() -> list[Path]:
    try:
        from kg.resources import resource_files
        return [Path(str(f)) for f in resource_files("reference", ".ttl")]
    except Exception:   # the package may be half-written early in the project
        return []


def _read_graph(paths: list[Path]):
    import rdflib
    graph = rdflib.Graph()
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:   # a reference file being edited must not stop a benchmark
            print(f"corpus_generator: skipping {path}: {str(exc).strip().splitlines()[0]}", file=sys.stderr)
    return graph


def _entities(graph, cls) -> list[Entity]:
    """Entities of one class: canonical label, spellings, country and governorate labels."""
    from rdflib.namespace import RDF, RDFS, SKOS
    import rdflib

    ck = rdflib.Namespace("https://w3id.org/conflict-kg/ontology#")

    def label(node) -> str | None:
        value = graph.value(node, SKOS.prefLabel) or graph.value(node, RDFS.label)
        return str(value) if value is not None else None

    def governorate(node):
        # A town names its governorate with ck:province; events carry the governorate.
        seen = set()
        while node is not None and node not in seen:
            seen.add(node)
            up = graph.value(node, ck.province)
            if up is None:
                return node
            node = up
        return node

    found = []
    for node in sorted(set(graph.subjects(RDF.type, cls)), key=str):
        name = label(node)
        if not name:
            continue
        aliases = sorted({str(a) for a in graph.objects(node, SKOS.altLabel)} - {name})
        country = graph.value(node, ck.country)
        place = graph.value(node, ck.province) or graph.value(node, ck.place)
        place = governorate(place) if place is not None else None
        found.append(Entity(str(node), name, tuple(aliases),
                            label(country) if country is not None else None,
                            label(place) if place is not None else None))
    return found


def load_reference(exclude: tuple[str, ...] = ()) -> Reference:
    """Entities from the packaged reference data; a kind it lacks (yet) comes from the fallback file."""
    import rdflib

    ck = rdflib.Namespace("https://w3id.org/conflict-kg/ontology#")
    packaged = _read_graph(_reference_files())
    fallback = _read_graph([DATA_DIR / "fallback-reference.ttl"])
    sources = set()

    def entities(cls) -> list[Entity]:
        found = _entities(packaged, cls)
        sources.add("kg/data/reference" if found else "benchmarks/data/fallback-reference.ttl")
        return found or _entities(fallback, cls)

    facilities = [f for f in entities(ck.Facility) if f.country]
    # Governorates only (no ck:province): a strike is located by the governorate the gold names.
    places = [p for p in entities(ck.Region) if p.country and p.place is None or p.place == p.label]
    groups = entities(ck.ArmedGroup)
    claimants = [g for g in groups if not any(word in g.iri.lower() for word in exclude)]
    categories = entities(ck.GroupCategory)
    monitors = entities(ck.Monitor)
    forces = entities(ck.StateForce)
    us = next((f.label for f in forces if "united-states" in f.iri), "United States")
    # Generic descriptors are blamed most often, as in real reporting; named groups sometimes.
    blamed = categories * 3 + claimants[: max(1, len(claimants) // 2)] if categories else claimants
    return Reference(tuple(facilities), tuple(places), tuple(claimants), tuple(blamed), tuple(monitors),
                     us, " + ".join(sorted(sources)))


# The truth --------------------------------------------------------------------------------------

@dataclass
class Incident:
    """One incident as it happened (the generator's truth)."""

    id: str
    kind: str                                   # attack | strike
    date: dt.date
    facility: Entity | None
    place: str | None
    country: str | None
    weapons: list[tuple[str, int | None]]
    injured: int | None
    killed: int | None
    claimant: Entity | None = None
    claim_channel: str | None = None            # monitor | statement
    blamed: list[tuple[Entity, str]] = field(default_factory=list)
    responds_to: "Incident | None" = None
    group: Entity | None = None                 # the group a strike hits
    convoy: bool = False
    exact: bool = False                         # one report deviates: the others state every figure


@dataclass
class Mention:
    """What one article says about one incident: the basis of the gold file."""

    incident: Incident
    date: tuple[str, str] | None                # (value, precision) the words resolve to
    counts: dict[str, int | None] = field(default_factory=dict)
    injured: int | None = None
    killed: int | None = None
    claimed: bool = False
    blamed: list[str] = field(default_factory=list)
    answers: bool = False                       # states the incident's responds_to link


class Words:
    """Templates and lexicon, with the random source every choice is drawn from."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.lex = json.loads((DATA_DIR / "lexicon.json").read_text(encoding="utf-8"))
        self.tpl = json.loads((DATA_DIR / "templates.json").read_text(encoding="utf-8"))

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def fill(self, template: str, **slots) -> str:
        values = {}
        for name in re.findall(r"{(\w+)}", template):
            key = name[0].lower() + name[1:]
            value = slots[key] if key in slots else slots[name]
            values[name] = _capitalise(value) if name[0].isupper() and key in slots else value
        return template.format(**values)

    def number(self, n: int, capital: bool = False) -> str:
        """Digits or words, as reporters mix them."""
        if n <= 12 and self.rng.random() < 0.6:
            word = self.lex["number_words"][n]
            return _capitalise(word) if capital else word
        return str(n)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def draw_incidents(count: int, ref: Reference, words: Words) -> list[Incident]:
    """A timeline of ``count`` incidents with unique (place, day) and plausible response links."""
    rng, lex = words.rng, words.lex
    span = (LAST_DAY - FIRST_DAY).days
    weapon_types = list(lex["attack_weapon_weights"])
    weights = [lex["attack_weapon_weights"][w] for w in weapon_types]
    new_facilities = [Entity(f"new:{_slug(f['label'])}", f["label"], (), f["country"], None)
                      for f in lex["new_facilities"]]
    strike_places = [p for p in ref.places if p.label in lex["strike_places"]] or list(ref.places)
    convoy_places = [p for p in ref.places if p.label in lex["convoy_places"]] or list(ref.places)
    used: set[tuple[str, dt.date]] = set()
    incidents: list[Incident] = []
    days = sorted(FIRST_DAY + dt.timedelta(days=rng.randrange(span)) for _ in range(count))
    for day in days:
        roll = rng.random()
        if roll < 0.15:
            place = words.pick(strike_places)
            key, kind, facility = place.label, "strike", None
        elif roll < 0.20:
            place = words.pick(convoy_places)
            key, kind, facility = "convoy " + place.label, "attack", None
        else:
            facility = words.pick(new_facilities) if rng.random() < 0.03 else words.pick(list(ref.facilities))
            place = None
            key, kind = facility.label, "attack"
        while (key, day) in used:
            day += dt.timedelta(days=1)
        used.add((key, day))
        incident = Incident(id="", kind=kind, date=day, facility=facility,
                            place=facility.place if facility else place.label,
                            country=facility.country if facility else place.country,
                            weapons=[], injured=None, killed=None)
        if kind == "strike":
            n = rng.choice([None, None, 2, 3, 4, 5, 7])
            incident.weapons = [("airstrike", n)]
            incident.killed = rng.choice([None, None, 2, 3, 4, 5, 8, 10, 17])
            incident.group = words.pick(list(ref.claimants))
        elif facility is None:
            incident.convoy = True
            incident.weapons = [("ied", 1)]
            incident.injured = rng.choice([None, 0, 1, 2, 3])
            incident.killed = rng.choice([None, None, 0])
        else:
            first = rng.choices(weapon_types, weights)[0]
            first = "rocket" if first == "ied" else first
            uses = [first]
            if rng.random() < 0.15:
                second = rng.choice([w for w in ("rocket", "drone", "mortar") if w != first])
                uses.append(second)
            for weapon in uses:
                count_value = None if rng.random() < 0.25 else rng.choice(lex["weapons"][weapon]["counts"])
                incident.weapons.append((weapon, count_value))
            incident.injured = rng.choices([None, 0, 1, 2, 3, 4, 6, 8], [40, 25, 10, 10, 6, 4, 3, 2])[0]
            incident.killed = rng.choices([None, 0, 1, 2, 3], [70, 15, 8, 5, 2])[0]
            if incident.killed and incident.injured == 0:
                incident.injured = None
            if rng.random() < 0.3:
                incident.claimant = words.pick(list(ref.claimants))
                incident.claim_channel = rng.choice(["monitor", "statement"])
            if rng.random() < 0.5:
                incident.blamed.append((words.pick(list(ref.blamed)), words.pick(lex["blamers"])))
        incidents.append(incident)
    _link_responses(incidents, rng)
    for n, incident in enumerate(incidents):
        where = incident.facility.label if incident.facility else incident.place or "unknown"
        incident.id = f"{incident.date.isoformat()}-{_slug(where)}-{incident.kind}-{n:05d}"
    return incidents


def _link_responses(incidents: list[Incident], rng: random.Random) -> None:
    """Some attacks answer a recent strike, some strikes a recent attack (always an earlier day)."""
    recent_strikes: list[Incident] = []
    recent_attacks: list[Incident] = []
    for incident in incidents:
        pool = recent_strikes if incident.kind == "attack" else recent_attacks
        window = 40 if incident.kind == "attack" else 20
        candidates = [c for c in pool if 0 < (incident.date - c.date).days <= window]
        chance = 0.3 if incident.kind == "attack" else 0.4
        if candidates and not incident.convoy and rng.random() < chance:
            incident.responds_to = candidates[-1 - rng.randrange(min(3, len(candidates)))]
        (recent_strikes if incident.kind == "strike" else recent_attacks).append(incident)
        del recent_strikes[:-20], recent_attacks[:-60]


# Dates ------------------------------------------------------------------------------------------

def date_phrase(day: dt.date, published: dt.date | None, words: Words,
                allow_month: bool = True) -> tuple[str, tuple[str, str] | None]:
    """Words for ``day`` as an article published on ``published`` would say it, and what they resolve to."""
    rng, lex = words.rng, words.lex
    weekday = lex["weekdays"][day.weekday()]
    month = lex["months"][day.month - 1]
    full_day = (day.isoformat(), "day")
    options: list[tuple[str, tuple[str, str] | None]] = []
    delta = (published - day).days if published else None
    resolved = full_day if published else None
    if delta is None or 0 <= delta <= 6:
        options += [(f"on {weekday}", resolved), (f"late on {weekday}", resolved),
                    (f"{weekday} night", resolved), (f"early on {weekday}", resolved)]
    if delta is None or delta == 1:
        options.append(("yesterday", resolved))
    short = lex["months_short"][day.month - 1]
    if delta is None or 0 <= delta <= 300:
        options += [(f"on {day.day} {month}", resolved), (f"on {month} {day.day}", resolved),
                    (f"on {short} {day.day}", resolved)]
    options.append((f"on {month} {day.day}, {day.year}", full_day))
    if allow_month and published is not None:
        previous = (published.replace(day=1) - dt.timedelta(days=1))
        if (day.year, day.month) == (previous.year, previous.month):
            options.append(("last month", (f"{day.year:04d}-{day.month:02d}", "month")))
    elif allow_month and published is None and rng.random() < 0.3:
        options.append(("last month", None))
    return options[rng.randrange(len(options))]


# Sentences --------------------------------------------------------------------------------------

class ArticleWriter:
    """Writes one article about a primary incident (and maybe a second one) and records its mentions."""

    def __init__(self, words: Words, published: dt.date | None, monitors: tuple[str, ...]):
        self.words = words
        self.rng = words.rng
        self.published = published
        self.monitors = monitors          # as written in a sentence ("the SITE Intelligence Group")
        self.mentions: dict[str, Mention] = {}

    def mention(self, incident: Incident, date: tuple[str, str] | None) -> Mention:
        found = self.mentions.get(incident.id)
        if found is None:
            found = self.mentions[incident.id] = Mention(incident, date)
        elif date is not None and (found.date is None or _precision_rank(date) > _precision_rank(found.date)):
            found.date = date
        return found

    # the pieces of one incident's report ---------------------------------------------------------
    def weapons_phrase(self, incident: Incident, mention: Mention, capital: bool,
                       deviate: bool, omit_counts: bool) -> tuple[str, bool]:
        """E.g. "at least 14 rockets", "a drone and three rockets"; returns (phrase, plural)."""
        lex, rng = self.words.lex, self.rng
        parts, plural = [], len(incident.weapons) > 1
        for i, (weapon, count) in enumerate(incident.weapons):
            forms = lex["weapons"][weapon]
            said = count
            if count is not None and deviate and i == 0:
                said = max(1, count + rng.choice([-1, 1, 2]))
                said = said if said != count else count + 1
            if count is None or omit_counts:
                noun = self.words.pick(forms["many"])
                parts.append(rng.choice([f"a barrage of {noun}", f"several {noun}", noun]))
                mention.counts[weapon] = None
                plural = True
                continue
            mention.counts[weapon] = said
            if said == 1:
                noun = self.words.pick(forms["one"])
                article = "an" if noun[0].lower() in "aeiou" else "a"
                parts.append(rng.choice([f"{article} {noun}", f"one {noun}", f"at least one {noun}"]))
            else:
                noun = self.words.pick(forms["many"])
                lead = rng.choice(["", "", "at least ", "as many as "])
                parts.append(f"{lead}{self.words.number(said)} {noun}")
                plural = True
        phrase = " and ".join(parts)
        return (_capitalise(phrase) if capital else phrase), plural

    def casualties(self, incident: Incident, mention: Mention, source: str, deviate: bool) -> str | None:
        tpl, words, rng = self.words.tpl, self.words, self.rng
        injured, killed = incident.injured, incident.killed
        if deviate and injured:
            injured = injured + rng.choice([1, 2])
        if injured is None and killed is None:
            if rng.random() < 0.15:
                return words.fill(words.pick(tpl["vague_casualties"]), victims=words.pick(words.lex["victims"]),
                                  source=source)
            return None
        victims, victim = words.pick(words.lex["victims"]), words.pick(words.lex["victims_one"])
        if killed == 1 and injured:
            mention.killed, mention.injured = killed, injured
            return words.fill(words.pick(tpl["killed_one_and_injured"]), victim=victim, m=words.number(injured),
                              source=source)
        if killed and injured:
            mention.killed, mention.injured = killed, injured
            return words.fill(words.pick(tpl["killed_and_injured"]), n=words.number(killed),
                              N=words.number(killed, True), m=words.number(injured), victims=victims, source=source)
        if killed:
            mention.killed = killed
            if killed == 1:
                return words.fill(words.pick(tpl["killed_one"]), victim=victim)
            return words.fill(words.pick(tpl["killed_many"]), n=words.number(killed), N=words.number(killed, True),
                              victims=victims, source=source)
        if injured == 0 and killed == 0:
            mention.injured, mention.killed = 0, 0
            return words.fill(words.pick(tpl["no_casualties"]), source=source)
        if injured == 0:
            mention.injured = 0
            return words.pick(tpl["no_injuries"])
        if injured:
            mention.injured = injured
            if injured == 1:
                return words.fill(words.pick(tpl["injured_one"]), victim=victim, source=source)
            return words.fill(words.pick(tpl["injured_many"]), n=words.number(injured), N=words.number(injured, True),
                              victims=victims, source=source)
        if killed == 0:
            mention.killed = 0
            return "No one was killed."
        return None

    def source_for(self, incident: Incident) -> str:
        key = "sources_syria" if incident.country == "Syria" else "sources"
        return self.words.pick(self.words.lex[key])

    def facility_text(self, incident: Incident) -> str:
        name = self.words.pick(list(incident.facility.spellings()))
        if name.lower().startswith("the ") or name.startswith(tuple(self.words.lex["no_article_prefixes"])):
            return name
        return "the " + name

    def location_text(self, incident: Incident) -> str:
        choices = [""]
        if incident.place:
            choices.append(f" in {incident.place}")
        if incident.country:
            choices.append(f" in {incident.country}")
        return self.words.pick(choices)

    def incident_sentences(self, incident: Incident, second: bool, deviate: bool, detail: bool) -> list[str]:
        """The sentences reporting one incident: lead, casualties, claim, blame, response."""
        words, tpl, rng, lex = self.words, self.words.tpl, self.rng, self.words.lex
        phrase, resolved = date_phrase(incident.date, self.published, words, allow_month=second)
        mention = self.mention(incident, resolved)
        source = self.source_for(incident)
        sentences = []
        if incident.kind == "strike":
            count = incident.weapons[0][1]
            stated = count if count and rng.random() < 0.7 else None
            strikes = (f"{words.number(stated)} air strikes" if stated
                       else rng.choice(["air strikes", "airstrikes", "a series of air strikes"]))
            mention.counts["airstrike"] = stated
            template = words.pick(tpl["strike_second" if second else "strike_lead"])
            group = words.pick(list(incident.group.spellings()))
            sentences.append(words.fill(template, when=phrase, actor=words.pick(lex["strike_actors"]), strikes=strikes,
                                        targets=words.pick(lex["strike_targets"]), group=group, place=incident.place,
                                        country=incident.country, source=source))
            if detail and incident.killed:
                mention.killed = incident.killed
                sentences.append(words.fill(words.pick(tpl["strike_killed"]), n=words.number(incident.killed),
                                            fighters=words.pick(lex["fighters"]), source=source,
                                            monitor=words.pick(list(self.monitors))))
        else:
            # An incident with a deviating report has every other report give its figures, so the
            # value most sources give is always well defined.
            omit = rng.random() < 0.12 and not incident.exact
            weapons, plural = self.weapons_phrase(incident, mention, False, deviate and detail, omit)
            hit = words.pick(lex["hit_verbs"] if plural else lex["hit_verbs_one"])
            if incident.convoy:
                template = words.pick(tpl["convoy_lead"])
                sentences.append(words.fill(template, when=phrase, weapons=weapons, place=incident.place, source=source))
            else:
                template = words.pick(tpl["attack_second" if second else "attack_lead"])
                sentences.append(words.fill(template, when=phrase, weapons=weapons, hit=hit,
                                            facility=self.facility_text(incident),
                                            location=self.location_text(incident), source=source))
            if detail:
                casualty = self.casualties(incident, mention, self.source_for(incident), deviate and not incident.weapons[0][1])
                if casualty:
                    sentences.append(casualty)
        if detail and incident.kind == "attack":
            sentences += self.claim_and_blame(incident, mention)
        if detail and incident.responds_to is not None and rng.random() < 0.8:
            sentences.append(self.response_sentence(incident, mention))
        return sentences

    def claim_and_blame(self, incident: Incident, mention: Mention) -> list[str]:
        words, tpl, rng = self.words, self.words.tpl, self.rng
        out = []
        if incident.claimant is not None and rng.random() < 0.8:
            group = words.pick(list(incident.claimant.spellings()))
            key = "claim_monitor" if incident.claim_channel == "monitor" else "claim_statement"
            out.append(words.fill(words.pick(tpl[key]), group=group, monitor=words.pick(list(self.monitors))))
            mention.claimed = True
        elif incident.claimant is None and rng.random() < 0.5:
            out.append(words.pick(tpl["no_claim"]))
        for group, blamer in incident.blamed:
            if rng.random() < 0.75:
                out.append(words.fill(words.pick(tpl["blame"]), blamer=blamer,
                                      blamed=words.pick(list(group.spellings()))))
                mention.blamed.append(group.label)
        return out

    def response_sentence(self, incident: Incident, mention: Mention) -> str:
        words, tpl = self.words, self.words.tpl
        earlier = incident.responds_to
        phrase, resolved = date_phrase(earlier.date, self.published, words)
        self.mention(earlier, resolved)
        mention.answers = True
        if incident.kind == "attack":
            return words.fill(words.pick(tpl["attack_answers_strike"]), when=phrase, place=earlier.place,
                              source=self.source_for(incident))
        weapon = earlier.weapons[0][0] if earlier.weapons else "rocket"
        attack = words.pick(words.lex["weapons"].get(weapon, words.lex["weapons"]["rocket"])["attack"])
        target = self.facility_text(earlier) if earlier.facility else f"a coalition convoy in {earlier.place}"
        return words.fill(words.pick(tpl["strike_answers_attack"]), attack=attack, target=target, when=phrase)


def _precision_rank(date: tuple[str, str] | None) -> int:
    return {"day": 2, "month": 1}.get(date[1], 0) if date else -1


# Articles ---------------------------------------------------------------------------------------

@dataclass
class WrittenArticle:
    text: str
    published: dt.date | None
    mentions: list[Mention]


def write_article(words: Words, ref: Reference, primary: Incident, second: Incident | None,
                  dated: bool, deviate: bool) -> WrittenArticle:
    """One article: optional dateline, lead paragraph, details, a second incident, noise lines."""
    rng, tpl, lex = words.rng, words.tpl, words.lex
    published = primary.date + dt.timedelta(days=rng.choice([0, 0, 0, 1, 1, 2])) if dated else None
    monitors = tuple(m.label if m.label.lower().startswith("the ") else "the " + m.label for m in ref.monitors)
    writer = ArticleWriter(words, published, monitors)
    paragraphs: list[str] = []
    noise_slots = dict(facility=writer.facility_text(primary) if primary.facility else "a coalition base",
                       agency=words.pick(lex["agencies"]), country=primary.country or "Iraq",
                       attack=words.pick(lex["weapons"]["rocket"]["attack"]),
                       weapons=words.pick(lex["weapons"]["drone"]["many"]),
                       outlet=words.pick(lex["outlets"]), first=words.pick(lex["person_first"]),
                       last=words.pick(lex["person_last"]), first2=words.pick(lex["person_first"]),
                       last2=words.pick(lex["person_last"]))
    if rng.random() < 0.15:
        paragraphs.append(words.fill(words.pick(tpl["captions"]), **noise_slots))
    if rng.random() < 0.15:
        paragraphs.append(words.fill(words.pick(tpl["bylines"]), **noise_slots))
    sentences = writer.incident_sentences(primary, second=False, deviate=deviate, detail=True)
    lead, rest = sentences[:2], sentences[2:]
    paragraphs.append(" ".join(lead))
    if rng.random() < 0.3:
        paragraphs.append(words.fill(words.pick(tpl["also_read"]), **noise_slots))
    if rest:
        if rng.random() < 0.25:
            paragraphs.append(words.pick(tpl["headings"]))
        paragraphs.append(" ".join(rest))
    if second is not None:
        paragraphs.append(" ".join(writer.incident_sentences(second, second=True, deviate=False,
                                                             detail=rng.random() < 0.5)))
    # Background and quotes: most of a real article's length is context that reports no incident.
    fillers = list(tpl["filler"])
    rng.shuffle(fillers)
    taken = rng.randint(6, 16)
    for start in range(0, taken, 3):
        paragraphs.append(" ".join(fillers[start:min(taken, start + 3)]))
    if rng.random() < 0.6:
        quote = words.fill(words.pick(tpl["quotes"]), speaker=words.pick(tpl["speakers"]))
        paragraphs.insert(rng.randint(1, len(paragraphs)), quote)
    if rng.random() < 0.2:
        paragraphs.append(words.pick(tpl["newsletters"]))
    if rng.random() < 0.2:
        paragraphs.append(words.fill(words.pick(tpl["source_lines"]), **noise_slots))
    body = ("\n\n" if rng.random() < 0.7 else "\n").join(paragraphs)
    if published is not None:
        prefix = ""
        if rng.random() < 0.5:
            cities = lex["cities"].get((primary.country or "").lower(), lex["cities"]["default"])
            prefix = tpl["dateline_prefix"].format(city=words.pick(cities), agency=words.pick(lex["agencies"]))
        text = f" date {published.isoformat()} {prefix}{body}"
    else:
        text = body
    return WrittenArticle(text + "\n", published, list(writer.mentions.values()))


# Gold -------------------------------------------------------------------------------------------

def _majority(values: list[int]) -> int | None:
    if not values:
        return None
    counts = Counter(values).most_common()
    return counts[0][0]


def gold_events(incidents: list[Incident], said: dict[str, list[tuple[str, Mention]]], us_label: str) -> list[dict]:
    """One gold event per incident that some article mentions, from what the articles say."""
    events = []
    for incident in incidents:
        reports = said.get(incident.id)
        if not reports:
            continue
        mentions = [m for _, m in reports]
        best = max((m.date for m in mentions), key=_precision_rank)
        weapons = {}
        for weapon, _ in incident.weapons:
            stated = [m.counts[weapon] for m in mentions if m.counts.get(weapon) is not None]
            weapons[weapon] = _majority(stated)
        claimed = sorted({incident.claimant.label for m in mentions if m.claimed}) if incident.claimant else []
        blamed = sorted({g for m in mentions for g in m.blamed})
        answers = any(m.answers for m in mentions) and incident.responds_to is not None
        events.append({
            "id": incident.id,
            "kind": incident.kind,
            "date": best[0] if best else None,
            "facility": incident.facility.label if incident.facility else None,
            "place": incident.place,
            "country": incident.country,
            "weapons": weapons,
            "injured": _majority([m.injured for m in mentions if m.injured is not None]),
            "killed": _majority([m.killed for m in mentions if m.killed is not None]),
            "claimed_by": claimed,
            "attributed_to": blamed,
            "perpetrator": us_label if incident.kind == "strike" else None,
            "retaliation_for": [incident.responds_to.id] if answers else [],
            "mentions": sorted({name for name, _ in reports}),
            "optional": False,
            "note": "synthetic (benchmarks/corpus_generator.py)",
        })
    return events


def generate_corpus(articles: int, seed: int, out: Path) -> dict:
    """Write ``articles`` article files and ``gold.json`` into ``out``; returns a summary."""
    if articles < 1:
        raise ValueError("--articles must be at least 1")
    rng = random.Random(seed)
    words = Words(rng)
    ref = load_reference(tuple(words.lex["claimant_exclude"]))
    report_counts = [rng.choices([1, 2, 3, 4], [55, 25, 13, 7])[0] for _ in range(articles)]
    # Draw incidents until their reports cover the article count, then trim the last one.
    plan, total = [], 0
    for k in report_counts:
        if total >= articles:
            break
        plan.append(min(k, articles - total))
        total += plan[-1]
    incidents = draw_incidents(len(plan), ref, words)
    by_day = sorted(incidents, key=lambda i: (i.date, i.id))
    index = {id(i): n for n, i in enumerate(by_day)}
    written: list[WrittenArticle] = []
    for incident, k in zip(incidents, plan):
        deviant = rng.randrange(k) if k >= 3 and rng.random() < 0.5 else -1
        incident.exact = deviant >= 0
        for r in range(k):
            second = None
            if rng.random() < 0.3:
                n = index[id(incident)]
                nearby = [c for c in by_day[max(0, n - 8):n]
                          if c is not incident.responds_to and 0 <= (incident.date - c.date).days <= 6]
                second = words.pick(nearby) if nearby else None
            written.append(write_article(words, ref, incident, second, dated=rng.random() < 0.7,
                                         deviate=(r == deviant)))
    rng.shuffle(written)
    out.mkdir(parents=True, exist_ok=True)
    said: dict[str, list[tuple[str, Mention]]] = {}
    gold_articles = {}
    total_bytes = 0
    for n, article in enumerate(written):
        data = article.text.encode("utf-8")
        name = f"{n:05d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"
        (out / name).write_bytes(data)
        total_bytes += len(data)
        gold_articles[name] = {"published": article.published.isoformat() if article.published else None}
        for mention in article.mentions:
            said.setdefault(mention.incident.id, []).append((name, mention))
    events = gold_events(incidents, said, ref.us_military)
    facilities = {f.label: list(f.aliases) for f in ref.facilities}
    facilities.update({i.facility.label: [] for i in incidents if i.facility and i.facility.iri.startswith("new:")})
    groups = {g.label: list(g.aliases) for g in sorted(set(ref.claimants) | set(ref.blamed), key=lambda e: e.label)}
    gold = {"articles": gold_articles, "events": events, "facilities": facilities, "groups": groups,
            "generator": {"seed": seed, "articles": articles, "reference": ref.source}}
    (out / "gold.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return {"articles": len(written), "events": len(events), "bytes": total_bytes, "out": str(out),
            "reference": ref.source}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus_generator",
                                     description="Write N synthetic articles and their gold file (seeded, reproducible).",
                                     epilog="example: python -m benchmarks.corpus_generator --articles 10000 --seed 7 --out /tmp/corpus")
    parser.add_argument("--articles", type=int, default=1000, help="how many articles to write (default 1000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed; the same seed gives the same files")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the articles and gold.json into")
    args = parser.parse_args(argv)
    summary = generate_corpus(args.articles, args.seed, args.out)
    print(f"wrote {summary['articles']} articles ({summary['bytes'] / 1e6:.1f} MB) and {summary['events']} gold events "
          f"to {summary['out']} (entities from {summary['reference']})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
