"""Run Apache Jena from Debian's ``libapache-jena-java`` (riot, arq.sparql, shacl) in tests.

Jena is the independent second engine of the interoperability tests. ``scripts/install-jena.sh``
installs it and prepares the explicit classpath; docs/jena.md says why that takes more than
``apt-get install``. Policy: in CI (``CI`` set to a true value) Jena must be there, so a missing
Jena fails the tests that need it; elsewhere those tests are skipped.

Use the ``jena`` fixture (import it into the test module) or the ``requires_jena`` mark::

    from tests.support.jena import jena, riot_validate  # noqa: F401  (jena is a fixture)

    def test_export_parses_under_jena(jena, tmp_path):
        result = riot_validate(tmp_path / "graph.ttl")
        assert result.returncode == 0, result.stderr
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

REPO_ROOT = Path(__file__).resolve().parents[2]
INSTALL_SCRIPT = REPO_ROOT / "scripts" / "install-jena.sh"

DEFAULT_TIMEOUT = 120.0
# Test graphs are small, so what matters is start-up: the serial collector and the quick (C1)
# compiler take 0.1-0.3 s of wall and CPU time off each run (docs/jena.md). Larger runs (benchmarks) should pass their own options,
# or set KG_JENA_JAVA_OPTS, which replaces these.
DEFAULT_JAVA_OPTIONS = ("-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData")
# Always added: Java 17 would otherwise encode stdout/stderr in the locale's charset.
_ENCODING_OPTIONS = ("-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8")

RESULT_FORMATS = ("csv", "tsv", "json", "xml", "text")

_RIOT_MESSAGE = re.compile(
    r"^(?P<level>ERROR|WARN)\s+\S+\s+-\s+(?:\[line: (?P<line>-?\d+), col: (?P<column>-?\d+)\s*\]\s*)?"
    r"(?P<text>.*)$")


class JenaError(RuntimeError):
    """Jena could not be run, or did not finish in time."""


class JenaUnavailable(JenaError):
    """Jena or Java is not installed, or its classpath cannot be prepared."""


@dataclass(frozen=True)
class JenaResult:
    """What one Jena command did: its exit code and its decoded output."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


@dataclass(frozen=True)
class RiotMessage:
    """One error or warning riot logged; ``line``/``column`` are None when riot gave no position."""

    level: str
    line: int | None
    column: int | None
    text: str


@dataclass(frozen=True)
class ShaclResult:
    """One sh:ValidationResult of a report, as rdflib terms (None where the report has none).

    ``source_shape`` and a complex ``path`` are often blank nodes, which only mean something
    inside the report they came from: compare them across engines by other fields.
    """

    focus_node: Node
    path: Node | None
    severity: Node
    source_shape: Node | None
    constraint_component: Node | None
    value: Node | None
    message: str | None


@dataclass(frozen=True)
class _Setup:
    classpath: str | None
    problem: str


def running_in_ci() -> bool:
    """True when the environment says it is CI (``CI=true``, as GitHub Actions and most set it)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _find_java() -> str | None:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.access(Path(java_home, "bin", "java"), os.X_OK):
        return str(Path(java_home, "bin", "java"))
    return shutil.which("java")


@functools.lru_cache(maxsize=1)
def _prepare() -> _Setup:
    """Find java and the classpath once per process, building the cache if it is missing."""
    if _find_java() is None:
        return _Setup(None, "no java on PATH or in JAVA_HOME")
    if not INSTALL_SCRIPT.is_file():
        return _Setup(None, f"{INSTALL_SCRIPT} is missing")
    # --no-apt: tests never install packages; the script only checks the jars and, when its
    # cache is missing or stale, builds the fix jar and classpath file (about 1 s, else 10 ms).
    try:
        done = subprocess.run(["bash", str(INSTALL_SCRIPT), "--no-apt"], capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, timeout=300)
    except subprocess.TimeoutExpired:
        return _Setup(None, f"{INSTALL_SCRIPT} --no-apt did not finish in 300 s")
    if done.returncode != 0:
        problem = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        return _Setup(None, problem[0])
    if not done.stdout.strip():
        return _Setup(None, f"{INSTALL_SCRIPT} --no-apt printed no classpath file")
    classpath_file = Path(done.stdout.strip().splitlines()[-1])
    return _Setup(classpath_file.read_text(encoding="utf-8").strip(), "")


def jena_available() -> bool:
    """True when java and Debian's Jena jars are installed and the classpath is ready."""
    return _prepare().classpath is not None


def jena_unavailable_reason() -> str:
    """Why Jena cannot run here and how to install it, or "" when it can."""
    problem = _prepare().problem
    if problem and "install-jena.sh" not in problem:
        problem += "; install with: sudo bash scripts/install-jena.sh"
    return problem


def jena_classpath() -> str:
    """The explicit Jena classpath (``:``-separated); raises JenaUnavailable when there is none."""
    setup = _prepare()
    if setup.classpath is None:
        raise JenaUnavailable(f"Apache Jena cannot run: {jena_unavailable_reason()}")
    return setup.classpath


def _java_options(java_options: tuple[str, ...] | list[str] | None) -> list[str]:
    if java_options is not None:
        return list(java_options)
    from_env = os.environ.get("KG_JENA_JAVA_OPTS")
    return shlex.split(from_env) if from_env is not None else list(DEFAULT_JAVA_OPTIONS)


def run_jena(main_class: str, *args: str, timeout: float = DEFAULT_TIMEOUT,
             java_options: tuple[str, ...] | list[str] | None = None) -> JenaResult:
    """Run one of Jena's command classes (``riotcmd.riot``, ``arq.sparql``, ``shacl.shacl``...)."""
    command = [_find_java() or "java", *_java_options(java_options), *_ENCODING_OPTIONS,
               "-cp", jena_classpath(), main_class, *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                              errors="replace", stdin=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise JenaError(f"{main_class} {' '.join(args)} did not finish in {timeout} s") from exc
    return JenaResult(done.returncode, done.stdout, done.stderr)


def _file_argument(path: str | os.PathLike[str]) -> str:
    # Absolute, so the answer does not depend on the working directory of the test.
    return os.path.abspath(os.fspath(path))


def riot_validate(path: str | os.PathLike[str], syntax: str | None = None,
                  timeout: float = DEFAULT_TIMEOUT) -> JenaResult:
    """``riot --validate PATH``: exit code 0 only when the file parses with no error or warning.

    riot guesses the syntax from the file extension (.ttl, .nt, .nq, .trig, .rdf, .jsonld);
    ``syntax`` names it instead (``Turtle``, ``N-Triples``...). Errors and warnings go to stderr
    with their line and column; :func:`parse_riot_messages` reads them.
    """
    args = ["--validate"]
    if syntax:
        args.append(f"--syntax={syntax}")
    return run_jena("riotcmd.riot", *args, _file_argument(path), timeout=timeout)


def parse_riot_messages(text: str) -> list[RiotMessage]:
    """The errors and warnings in riot's (or any Jena command's) stderr, in order."""
    messages = []
    for line in text.splitlines():
        match = _RIOT_MESSAGE.match(line.strip())
        if match:
            number, column = match.group("line"), match.group("column")
            messages.append(RiotMessage(match.group("level"),
                                        int(number) if number is not None else None,
                                        int(column) if column is not None else None,
                                        match.group("text").strip()))
    return messages


def arq_select(data_path: str | os.PathLike[str], query_path_or_text: str | os.PathLike[str],
               results_format: str = "csv", timeout: float = DEFAULT_TIMEOUT) -> JenaResult:
    """Run a SPARQL query with ARQ over one data file; the results are in ``stdout``.

    ``query_path_or_text`` is a path (a ``Path``, or a string naming an existing file) or the
    query text itself. ``results_format`` is one of csv, tsv, json, xml, text.
    """
    if results_format not in RESULT_FORMATS:
        raise ValueError(f"results_format {results_format!r} is not one of {', '.join(RESULT_FORMATS)}")
    args = [f"--data={_file_argument(data_path)}", f"--results={results_format}"]
    if isinstance(query_path_or_text, os.PathLike) or (
            "\n" not in query_path_or_text and "{" not in query_path_or_text
            and os.path.isfile(query_path_or_text)):
        args.append(f"--query={_file_argument(query_path_or_text)}")
    else:
        args.append(os.fspath(query_path_or_text))
    return run_jena("arq.sparql", *args, timeout=timeout)


def parse_csv_results(text: str) -> list[dict[str, str]]:
    """Rows of a SPARQL CSV result (one dict per row, by variable; unbound is "")."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def arq_select_rows(data_path: str | os.PathLike[str], query_path_or_text: str | os.PathLike[str],
                    timeout: float = DEFAULT_TIMEOUT) -> list[dict[str, str]]:
    """Like :func:`arq_select` in CSV, parsed into rows; raises JenaError if ARQ fails."""
    result = arq_select(data_path, query_path_or_text, "csv", timeout=timeout)
    if result.returncode != 0:
        raise JenaError(f"arq.sparql failed with exit code {result.returncode}: {result.stderr.strip()}")
    return parse_csv_results(result.stdout)


def shacl_validate(data_path: str | os.PathLike[str], shapes_path: str | os.PathLike[str],
                   timeout: float = DEFAULT_TIMEOUT) -> JenaResult:
    """Validate data against shapes with Jena's SHACL engine; the Turtle report is in ``stdout``.

    The exit code is 0 whether or not the data conforms (read the report: parse_shacl_conforms,
    parse_shacl_report); it is non-zero when a file cannot be read or parsed.
    """
    return run_jena("shacl.shacl", "validate", f"--shapes={_file_argument(shapes_path)}",
                    f"--data={_file_argument(data_path)}", timeout=timeout)


def _report_graph(text: str) -> Graph:
    if not text.strip():
        raise ValueError("the SHACL report is empty: did the validation run? (look at its stderr)")
    return Graph().parse(data=text, format="turtle")


def parse_shacl_conforms(text: str) -> bool:
    """The sh:conforms value of a SHACL validation report in Turtle."""
    graph = _report_graph(text)
    report = graph.value(predicate=RDF.type, object=SH.ValidationReport, any=False)
    if report is None:
        raise ValueError("the text holds no sh:ValidationReport")
    conforms = graph.value(report, SH.conforms)
    return isinstance(conforms, Literal) and conforms.toPython() is True


def parse_shacl_report(text: str) -> list[ShaclResult]:
    """Every sh:ValidationResult of a SHACL report in Turtle, in a stable order."""
    graph = _report_graph(text)
    results = []
    # Only the report's own sh:result links: results nested under sh:detail are not counted.
    for node in set(graph.objects(None, SH.result)):
        messages = sorted(str(m) for m in graph.objects(node, SH.resultMessage))
        results.append(ShaclResult(
            focus_node=graph.value(node, SH.focusNode),
            path=graph.value(node, SH.resultPath),
            severity=graph.value(node, SH.resultSeverity),
            source_shape=graph.value(node, SH.sourceShape),
            constraint_component=graph.value(node, SH.sourceConstraintComponent),
            value=graph.value(node, SH.value),
            message=messages[0] if messages else None,
        ))
    return sorted(results, key=lambda r: tuple(
        "" if term is None else str(term)
        for term in (r.focus_node, r.path, r.constraint_component, r.value, r.severity, r.message)))


def _skip_unless_jena() -> pytest.MarkDecorator:
    # In CI a missing Jena must fail, so the mark never skips there (and never probes Jena).
    if running_in_ci() or jena_available():
        return pytest.mark.skipif(False, reason="Apache Jena is available")
    return pytest.mark.skipif(True, reason=f"Apache Jena is not usable here: {jena_unavailable_reason()}")


requires_jena = _skip_unless_jena()


def require_jena() -> str:
    """Jena's classpath; fails the calling test in CI when Jena is missing, skips it elsewhere."""
    if not jena_available():
        message = f"Apache Jena is not usable here: {jena_unavailable_reason()}"
        if running_in_ci():
            pytest.fail(f"{message} (CI requires it)", pytrace=False)
        pytest.skip(message)
    return jena_classpath()


@pytest.fixture(scope="session")
def jena() -> str:
    """Jena's classpath, for tests that need Jena (see require_jena for the CI policy)."""
    return require_jena()
