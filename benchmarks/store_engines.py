"""Measure the candidate store engines for docs/decisions/2026-11-21-store-engine.md.

    python -m benchmarks.store_engines                  # 10k and 100k events
    python -m benchmarks.store_engines --events 10000

Engines: pyoxigraph's on-disk Store (what kg/store.py uses), pyoxigraph in memory, rdflib's
in-memory Graph, and oxrdflib (rdflib's API over an Oxigraph store; ``pip install oxrdflib``,
not a kg dependency). Operations, on the synthetic graphs of benchmarks/synthetic_graph.py:
bulk load of N-Triples, adding the triples one by one from Python records (what a builder does),
write Turtle, read Turtle, a GROUP BY query and a property-path query (median of 3 runs each).
Every engine runs in its own child process, so the peak memory column is that engine's own.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.run import (Measure, NotAvailable, _seconds, _timed, case, log, machine_line, measure,
                            run_case_in_this_process, write_synthetic_graph)

ENGINES = ("oxigraph-disk", "oxigraph-memory", "rdflib", "oxrdflib")

PREFIX = "PREFIX ck: <https://w3id.org/conflict-kg/ontology#>\n"
# Attacks per target facility: a GROUP BY over a join, as attacks-by-facility does.
GROUP_BY = PREFIX + """SELECT ?facility (COUNT(?event) AS ?attacks) WHERE {
  ?event a ck:Attack ; ck:target ?facility .
} GROUP BY ?facility ORDER BY DESC(?attacks) ?facility"""
# Chains of responses of any length, as retaliation-chains does.
PATH = PREFIX + """SELECT ?start ?answer WHERE { ?answer ck:respondsTo+ ?start . }"""


def _median(function, runs: int = 3) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        seconds, value = _timed(function)
        times.append(seconds)
    return statistics.median(times), value


def _open(engine: str, folder: Path):
    """A fresh empty store of the engine: (object, bulk_load(path, fmt), query(text) -> rows, dump(path))."""
    import pyoxigraph as ox
    formats = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE}
    if engine.startswith("oxigraph"):
        store = ox.Store(str(folder / "ox")) if engine == "oxigraph-disk" else ox.Store()

        def load(path: str, fmt: str):
            store.bulk_load(path=path, format=formats[fmt])
            if engine == "oxigraph-disk":
                store.flush()

        return (store, load, lambda q: list(store.query(q)),
                lambda path: store.dump(path, ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph()))
    import rdflib
    if engine == "rdflib":
        graph = rdflib.Graph()
        names = {"nt": "nt", "ttl": "turtle"}
        return (graph, lambda path, fmt: graph.parse(path, format=names[fmt]),
                lambda q: list(graph.query(q)),
                lambda path: graph.serialize(destination=path, format="turtle", encoding="utf-8"))
    try:
        import oxrdflib  # noqa: F401
    except ImportError:
        raise NotAvailable("oxrdflib is not installed (pip install oxrdflib)") from None
    graph = rdflib.Graph(store="Oxigraph")
    names = {"nt": "ox-nt", "ttl": "ox-turtle"}
    # transactional=False makes oxrdflib's parser use pyoxigraph's bulk loader.
    return (graph, lambda path, fmt: graph.parse(path, format=names[fmt], transactional=False),
            lambda q: list(graph.query(q)),
            lambda path: graph.serialize(destination=path, format="ox-turtle", encoding="utf-8"))


@case
def engine_main(engine: str, source: str, workdir: str) -> dict:
    """Load N-Triples, run both queries, write Turtle: one engine, one process."""
    folder = Path(tempfile.mkdtemp(dir=workdir))
    _, load, query, dump = _open(engine, folder)
    items = {}
    items["bulk load N-Triples"], _ = _timed(lambda: load(source, "nt"))
    items["GROUP BY query"], rows = _median(lambda: query(GROUP_BY))
    group_rows = len(rows)
    items["property-path query"], rows = _median(lambda: query(PATH))
    path_rows = len(rows)
    turtle = folder / "out.ttl"
    items["write Turtle"], _ = _timed(lambda: dump(str(turtle)))
    return {"seconds": items["bulk load N-Triples"], "items": items,
            "rows": {"group": group_rows, "path": path_rows}, "turtle": str(turtle)}


@case
def engine_read_turtle(engine: str, source: str, workdir: str) -> dict:
    folder = Path(tempfile.mkdtemp(dir=workdir))
    _, load, _, _ = _open(engine, folder)
    seconds, _ = _timed(lambda: load(source, "ttl"))
    return {"seconds": seconds}


def _records(source: str) -> list[tuple]:
    """The triples as plain Python tuples, as a builder holds them before making RDF terms."""
    import pyoxigraph as ox
    records = []
    for triple in ox.parse(path=source, format=ox.RdfFormat.N_TRIPLES):
        obj = triple.object
        if isinstance(obj, ox.Literal):
            o = ("literal", obj.value, obj.datatype.value if obj.language is None else None, obj.language)
        else:
            o = ("iri", obj.value, None, None)
        records.append((triple.subject.value, triple.predicate.value, o))
    return records


@case
def engine_add(engine: str, source: str, workdir: str) -> dict:
    """Make terms and add every triple from Python records, the way kg.build's GraphBuilder does."""
    records = _records(source)
    if engine.startswith("oxigraph"):
        import pyoxigraph as ox
        store = ox.Store(str(Path(tempfile.mkdtemp(dir=workdir)) / "ox")) if engine == "oxigraph-disk" else ox.Store()

        def term(o):
            if o[0] == "iri":
                return ox.NamedNode(o[1])
            return ox.Literal(o[1], language=o[3]) if o[3] else ox.Literal(o[1], datatype=ox.NamedNode(o[2]))

        def run():
            store.bulk_extend(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), term(o)) for s, p, o in records)
            if engine == "oxigraph-disk":
                store.flush()
        seconds, _ = _timed(run)
        return {"seconds": seconds}
    import rdflib
    if engine == "oxrdflib":
        try:
            import oxrdflib  # noqa: F401
        except ImportError:
            raise NotAvailable("oxrdflib is not installed") from None
    graph = rdflib.Graph(store="Oxigraph") if engine == "oxrdflib" else rdflib.Graph()

    def term(o):
        if o[0] == "iri":
            return rdflib.URIRef(o[1])
        return rdflib.Literal(o[1], lang=o[3]) if o[3] else rdflib.Literal(o[1], datatype=rdflib.URIRef(o[2]))

    def run():
        for s, p, o in records:
            graph.add((rdflib.URIRef(s), rdflib.URIRef(p), term(o)))
    seconds, _ = _timed(run)
    return {"seconds": seconds}


def compare(events: tuple[int, ...], workdir: Path, timeout: float) -> str:
    lines = [f"Store engines on {machine_line()}.", ""]
    header = "| operation | size | " + " | ".join(ENGINES) + " |"
    lines += [header, "|" + "---|" * (len(ENGINES) + 2)]
    peaks: dict[tuple[int, str], float | None] = {}
    for n in events:
        source = workdir / f"graph-{n}.nt"
        if not source.exists():
            log(f"writing a synthetic graph of {n:,} events")
            write_synthetic_graph(n, source)
        with open(source, "rb") as handle:
            triples = sum(1 for _ in handle)
        size = f"{n // 1000}k events ({triples / 1e6:.2f}M triples)"
        results: dict[str, dict[str, Measure]] = {}
        turtle = None
        for engine in ENGINES:
            log(f"{size}: {engine}")
            main = measure("engine_main", timeout, module="benchmarks.store_engines", engine=engine,
                           source=str(source), workdir=str(workdir))
            row = {}
            if main.ok:
                for op, seconds in main.data["items"].items():
                    row[op] = Measure("ok", seconds, main.peak_mb)
                turtle = turtle or main.data["turtle"]
                row["rows"] = main.data["rows"]
            else:
                for op in ("bulk load N-Triples", "GROUP BY query", "property-path query", "write Turtle"):
                    row[op] = main
            peaks[(n, engine)] = main.peak_mb if main.ok else None
            results[engine] = row
        for engine in ENGINES:
            if turtle is None:
                results[engine]["read Turtle"] = Measure("na", note="no Turtle file")
                continue
            results[engine]["read Turtle"] = measure("engine_read_turtle", timeout, module="benchmarks.store_engines",
                                                     engine=engine, source=turtle, workdir=str(workdir))
            results[engine]["add triples one by one from Python"] = measure(
                "engine_add", timeout, module="benchmarks.store_engines", engine=engine, source=str(source),
                workdir=str(workdir))
        for op in ("bulk load N-Triples", "add triples one by one from Python", "write Turtle", "read Turtle",
                   "GROUP BY query", "property-path query"):
            cells = []
            for engine in ENGINES:
                m = results[engine].get(op, Measure("na"))
                cells.append(_seconds(m.seconds) if m.ok else (m.note or m.status))
            lines.append(f"| {op} | {size} | " + " | ".join(cells) + " |")
        row_counts = {e: results[e].get("rows") for e in ENGINES}
        lines.append(f"| peak memory (load + queries + write) | {size} | "
                     + " | ".join(f"{peaks[(n, e)]:,.0f} MB" if peaks[(n, e)] else "—" for e in ENGINES) + " |")
        log(f"row counts {row_counts}")
        lines.append(f"| rows (GROUP BY / path) | {size} | "
                     + " | ".join(f"{r['group']} / {r['path']}" if r else "—" for r in row_counts.values()) + " |")
        for f in workdir.glob("tmp*"):
            import shutil
            shutil.rmtree(f, ignore_errors=True)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.store_engines", description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="10000,100000", help="graph sizes, comma-separated")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--case-args", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.case:
        import json
        run_case_in_this_process(args.case, json.loads(args.case_args or "{}"))
        return 0
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-engines-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(compare(tuple(int(n) for n in args.events.split(",")), workdir, args.timeout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
