"""Time `kg validate` against pyshacl and Apache Jena's SHACL engine on synthetic graphs.

    .venv/bin/python -m benchmarks.validate_bench                      # 1k, 10k and 100k events
    .venv/bin/python -m benchmarks.validate_bench --events 1000 --no-jena

For each size, benchmarks/synthetic_graph.py writes an N-Triples graph with deliberate mistakes
(a known number of results of each rule), then each engine validates that file with the packaged
shapes, as a user would:

* ``kg validate``: the command in a fresh process (start-up, parse, validate, report), plus the
  in-process split into loading the file into Oxigraph and running the checks;
* ``pyshacl``: rdflib parse plus pyshacl.validate, only up to --pyshacl-max events (default
  1000): it runs each SPARQL constraint once per focus node through rdflib, which takes minutes
  at 1000 events and grows with the square of the graph;
* ``jena``: Jena's ``shacl validate`` command, whole process (needs scripts/install-jena.sh).

Every engine's results are compared with the fast engine's (same focus nodes, shapes, paths,
values, messages) and with the counts the generator planted. Prints a table; the machine is
shared and noisy, so compare ratios rather than seconds, and use --repeat for medians.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import rdflib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic_graph import expected_counts, write_graph  # noqa: E402
from kg.store import load_files  # noqa: E402
from kg.validate import (default_shapes_files, load_shapes, results_from_report_graph,  # noqa: E402
                         validate_graph)

KG = Path(sys.executable).with_name("kg")


def _rule_counts(results) -> Counter:
    """(severity, rule) counts, the rule being the SPARQL constraint or else the shape."""
    counts: Counter = Counter()
    for r in results:
        rule = (r.source_constraint or r.source_shape).rstrip(">").rsplit("#", 1)[-1]
        counts[(r.severity, rule)] += 1
    return counts


def _key(result):
    # Jena leaves out sh:sourceConstraint; the rest must agree.
    return (result.severity, result.focus_node, result.path, result.value, result.source_shape,
            result.constraint_component, result.message)


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def bench_kg(path: Path, repeat: int) -> dict:
    whole, load, check = [], [], []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run([str(KG), "validate", str(path), "--format", "json", "-o", os.devnull],
                              capture_output=True, text=True)
        whole.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            raise RuntimeError(done.stderr)
        started = time.perf_counter()
        store = load_files([path])
        load.append(time.perf_counter() - started)
        report = validate_graph(store, engine="fast")
        check.append(report.seconds)
        del store
    return {"whole": _median(whole), "load": _median(load), "check": _median(check), "report": report}


def bench_pyshacl(path: Path) -> dict:
    import pyshacl

    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    started = time.perf_counter()
    data = rdflib.Graph().parse(str(path), format="nt")
    loaded = time.perf_counter()
    _conforms, report_graph, _text = pyshacl.validate(data, shacl_graph=load_shapes(), inference="none")
    finished = time.perf_counter()
    return {"whole": finished - started, "load": loaded - started, "check": finished - loaded,
            "results": results_from_report_graph(report_graph)}


def bench_jena(path: Path, repeat: int) -> dict | None:
    from tests.support.jena import jena_available, run_jena

    if not jena_available():
        return None
    [shapes] = default_shapes_files()
    whole = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = run_jena("shacl.shacl", "validate", f"--shapes={shapes}", f"--data={path}",
                        java_options=["-Xmx8g", "-XX:+UseParallelGC"], timeout=3600)
        whole.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-2000:])
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    results = results_from_report_graph(rdflib.Graph().parse(data=done.stdout, format="turtle"))
    return {"whole": _median(whole), "results": results}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--pyshacl-max", type=int, default=1_000,
                        help="run pyshacl only on graphs up to this many events")
    parser.add_argument("--no-jena", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="runs per engine (the median is shown)")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the generated graphs here")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="validate-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)

    rows = []
    for events in args.events:
        path = workdir / f"graph-{events}.nt"
        triples = write_graph(events, path) if not path.exists() else sum(1 for _ in path.open())
        expected = expected_counts(events)
        print(f"{events} events, {triples} triples: {path}", file=sys.stderr)
        kg = bench_kg(path, args.repeat)
        fast_results = kg["report"].results
        fast_keys = sorted(map(_key, fast_results))
        planted = "yes" if _rule_counts(fast_results) == expected else "NO"
        rows.append((events, triples, "kg validate (fast)", kg["load"], kg["check"], kg["whole"],
                     len(fast_results), f"planted: {planted}"))
        if events <= args.pyshacl_max:
            print("  pyshacl ...", file=sys.stderr)
            slow = bench_pyshacl(path)
            same = "yes" if sorted(map(_key, slow["results"])) == fast_keys else "NO"
            rows.append((events, triples, "pyshacl", slow["load"], slow["check"], slow["whole"],
                         len(slow["results"]), f"same as fast: {same}"))
        if not args.no_jena:
            print("  jena ...", file=sys.stderr)
            jena = bench_jena(path, args.repeat)
            if jena is None:
                print("  Jena is not installed (scripts/install-jena.sh): skipped", file=sys.stderr)
            else:
                same = "yes" if sorted(map(_key, jena["results"])) == fast_keys else "NO"
                rows.append((events, triples, "jena shacl validate", None, None, jena["whole"],
                             len(jena["results"]), f"same as fast: {same}"))

    print(f"\n{'events':>8} {'triples':>10}  {'engine':<22} {'load s':>7} {'check s':>8} "
          f"{'whole s':>8} {'x fast':>7} {'results':>8}  agreement")
    fast_whole = {r[0]: r[5] for r in rows if r[2].startswith("kg")}
    for events, triples, engine, load, check, whole, results, agreement in rows:
        cell = (lambda v: f"{v:7.2f}" if v is not None else f"{'-':>7}")
        print(f"{events:>8} {triples:>10}  {engine:<22} {cell(load)} {cell(check):>8} {whole:8.2f} "
              f"{whole / fast_whole[events]:7.1f} {results:>8}  {agreement}")


if __name__ == "__main__":
    main()
