"""The benchmark suite: one command, one table.

    python -m benchmarks.run                 # --size small: a few minutes on 2 cores (CI runs it)
    python -m benchmarks.run --size full     # 10k articles; 10k, 100k and 1M-event graphs

Every figure is measured in a fresh child process (``python -m benchmarks.run --case ...``), so
each peak memory figure is that step's own (``ru_maxrss`` of the child and of its children), and
one step's garbage cannot slow the next. Each kg figure is printed beside the naive baseline
(rdflib's in-memory graph, rdflib's SPARQL engine, pyshacl on the whole graph) and Apache Jena
(riot, ARQ, SHACL) where it is installed, as ratios from the same run. A part whose code is not
written yet, or whose tool is missing, prints ``n/a`` with the reason instead of failing, so the
table can be produced at every stage of the project. No timing is ever asserted.

The table goes to stdout (Markdown, ready for docs/performance.md); progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULT_MARK = "BENCH-RESULT "


class NotAvailable(Exception):
    """The code or tool a measurement needs is not there (yet): reported as n/a, not an error."""


@dataclass(frozen=True)
class Size:
    articles: int
    events: tuple[int, ...]
    rdflib_max_events: int          # above this the rdflib baseline needs more memory than we have
    pyshacl_max_events: int
    pyshacl_timeout: float
    query_budget: float             # per rdflib query
    jena_queries: tuple[str, ...] | None   # saved queries also run with ARQ (None: all)
    jena_max_events: int            # above this only riot's load runs (Jena holds the graph in memory)
    timeout: float                  # per child process


SIZES = {
    # Small is what CI runs: the cheapest meaningful sizes, a few minutes on 2 cores.
    "small": Size(articles=300, events=(10_000,), rdflib_max_events=10_000, pyshacl_max_events=10_000,
                  pyshacl_timeout=30, query_budget=5, jena_queries=("events",), jena_max_events=10_000,
                  timeout=600),
    # rdflib keeps about 1.4 KB per triple: 1M events (tens of millions of triples) would need
    # tens of GB, so the naive baseline stops at 100k; pyshacl did not finish 100k in 10 minutes.
    "full": Size(articles=10_000, events=(10_000, 100_000, 1_000_000), rdflib_max_events=100_000,
                 pyshacl_max_events=10_000, pyshacl_timeout=600, query_budget=60, jena_queries=None,
                 jena_max_events=100_000, timeout=3600),
}

PARTS = ("extract", "distributed", "build", "load", "export", "validate", "query", "push")


# Measurements run in the child ------------------------------------------------------------------

CASES: dict[str, Callable[..., dict]] = {}


def case(function: Callable[..., dict]) -> Callable[..., dict]:
    CASES[function.__name__] = function
    return function


# CPU seconds (user + system, this process and its finished children) spent inside _timed. On a
# shared machine wall time depends on the neighbours; CPU time much less so.
_CPU_SECONDS = [0.0]


def _cpu_now() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _timed(function: Callable[[], object]) -> tuple[float, object]:
    cpu = _cpu_now()
    start = time.perf_counter()
    value = function()
    elapsed = time.perf_counter() - start
    _CPU_SECONDS[0] += _cpu_now() - cpu
    return elapsed, value


def _import(module: str, *names: str):
    """Attributes of a module that may not be written yet; NotAvailable names what is missing."""
    import importlib
    try:
        loaded = importlib.import_module(module)
    except ImportError as exc:
        raise NotAvailable(f"{module} not available ({exc})") from None
    if not names:
        return loaded
    found = []
    for name in names:
        if not hasattr(loaded, name):
            raise NotAvailable(f"{module}.{name} not available")
        found.append(getattr(loaded, name))
    return found[0] if len(found) == 1 else tuple(found)


@case
def extract(corpus: str, workers: int) -> dict:
    """Extraction alone (read is not timed): articles/s and MB/s."""
    from kg.read import read_articles
    extract_articles = _import("kg.pipeline", "extract_articles")
    _import("kg.gazetteer", "load_gazetteer")
    articles = read_articles([corpus]).articles
    size = sum(len(a.text.encode("utf-8")) for a in articles)
    seconds, extractions = _timed(lambda: extract_articles(articles, workers=workers))
    mentions = sum(len(e.mentions) for e in extractions)
    return {"seconds": seconds, "articles": len(articles), "bytes": size, "mentions": mentions}


@case
def extract_dask(corpus: str, workers: int) -> dict:
    """Extraction on a Dask LocalCluster of ``workers`` processes (cluster start not timed)."""
    import logging
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise NotAvailable("dask[distributed] is not installed") from None
    extract_with_dask = _import("kg.distributed", "extract_with_dask")
    from kg.read import read_articles
    articles = read_articles([corpus]).articles
    size = sum(len(a.text.encode("utf-8")) for a in articles)
    with tempfile.TemporaryDirectory() as space, \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None, local_directory=space, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        seconds, extractions = _timed(lambda: extract_with_dask(articles, client))
    mentions = sum(len(e.mentions) for e in extractions)
    # The workers are the cluster's processes, not this one's children: their CPU is not seen here.
    return {"seconds": seconds, "articles": len(articles), "bytes": size, "mentions": mentions,
            "cpu_seconds": None}


@case
def build_store(corpus: str, store: str, dump: str | None = None) -> dict:
    """`kg build` into the embedded store through the library API, as the CLI runs it.

    With ``dump``, the built graph is also written there as N-Triples (not timed), to seed the
    graphs of real-build density.
    """
    build_to_store = _import("kg.pipeline", "build_to_store")
    _import("kg.gazetteer", "load_gazetteer")
    seconds, result = _timed(lambda: build_to_store([corpus], Path(store)))
    if dump:
        import pyoxigraph
        from kg.store import open_store
        open_store(Path(store)).dump(dump, pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    return {"seconds": seconds, "events": len(result.events), "triples": result.triples,
            "articles": len(result.articles)}


@case
def build_add(corpus: str, store: str, base_store: str) -> dict:
    """`kg build --add` of a few new articles to a built store (a copy of ``base_store``)."""
    build_to_store = _import("kg.pipeline", "build_to_store")
    _import("kg.gazetteer", "load_gazetteer")
    shutil.rmtree(store, ignore_errors=True)
    shutil.copytree(base_store, store)
    seconds, result = _timed(lambda: build_to_store([corpus], Path(store), add=True))
    return {"seconds": seconds, "events": len(result.events), "triples": result.triples,
            "articles": len(result.articles)}


@case
def build_stages(corpus: str, store: str) -> dict:
    """The same build, stage by stage, to show where the time goes (mirrors kg.pipeline)."""
    pipeline = _import("kg.pipeline")
    _import("kg.gazetteer", "load_gazetteer")
    from kg.read import read_articles
    from kg.resolve import resolve_events
    from kg.build import build_event_graph
    stages = {}
    stages["read"], read = _timed(lambda: read_articles([corpus]))
    stages["extract"], extractions = _timed(lambda: pipeline.extract_articles(read.articles))
    stages["resolve"], events = _timed(lambda: resolve_events(extractions))
    stages["reference"], reference = _timed(pipeline.reference_graph)
    stages["build"], graph = _timed(lambda: build_event_graph(read.articles, events, reference=reference))
    root = Path(store)
    root.mkdir(parents=True, exist_ok=True)
    triples_file = root / "stages.nt"
    stages["serialize"], _ = _timed(lambda: graph.serialize(destination=str(triples_file), format="nt",
                                                              encoding="utf-8"))
    from kg.store import replace_store
    from kg.formats import FORMATS
    stages["store"], _ = _timed(lambda: replace_store(triples_file, root, FORMATS["ntriples"]))
    triples_file.unlink()
    return {"seconds": sum(stages.values()), "stages": stages, "triples": len(graph), "events": len(events)}


@case
def build_rdflib_turtle(corpus: str, output: str) -> dict:
    """Naive baseline: the same build kept in an rdflib graph and written as Turtle by rdflib."""
    build_graph = _import("kg.pipeline", "build_graph")
    _import("kg.gazetteer", "load_gazetteer")

    def run():
        built = build_graph([corpus])
        built.graph.serialize(destination=output, format="turtle", encoding="utf-8")
        return built
    seconds, built = _timed(run)
    return {"seconds": seconds, "triples": len(built.graph)}


@case
def ox_load(source: str, store: str) -> dict:
    """Load N-Triples into a new on-disk store and switch to it, as `kg build` finishes."""
    from kg.store import replace_store
    from kg.formats import format_for_path
    seconds, _ = _timed(lambda: replace_store(Path(source), Path(store), format_for_path(source)))
    return {"seconds": seconds}


@case
def rdflib_load(source: str) -> dict:
    import rdflib
    fmt = "nt" if source.endswith(".nt") else "turtle"
    seconds, graph = _timed(lambda: rdflib.Graph().parse(source, format=fmt))
    return {"seconds": seconds, "triples": len(graph)}


def _jena():
    sys.path.insert(0, str(REPO_ROOT))
    try:
        from tests.support import jena
    except Exception as exc:
        raise NotAvailable(f"tests/support/jena.py not usable ({exc})") from None
    if not jena.jena_available():
        raise NotAvailable(f"Apache Jena not installed ({jena.jena_unavailable_reason()})")
    return jena


# Jena runs on big graphs need a bigger heap than the test defaults and the optimising compiler.
JENA_OPTIONS = ("-Xmx8g", "-XX:+UseParallelGC")


@case
def jena_load(source: str) -> dict:
    """riot parses the file and counts the triples (the whole process, JVM start included)."""
    jena = _jena()
    seconds, done = _timed(lambda: jena.run_jena("riotcmd.riot", "--count", source, timeout=3600,
                                                 java_options=JENA_OPTIONS))
    # riot exits non-zero when it warns (the synthetic graph plants ill-formed dates on purpose),
    # but it still reads every triple; its count line says so.
    if "Triples =" not in done.stdout + done.stderr:
        raise RuntimeError(done.stderr.strip()[-500:])
    return {"seconds": seconds}


@case
def ox_export(store: str, output: str) -> dict:
    """`kg export` to Turtle (deterministic, sorted) from the default store (its snapshot file)."""
    export_data = _import("kg.export", "export_data")
    seconds, _ = _timed(lambda: export_data(store_root=Path(store), format_name="turtle", output=output))
    return {"seconds": seconds, "bytes": Path(output).stat().st_size}


@case
def ox_dump(store: str, output: str) -> dict:
    """pyoxigraph's own Turtle writer over the store (unsorted): the engine's floor."""
    import pyoxigraph
    from kg.store import open_store
    opened = open_store(Path(store))
    seconds, _ = _timed(lambda: opened.dump(output, pyoxigraph.RdfFormat.TURTLE,
                                            from_graph=pyoxigraph.DefaultGraph()))
    return {"seconds": seconds, "bytes": Path(output).stat().st_size}


@case
def rdflib_export(source: str, output: str) -> dict:
    import rdflib
    graph = rdflib.Graph().parse(source, format="nt")
    seconds, _ = _timed(lambda: graph.serialize(destination=output, format="turtle", encoding="utf-8"))
    return {"seconds": seconds}


@case
def jena_export(source: str, output: str) -> dict:
    """riot writes Turtle (pretty, grouped by subject), JVM start and parse included."""
    jena = _jena()
    seconds, done = _timed(lambda: jena.run_jena("riotcmd.riot", "--output=turtle", source, timeout=3600,
                                                 java_options=JENA_OPTIONS))
    if not done.stdout.strip():     # a non-zero exit with output means warnings only (see jena_load)
        raise RuntimeError(done.stderr.strip()[-500:])
    Path(output).write_text(done.stdout, encoding="utf-8")
    return {"seconds": seconds}


def _saved_queries():
    from kg.query import list_saved_queries
    return list_saved_queries()


@case
def saved_query_names() -> dict:
    return {"seconds": 0.0, "names": [saved.name for saved in _saved_queries()]}


@case
def ox_query(store: str, name: str) -> dict:
    """One saved query on the on-disk store through kg.query (rows materialised; opening not timed).

    One child per query: Oxigraph computes a sorted or grouped answer before the first row, so only
    the child's timeout can stop a query that takes too long.
    """
    from kg.query import run_query
    from kg.store import open_store
    opened = open_store(Path(store))
    seconds, result = _timed(lambda: run_query(opened, name))
    return {"seconds": seconds, "rows": len(result.rows)}


class _Overtime(Exception):
    pass


def _raise_overtime(signum, frame):
    raise _Overtime()


@case
def rdflib_queries(source: str, budget: float) -> dict:
    """Every saved query with rdflib's SPARQL engine on an in-memory graph (parse not timed).

    rdflib's engine is pure Python, so a per-query alarm can stop one query that runs past
    ``budget`` seconds and the others still get measured.
    """
    import signal
    import rdflib
    graph = rdflib.Graph().parse(source, format="nt")
    items = {}
    signal.signal(signal.SIGALRM, _raise_overtime)
    for saved in _saved_queries():
        signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            seconds, rows = _timed(lambda: list(graph.query(saved.text)))
            items[saved.name] = {"seconds": seconds, "rows": len(rows)}
        except _Overtime:
            items[saved.name] = {"timeout": budget}
        except Exception as exc:
            items[saved.name] = {"error": _short_error(exc)}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return {"items": items, "seconds": sum(i.get("seconds", 0) for i in items.values())}


@case
def jena_query(source: str, name: str) -> dict:
    """One saved query with ARQ over the file: JVM start and parsing the file included."""
    jena = _jena()
    from kg import resources
    path = Path(str(resources.resource_dir("queries") / f"{name}.rq"))
    seconds, done = _timed(lambda: jena.run_jena("arq.sparql", f"--data={source}", f"--query={path}",
                                                 "--results=tsv", timeout=3600, java_options=JENA_OPTIONS))
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-300:])
    rows = max(0, len([line for line in done.stdout.splitlines() if line.strip()]) - 1)
    return {"seconds": seconds, "rows": rows}


@case
def kg_validate(source: str, store: str) -> dict:
    """`kg validate` on the default store: kg.validate.validate_graph over the on-disk store."""
    validate_graph = _import("kg.validate", "validate_graph")
    from kg.store import open_store
    opened = open_store(Path(store))
    seconds, report = _timed(lambda: validate_graph(opened))
    results = getattr(report, "results", None)
    return {"seconds": seconds, "results": len(results) if results is not None else None,
            "engine": getattr(report, "engine", None)}


def _shapes_file(workdir: Path) -> Path:
    """All shape files merged into one Turtle file (Jena and pyshacl read one shapes graph)."""
    import rdflib
    from kg import resources
    target = workdir / "shapes.ttl"
    if not target.exists():
        graph = rdflib.Graph()
        for f in resources.resource_files("shapes", ".ttl"):
            graph.parse(data=f.read_text(encoding="utf-8"), format="turtle")
        if len(graph) == 0:
            raise NotAvailable("no SHACL shapes in shapes/ yet")
        graph.serialize(destination=str(target), format="turtle")
    return target


@case
def pyshacl_validate(source: str, shapes: str) -> dict:
    import pyshacl
    import rdflib
    data = rdflib.Graph().parse(source, format="nt")
    shapes_graph = rdflib.Graph().parse(shapes, format="turtle")
    seconds, (conforms, report, _) = _timed(lambda: pyshacl.validate(data, shacl_graph=shapes_graph))
    from rdflib.namespace import RDF, SH
    return {"seconds": seconds, "conforms": bool(conforms),
            "results": len(set(report.subjects(RDF.type, SH.ValidationResult)))}


@case
def jena_validate(source: str, shapes: str) -> dict:
    jena = _jena()
    seconds, done = _timed(lambda: jena.run_jena("shacl.shacl", "validate", f"--shapes={shapes}", f"--data={source}",
                                                 timeout=3600, java_options=JENA_OPTIONS))
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-300:])
    return {"seconds": seconds, "results": done.stdout.count("sh:ValidationResult")}


@case
def kg_push(store: str, endpoint: str) -> dict:
    """`kg push --replace` from the default store (its snapshot file, cut into chunks)."""
    push_data = _import("kg.push", "push_data")
    seconds, _ = _timed(lambda: push_data(endpoint, replace=True, store_root=Path(store)))
    return {"seconds": seconds}


@case
def http_post(source: str, endpoint: str) -> dict:
    """Baseline: the whole N-Triples file in one Graph Store Protocol POST (what curl would do)."""
    def run():
        with open(source, "rb") as handle:
            request = urllib.request.Request(f"{endpoint.rstrip('/')}/store?default", data=handle,
                                             method="POST",
                                             headers={"Content-Type": "application/n-triples",
                                                      "Content-Length": str(os.path.getsize(source))})
            with urllib.request.urlopen(request, timeout=3600) as answer:
                return answer.status
    seconds, status = _timed(run)
    return {"seconds": seconds, "status": status}


def _short_error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:160]


def run_case_in_this_process(name: str, arguments: dict) -> None:
    """Child side: run one case, print its result with the peak memory as one JSON line."""
    try:
        result = CASES[name](**arguments)
        result["status"] = "ok"
    except NotAvailable as exc:
        result = {"status": "na", "note": str(exc)}
    except Exception as exc:
        traceback.print_exc()
        result = {"status": "error", "note": _short_error(exc)}
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss is in KiB on Linux. Children's peak is the largest single child (a pool worker,
    # a JVM), which is what matters next to the parent's own peak.
    result["peak_mb"] = max(own, children) / 1024
    result.setdefault("cpu_seconds", _CPU_SECONDS[0])
    print(RESULT_MARK + json.dumps(result), flush=True)


# The parent: orchestration and the table -------------------------------------------------------

@dataclass
class Measure:
    status: str = "na"              # ok | na | error | timeout | skipped
    seconds: float | None = None
    peak_mb: float | None = None
    note: str = ""
    data: dict = field(default_factory=dict)
    cpu_seconds: float | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.seconds is not None


def measure(case_name: str, timeout: float, module: str = "benchmarks.run", **arguments) -> Measure:
    """Run one case in a fresh child process (``python -m MODULE --case NAME``) and read its result."""
    command = [sys.executable, "-m", module, "--case", case_name, "--case-args", json.dumps(arguments)]
    what = f"  {case_name} {' '.join(f'{k}={v}' for k, v in arguments.items() if k in ('workers', 'name', 'engine'))}"
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=REPO_ROOT,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        log(f"{what}: stopped after {timeout:.0f} s")
        return Measure("timeout", note=f"> {timeout:.0f} s")
    log(f"{what}: {time.monotonic() - started:.1f} s")
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return Measure("error", note=f"exit {done.returncode}: {tail[:160]}")
    data = json.loads(lines[-1][len(RESULT_MARK):])
    if data["status"] == "error":
        log("    " + "\n    ".join(done.stderr.strip().splitlines()[-5:]))
    return Measure(data.pop("status"), data.pop("seconds", None), data.pop("peak_mb", None),
                   data.pop("note", ""), data, data.pop("cpu_seconds", None))


def skipped(reason: str) -> Measure:
    return Measure("skipped", note=reason)


@dataclass
class Row:
    operation: str
    size: str
    kg: Measure
    baseline: Measure = field(default_factory=lambda: Measure("na", note="—"))
    jena: Measure = field(default_factory=lambda: Measure("na", note="—"))
    kg_text: str | None = None        # override for the kg cell (e.g. throughput)
    note: str = ""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _seconds(value: float) -> str:
    if value < 1:
        return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def _cell(m: Measure) -> str:
    if m.ok:
        return _seconds(m.seconds)
    if m.status == "timeout":
        return m.note
    if m.status == "skipped":
        return f"skipped ({m.note})"
    if m.status == "error":
        return f"error ({m.note})"
    return "n/a" + (f" ({m.note})" if m.note and m.note != "—" else "")


def _peak(m: Measure) -> str:
    return f"{m.peak_mb:,.0f} MB" if m.peak_mb and m.status in ("ok",) else ""


def _ratio(kg: Measure, other: Measure) -> str:
    if kg.ok and other.ok and kg.seconds > 0:
        return f"{other.seconds / kg.seconds:,.1f}×"
    if kg.ok and other.status == "timeout" and kg.seconds > 0:
        return f"> {float(other.note.strip('> s')) / kg.seconds:,.0f}×"
    return ""


def format_table(rows: list[Row]) -> str:
    header = ("| operation | size | kg | kg CPU | kg peak | naive baseline | baseline peak | baseline ÷ kg "
              "| Apache Jena | Jena ÷ kg | notes |")
    lines = [header, "|" + "---|" * 11]
    for row in rows:
        kg_cell = row.kg_text if row.kg_text is not None and row.kg.ok else _cell(row.kg)
        cpu = _seconds(row.kg.cpu_seconds) if row.kg.ok and row.kg.cpu_seconds is not None else ""
        lines.append(" | ".join([
            f"| {row.operation}", row.size, kg_cell, cpu, _peak(row.kg), _cell(row.baseline), _peak(row.baseline),
            _ratio(row.kg, row.baseline), _cell(row.jena), _ratio(row.kg, row.jena), row.note]) + " |")
    return "\n".join(lines)


def _events_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M events"
    return f"{n // 1000}k events" if n >= 1000 and n % 1000 == 0 else f"{n:,} events"


# Graph inputs ------------------------------------------------------------------------------------

def write_synthetic_graph(events: int, path: Path) -> int:
    """N-Triples of a graph of ``events`` events shaped like a kg build; returns the triple count.

    benchmarks/synthetic_graph.py (the validation benchmark's generator) writes it: about 30
    triples per event following docs/graph-model.md, with one planted mistake per 1000 events, so
    validators have known results to find and the queries run on the same files.
    """
    from benchmarks.synthetic_graph import write_graph
    return write_graph(events, path)


# Minted node kinds (docs/graph-model.md) that identify one build's events and their parts; the
# reference entities and new facilities/groups are shared vocabulary and stay as they are.
_MINTED = re.compile(rb"<(https://w3id\.org/conflict-kg/id/(?:event|evidence|article|weaponuse|claim|"
                     rb"attribution|figure)/[^>]*)>")


def write_replicated_graph(build: Path, build_events: int, events: int, path: Path) -> int:
    """A graph of about ``events`` events with the density of a real build, by copying one.

    The synthetic graph has about 26 triples per event; a real build of the generated corpus has
    about 100 (evidence sentences, per-source figures, articles). Copy ``k`` of the build renames
    every minted IRI with a ``-cK`` suffix; triples without one (reference data) are written once.
    Returns the number of triples written.
    """
    lines = build.read_bytes().splitlines()
    shared = [line for line in lines if not _MINTED.search(line)]
    minted = [line for line in lines if _MINTED.search(line)]
    copies = max(1, -(-events // max(1, build_events)))
    count = 0
    with path.open("wb") as handle:
        handle.write(b"\n".join(shared) + b"\n")
        count += len(shared)
        for k in range(copies):
            suffix = f"-c{k}>".encode()
            handle.write(b"\n".join(_MINTED.sub(lambda m: b"<" + m.group(1) + suffix, line)
                                   for line in minted) + b"\n")
            count += len(minted)
    return count


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OxigraphServer:
    """`oxigraph serve` on loopback, in memory, started and stopped here."""

    def __init__(self):
        self.process = None
        self.url = None

    def __enter__(self):
        binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        if not Path(binary).exists():
            raise NotAvailable("the oxigraph server (PyPI package oxigraph) is not installed")
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise NotAvailable("oxigraph serve did not start in 30 s")

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# The runs ----------------------------------------------------------------------------------------

def corpus_rows(size: Size, workdir: Path, articles: int, parts: set[str]) -> list[Row]:
    from benchmarks.corpus_generator import generate_corpus
    corpus = workdir / f"corpus-{articles}"
    if not (corpus / "gold.json").exists():
        log(f"writing a synthetic corpus of {articles} articles")
        generate_corpus(articles, 7, corpus)
    megabytes = sum(f.stat().st_size for f in corpus.glob("*.txt")) / 1e6
    label = f"{articles:,} articles ({megabytes:.1f} MB)"
    rows = []
    timeout = size.timeout
    if parts & {"extract", "distributed"}:
        log("extraction")
        cores = os.cpu_count() or 1
        one = measure("extract", timeout, corpus=str(corpus), workers=1) if "extract" in parts else skipped("off")
        every = (measure("extract", timeout, corpus=str(corpus), workers=cores) if cores > 1 and "extract" in parts
                 else skipped("off"))
        dask = (measure("extract_dask", timeout, corpus=str(corpus), workers=cores) if "distributed" in parts
                else skipped("off"))
        for label_text, m in ((f"extract, {cores} processes", every), ("extract, 1 process", one),
                              (f"extract on a Dask LocalCluster, {cores} workers", dask)):
            if m.status == "skipped":
                continue
            text = None
            if m.ok and m.seconds > 0:
                text = (f"{_seconds(m.seconds)}: {m.data['articles'] / m.seconds:,.0f} articles/s, "
                        f"{m.data['bytes'] / 1e6 / m.seconds:.2f} MB/s")
            rows.append(Row(label_text, label, m, kg_text=text,
                            note=f"{m.data.get('mentions', 0):,} mentions" if m.ok else ""))
    if "build" in parts:
        log("end-to-end build")
        store = workdir / "build-store"
        kg = measure("build_store", timeout, corpus=str(corpus), store=str(store),
                     dump=str(workdir / f"build-{articles}.nt"))
        if kg.ok:
            (workdir / f"build-{articles}.events").write_text(str(kg.data["events"]), encoding="utf-8")
        naive = measure("build_rdflib_turtle", timeout, corpus=str(corpus), output=str(workdir / "naive.ttl"))
        note = (f"{kg.data.get('events', 0):,} events, {kg.data.get('triples', 0):,} triples; "
                "baseline: rdflib graph written as Turtle by rdflib") if kg.ok else ""
        rows.append(Row("build end to end (`kg build` → store)", label, kg, naive, note=note))
        if kg.ok:
            from benchmarks.corpus_generator import generate_corpus
            extra = workdir / "corpus-add-10"
            if not (extra / "gold.json").exists():
                generate_corpus(10, 8, extra)   # another seed: reports the store has not seen
            added = measure("build_add", timeout, corpus=str(extra), store=str(workdir / "add-store"),
                            base_store=str(store))
            note = (f"10 new articles; the store then holds {added.data.get('articles', 0):,} articles, "
                    f"{added.data.get('events', 0):,} events") if added.ok else ""
            rows.append(Row("add to the built store (`kg build --add`)", "10 articles", added, note=note))
        stages = measure("build_stages", timeout, corpus=str(corpus), store=str(workdir / "stages-store"))
        if stages.ok:
            parts_text = ", ".join(f"{k} {_seconds(v)}" for k, v in stages.data["stages"].items())
            rows.append(Row("  where the time goes", label, stages, note=parts_text))
    return rows


def real_build(size: Size, workdir: Path, articles: int) -> tuple[Path, int]:
    """The N-Triples of a real build of the generated corpus, and its event count (built if needed)."""
    dump, count = workdir / f"build-{articles}.nt", workdir / f"build-{articles}.events"
    if not dump.exists() or not count.exists():
        from benchmarks.corpus_generator import generate_corpus
        corpus = workdir / f"corpus-{articles}"
        if not (corpus / "gold.json").exists():
            generate_corpus(articles, 7, corpus)
        log(f"building the {articles:,}-article corpus to seed graphs of real-build density")
        built = measure("build_store", size.timeout, corpus=str(corpus), store=str(workdir / "seed-store"),
                        dump=str(dump))
        if not built.ok:
            raise NotAvailable(f"no real build to copy ({built.note})")
        count.write_text(str(built.data["events"]), encoding="utf-8")
        shutil.rmtree(workdir / "seed-store", ignore_errors=True)
    return dump, int(count.read_text(encoding="utf-8"))


def graph_rows(size: Size, workdir: Path, events: int, parts: set[str], use_jena: bool,
               use_baseline: bool, graph: str = "synthetic", articles: int = 0) -> list[Row]:
    label = _events_label(events)
    source = workdir / f"graph-{graph}-{events}.nt"
    if not source.exists():
        if graph == "replicated":
            build, build_events = real_build(size, workdir, articles or size.articles)
            log(f"writing a graph of about {events:,} events by copying a real build")
            write_replicated_graph(build, build_events, events, source)
        else:
            log(f"writing a synthetic graph of {events:,} events")
            write_synthetic_graph(events, source)
    with open(source, "rb") as handle:
        triples = sum(1 for _ in handle)
    label += f" ({triples / 1e6:.2f}M triples)" if triples >= 1e6 else f" ({triples // 1000}k triples)"
    if graph == "replicated":
        label += ", real-build density"
    store = workdir / f"store-{events}"
    timeout = size.timeout
    baseline_ok = use_baseline and events <= size.rdflib_max_events
    no_baseline = skipped(f"rdflib needs ~{triples * 1.4 / 1e6:.0f} GB here") if use_baseline else skipped("off")
    no_jena = skipped("off")
    rows: list[Row] = []

    # Load is needed by everything after it, so it always runs.
    log(f"{label}: load")
    kg_load = measure("ox_load", timeout, source=str(source), store=str(store))
    if "load" in parts:
        rows.append(Row("load N-Triples into the store", label, kg_load,
                        measure("rdflib_load", timeout, source=str(source)) if baseline_ok else no_baseline,
                        measure("jena_load", timeout, source=str(source)) if use_jena else no_jena,
                        note="kg: pyoxigraph bulk load on disk + export snapshot (graph.nt) + pointer swap; "
                             "Jena: riot --count (JVM included)"))
    if not kg_load.ok:
        return rows
    if "export" in parts:
        log(f"{label}: export")
        out = workdir / f"export-{events}"
        out.mkdir(exist_ok=True)
        rows.append(Row("export Turtle (`kg export`)", label,
                        measure("ox_export", timeout, store=str(store), output=str(out / "kg.ttl")),
                        measure("rdflib_export", timeout, source=str(source), output=str(out / "rdflib.ttl"))
                        if baseline_ok else no_baseline,
                        measure("jena_export", timeout, source=str(source), output=str(out / "jena.ttl"))
                        if use_jena and events <= size.jena_max_events else no_jena if not use_jena
                        else skipped("graph too big for Jena in memory here"),
                        note="kg: sorted, deterministic, from the snapshot; rdflib, Jena: from the N-Triples file"))
        rows.append(Row("  pyoxigraph Turtle dump of the store (unsorted)", label,
                        measure("ox_dump", timeout, store=str(store), output=str(out / "dump.ttl"))))
        for f in out.glob("*.ttl"):
            f.unlink()
    if "validate" in parts:
        log(f"{label}: validate")
        try:
            shapes = _shapes_file(workdir)
        except NotAvailable as exc:
            rows.append(Row("validate (SHACL)", label, Measure("na", note=str(exc))))
        else:
            pyshacl_ok = use_baseline and events <= size.pyshacl_max_events
            kg_v = measure("kg_validate", timeout, source=str(source), store=str(store))
            base = (measure("pyshacl_validate", size.pyshacl_timeout, source=str(source), shapes=str(shapes))
                    if pyshacl_ok else skipped("did not finish in 10 min at 100k, NOTES.md") if use_baseline
                    else skipped("off"))
            jena_v = (measure("jena_validate", timeout, source=str(source), shapes=str(shapes))
                      if use_jena and events <= size.jena_max_events else no_jena if not use_jena
                      else skipped("graph too big for Jena in memory here"))
            counts = "; ".join(f"{who} {m.data['results']} results" for who, m in
                               (("kg", kg_v), ("pyshacl", base), ("Jena", jena_v))
                               if m.ok and m.data.get("results") is not None)
            rows.append(Row("validate (SHACL)", label, kg_v, base, jena_v, note=counts))
    if "query" in parts:
        log(f"{label}: saved queries")
        listed = measure("saved_query_names", timeout)
        names = sorted(listed.data.get("names", [])) if listed.ok else []
        theirs = (measure("rdflib_queries", timeout, source=str(source), budget=size.query_budget)
                  if baseline_ok and names else no_baseline)
        if not names:
            rows.append(Row("saved queries", label, listed if not listed.ok else Measure("na", note="no saved queries")))
        for name in names:
            kg_q = measure("ox_query", size.query_budget * 2, store=str(store), name=name)
            base_q = _item(theirs, name) if theirs.ok else theirs
            # Each ARQ run starts a JVM and parses the whole file: the small size runs only `events`.
            wanted = (size.jena_queries is None or name in size.jena_queries) and events <= size.jena_max_events
            jena_q = (measure("jena_query", timeout, source=str(source), name=name) if use_jena and wanted
                      else no_jena if not use_jena else skipped("full size only"))
            counts = [f"{who} {m.data['rows']}" for who, m in (("kg", kg_q), ("rdflib", base_q), ("Jena", jena_q))
                      if m.ok and "rows" in m.data]
            same = len({c.split()[-1] for c in counts}) <= 1
            note = "rows: " + ", ".join(counts) + ("" if same else " — DIFFERENT ROW COUNTS")
            rows.append(Row(f"query `{name}`", label, kg_q, base_q, jena_q, note=note))
        if use_jena and names:
            rows[-1].note += "; Jena figures include JVM start and parsing the file"
    if "push" in parts:
        log(f"{label}: push")
        try:
            with OxigraphServer() as server:
                kg_p = measure("kg_push", timeout, store=str(store), endpoint=server.url)
            with OxigraphServer() as server:
                base_p = measure("http_post", timeout, source=str(source), endpoint=server.url)
            rows.append(Row("push to a local Oxigraph server", label, kg_p, base_p,
                            note="baseline: the whole file in one Graph Store POST"))
        except NotAvailable as exc:
            rows.append(Row("push to a local Oxigraph server", label, Measure("na", note=str(exc))))
    shutil.rmtree(store, ignore_errors=True)
    return rows


def _item(m: Measure, name: str) -> Measure:
    item = m.data.get("items", {}).get(name)
    if item is None:
        return Measure("na", note="not run")
    if "error" in item:
        return Measure("error", note=item["error"], peak_mb=m.peak_mb)
    if "timeout" in item:
        return Measure("timeout", note=f"> {item['timeout']:.0f} s")
    return Measure("ok", item["seconds"], m.peak_mb, data=item, cpu_seconds=item.get("cpu"))


def machine_line() -> str:
    memory = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            memory = f", {int(handle.readline().split()[1]) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    import pyoxigraph
    import rdflib
    import pyshacl
    # Other work on the machine slows every figure; the load average says how busy it was.
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return (f"{platform.machine()}, {os.cpu_count()} cores{memory}{load}; Python {platform.python_version()}, "
            f"pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}, pyshacl {pyshacl.__version__}")


def run_benchmarks(size_name: str = "small", articles: int | None = None, events: tuple[int, ...] | None = None,
                   parts: set[str] | None = None, use_jena: bool = True, use_baseline: bool = True,
                   workdir: Path | None = None, graph: str = "synthetic") -> str:
    """Run the suite and return the table (Markdown)."""
    size = SIZES[size_name]
    parts = set(parts or PARTS)
    articles = size.articles if articles is None else articles
    events = size.events if events is None else events
    own_dir = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="kg-bench-")) if own_dir else workdir
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    machine = machine_line()
    rows: list[Row] = []
    try:
        if parts & {"extract", "distributed", "build"} and articles:
            rows += corpus_rows(size, workdir, articles, parts)
            log(format_table(rows))     # so far, in case a later part is stopped
        if parts & {"load", "export", "validate", "query", "push"}:
            for n in events:
                try:
                    rows += graph_rows(size, workdir, n, parts, use_jena, use_baseline, graph, articles)
                except NotAvailable as exc:
                    rows.append(Row("graph benchmarks", _events_label(n), Measure("na", note=str(exc))))
                log(format_table(rows))
    finally:
        if own_dir:
            shutil.rmtree(workdir, ignore_errors=True)
    minutes = (time.monotonic() - started) / 60
    end_load = f"load average at the end {os.getloadavg()[0]:.1f}; " if hasattr(os, "getloadavg") else ""
    return (f"Benchmark `--size {size_name}` on {machine}; {end_load}{minutes:.1f} min in all.\n\n"
            + format_table(rows) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0],
                                     epilog="example: python -m benchmarks.run --size small > table.md")
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--articles", type=int, default=None, help="corpus size (overrides --size)")
    parser.add_argument("--events", type=str, default=None,
                        help="graph sizes, comma-separated, e.g. 10000,100000 (overrides --size)")
    parser.add_argument("--parts", type=str, default=",".join(PARTS),
                        help=f"which parts to run, comma-separated (default: all of {','.join(PARTS)})")
    parser.add_argument("--graph", choices=("synthetic", "replicated"), default="synthetic",
                        help="graphs for load/export/validate/query/push: synthetic (benchmarks/synthetic_graph.py, "
                             "~26 triples per event, planted mistakes) or replicated (copies of a real build of "
                             "the generated corpus, ~100 triples per event)")
    parser.add_argument("--no-jena", action="store_true", help="leave Apache Jena out")
    parser.add_argument("--no-baseline", action="store_true", help="leave out rdflib and pyshacl")
    parser.add_argument("--workdir", type=Path, default=None, help="keep inputs here (default: a temporary folder)")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--case-args", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.case:
        run_case_in_this_process(args.case, json.loads(args.case_args or "{}"))
        return 0
    parts = {p.strip() for p in args.parts.split(",") if p.strip()}
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown parts {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    events = tuple(int(n) for n in args.events.split(",")) if args.events else None
    print(run_benchmarks(args.size, args.articles, events, parts, not args.no_jena, not args.no_baseline,
                         args.workdir, args.graph))
    return 0


if __name__ == "__main__":
    sys.exit(main())
