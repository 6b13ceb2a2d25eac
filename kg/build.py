"""Turn merged events and their articles into RDF, as docs/graph-model.md describes.

IRIs are minted from content (hashes of article text, mention ids, evidence spans), never from
file order or run time, so the same input gives the same graph.
"""

from __future__ import annotations

import hashlib
from typing import Iterable, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD, PROV, SKOS

from kg.model import Article, Attribution, Claim, EntityRef, Event, Evidence, ReportedFigure, WeaponUse
from kg.namespaces import (CK, DATE_DATATYPE, DEFAULT_BASE_IRI, FIGURE_PROPERTY, OA, PRECISION, REF,
                           SCHEMA, SEM, WEAPON, bind_prefixes)

# The event property each fact named in EventMention.evidence / Event.evidence supports.
FIELD_PROPERTY = {
    "kind": RDF.type,
    "date": CK.date,
    "facility": CK.target,
    "place": CK.place,
    "country": CK.country,
    "perpetrator": CK.perpetrator,
    "responds_to": CK.respondsTo,
    "unclaimed": CK.unclaimed,
    "injured": CK.injured,
    "killed": CK.killed,
}

ENTITY_CLASS = {
    "facility": CK.Facility,
    "place": CK.Region,
    "country": CK.Country,
    "armed_group": CK.ArmedGroup,
    "group_category": CK.GroupCategory,
    "state_force": CK.StateForce,
    "monitor": CK.Monitor,
    "media": CK.MediaOutlet,
    "government": CK.Government,
}
_ENTITY_FOLDER = {"facility": "facility", "place": "place", "country": "country"}

CHANNEL = {
    "group-statement": CK.GroupStatementChannel,
    "monitoring-group": CK.MonitoringGroupChannel,
    "social-media": CK.SocialMediaChannel,
    "media-report": CK.MediaReportChannel,
}


def _digest(*parts: object, length: int = 16) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:length]


class GraphBuilder:
    """Adds articles, events and the entities they use to one rdflib Graph."""

    def __init__(self, base_iri: str = DEFAULT_BASE_IRI, graph: Graph | None = None):
        if not base_iri.endswith(("/", "#")):
            base_iri += "/"
        self.base = base_iri
        self.graph = graph if graph is not None else Graph()
        bind_prefixes(self.graph)
        self._entities_added: set[str] = set()

    # IRIs -------------------------------------------------------------------------------------
    def article_iri(self, article_id: str) -> URIRef:
        return URIRef(f"{self.base}article/{article_id}")

    def event_iri(self, event_key: str) -> URIRef:
        return URIRef(f"{self.base}event/{event_key}")

    def entity_iri(self, ref: EntityRef) -> URIRef:
        if ref.iri:
            return URIRef(ref.iri)
        key = ref.key if "/" in ref.key else f"{_ENTITY_FOLDER.get(ref.kind, 'actor')}/{ref.key}"
        return URIRef(self.base + key)

    # Articles ---------------------------------------------------------------------------------
    def add_article(self, article: Article) -> URIRef:
        g, iri = self.graph, self.article_iri(article.article_id)
        g.add((iri, RDF.type, CK.Article))
        g.add((iri, RDFS.label, Literal(article.file_name)))
        g.add((iri, CK.fileName, Literal(article.file_name)))
        g.add((iri, CK.sha256, Literal(article.sha256)))
        g.add((iri, CK.charCount, Literal(len(article.text))))
        if article.published is not None:
            g.add((iri, SCHEMA.datePublished, Literal(article.published.isoformat(), datatype=XSD.date)))
        return iri

    # Entities ---------------------------------------------------------------------------------
    def add_entity(self, ref: EntityRef) -> URIRef:
        """The entity's IRI; an entity the reference data lacks gets its type, label and country."""
        iri = self.entity_iri(ref)
        if ref.iri is None and str(iri) not in self._entities_added:
            self._entities_added.add(str(iri))
            g = self.graph
            g.add((iri, RDF.type, ENTITY_CLASS[ref.kind]))
            g.add((iri, RDFS.label, Literal(ref.label)))
            g.add((iri, SKOS.prefLabel, Literal(ref.label, lang="en")))
            if ref.country:
                country = ref.country if ref.country.startswith("http") else str(REF[ref.country])
                g.add((iri, CK.country, URIRef(country)))
        return iri

    # Evidence ---------------------------------------------------------------------------------
    def add_evidence(self, subject: URIRef, evidence: Evidence, supports: Iterable[URIRef] = ()) -> URIRef:
        """Link ``subject`` to the sentence that gave its facts; one node per subject and sentence."""
        g = self.graph
        iri = URIRef(f"{self.base}evidence/{_digest(subject, evidence.article_id, evidence.start, evidence.end)}")
        g.add((subject, CK.evidence, iri))
        g.add((iri, RDF.type, CK.Evidence))
        g.add((iri, CK.article, self.article_iri(evidence.article_id)))
        g.add((iri, OA.start, Literal(evidence.start)))
        g.add((iri, OA.end, Literal(evidence.end)))
        g.add((iri, OA.exact, Literal(evidence.text)))
        for prop in supports:
            g.add((iri, CK.supports, prop))
        return iri

    # Events -----------------------------------------------------------------------------------
    def add_event(self, event: Event) -> URIRef:
        g, iri = self.graph, self.event_iri(event.key)
        g.add((iri, RDF.type, CK.Strike if event.kind == "strike" else CK.Attack))
        g.add((iri, RDFS.label, Literal(event_label(event))))
        self._add_date(iri, event)
        for prop, ref in ((CK.target, event.facility), (CK.place, event.place),
                          (CK.country, event.country), (CK.perpetrator, event.perpetrator)):
            if ref is not None:
                g.add((iri, prop, self.add_entity(ref)))
        for use in event.weapons:
            self._add_weapon_use(iri, use)
        if event.injured is not None:
            g.add((iri, CK.injured, Literal(event.injured)))
        if event.killed is not None:
            g.add((iri, CK.killed, Literal(event.killed)))
        for figure in event.figures:
            self._add_figure(iri, figure)
        for claim in event.claims:
            self._add_claim(iri, claim)
        for attribution in event.attributions:
            self._add_attribution(iri, attribution)
        if event.unclaimed:
            g.add((iri, CK.unclaimed, Literal(True)))
            for evidence in event.unclaimed:
                self.add_evidence(iri, evidence, [CK.unclaimed])
        for other_key, evidence in event.responds_to:
            g.add((iri, CK.respondsTo, self.event_iri(other_key)))
            self.add_evidence(iri, evidence, [CK.respondsTo])
        supports: dict[Evidence, set[URIRef]] = {}
        for field, evidence in event.evidence:
            supports.setdefault(evidence, set()).add(FIELD_PROPERTY.get(field, CK.evidence))
        for evidence, props in supports.items():
            self.add_evidence(iri, evidence, sorted(props))
        for article_id in event.article_ids:
            g.add((iri, PROV.wasDerivedFrom, self.article_iri(article_id)))
        if event.merge is not None:
            g.add((iri, CK.mergeExplanation, Literal(event.merge.explanation)))
        return iri

    def _add_date(self, iri: URIRef, event: Event) -> None:
        g, date = self.graph, event.date
        if date.phrase:
            g.add((iri, CK.datePhrase, Literal(date.phrase)))
        if date.value is None or date.precision is None:
            g.add((iri, CK.undatedReason, Literal(date.reason or "the text gives no date")))
            return
        g.add((iri, CK.date, Literal(date.value, datatype=DATE_DATATYPE[date.precision])))
        g.add((iri, CK.datePrecision, PRECISION[date.precision]))
        g.add((iri, SEM.hasEarliestBeginTimeStamp, Literal(date.earliest.isoformat(), datatype=XSD.date)))
        g.add((iri, SEM.hasLatestEndTimeStamp, Literal(date.latest.isoformat(), datatype=XSD.date)))

    def _node(self, folder: str, *parts: object) -> URIRef:
        return URIRef(f"{self.base}{folder}/{_digest(*parts)}")

    def _add_weapon_use(self, event_iri: URIRef, use: WeaponUse) -> None:
        g = self.graph
        node = self._node("weaponuse", event_iri, use.weapon, use.count, use.evidence.article_id,
                          use.evidence.start)
        g.add((event_iri, CK.weaponUse, node))
        g.add((node, RDF.type, CK.WeaponUse))
        g.add((node, CK.weaponType, WEAPON[use.weapon]))
        if use.count is not None:
            g.add((node, CK["count"], Literal(use.count)))
        if use.intercepted is not None:
            g.add((node, CK.intercepted, Literal(use.intercepted)))
        self.add_evidence(node, use.evidence, [CK.weaponType])

    def _add_figure(self, event_iri: URIRef, figure: ReportedFigure) -> None:
        g = self.graph
        node = self._node("figure", event_iri, figure.figure, figure.value, figure.evidence.article_id,
                          figure.evidence.start)
        g.add((event_iri, CK.reportedFigure, node))
        g.add((node, RDF.type, CK.ReportedFigure))
        g.add((node, CK.figureOf, FIGURE_PROPERTY[figure.figure]))
        g.add((node, CK.value, Literal(figure.value)))
        self.add_evidence(node, figure.evidence, [CK.value])

    def _add_claim(self, event_iri: URIRef, claim: Claim) -> None:
        g = self.graph
        node = self._node("claim", event_iri, claim.claimant.key, claim.evidence.article_id,
                          claim.evidence.start)
        g.add((node, RDF.type, CK.Claim))
        g.add((node, CK.claimant, self.add_entity(claim.claimant)))
        g.add((node, CK.claimedEvent, event_iri))
        if claim.relayed_by is not None:
            g.add((node, CK.relayedBy, self.add_entity(claim.relayed_by)))
        if claim.channel in CHANNEL:
            g.add((node, CK.channel, CHANNEL[claim.channel]))
        if claim.date is not None and claim.date.value and claim.date.precision:
            g.add((node, CK.claimDate, Literal(claim.date.value, datatype=DATE_DATATYPE[claim.date.precision])))
        self.add_evidence(node, claim.evidence, [CK.claimant])

    def _add_attribution(self, event_iri: URIRef, attribution: Attribution) -> None:
        g = self.graph
        node = self._node("attribution", event_iri, attribution.group.key, attribution.attributed_by,
                          attribution.evidence.article_id, attribution.evidence.start)
        g.add((node, RDF.type, CK.Attribution))
        g.add((node, CK.attributedEvent, event_iri))
        g.add((node, CK.attributedTo, self.add_entity(attribution.group)))
        if attribution.attributed_by:
            g.add((node, CK.attributedBy, Literal(attribution.attributed_by)))
        if attribution.attributed_by_ref is not None:
            g.add((node, CK.attributedByActor, self.add_entity(attribution.attributed_by_ref)))
        self.add_evidence(node, attribution.evidence, [CK.attributedTo])


def event_label(event: Event) -> str:
    """A short human label: what, where, when."""
    where = next((ref.label for ref in (event.facility, event.place, event.country) if ref), None)
    when = event.date.value or "undated"
    if event.kind == "strike":
        who = event.perpetrator.label if event.perpetrator else "unknown forces"
        return f"Strike by {who}" + (f" near {where}" if where else "") + f", {when}"
    return "Attack" + (f" on {where}" if where else "") + f", {when}"


def build_event_graph(articles: Sequence[Article], events: Sequence[Event],
                      base_iri: str = DEFAULT_BASE_IRI, reference: Graph | None = None) -> Graph:
    """The RDF graph of these articles and events (plus the reference data, when given)."""
    builder = GraphBuilder(base_iri)
    if reference is not None:
        for triple in reference:
            builder.graph.add(triple)
    for article in sorted(articles, key=lambda a: a.article_id):
        builder.add_article(article)
    for event in sorted(events, key=lambda e: e.key):
        builder.add_event(event)
    return builder.graph
