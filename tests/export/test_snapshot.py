"""The export snapshot: each store generation keeps its graph as sorted canonical N-Triples
(graph.nt), and export and push read that file instead of the store, writing the same bytes."""

from __future__ import annotations

import io
import json
import random
import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

import kg.export
from kg.cli import main
from kg.export import (canonical_line_key, canonical_ntriples, export_data, export_graph, merge_snapshot,
                       open_snapshot, read_snapshot, select_lines, sort_canonical, update_snapshot,
                       write_snapshot)
from kg.formats import FORMATS, format_for_path
from kg.store import SNAPSHOT_FILE, current_snapshot, load_files, open_store, replace_store
from tests.export.conftest import BLANK_NODES, DATA, ONTOLOGY, REFERENCE, SMALL, assert_isomorphic

ALL_FORMATS = sorted(FORMATS)
TRICKY = DATA / "tricky-literals.ttl"
XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "http://example.org/"

# Valid N-Triples spelled every way the store would not write it: tabs and extra spaces, no space
# before the dot, comments and blank lines, \u escapes, \' , a capitalised language tag, typed
# literals the store keeps by value (so "033" becomes "33", and two spellings of one dateTime
# become one triple), an explicit xsd:string, a raw tab, a repeated line, a CRLF line end.
ODD_NTRIPLES = (
    "# a comment line\n"
    "\n"
    f"<{EX}s>\t<{EX}p>   <{EX}o> .\n"
    f"<{EX}s> <{EX}p> <{EX}o2>.\n"
    f"<{EX}s> <{EX}name> \"caf\\u00E9 \\'quoted\\'\" . # a trailing comment\n"
    f"<{EX}s> <{EX}name> \"Hello\"@EN-gb .\n"
    f"<{EX}s> <{EX}count> \"033\"^^<{XSD}integer> .\n"
    f"<{EX}s> <{EX}ratio> \"33.30\"^^<{XSD}decimal> .\n"
    f"<{EX}s> <{EX}big> \"1.0E0\"^^<{XSD}double> .\n"
    f"<{EX}s> <{EX}flag> \"1\"^^<{XSD}boolean> .\n"
    f"<{EX}s> <{EX}when> \"2021-01-01T00:00:00Z\"^^<{XSD}dateTime> .\n"
    f"<{EX}s> <{EX}when> \"2021-01-01T00:00:00+00:00\"^^<{XSD}dateTime> .\n"
    f"<{EX}s> <{EX}text> \"plain\"^^<{XSD}string> .\n"
    f"<{EX}s> <{EX}text> \"a\ttab\" .\n"
    f"<{EX}s> <{EX}text> \"says <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> here\"^^<{XSD}string> .\n"
    f"<{EX}s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Thing> .\n"
    f"<{EX}s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Thing> .\n"
    f"<{EX}t> <{EX}bad> \"2021-13\"^^<{XSD}gYearMonth> .\r\n"
    f"<{EX}t> <{EX}u> <{EX}caf\\u00E9> .\n"
)


@pytest.fixture
def small_runs(monkeypatch):
    """Make write_snapshot sort in runs of a few lines, keep them on disk and merge them in
    small blocks, as it does for graphs of many millions of triples."""
    monkeypatch.setattr(kg.export, "_RUN_BYTES", 400)
    monkeypatch.setattr(kg.export, "_MEMORY_BYTES", 900)
    monkeypatch.setattr(kg.export, "_BLOCK_BYTES", 300)
    monkeypatch.setattr(kg.export, "_MERGE_BLOCK_BYTES", 200)
    monkeypatch.setattr(kg.export, "_PARSE_BATCH", 7)


def store_from(tmp_path: Path, *paths: Path) -> Path:
    """A store built from RDF files, as `kg build` leaves it (the files merged into one first)."""
    source = paths[0]
    if len(paths) > 1:
        source = tmp_path / "source.nq"
        source.write_bytes(load_files(paths).dump(format=FORMATS["nquads"].oxigraph))
    root = tmp_path / "store"
    replace_store(source, root, format_for_path(source))
    return root


def odd_file(tmp_path: Path) -> Path:
    path = tmp_path / "odd.nt"
    path.write_bytes(ODD_NTRIPLES.encode("utf-8"))
    return path


# The snapshot is what export selects from the store -----------------------------------------------

@pytest.mark.parametrize("sources", [(SMALL,), (SMALL, BLANK_NODES), (TRICKY,), (ONTOLOGY,), (REFERENCE,),
                                     (SMALL, BLANK_NODES, TRICKY, ONTOLOGY)],
                         ids=["small", "blank-nodes", "tricky", "ontology", "reference", "all"])
@pytest.mark.parametrize("runs", ["one run", "many runs"])
def test_the_snapshot_holds_exactly_what_export_selects_from_the_store(tmp_path, request, sources, runs):
    if runs == "many runs":
        request.getfixturevalue("small_runs")
    root = store_from(tmp_path, *sources)

    snapshot = current_snapshot(root)
    assert snapshot == root / (root / "CURRENT").read_text().strip() / SNAPSHOT_FILE
    selection = select_lines(open_store(root))
    assert snapshot.read_bytes() == selection.data
    info = json.loads(snapshot.with_suffix(".json").read_text())
    assert info["triples"] == selection.count


@pytest.mark.parametrize("runs", ["one run", "many runs"])
def test_ntriples_spelled_oddly_end_up_as_the_store_writes_them(tmp_path, request, runs):
    if runs == "many runs":
        request.getfixturevalue("small_runs")
    root = store_from(tmp_path, odd_file(tmp_path))

    data = current_snapshot(root).read_bytes()
    assert data == select_lines(open_store(root)).data
    assert f'<{EX}s> <{EX}count> "33"^^<{XSD}integer> .\n'.encode() in data
    assert f'<{EX}s> <{EX}name> "Hello"@en-gb .\n'.encode() in data
    assert data.count(f"<{EX}s> <{EX}when> ".encode()) == 1


def test_blank_node_labels_shared_across_runs_stay_one_node(tmp_path, small_runs):
    # N-Triples labels name one node in the whole file, however it is cut into runs.
    lines = [f"<{EX}s{i}> <{EX}p> _:shared ." for i in range(40)] + ['_:shared <http://example.org/q> "x" .']
    random.Random(3).shuffle(lines)
    source = tmp_path / "blank.nt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    root = store_from(tmp_path, source)

    snapshot = read_snapshot(current_snapshot(root))
    assert snapshot.blank_nodes
    assert current_snapshot(root).read_bytes() == select_lines(open_store(root)).data


def test_the_snapshot_records_ill_typed_literals_and_export_warns_about_them(tmp_path):
    root = store_from(tmp_path, odd_file(tmp_path))

    snapshot = open_snapshot(root)
    assert snapshot.ill_typed == (f'"2021-13"^^<{XSD}gYearMonth>'.encode(),)
    result = export_data(store_root=root, format_name="turtle")
    assert result.warnings == (f'<{EX}t> <{EX}bad> "2021-13"^^<{XSD}gYearMonth>: not a valid gYearMonth',)
    assert result.warnings == export_graph(open_store(root), "turtle").warnings


def test_at_most_five_ill_typed_examples_are_shown(tmp_path):
    source = tmp_path / "bad.nt"
    source.write_text("".join(f'<{EX}e{i}> <{EX}date> "2021-{13 + i}"^^<{XSD}gYearMonth> .\n' for i in range(8)),
                      encoding="utf-8")
    root = store_from(tmp_path, source)

    warnings = export_data(store_root=root, format_name="ntriples").warnings
    assert len(warnings) == 6 and warnings[-1] == "… and more literals like these"
    assert [w.split(" ", 1)[0] for w in warnings[:5]] == [f"<{EX}e{i}>" for i in range(5)]  # export order


# Export and push read the snapshot -----------------------------------------------------------------

@pytest.mark.parametrize("format_name", ALL_FORMATS)
@pytest.mark.parametrize("options", [{}, {"with_reference": False}, {"with_ontology": True},
                                     {"with_ontology": True, "with_reference": False}],
                         ids=["default", "without-reference", "with-ontology", "ontology-only"])
@pytest.mark.parametrize("sources", [(SMALL, TRICKY), (SMALL, BLANK_NODES, TRICKY)],
                         ids=["streamed", "blank-nodes"])
def test_export_from_the_snapshot_writes_the_bytes_export_from_the_store_writes(tmp_path, format_name, options,
                                                                                sources):
    root = store_from(tmp_path, *sources)
    # Without blank nodes, the selection is streamed block by block; with them, made in memory.
    assert open_snapshot(root).blank_nodes == (BLANK_NODES in sources)

    from_snapshot = export_data(store_root=root, format_name=format_name, **options)
    from_store = export_graph(open_store(root), format_name, **options)
    assert from_snapshot.data == from_store.data
    assert (from_snapshot.triples, from_snapshot.named_graphs) == (from_store.triples, from_store.named_graphs)


def test_turtle_written_by_two_processes_is_the_same_bytes(tmp_path, monkeypatch):
    root = store_from(tmp_path, SMALL, BLANK_NODES, TRICKY)
    one_process = export_data(store_root=root, format_name="turtle").data
    monkeypatch.setattr(kg.export, "_PARALLEL_TURTLE_BYTES", 1000)
    cuts = []
    subject_cut = kg.export._subject_cut
    monkeypatch.setattr(kg.export, "_subject_cut", lambda *args: cuts.append(subject_cut(*args)) or cuts[-1])

    assert export_data(store_root=root, format_name="turtle").data == one_process
    output = tmp_path / "graph.ttl"
    export_data(store_root=root, output=output)
    assert output.read_bytes() == one_process
    assert len(cuts) == 2 and 0 < cuts[0] < current_snapshot(root).stat().st_size


def test_export_reads_the_snapshot_not_the_store(tmp_path):
    root = store_from(tmp_path, SMALL)
    snapshot = current_snapshot(root)
    marker = f'<{EX}zzz> <{EX}only> "in the snapshot" .\n'.encode()
    snapshot.write_bytes(snapshot.read_bytes() + marker)

    assert export_data(store_root=root, format_name="ntriples").data.endswith(marker)
    assert b"in the snapshot" in export_data(store_root=root, format_name="turtle").data


def test_a_store_without_a_usable_snapshot_is_exported_from_the_store(tmp_path):
    root = store_from(tmp_path, SMALL)
    expected = export_data(store_root=root, format_name="turtle").data
    snapshot = current_snapshot(root)
    snapshot.write_bytes(b"")   # would export nothing, if it were read
    info = snapshot.with_suffix(".json")

    # Made by a kg whose reference data differs: not used.
    facts = json.loads(info.read_text())
    info.write_text(json.dumps({**facts, "reference": "0" * 64}))
    assert open_snapshot(root) is None
    assert export_data(store_root=root, format_name="turtle").data == expected
    # Made before snapshots existed: no graph.nt at all.
    snapshot.unlink()
    info.unlink()
    assert current_snapshot(root) is None
    assert export_data(store_root=root, format_name="turtle").data == expected


def test_export_streams_to_a_stream_and_writes_files_atomically(tmp_path):
    root = store_from(tmp_path, SMALL)
    expected = export_data(store_root=root, format_name="turtle").data
    stream = io.BytesIO()

    result = export_data(store_root=root, format_name="turtle", stream=stream)
    assert result.data is None and stream.getvalue() == expected
    output = tmp_path / "out" / "graph.ttl"
    result = export_data(store_root=root, output=output)
    assert result.output == output and output.read_bytes() == expected
    assert [p.name for p in output.parent.iterdir()] == ["graph.ttl"]


def test_a_failed_rdfxml_export_from_the_snapshot_leaves_the_old_file(tmp_path):
    source = tmp_path / "bad.nt"
    source.write_text(f'<{EX}s> <{EX}123> "x" .\n', encoding="utf-8")
    root = store_from(tmp_path, source)
    target = tmp_path / "out.rdf"
    target.write_text("previous export", encoding="utf-8")

    with pytest.raises(kg.export.KgError, match=f"the predicate <{EX}123>"):
        export_data(store_root=root, output=target)
    assert target.read_text(encoding="utf-8") == "previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.nt", "out.rdf", "store"]


def test_kg_export_streams_the_snapshot_to_stdout(tmp_path):
    root = store_from(tmp_path, SMALL, BLANK_NODES)

    result = CliRunner().invoke(main, ["export", "--store", str(root)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == export_graph(open_store(root), "turtle").data
    assert result.stderr.startswith("exported ")


# The ordering and merging functions the incremental build reuses -----------------------------------

def test_sort_canonical_puts_each_subjects_types_first_and_drops_repeats():
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    lines = [f'<{EX}b> <{EX}a> "1" .', f"<{EX}b> {rdf_type} <{EX}T> .", f"<{EX}a> <{EX}z> <{EX}b> .",
             f"<{EX}b> {rdf_type} <{EX}T> .\n"]

    assert sort_canonical(line.encode() for line in lines) == [
        f"<{EX}a> <{EX}z> <{EX}b> .".encode(), f"<{EX}b> {rdf_type} <{EX}T> .".encode(),
        f'<{EX}b> <{EX}a> "1" .'.encode()]
    assert canonical_line_key(f"<{EX}b> {rdf_type} <{EX}T> .".encode()) < f'<{EX}b> <{EX}a> "1" .'.encode()


def test_canonical_ntriples_writes_lines_as_the_store_does():
    lines = canonical_ntriples(f'<{EX}s>  <{EX}p> "033"^^<{XSD}integer>.\n<{EX}s> <{EX}q> "x"@EN .'.encode())

    assert sorted(lines) == [f'<{EX}s> <{EX}p> "33"^^<{XSD}integer> .'.encode(),
                             f'<{EX}s> <{EX}q> "x"@en .'.encode()]


def rdflib_lines(path: Path) -> set[bytes]:
    """A graph's triples as rdflib writes N-Triples (not the store's spelling)."""
    graph = rdflib.Graph().parse(path)
    return {line for line in graph.serialize(format="nt", encoding="utf-8").splitlines() if line.strip()}


@pytest.mark.parametrize("runs", ["one run", "many runs"])
def test_merge_snapshot_gives_the_snapshot_of_the_changed_graph(tmp_path, request, runs):
    if runs == "many runs":
        request.getfixturevalue("small_runs")
    old_root = store_from(tmp_path / "old", SMALL)
    new_source = tmp_path / "new.ttl"
    new_source.write_text(SMALL.read_text(encoding="utf-8").replace("Ain al-Asad", "Ayn al-Asad")
                          + f'\n<{EX}new> <{EX}count> "007"^^<{XSD}integer> .\n', encoding="utf-8")
    new_root = store_from(tmp_path / "new", new_source)
    before, after = rdflib_lines(SMALL), rdflib_lines(new_source)
    assert before - after and after - before

    out = tmp_path / "merged.nt"
    count = merge_snapshot(current_snapshot(old_root), before - after, after - before, out)
    assert out.read_bytes() == current_snapshot(new_root).read_bytes()
    assert count == out.read_bytes().count(b"\n")


def test_merge_snapshot_of_a_random_delta_is_the_sorted_result(tmp_path, small_runs):
    root = store_from(tmp_path, SMALL, TRICKY)
    old = current_snapshot(root)
    lines = old.read_bytes().splitlines()
    reference = kg.export.packaged_data("reference").subjects
    ours = [line for line in lines if line.split(b" ", 1)[0] not in reference]
    rng = random.Random(11)
    removed = rng.sample(ours, len(ours) // 5)
    added = [f'<{EX}new/{i}> <{EX}n> "{i:03d}"^^<{XSD}integer> .'.encode() for i in range(60)]
    added += rng.sample(sorted(set(ours) - set(removed)), 5)   # already there: still once

    count = merge_snapshot(old, removed, added, tmp_path / "merged.nt")
    kept = set(lines) - set(removed)
    expected = sort_canonical([*kept, *(f'<{EX}new/{i}> <{EX}n> "{i}"^^<{XSD}integer> .'.encode() for i in range(60))])
    assert (tmp_path / "merged.nt").read_bytes() == b"\n".join(expected) + b"\n"
    assert count == len(expected)


def test_merge_snapshot_leaves_the_packaged_reference_data_alone(tmp_path):
    root = store_from(tmp_path, SMALL)
    old = current_snapshot(root)
    reference_line = next(line for line in old.read_bytes().splitlines()
                          if line.startswith(b"<https://w3id.org/conflict-kg/id/facility/"))
    out = tmp_path / "merged.nt"

    merge_snapshot(old, [reference_line], [reference_line.replace(b'" .', b' (renamed)" .')], out)
    assert out.read_bytes() == old.read_bytes()


def test_merge_snapshot_refuses_blank_nodes(tmp_path):
    root = store_from(tmp_path, SMALL)
    with pytest.raises(ValueError, match="blank nodes"):
        merge_snapshot(current_snapshot(root), [], [f"_:b <{EX}p> <{EX}o> .".encode()], tmp_path / "out.nt")
    assert not (tmp_path / "out.nt").exists()


def test_update_snapshot_writes_the_next_generations_snapshot_and_facts(tmp_path):
    root = store_from(tmp_path, SMALL)
    previous = current_snapshot(root)
    out = tmp_path / "next" / SNAPSHOT_FILE
    out.parent.mkdir()
    added = [f'<{EX}e> <{EX}when> "2021-13"^^<{XSD}gYearMonth> .'.encode()]

    snapshot = update_snapshot(previous, out, [], added)
    assert snapshot == read_snapshot(out)
    assert snapshot.triples == previous.read_bytes().count(b"\n") + 1
    assert snapshot.ill_typed == (f'"2021-13"^^<{XSD}gYearMonth>'.encode(),)
    # A previous generation without a snapshot gives none (export then reads the store).
    assert update_snapshot(tmp_path / "missing.nt", tmp_path / "none.nt", [], added) is None
    assert not (tmp_path / "none.nt").exists()


def test_kg_build_and_build_add_leave_a_snapshot_that_is_the_stores_export(tmp_path, sample_corpus):
    articles = sorted(sample_corpus.glob("*.txt"))
    first, later = tmp_path / "first", tmp_path / "later"
    for folder, chosen in ((first, articles[:3]), (later, articles[3:])):
        folder.mkdir()
        for article in chosen:
            shutil.copy(article, folder / article.name)
    root = tmp_path / "store"

    for args in (["build", str(first)], ["build", "--add", str(later)]):
        result = CliRunner().invoke(main, [*args, "--store", str(root), "-q"])
        assert result.exit_code == 0, result.stderr
        assert open_snapshot(root) is not None
        assert current_snapshot(root).read_bytes() == select_lines(open_store(root)).data


def test_the_store_hook_for_incremental_builds_writes_the_next_generations_snapshot(tmp_path):
    from kg.store import _update_snapshot

    root = store_from(tmp_path, SMALL)
    previous = current_snapshot(root).parent
    generation = tmp_path / "gen-next"
    generation.mkdir()
    added = f'<{EX}e> <{EX}n> "1"^^<{XSD}integer> .\n'.encode()

    _update_snapshot(previous, generation, b"", added)
    snapshot = read_snapshot(generation / SNAPSHOT_FILE)
    assert snapshot.triples == read_snapshot(previous / SNAPSHOT_FILE).triples + 1


def test_write_snapshot_takes_any_rdf_format(tmp_path, reference, ontology):
    for source in (SMALL, BLANK_NODES):
        out = tmp_path / f"{source.stem}.nt"
        snapshot = write_snapshot(source, format_for_path(source), out, reference=reference, ontology=ontology)
        selection = select_lines(load_files([source]), reference=reference, ontology=ontology)
        assert out.read_bytes() == selection.data and snapshot.triples == selection.count
    assert_isomorphic(rdflib.Graph().parse(tmp_path / "small.nt"),
                      rdflib.Graph().parse(data=select_lines(load_files([SMALL]), reference=reference,
                                                             ontology=ontology).data, format="nt"))


def test_old_generations_go_with_their_snapshots(tmp_path):
    root = store_from(tmp_path, SMALL)
    first = current_snapshot(root).parent
    replace_store(BLANK_NODES, root)

    assert not first.exists()
    assert current_snapshot(root).read_bytes() == select_lines(open_store(root)).data
    shutil.rmtree(root)
