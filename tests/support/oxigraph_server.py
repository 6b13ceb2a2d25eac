"""Start and stop a real Oxigraph SPARQL server (PyPI ``oxigraph``) on loopback for a test.

``oxigraph serve --location DIR --bind 127.0.0.1:PORT`` gives a read-write SPARQL 1.1 server:
queries at ``URL/query``, updates at ``URL/update``, the Graph Store Protocol at ``URL/store``.
Data files given to the context manager are bulk-loaded with ``oxigraph load`` before the server
starts (much faster than uploading them; NOTES.md measured 6.5 s against 45 s for 1.5M triples)::

    from tests.support.oxigraph_server import running_oxigraph_server

    def test_something(tmp_path):
        with running_oxigraph_server(tmp_path, data=[graph_file]) as url:
            run_endpoint_query(f"{url}/query", "events")

or use the ``oxigraph_server`` fixture (import it into the test module), which yields the URL of
an empty server; ``upload_to_store`` adds a file to a running one.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

import pytest

START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
# Content types of the RDF files a test may load or upload, by extension.
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".rdf": "application/rdf+xml",
    ".jsonld": "application/ld+json",
}


class OxigraphServerError(RuntimeError):
    """The server could not be started, or a load or upload failed."""


def oxigraph_binary() -> str:
    """The ``oxigraph`` command of this virtual environment (or on PATH)."""
    beside_python = Path(sys.executable).with_name("oxigraph")
    if beside_python.is_file() and os.access(beside_python, os.X_OK):
        return str(beside_python)
    found = shutil.which("oxigraph")
    if found is None:
        raise OxigraphServerError("the `oxigraph` command is not installed: pip install oxigraph "
                                  "(it is in the project's test extra)")
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_into_location(location: Path, files: Sequence[str | os.PathLike[str]]) -> None:
    """Bulk-load RDF files into an on-disk Oxigraph store folder (no server may have it open)."""
    for path in files:
        done = subprocess.run([oxigraph_binary(), "load", "--location", str(location), "--file", os.fspath(path)],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600)
        if done.returncode != 0:
            raise OxigraphServerError(f"oxigraph load {path} failed: {done.stderr.strip()}")


def _answers(url: str) -> bool:
    probe = f"{url}/query?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    try:
        with urllib.request.urlopen(probe, timeout=1.0) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)


@contextmanager
def running_oxigraph_server(tmp_path: Path, union_default_graph: bool = False,
                            data: Sequence[str | os.PathLike[str]] = ()) -> Iterator[str]:
    """A running ``oxigraph serve`` on 127.0.0.1 with its store under ``tmp_path``; yields its base URL.

    ``data`` files are loaded first; ``union_default_graph`` makes queries without GRAPH see the
    union of all named graphs. The server is stopped (and waited for) when the block ends.
    """
    location = Path(tmp_path) / f"oxigraph-{os.getpid()}-{time.monotonic_ns()}"
    location.mkdir(parents=True)
    if data:
        load_into_location(location, data)
    log_path = location.with_suffix(".log")
    # The port is free when chosen but could be taken before the server binds it: try again then.
    for _attempt in range(3):
        url = f"http://127.0.0.1:{free_port()}"
        command = [oxigraph_binary(), "serve", "--location", str(location), "--bind", url[len("http://"):]]
        if union_default_graph:
            command.append("--union-default-graph")
        with open(log_path, "wb") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while process.poll() is None and time.monotonic() < deadline and not _answers(url):
                time.sleep(0.05)
            if process.poll() is None and _answers(url):
                yield url
                return
        finally:
            _stop(process)
    log_text = log_path.read_text(encoding="utf-8", errors="replace").strip()
    raise OxigraphServerError(f"oxigraph serve did not start: {log_text or 'no output'}")


def upload_to_store(url: str, path: str | os.PathLike[str], graph: str | None = None) -> None:
    """POST an RDF file to a running server's Graph Store Protocol endpoint (default graph unless named)."""
    path = Path(path)
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise OxigraphServerError(f"{path}: unknown RDF extension; use one of {', '.join(MEDIA_TYPES)}")
    target = f"{url}/store?" + (urllib.parse.urlencode({"graph": graph}) if graph else "default")
    request = urllib.request.Request(target, data=path.read_bytes(), method="POST",
                                     headers={"Content-Type": media_type})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        raise OxigraphServerError(f"uploading {path} failed: {exc.code} {exc.read().decode('utf-8', 'replace')}") from None


@pytest.fixture
def oxigraph_server(tmp_path) -> Iterator[str]:
    """The base URL of an empty Oxigraph server that lives as long as the test."""
    with running_oxigraph_server(tmp_path) as url:
        yield url
