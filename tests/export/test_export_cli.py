"""`kg export` on the command line: data on stdout or in a file, messages on stderr, exit codes."""

from __future__ import annotations

import rdflib
from click.testing import CliRunner

from kg.cli import main
from kg.export import packaged_data
from kg.formats import FORMATS
from kg.namespaces import REF
from kg.store import replace_store
from tests.export.conftest import BLANK_NODES, SMALL, assert_isomorphic


def kg(*args: str):
    return CliRunner().invoke(main, list(args))


def test_export_writes_turtle_to_stdout_and_a_summary_to_stderr():
    result = kg("export", "--data", str(SMALL))

    assert result.exit_code == 0, result.stderr
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    events = rdflib.Graph().parse(data=kg("export", "--data", str(SMALL), "--without-reference",
                                          "--format", "ntriples").stdout, format="nt")
    assert set(events) <= set(graph)
    assert len(graph) > len(events)  # and the reference data
    assert result.stderr.startswith(f"exported {len(graph)} triples as turtle to stdout")


def test_export_takes_the_format_from_the_output_extension(tmp_path):
    output = tmp_path / "out" / "graph.nq"

    result = kg("export", "--data", str(SMALL), "--data", str(BLANK_NODES), "-o", str(output))

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "as nquads" in result.stderr and "(2 article graphs)" in result.stderr
    dataset = rdflib.Dataset()
    dataset.parse(output, format="nquads")
    assert len({g.identifier for g in dataset.graphs() if len(g)}) == 3


def test_format_option_wins_over_the_extension(tmp_path):
    output = tmp_path / "graph.ttl"

    result = kg("export", "--data", str(SMALL), "--format", "ntriples", "-o", str(output), "-q")

    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert output.read_text(encoding="utf-8").startswith("<https://w3id.org/conflict-kg/id/")


def test_an_unknown_extension_is_a_usage_error_and_writes_nothing(tmp_path):
    result = kg("export", "--data", str(SMALL), "-o", str(tmp_path / "graph.txt"))

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "graph.txt" in result.stderr and ".ttl" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_reads_the_default_store(tmp_path):
    replace_store(SMALL, tmp_path / "store")

    from_store = kg("export", "--store", str(tmp_path / "store"), "--format", "ntriples")
    from_file = kg("export", "--data", str(SMALL), "--format", "ntriples")

    assert from_store.exit_code == 0, from_store.stderr
    assert from_store.stdout == from_file.stdout


def test_export_without_a_store_or_data_says_how_to_make_one(tmp_path):
    result = kg("export", "--store", str(tmp_path / "nothing"))

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "kg build" in result.stderr


def test_a_data_file_with_a_syntax_error_is_named_with_its_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e .\n", encoding="utf-8")

    result = kg("export", "--data", str(bad))

    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{bad}:3" in result.stderr


def test_reference_and_ontology_options(tmp_path):
    reference, ontology = packaged_data("reference"), packaged_data("ontology")

    default = kg("export", "--data", str(SMALL), "--format", "ntriples").stdout
    bare = kg("export", "--data", str(SMALL), "--format", "ntriples", "--without-reference").stdout
    full = kg("export", "--data", str(SMALL), "--format", "ntriples", "--with-ontology").stdout

    def subjects(text):
        return {line.split(" ", 1)[0].encode() for line in text.splitlines()}

    assert reference.subjects <= subjects(default)
    assert not reference.subjects & subjects(bare)
    assert f"<{REF}facility/new-outpost>".encode() in subjects(bare)  # minted: always kept
    assert not ontology.subjects & subjects(default)
    assert ontology.subjects <= subjects(full)


def test_every_format_from_the_command_line_round_trips(tmp_path):
    for name, rdf_format in FORMATS.items():
        output = tmp_path / f"graph{rdf_format.extensions[0]}"
        result = kg("export", "--data", str(SMALL), "--data", str(BLANK_NODES), "--without-reference",
                    "-o", str(output))
        assert result.exit_code == 0, (name, result.stderr)
        if rdf_format.quads:
            dataset = rdflib.Dataset()
            dataset.parse(output, format=rdf_format.rdflib_name)
            graph = rdflib.Graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph = rdflib.Graph().parse(output, format=rdf_format.rdflib_name)
        expected = kg("export", "--data", str(SMALL), "--data", str(BLANK_NODES), "--without-reference",
                      "--format", "ntriples").stdout
        assert_isomorphic(graph, rdflib.Graph().parse(data=expected, format="nt"))
