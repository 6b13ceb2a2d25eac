"""kg.export: every format round-trips, output is byte-stable, provenance goes in named graphs."""

from __future__ import annotations

import json
import random

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import URIRef
from rdflib.namespace import RDF

from kg.errors import KgError
from kg.export import (ExportResult, article_graph_iri, export_graph, export_prefixes, packaged_data,
                       select_lines, serialize_selection, strip_subjects)
from kg.formats import FORMATS
from kg.namespaces import CK, OA, REF
from kg.store import load_files
from tests.export.conftest import (BLANK_NODES, ONTOLOGY, REFERENCE, SMALL, assert_isomorphic,
                                   canonical_dataset, rdflib_graph, union_of)

ALL_FORMATS = sorted(FORMATS)
ARTICLE_A = f"{REF}article/aaaaaaaaaaaaaaaa"
ARTICLE_B = f"{REF}article/bbbbbbbbbbbbbbbb"
# What an export of small.ttl and blank-nodes.ttl holds with the stand-in reference data: the
# reference data adds one entity small.ttl lacks (Kata'ib Hezbollah).
SOURCES = (SMALL, BLANK_NODES, REFERENCE)


def export_bytes(store, format_name, **options) -> bytes:
    result = export_graph(store, format_name, **options)
    assert isinstance(result, ExportResult) and result.output is None
    return result.data


def parse_with_rdflib(data: bytes, format_name: str) -> rdflib.Graph:
    """The union of every graph in an export, parsed by rdflib."""
    rdf_format = FORMATS[format_name]
    if rdf_format.quads:
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format=rdf_format.rdflib_name)
        return union_of(dataset)
    return rdflib.Graph().parse(data=data, format=rdf_format.rdflib_name)


def parse_with_pyoxigraph(data: bytes, format_name: str) -> ox.Dataset:
    """The union of every graph in an export, parsed by pyoxigraph, blank nodes canonicalized."""
    parsed = ox.parse(data, format=FORMATS[format_name].oxigraph)
    return canonical_dataset(ox.Quad(q.subject, q.predicate, q.object) for q in parsed)


@pytest.mark.parametrize("format_name", ALL_FORMATS)
def test_every_format_round_trips_through_rdflib(small_store, reference, format_name):
    data = export_bytes(small_store, format_name, reference=reference)

    assert_isomorphic(parse_with_rdflib(data, format_name), rdflib_graph(*SOURCES))


@pytest.mark.parametrize("format_name", ALL_FORMATS)
def test_every_format_round_trips_through_pyoxigraph(small_store, reference, format_name):
    data = export_bytes(small_store, format_name, reference=reference)

    source = canonical_dataset(ox.Quad(t.subject, t.predicate, t.object) for path in SOURCES
                               for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert parse_with_pyoxigraph(data, format_name) == source


@pytest.mark.parametrize("format_name", ALL_FORMATS)
def test_the_same_graph_gives_the_same_bytes_whatever_it_was_read_from(tmp_path, small_store, reference,
                                                                       format_name):
    first = export_bytes(small_store, format_name, reference=reference)
    # The same graph reached three other ways: parsed again (new random blank node labels), from
    # shuffled N-Triples, and from the N-Quads export, whose named graphs are merged on reading.
    nt = export_bytes(small_store, "ntriples", reference=reference).decode("utf-8").splitlines()
    random.Random(7).shuffle(nt)
    shuffled = tmp_path / "shuffled.nt"
    shuffled.write_text("\n".join(nt) + "\n", encoding="utf-8")
    quads = tmp_path / "export.nq"
    quads.write_bytes(export_bytes(small_store, "nquads", reference=reference))
    for again in (load_files([BLANK_NODES, SMALL]), load_files([shuffled]), load_files([quads])):
        assert export_bytes(again, format_name, reference=reference) == first


def test_ntriples_export_is_sorted_with_canonical_blank_node_labels(small_store, reference):
    lines = export_bytes(small_store, "ntriples", reference=reference).decode("utf-8").splitlines()

    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    keys = [line.split(" ", 2) for line in lines]
    assert keys == sorted(keys, key=lambda k: (k[0].encode(), k[1] != rdf_type, k[1].encode(), k[2].encode()))
    labels = {term for s, _, rest in keys for term in (s, rest[:-2]) if term.startswith("_:")}
    assert labels and all(label.startswith("_:c14n") for label in labels)
    assert any(line.endswith('"not a _:blank node" .') for line in lines)


def test_blank_node_labels_do_not_depend_on_the_parsers_labels(reference):
    first = load_files([BLANK_NODES])
    second = load_files([BLANK_NODES])
    assert list(first.quads_for_pattern(None, None, None)) != list(second.quads_for_pattern(None, None, None))

    assert export_bytes(first, "turtle", reference=reference) == export_bytes(second, "turtle", reference=reference)


@pytest.mark.parametrize("format_name", ["trig", "nquads"])
def test_trig_and_nquads_put_each_articles_evidence_in_its_own_named_graph(small_store, reference, format_name):
    data = export_bytes(small_store, format_name, reference=reference)
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=FORMATS[format_name].rdflib_name)

    graph_a, graph_b = article_graph_iri(ARTICLE_A), article_graph_iri(ARTICLE_B)
    assert graph_a == f"{REF}graph/article/aaaaaaaaaaaaaaaa"
    named = {str(g.identifier): g for g in dataset.graphs()
             if len(g) and g.identifier != dataset.default_graph.identifier}
    assert set(named) == {graph_a, graph_b}
    expected = {graph_a: (ARTICLE_A, {1, 3}), graph_b: (ARTICLE_B, {2, 4, 5})}
    for iri, (article, numbers) in expected.items():
        graph = named[iri]
        nodes = set(graph.subjects(RDF.type, CK.Evidence))
        assert nodes == {URIRef(f"{REF}evidence/e00000000000000{n}") for n in numbers}
        for node in nodes:
            # The evidence node's whole description, and the links to it, are in the article's graph.
            assert graph.value(node, CK.article) == URIRef(article)
            assert set(graph.predicates(node, None)) == {RDF.type, CK.article, CK.supports,
                                                         OA.start, OA.end, OA.exact}
            assert list(graph.subjects(CK.evidence, node))
    default = dataset.default_graph
    assert not list(default.subjects(RDF.type, CK.Evidence))
    assert not list(default.triples((None, CK.evidence, None)))
    # Facts stay in the default graph: the event with its date, the article records.
    event = URIRef(f"{REF}event/2021-07-07-ain-al-asad-air-base-attack-1a2b3c4d")
    assert (event, RDF.type, CK.Attack) in default
    assert (URIRef(ARTICLE_A), RDF.type, CK.Article) in default
    # And the union of all graphs is the source graph.
    assert_isomorphic(union_of(dataset), rdflib_graph(*SOURCES))


def test_article_graph_iri_follows_the_article_iri():
    assert article_graph_iri("https://example.org/kg/article/0123") == "https://example.org/kg/graph/article/0123"
    assert article_graph_iri("urn:x:somewhere") == "urn:x:somewhere/graph"


def test_without_reference_leaves_out_reference_entities_but_keeps_minted_ones(small_store, reference):
    data = export_bytes(small_store, "ntriples", reference=reference, with_reference=False)
    graph = rdflib.Graph().parse(data=data, format="nt")

    for entity in ("facility/ain-al-asad-air-base", "place/anbar", "country/iraq",
                   "actor/united-states-military", "actor/revenge-of-al-muhandis-brigade"):
        assert not list(graph.predicate_objects(REF[entity])), entity
    # Events still point at the reference entities, by IRI.
    event = URIRef(f"{REF}event/2021-07-07-ain-al-asad-air-base-attack-1a2b3c4d")
    assert graph.value(event, CK.target) == REF["facility/ain-al-asad-air-base"]
    # A facility the build minted (the reference data lacks it) stays, so the graph says what it is.
    minted = REF["facility/new-outpost"]
    assert (minted, RDF.type, CK.Facility) in graph
    assert str(graph.value(minted, rdflib.RDFS.label)) == "New Outpost"
    source = rdflib_graph(SMALL, BLANK_NODES)
    described = set(rdflib_graph(REFERENCE).subjects())
    assert_isomorphic(graph, source - rdflib.Graph().parse(data="\n".join(
        f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in source if s in described), format="nt"))


def test_with_reference_adds_the_packaged_reference_data(tmp_path, small_store, reference):
    without = tmp_path / "without.nt"
    without.write_bytes(export_bytes(small_store, "ntriples", reference=reference, with_reference=False))

    graph = rdflib.Graph().parse(data=export_bytes(load_files([without]), "ntriples", reference=reference),
                                 format="nt")

    # Kata'ib Hezbollah is in the reference data only, not in small.ttl.
    assert str(graph.value(REF["actor/kataib-hezbollah"], rdflib.SKOS.altLabel)) == "KH"
    assert_isomorphic(graph, rdflib_graph(*SOURCES))


def test_with_reference_replaces_what_the_store_held_about_reference_entities(tmp_path, reference):
    stale = tmp_path / "stale.ttl"
    stale.write_text(SMALL.read_text(encoding="utf-8") + (
        '\nref:country\\/iraq skos:altLabel "Mesopotamia (an old label)" .\n'), encoding="utf-8")

    graph = rdflib.Graph().parse(data=export_bytes(load_files([stale]), "ntriples", reference=reference),
                                 format="nt")

    assert not any("old label" in str(o) for o in graph.objects(REF["country/iraq"], None))
    assert str(graph.value(REF["country/iraq"], rdflib.SKOS.prefLabel)) == "Iraq"


def test_without_ontology_strips_its_terms_and_their_blank_nodes(small_store, reference, ontology):
    with_it = load_files([SMALL, BLANK_NODES, ONTOLOGY])

    stripped = export_bytes(with_it, "ntriples", reference=reference, ontology=ontology)
    included = export_bytes(small_store, "ntriples", reference=reference, ontology=ontology,
                            with_ontology=True)

    assert_isomorphic(rdflib.Graph().parse(data=stripped, format="nt"), rdflib_graph(*SOURCES))
    assert_isomorphic(rdflib.Graph().parse(data=included, format="nt"), rdflib_graph(*SOURCES, ONTOLOGY))
    # Asking for the ontology twice (it is in the store already) does not double its blank nodes.
    assert export_bytes(with_it, "ntriples", reference=reference, ontology=ontology,
                        with_ontology=True) == included


def test_strip_subjects_follows_blank_nodes_but_not_iris():
    lines = sorted([
        b'<http://x/a> <http://x/p> _:b1 .',
        b'<http://x/a> <http://x/q> <http://x/kept> .',
        b'_:b1 <http://x/p> _:b2 .',
        b'_:b2 <http://x/p> "deep" .',
        b'<http://x/kept> <http://x/p> _:b3 .',
        b'_:b3 <http://x/p> "other" .',
    ])

    kept = strip_subjects(lines, frozenset({b"<http://x/a>"}))

    assert kept == [b'<http://x/kept> <http://x/p> _:b3 .', b'_:b3 <http://x/p> "other" .']


def test_the_packaged_reference_data_and_ontology_go_in_and_out(small_store):
    # The real packaged files (kg/data/reference/*.ttl, ontology/conflict-kg.ttl).
    reference, ontology = packaged_data("reference"), packaged_data("ontology")
    assert reference.subjects and ontology.subjects

    default = rdflib.Graph().parse(data=export_bytes(small_store, "ntriples"), format="nt")
    bare = rdflib.Graph().parse(data=export_bytes(small_store, "ntriples", with_reference=False), format="nt")
    full = rdflib.Graph().parse(data=export_bytes(small_store, "ntriples", with_ontology=True), format="nt")

    reference_graph = rdflib.Graph().parse(data=b"\n".join(reference.lines), format="nt")
    ontology_graph = rdflib.Graph().parse(data=b"\n".join(ontology.lines), format="nt")
    assert set(reference_graph) <= set(default)
    assert not {s for s in bare.subjects() if f"<{s}>".encode() in reference.subjects}
    assert not {s for s in default.subjects() if f"<{s}>".encode() in ontology.subjects}
    assert_isomorphic(full, default + ontology_graph)
    # A minted facility survives with or without the reference data.
    assert (REF["facility/new-outpost"], RDF.type, CK.Facility) in bare


def test_turtle_uses_the_project_prefixes_and_short_names(small_store, reference):
    text = export_bytes(small_store, "turtle", reference=reference).decode("utf-8")

    for name, namespace in export_prefixes().items():
        assert f"@prefix {name}: <{namespace}> ." in text
    assert "event:2021-07-07-ain-al-asad-air-base-attack-1a2b3c4d a ck:Attack" in text
    assert "\\/" not in text  # no escaped slashes in local names


def test_jsonld_has_an_inline_context_and_no_remote_reference(small_store, reference):
    document = json.loads(export_bytes(small_store, "jsonld", reference=reference))

    assert document["@context"] == export_prefixes()
    assert all(isinstance(v, str) and v.startswith("http") for v in document["@context"].values())
    ids = {node["@id"] for node in document["@graph"]}
    assert "event:2021-07-07-ain-al-asad-air-base-attack-1a2b3c4d" in ids


def test_jsonld_leaves_out_a_prefix_named_like_an_iri_scheme_in_the_data(tmp_path, reference):
    tricky = tmp_path / "tricky.nt"
    tricky.write_text('<event:123> <http://example.org/p> "x" .\n', encoding="utf-8")

    data = export_bytes(load_files([tricky]), "jsonld", reference=reference, with_reference=False)

    assert "event" not in json.loads(data)["@context"]
    graph = rdflib.Graph().parse(data=data, format="json-ld")
    assert (URIRef("event:123"), URIRef("http://example.org/p"), rdflib.Literal("x")) in graph


def test_an_empty_graph_exports_in_every_format(reference):
    empty = ox.Store()
    for format_name in ALL_FORMATS:
        data = export_bytes(empty, format_name, reference=reference, with_reference=False)
        assert len(parse_with_rdflib(data, format_name)) == 0, format_name


def test_export_to_a_file_is_atomic_and_leaves_the_old_file_when_it_fails(tmp_path, reference):
    target = tmp_path / "out.rdf"
    target.write_text("previous export", encoding="utf-8")
    # RDF/XML cannot write a predicate IRI that does not end in a name (here: a digit).
    bad = tmp_path / "bad.nt"
    bad.write_text('<http://example.org/s> <http://example.org/123> "x" .\n', encoding="utf-8")

    with pytest.raises(KgError, match="cannot be written as RDF/XML: the predicate <http://example.org/123>"):
        export_graph(load_files([bad]), output=target, reference=reference, with_reference=False)

    assert target.read_text(encoding="utf-8") == "previous export"
    assert {p.name for p in tmp_path.iterdir()} == {"out.rdf", "bad.nt"}


def test_export_to_a_file_takes_the_format_from_the_extension(tmp_path, small_store, reference):
    result = export_graph(small_store, output=tmp_path / "graph.trig", reference=reference)

    assert result.format.name == "trig" and result.named_graphs == 2
    assert result.output.read_bytes() == export_bytes(small_store, "trig", reference=reference)
    assert result.triples == len(rdflib_graph(*SOURCES))


def test_selection_counts_distinct_triples_once_across_named_graphs(tmp_path, small_store, reference):
    quads = tmp_path / "twice.nq"
    nt = export_bytes(small_store, "ntriples", reference=reference).decode("utf-8")
    # The same triples in the default graph and in a named graph.
    quads.write_text(nt + "".join(line[:-1] + "<http://example.org/g> .\n" for line in nt.splitlines()),
                     encoding="utf-8")

    selection = select_lines(load_files([quads]), reference=reference)

    assert len(selection.lines) == len(nt.splitlines())
    assert serialize_selection(selection, FORMATS["ntriples"])[0].decode("utf-8") == nt
