"""The one place that names namespaces and IRIs.

The ontology (``ontology/conflict-kg.ttl``) defines every ``CK`` term used here; docs/graph-model.md
shows the triples one event produces.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, DCTERMS

CK = Namespace("https://w3id.org/conflict-kg/ontology#")
# Weapon types are SKOS concepts of one scheme, so new types can be added without touching classes.
WEAPON = Namespace("https://w3id.org/conflict-kg/weapon/")
# Reference entities (facilities, places, actors) have fixed IRIs whatever the data base IRI is:
# they are shared vocabulary, and graphs built with different bases must still agree on them.
REF = Namespace("https://w3id.org/conflict-kg/id/")
DEFAULT_BASE_IRI = "https://w3id.org/conflict-kg/id/"

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, Namespace] = {
    "ck": CK,
    "weapon": WEAPON,
    "ref": REF,
    "sem": SEM,
    "schema": SCHEMA,
    "oa": OA,
    "time": TIME,
    "geo": GEO,
    "wd": WD,
    "prov": PROV,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "dcterms": DCTERMS,
}

# Weapon types named as in the gold format (shared/gold/FORMAT.md); "unknown" is a concept too,
# for attacks whose means the text does not give.
WEAPON_TYPES: tuple[str, ...] = (
    "rocket", "drone", "mortar", "rpg", "missile", "airstrike", "ied", "gunfire", "unknown",
)

# Date precision individuals, keyed by the precision names used in kg.model.
PRECISION = {"day": CK.DayPrecision, "month": CK.MonthPrecision, "year": CK.YearPrecision}
DATE_DATATYPE = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}

# Reported figures: the kind of figure names the event property that carries the consensus value.
FIGURE_PROPERTY = {"injured": CK.injured, "killed": CK.killed}


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph (overriding rdflib's defaults)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, for queries built in code."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
