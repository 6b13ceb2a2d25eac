"""Time `kg export` (and the alternatives it was chosen over) on synthetic graphs.

    .venv/bin/python benchmarks/export_bench.py            # 10k and 100k events
    .venv/bin/python benchmarks/export_bench.py 1000 --rdflib

The graphs come from benchmarks/synthetic_graph.py (docs/graph-model.md's shape, about 30 triples
per event). Prints one line per step, median of --repeat runs; `python -m benchmarks.run` has the
export and push rows of the project's table. Timings on a shared 2-core machine are noisy:
compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic_graph import synthetic_triples  # noqa: E402
from kg import export  # noqa: E402
from kg.formats import FORMATS  # noqa: E402

def timed(label: str, repeat: int, function):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    print(f"  {label:<48} {statistics.median(times):8.2f} s", flush=True)
    return result


def run(events: int, repeat: int, with_rdflib: bool) -> None:
    data = ("\n".join(synthetic_triples(events)) + "\n").encode("utf-8")
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    print(f"{events:,} events, {len(store):,} triples", flush=True)
    timed("pyoxigraph dump Turtle (unsorted)", repeat,
          lambda: store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(),
                             prefixes=export.export_prefixes()))
    data, _ = timed("N-Triples from the store (dump)", repeat, lambda: export.store_ntriples(store))
    timed("split and sort the lines", repeat, lambda: sorted(data.split(b"\n")))
    selection = timed("select_lines (lines, reference, sort)", repeat, lambda: export.select_lines(store))
    for name in ("ntriples", "turtle", "nquads", "trig", "rdfxml", "jsonld"):
        timed(f"write {name} from the selection", repeat,
              lambda: export.serialize_selection(selection, FORMATS[name]))
    timed("literal check (engine)", repeat, lambda: export.literal_problems(store))
    timed("export_graph turtle (all steps)", repeat, lambda: export.export_graph(store, "turtle"))
    timed("export_graph ntriples (all steps)", repeat, lambda: export.export_graph(store, "ntriples"))
    timed("export_graph trig (all steps)", repeat, lambda: export.export_graph(store, "trig"))
    if with_rdflib:
        from kg.store import store_to_rdflib
        graph = timed("rdflib: store to rdflib Graph", 1, lambda: store_to_rdflib(store))
        timed("rdflib: serialize Turtle (unsorted)", 1, lambda: graph.serialize(format="turtle"))
        timed("rdflib: serialize sorted N-Triples", 1,
              lambda: "\n".join(sorted(graph.serialize(format="nt").splitlines())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000],
                        help="numbers of synthetic events (default: 10000 100000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the median is shown")
    parser.add_argument("--rdflib", action="store_true", help="also time rdflib (slow)")
    args = parser.parse_args()
    for size in args.sizes:
        run(size, args.repeat, args.rdflib)


if __name__ == "__main__":
    main()
