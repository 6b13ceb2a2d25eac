"""Time `kg export` and the steps behind it on synthetic graphs (or any N-Triples file).

    .venv/bin/python -m benchmarks.export_bench                 # 10k and 100k synthetic events
    .venv/bin/python -m benchmarks.export_bench 1000 --repeat 1
    .venv/bin/python -m benchmarks.export_bench --file /tmp/graph.nt --repeat 1

Each graph is loaded into a fresh store generation in a temporary folder (what `kg build` ends
with: bulk load, then the export snapshot graph.nt), then each step is timed: the snapshot alone,
`kg export` in each format from the snapshot, and the export from a store scan that the snapshot
replaces. One line per step, median of --repeat runs, wall and CPU seconds. `python -m
benchmarks.run` has the export and push rows of the project's table (with peak memory, each in a
process of its own). Timings on a shared 2-core machine are noisy: compare ratios, and CPU time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic_graph import synthetic_triples  # noqa: E402
from kg import export  # noqa: E402
from kg.formats import FORMATS  # noqa: E402
from kg.store import open_store, replace_store  # noqa: E402


def timed(label: str, repeat: int, function):
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    print(f"  {label:<56} {statistics.median(walls):8.2f} s  (CPU {statistics.median(cpus):6.2f} s)", flush=True)
    return result


def run(source: Path, label: str, repeat: int, with_store_scan: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="kg-export-bench-") as folder:
        folder = Path(folder)
        print(f"{label}: {source.stat().st_size / 2**20:,.0f} MB of N-Triples", flush=True)
        root = folder / "store"
        timed("load: bulk load + snapshot (replace_store)", 1,
              lambda: replace_store(source, root, FORMATS["ntriples"]))
        snapshot = export.open_snapshot(root)
        print(f"  {snapshot.triples:,} triples in the snapshot", flush=True)
        timed("snapshot alone (write_snapshot)", repeat,
              lambda: export.write_snapshot(source, FORMATS["ntriples"], folder / "again.nt"))
        for name in ("ntriples", "turtle", "rdfxml", "trig", "nquads", "jsonld"):
            output = folder / f"graph{FORMATS[name].extensions[0]}"
            timed(f"kg export {name} (from the snapshot)", repeat,
                  lambda: export.export_data(store_root=root, format_name=name, output=output))
        timed("kg export turtle --with-ontology (snapshot, in memory)", repeat,
              lambda: export.export_data(store_root=root, format_name="turtle", with_ontology=True,
                                         output=folder / "graph-ontology.ttl"))
        if with_store_scan:
            store = open_store(root)
            timed("export turtle from a store scan (the path it replaces)", 1,
                  lambda: export.export_graph(store, "turtle", folder / "scan.ttl"))
            timed("literal check on the store (engine)", 1, lambda: export.literal_problems(store))
            same = (folder / "scan.ttl").read_bytes() == (folder / "graph.ttl").read_bytes()
            print(f"  store scan and snapshot exports are {'the same bytes' if same else 'DIFFERENT'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000],
                        help="numbers of synthetic events (default: 10000 100000)")
    parser.add_argument("--file", type=Path, action="append", default=[],
                        help="an N-Triples file to use instead of synthetic graphs (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the median is shown")
    parser.add_argument("--no-store-scan", action="store_true",
                        help="skip the export from a store scan (slow: minutes at 100k events)")
    args = parser.parse_args()
    if args.file:
        for path in args.file:
            run(path, str(path), args.repeat, not args.no_store_scan)
        return
    for events in args.sizes:
        with tempfile.TemporaryDirectory(prefix="kg-export-graph-") as folder:
            source = Path(folder) / f"synthetic-{events}.nt"
            with open(source, "w", encoding="utf-8") as handle:
                for line in synthetic_triples(events):
                    handle.write(line + "\n")
            run(source, f"{events:,} synthetic events", args.repeat, not args.no_store_scan)


if __name__ == "__main__":
    main()
