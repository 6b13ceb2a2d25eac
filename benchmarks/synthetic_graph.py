"""Write a synthetic conflict-kg graph of N events, with a known number of deliberate mistakes.

The graph follows docs/graph-model.md (about 30 triples per event): articles, attacks and strikes
with dates of day, month or no precision, targets, weapon uses, reported figures, claims,
attributions, responses to earlier events and evidence nodes, plus the facilities, countries and
groups they point at. Every ``--every``-th event (default 1000) carries one of the mistakes of the
test catalogue (tests/validate/catalogue/), in rotation, so a validator must find exactly
``expected_counts(n)`` results. The same arguments give byte-identical output::

    python -m benchmarks.synthetic_graph --events 10000 --out /tmp/graph-10k.nt
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
from collections import Counter
from pathlib import Path
from typing import Iterator

ID = "https://w3id.org/conflict-kg/id/"
CK = "https://w3id.org/conflict-kg/ontology#"
WEAPON = "https://w3id.org/conflict-kg/weapon/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SKOS_PREF = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
PROV_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
OA = "http://www.w3.org/ns/oa#"
SCHEMA_PUBLISHED = "<https://schema.org/datePublished>"

WEAPONS = ("rocket", "drone", "mortar", "rpg", "missile", "airstrike", "ied", "gunfire", "unknown")
ARTICLE_LENGTH = 5000
EVENTS_PER_ARTICLE = 4
FACILITIES = 40
GROUPS = 12

# The mistakes planted, in rotation; each gives the (severity, rule) results listed.
MISTAKES: dict[str, tuple[tuple[str, str], ...]] = {
    "ill-formed-date": (("Violation", "EventDateDatatypeShape"),),
    "two-dates": (("Violation", "EventDateCountShape"),),
    "negative-count": (("Violation", "WeaponCountShape"),),
    "response-before-cause": (("Violation", "ResponseAfterCause"),),
    "response-cycle": (("Violation", "NoResponseCycle"), ("Violation", "NoResponseCycle")),
    "claim-without-claimant": (("Violation", "ClaimantShape"),),
    "evidence-past-end": (("Violation", "EvidenceInsideArticle"),),
    "wrong-datatype": (("Violation", "EventInjuredShape"), ("Violation", "EventInjuredShape")),
    "figures-disagree": (("Warning", "FiguresAgree"),),
}


def _lit(value: object, datatype: str | None = None) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"' if datatype is None else f'"{text}"^^<{XSD}{datatype}>'


def _int(value: int) -> str:
    return _lit(value, "integer")


def _hash(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def mistake_of(n: int, every: int) -> str | None:
    """The mistake planted in event ``n`` (None for a correct event)."""
    if every <= 0 or n % every != every // 2:
        return None
    kinds = list(MISTAKES)
    return kinds[(n // every) % len(kinds)]


def expected_counts(events: int, every: int = 1000) -> Counter:
    """How many results of each (severity, rule) a correct validator reports on the graph."""
    counts: Counter = Counter()
    for n in range(events):
        kind = mistake_of(n, every)
        if kind is not None:
            counts.update(MISTAKES[kind])
    return counts


def _event_day(n: int) -> dt.date:
    # Events advance through time, so a response (to an earlier n) normally comes later.
    return dt.date(2019, 1, 1) + dt.timedelta(days=n // 3)


def _answered_day_event(n: int) -> int:
    """An earlier event with a day-precise date (its index is 1 modulo 20)."""
    return n - n % 20 - 19


def synthetic_triples(events: int, every: int = 1000) -> Iterator[str]:
    """N-Triples lines of the whole graph."""
    for f in range(FACILITIES):
        fac = f"<{ID}facility/base-{f}>"
        yield f"{fac} {RDF_TYPE} <{CK}Facility> ."
        yield f"{fac} {RDFS_LABEL} {_lit(f'Base {f}')} ."
        yield f"{fac} <{CK}country> <{ID}country/{'iraq' if f % 3 else 'syria'}> ."
    for country in ("iraq", "syria"):
        yield f"<{ID}country/{country}> {RDF_TYPE} <{CK}Country> ."
        yield f"<{ID}country/{country}> {RDFS_LABEL} {_lit(country.title())} ."
    for g in range(GROUPS):
        group = f"<{ID}actor/group-{g}>"
        yield f"{group} {RDF_TYPE} <{CK}ArmedGroup> ."
        yield f"{group} {SKOS_PREF} \"Group {g}\"@en ."
    for a in range((events + EVENTS_PER_ARTICLE - 1) // EVENTS_PER_ARTICLE):
        article = f"<{ID}article/{a:016x}>"
        yield f"{article} {RDF_TYPE} <{CK}Article> ."
        yield f"{article} <{CK}fileName> {_lit(f'{a:06d}.txt')} ."
        yield f"{article} <{CK}sha256> {_lit(_hash('article', a))} ."
        yield f"{article} <{CK}charCount> {_int(ARTICLE_LENGTH)} ."
        yield f"{article} {SCHEMA_PUBLISHED} {_lit(_event_day(a * EVENTS_PER_ARTICLE).isoformat(), 'date')} ."
    for n in range(events):
        yield from _event_triples(n, mistake_of(n, every))


def _event_iri(n: int) -> str:
    return f"<{ID}event/e{n:07d}>"


def _evidence(node: str, n: int, slot: int, supports: tuple[str, ...], mistake: bool = False) -> Iterator[str]:
    article = f"<{ID}article/{n // EVENTS_PER_ARTICLE:016x}>"
    start = (n % EVENTS_PER_ARTICLE) * 1000 + slot * 200
    end = ARTICLE_LENGTH + 250 if mistake else start + 150
    yield f"{node} <{CK}article> {article} ."
    yield f"{node} {RDF_TYPE} <{CK}Evidence> ."
    yield f"{node} <{OA}start> {_int(start)} ."
    yield f"{node} <{OA}end> {_int(end)} ."
    yield f"{node} <{OA}exact> {_lit(f'Sentence {slot} about event {n}.')} ."
    for prop in supports:
        yield f"{node} <{CK}supports> <{CK}{prop}> ."


def _event_triples(n: int, mistake: str | None) -> Iterator[str]:
    event = _event_iri(n)
    strike = n % 10 == 9
    day = _event_day(n)
    kind = n % 20
    if mistake in ("ill-formed-date", "two-dates", "response-before-cause", "response-cycle"):
        kind = 1       # these mistakes are about day-precise events
    evidence = f"<{ID}evidence/{_hash('ev', n)[:16]}>"
    yield f"{event} {RDF_TYPE} <{CK}{'Strike' if strike else 'Attack'}> ."
    yield f"{event} {RDFS_LABEL} {_lit(f'Event {n}')} ."
    if kind == 0:          # undated
        yield f"{event} <{CK}undatedReason> {_lit('weekday in an article with no dateline')} ."
        yield f"{event} <{CK}datePhrase> {_lit('on Thursday')} ."
    else:
        if kind == 10:     # month precision
            value, datatype, precision = day.strftime("%Y-%m"), "gYearMonth", "MonthPrecision"
            first = day.replace(day=1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        else:
            value, datatype, precision = day.isoformat(), "date", "DayPrecision"
            first = last = day
        if mistake == "response-before-cause":
            # Dated ten days before the event it answers (see below).
            first = last = _event_day(_answered_day_event(n)) - dt.timedelta(days=10)
            value = first.isoformat()
        if mistake == "ill-formed-date":
            value = f"{day.year}-{day.month:02d}-32"
        yield f"{event} <{CK}date> {_lit(value, datatype)} ."
        if mistake == "two-dates":
            yield f"{event} <{CK}date> {_lit((day + dt.timedelta(days=1)).isoformat(), 'date')} ."
        yield f"{event} <{CK}datePrecision> <{CK}{precision}> ."
        yield f"{event} <{SEM}hasEarliestBeginTimeStamp> {_lit(first.isoformat(), 'date')} ."
        yield f"{event} <{SEM}hasLatestEndTimeStamp> {_lit(last.isoformat(), 'date')} ."
    facility = n % FACILITIES
    yield f"{event} <{CK}target> <{ID}facility/base-{facility}> ."
    yield f"{event} <{CK}country> <{ID}country/{'iraq' if facility % 3 else 'syria'}> ."
    yield f"{event} {PROV_DERIVED} <{ID}article/{n // EVENTS_PER_ARTICLE:016x}> ."
    yield f"{event} <{CK}evidence> {evidence} ."
    yield from _evidence(evidence, n, 0, ("date", "target"), mistake == "evidence-past-end")
    if strike:
        yield f"{event} <{CK}perpetrator> <{ID}actor/united-states-military> ."
    # Weapon use, sharing the event's evidence sentence.
    use = f"<{ID}weaponuse/{_hash('wu', n)[:16]}>"
    yield f"{event} <{CK}weaponUse> {use} ."
    yield f"{use} {RDF_TYPE} <{CK}WeaponUse> ."
    yield f"{use} <{CK}weaponType> <{WEAPON}{'airstrike' if strike else WEAPONS[n % 5]}> ."
    if n % 4 or mistake == "negative-count":
        yield f"{use} <{CK}count> {_int(-3 if mistake == 'negative-count' else 1 + n % 7)} ."
    yield f"{use} <{CK}evidence> {evidence} ."
    # Casualty figures: two sources, which agree unless this is the disagreement case.
    if n % 5 == 0 or mistake in ("figures-disagree", "wrong-datatype"):
        injured = n % 4
        yield f"{event} <{CK}injured> {_lit(injured) if mistake == 'wrong-datatype' else _int(injured)} ."
        for source in (0, 1):
            figure = f"<{ID}figure/{_hash('fig', n, source)[:16]}>"
            value = injured + 2 if mistake == "figures-disagree" and source else injured
            yield f"{event} <{CK}reportedFigure> {figure} ."
            yield f"{figure} {RDF_TYPE} <{CK}ReportedFigure> ."
            yield f"{figure} <{CK}figureOf> <{CK}injured> ."
            yield f"{figure} <{CK}value> {_int(value)} ."
            yield f"{figure} <{CK}evidence> {evidence} ."
    # Claims for one attack in six.
    if (n % 6 == 1 and not strike) or mistake == "claim-without-claimant":
        claim = f"<{ID}claim/{_hash('claim', n)[:16]}>"
        yield f"{claim} {RDF_TYPE} <{CK}Claim> ."
        if mistake != "claim-without-claimant":
            yield f"{claim} <{CK}claimant> <{ID}actor/group-{n % GROUPS}> ."
        yield f"{claim} <{CK}claimedEvent> {event} ."
        yield f"{claim} <{CK}channel> <{CK}GroupStatementChannel> ."
        yield f"{claim} <{CK}evidence> {evidence} ."
    # Responses: every seventh event answers one three steps back (earlier or same day).
    if mistake == "response-before-cause":
        yield f"{event} <{CK}respondsTo> {_event_iri(_answered_day_event(n))} ."
    elif mistake == "response-cycle":
        # The partner falls on the same day, so only the cycle is wrong, not the order.
        partner = _event_iri(n + 1 if n % 3 < 2 else n - 1)
        yield f"{event} <{CK}respondsTo> {partner} ."
        yield f"{partner} <{CK}respondsTo> {event} ."
    elif n % 7 == 3 and n >= 3:
        yield f"{event} <{CK}respondsTo> {_event_iri(n - 3)} ."


def write_graph(events: int, out: Path, every: int = 1000) -> int:
    """Write the graph as N-Triples; returns the number of triples."""
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        batch: list[str] = []
        for line in synthetic_triples(events, every):
            batch.append(line)
            if len(batch) >= 50_000:
                handle.write("\n".join(batch) + "\n")
                count += len(batch)
                batch.clear()
        handle.write("\n".join(batch) + ("\n" if batch else ""))
        count += len(batch)
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=1000, help="plant a mistake every N events (0: none)")
    parser.add_argument("--out", type=Path, required=True, help="output .nt file")
    args = parser.parse_args(argv)
    triples = write_graph(args.events, args.out, args.every)
    print(f"{args.out}: {args.events} events, {triples} triples; expected results: "
          f"{dict(expected_counts(args.events, args.every))}")


if __name__ == "__main__":
    main()
