"""Every saved query runs unchanged under Apache Jena's ARQ, in its strict SPARQL 1.1 mode, on the
exported sample-corpus graph and on the hand-made graph, and gives the same rows as Oxigraph.

SPARQL leaves the order of the values GROUP_CONCAT joins open, and kg sorts the cells a query's
`# list:` lines name after Oxigraph answers; ARQ's cells are sorted the same way before comparing.

The query files are given to ARQ as they are. They run in one Java process (ArqBatch.java beside
this file, the ARQ API in strict mode) because a JVM per query would cost about 2.5 s each; one
run of the `arq.sparql --strict` command checks that the batch answers as the command does.
"""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest

from kg.export import export_graph
from kg.query import (bind_parameters, format_result, list_saved_queries, load_saved_query, run_query,
                      sort_list_values)
from kg.resources import resource_dir
from kg.store import load_files, rdflib_to_store
from tests.support.jena import (DEFAULT_JAVA_OPTIONS, jena, parse_csv_results,  # noqa: F401  (jena is a fixture)
                                run_jena)

pytestmark = pytest.mark.jena

SAVED = list_saved_queries()
BATCH = Path(__file__).with_name("ArqBatch.java")
# Parameter values bound by kg and then given to Jena as text: the bound query must stay standard.
BOUND = [("retaliation-chains", {"after": "2021-07-01"}),
         ("timeline", {"country": "Iraq", "from": "2021-07-01", "to": "2021-07-31"}),
         ("timeline", {"group": 'x" } DROP ALL #'}),
         ("sources", {"event": "ref:event/a1"})]


def _query_file(name: str) -> Path:
    return Path(str(resource_dir("queries") / f"{name}.rq"))


def _local_rows(data: Path, saved, params=None) -> list[dict[str, str]]:
    text = format_result(run_query(load_files([data]), saved, params), "csv")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def graphs(tmp_path_factory, sample_build, handmade_path) -> dict[str, Path]:
    exported = tmp_path_factory.mktemp("export") / "sample-export.ttl"
    export_graph(rdflib_to_store(sample_build.graph), "turtle", output=exported)
    return {"sample": exported, "handmade": handmade_path}


@pytest.fixture(scope="module")
def arq_answers(jena, graphs, tmp_path_factory) -> dict:  # noqa: F811
    """ARQ's CSV answer (or error) for every saved query file on both graphs and for the bound queries."""
    folder = tmp_path_factory.mktemp("arq")
    jobs = {(graph, saved.name): (path, _query_file(saved.name)) for graph, path in graphs.items() for saved in SAVED}
    for n, (name, params) in enumerate(BOUND):
        query = folder / f"bound-{n}.rq"
        query.write_text(bind_parameters(load_saved_query(name), params), encoding="utf-8")
        jobs[("bound", n)] = (graphs["handmade"], query)
    outputs = {key: folder / f"{n}.csv" for n, key in enumerate(jobs)}
    job_file = folder / "jobs.tsv"
    job_file.write_text("".join(f"{data.resolve()}\t{query.resolve()}\t{outputs[key]}\n"
                                for key, (data, query) in jobs.items()), encoding="utf-8")
    done = subprocess.run(["java", *DEFAULT_JAVA_OPTIONS, "-cp", jena, str(BATCH), str(job_file)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    answers = {}
    for key, output in outputs.items():
        error = output.with_name(output.name + ".error")
        answers[key] = ("error", error.read_text(encoding="utf-8")) if error.exists() else (
            "rows", parse_csv_results(output.read_text(encoding="utf-8")))
    return answers


@pytest.mark.parametrize("graph", ["sample", "handmade"])
@pytest.mark.parametrize("saved", SAVED, ids=lambda q: q.name)
def test_every_saved_query_gives_the_same_rows_under_jena(saved, graph, graphs, arq_answers):
    kind, answer = arq_answers[(graph, saved.name)]
    assert kind == "rows", f"ARQ refused {saved.name}: {answer}"
    expected = _local_rows(graphs[graph], saved)
    assert len(answer) == len(expected)
    assert [sort_list_values(saved, row) for row in answer] == expected


@pytest.mark.parametrize("n", range(len(BOUND)), ids=lambda n: f"{BOUND[n][0]}-{n}")
def test_queries_with_bound_parameters_stay_standard_sparql(n, graphs, arq_answers):
    name, params = BOUND[n]
    kind, answer = arq_answers[("bound", n)]
    assert kind == "rows", f"ARQ refused the bound {name}: {answer}"
    saved = load_saved_query(name)
    assert [sort_list_values(saved, row) for row in answer] == _local_rows(graphs["handmade"], saved, params)


def test_the_arq_command_answers_as_the_batch_does(graphs, arq_answers):
    result = run_jena("arq.sparql", "--strict", f"--data={graphs['handmade'].resolve()}", "--results=csv",
                      f"--query={_query_file('retaliation-chains')}")
    assert result.returncode == 0, result.stderr
    assert parse_csv_results(result.stdout) == arq_answers[("handmade", "retaliation-chains")][1]
