"""Latency of every saved query on synthetic graphs of 10k and 100k events (no timed tests: run this).

The graphs come from benchmarks/synthetic_graph.py (docs/graph-model.md's shape, ~26 triples per
event). Each is bulk-loaded into an on-disk Oxigraph store as `kg build` leaves it and opened
read-only as `kg query` opens it ("disk"), and into an in-memory store as `kg query --data` reads
files ("memory"); each query runs once to warm the caches, then ``--repeat`` times, and the median
is reported with the row count. Besides every saved query with its defaults, a few
parameter bindings analysts use are timed. With ``--endpoint``, the same queries are also asked of
an ``oxigraph serve`` on loopback over HTTP (SPARQL 1.1 protocol, rows parsed).

    python -m benchmarks.query_bench                      # 10k and 100k events, 3 runs each
    python -m benchmarks.query_bench --events 10000 --repeat 5 --endpoint

Goals (issue 6, this 2-core machine): every saved query under 100 ms at 10k events, under 1 s at 100k.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic_graph import write_graph
from kg.query import list_saved_queries, run_endpoint_query, run_query
import pyoxigraph

from kg.store import open_store, replace_store

# (label, saved query, parameters): the defaults of every saved query, then common bindings.
EXTRA_CASES = [
    ("retaliation-chains after=2024-01-01", "retaliation-chains", {"after": "2024-01-01"}),
    ("timeline country=Syria", "timeline", {"country": "Syria"}),
    ("timeline from/to one month", "timeline", {"from": "2019-06-01", "to": "2019-06-30"}),
    ("sources event=one event", "sources", {"event": "ref:event/e0000007"}),
]


def cases() -> list[tuple[str, str, dict[str, str]]]:
    return [(q.name, q.name, {}) for q in list_saved_queries()] + EXTRA_CASES


def time_query(run, repeat: int) -> tuple[float, int]:
    """Median seconds of ``repeat`` runs after one warm-up run, and the number of rows."""
    rows = len(run().rows)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def measure(events: int, repeat: int, workdir: Path, endpoint: bool) -> dict[str, dict[str, tuple[float, int]]]:
    graph = workdir / f"graph-{events}.nt"
    started = time.perf_counter()
    triples = write_graph(events, graph)
    print(f"# {events:,} events: {triples:,} triples written in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    root = workdir / f"store-{events}"
    started = time.perf_counter()
    replace_store(graph, root)
    print(f"# loaded into {root} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    memory = pyoxigraph.Store()
    memory.bulk_load(path=str(graph), format=pyoxigraph.RdfFormat.N_TRIPLES)
    stores = {"disk": open_store(root), "memory": memory}
    results: dict[str, dict[str, tuple[float, int]]] = {mode: {} for mode in stores}
    for label, name, params in cases():
        for mode, store in stores.items():
            results[mode][label] = time_query(lambda: run_query(store, name, params), repeat)
            print(f"#   {mode} {label}: {results[mode][label][0] * 1000:.1f} ms", file=sys.stderr)
    if endpoint:
        del stores
        from tests.support.oxigraph_server import running_oxigraph_server
        results["endpoint"] = {}
        with running_oxigraph_server(workdir, data=[graph]) as url:
            for label, name, params in cases():
                results["endpoint"][label] = time_query(
                    lambda: run_endpoint_query(f"{url}/query", name, params, timeout=600), repeat)
                print(f"#   endpoint {label}: {results['endpoint'][label][0] * 1000:.1f} ms", file=sys.stderr)
    return results


def format_table(sizes: list[int], measured: dict[int, dict]) -> str:
    modes = [m for m in ("disk", "memory", "endpoint") if all(m in measured[s] for s in sizes)]
    header = ["query"] + [f"{mode} {size // 1000}k" for mode in modes for size in sizes]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for label, _, _ in cases():
        cells = [label]
        for mode in modes:
            for size in sizes:
                seconds, rows = measured[size][mode][label]
                cells.append(f"{seconds * 1000:,.1f} ms ({rows:,} rows)")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--endpoint", action="store_true", help="also time the queries over HTTP")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-query-bench-") as tmp:
        measured = {events: measure(events, args.repeat, Path(tmp), args.endpoint) for events in args.events}
    print(f"Saved-query latency, median of {args.repeat} runs after one warm-up; disk = the default store "
          "(Oxigraph on disk, read-only), memory = --data files (Oxigraph in memory):\n")
    print(format_table(args.events, measured))
    return 0


if __name__ == "__main__":
    sys.exit(main())
