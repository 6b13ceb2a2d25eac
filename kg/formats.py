"""The RDF formats conflict-kg reads and writes: one table, name -> how to parse and write it.

``click.Choice(FORMATS)`` lists the names; ``format_for_path`` picks one from a file extension.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from kg.errors import KgError


@dataclass(frozen=True)
class RdfFormat:
    name: str
    rdflib_name: str                 # rdflib's parser/serializer plugin name
    oxigraph: pyoxigraph.RdfFormat
    extensions: tuple[str, ...]
    media_type: str
    quads: bool                      # carries named graphs


FORMATS: dict[str, RdfFormat] = {f.name: f for f in (
    RdfFormat("turtle", "turtle", pyoxigraph.RdfFormat.TURTLE, (".ttl",), "text/turtle", False),
    RdfFormat("ntriples", "nt", pyoxigraph.RdfFormat.N_TRIPLES, (".nt",), "application/n-triples", False),
    RdfFormat("nquads", "nquads", pyoxigraph.RdfFormat.N_QUADS, (".nq",), "application/n-quads", True),
    RdfFormat("trig", "trig", pyoxigraph.RdfFormat.TRIG, (".trig",), "application/trig", True),
    RdfFormat("jsonld", "json-ld", pyoxigraph.RdfFormat.JSON_LD, (".jsonld", ".json"), "application/ld+json", True),
    RdfFormat("rdfxml", "xml", pyoxigraph.RdfFormat.RDF_XML, (".rdf", ".owl", ".xml"), "application/rdf+xml", False),
)}


def format_for_path(path: str | Path, default: str | None = None) -> RdfFormat:
    """The format a file extension names; raises KgError naming the allowed extensions."""
    suffix = Path(path).suffix.lower()
    for rdf_format in FORMATS.values():
        if suffix in rdf_format.extensions:
            return rdf_format
    if default is not None:
        return FORMATS[default]
    allowed = ", ".join(ext for f in FORMATS.values() for ext in f.extensions)
    raise KgError(f"{path}: cannot tell the RDF format from the extension {suffix or '(none)'!r}; "
                  f"use one of {allowed} or give --format")
