"""Fixtures for the push tests: a real Oxigraph server, and a proxy in front of it that misbehaves.

The proxy is a small http.server on 127.0.0.1 that forwards every request to the real server
unless its policy says otherwise: answer with an error status, drop the connection, redirect, or
ask for credentials. It records every request (method, path, headers) so tests can see what was
sent, and never what was not.
"""

from __future__ import annotations

import http.server
import shutil
import ssl
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
import pytest
import rdflib

from tests.support.oxigraph_server import oxigraph_server  # noqa: F401  (a fixture)


@dataclass
class Seen:
    """One request the proxy received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def is_chunk(self) -> bool:
        """A chunk of a push: a POST to the Graph Store or an INSERT DATA update."""
        return self.method == "POST" and (self.path.startswith("/store")
                                          or b"INSERT DATA" in self.body)


@dataclass
class Reply:
    """What the proxy answers instead of forwarding; ``status`` None drops the connection."""

    status: int | None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Policy = Callable[["Seen", "Proxy"], "Reply | None"]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        seen = Seen(self.command, self.path, dict(self.headers.items()), body)
        proxy: Proxy = self.server.proxy
        with proxy.lock:
            proxy.seen.append(seen)
        reply = proxy.policy(seen, proxy) if proxy.policy else None
        if reply is None:
            reply = proxy.forward(seen)
        if reply.status is None:
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = do_POST = do_PUT = do_DELETE = _handle  # noqa: N815

    def log_message(self, format, *args):
        pass


class Proxy:
    """A misbehaving front for a real server; ``url`` is what the test pushes to."""

    def __init__(self, upstream: str, policy: Policy | None = None, tls: tuple[Path, Path] | None = None):
        self.upstream = upstream
        self.policy = policy
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.proxy = self
        self._server.daemon_threads = True
        scheme = "http"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certfile=str(tls[0]), keyfile=str(tls[1]))
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
            scheme = "https"
        self.url = f"{scheme}://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)
        self._thread.start()

    def count(self, key: str) -> int:
        """Count one more of ``key`` and return the new count (policies use it for "the 2nd chunk")."""
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]

    def forward(self, seen: Seen) -> Reply:
        headers = {k: v for k, v in seen.headers.items()
                   if k.lower() in ("content-type", "accept")}
        request = urllib.request.Request(self.upstream + seen.path, data=seen.body or None,
                                         method=seen.method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return Reply(response.status, response.read(),
                             {"Content-Type": response.headers.get("Content-Type", "text/plain")})
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, exc.read())

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


@pytest.fixture
def make_proxy():
    """``make_proxy(upstream_url, policy)`` → a running Proxy, closed after the test."""
    proxies: list[Proxy] = []

    def make(upstream: str, policy: Policy | None = None, tls: tuple[Path, Path] | None = None) -> Proxy:
        proxies.append(Proxy(upstream, policy, tls))
        return proxies[-1]

    yield make
    for proxy in proxies:
        proxy.close()


@pytest.fixture(scope="session")
def self_signed_certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that no one trusts (``openssl req -x509``): (cert, key)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
    return cert, key


def require_basic_auth(user: str, password: str) -> Policy:
    """A policy: 401 unless the request carries these Basic credentials. The 401 body echoes the
    Authorization header it got, as some servers do, to check kg never repeats it."""
    import base64
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def policy(seen: Seen, proxy: Proxy) -> Reply | None:
        got = seen.headers.get("Authorization", "")
        if got == expected:
            return None
        return Reply(401, f"denied: you sent Authorization: {got}".encode(),
                     {"WWW-Authenticate": 'Basic realm="kg-test"'})

    return policy


# Reading a server back ---------------------------------------------------------------------------

def server_graph(url: str, graph: str | None = None) -> rdflib.Graph:
    """The triples of one graph of a running server, fetched with the Graph Store Protocol."""
    target = f"{url}/store?" + (urllib.parse.urlencode({"graph": graph}) if graph else "default")
    request = urllib.request.Request(target, headers={"Accept": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            data = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 404:  # a named graph that does not exist: empty
            return rdflib.Graph()
        raise
    return rdflib.Graph().parse(data=data, format="nt")


def server_dataset(url: str, graph: str | None = None) -> ox.Dataset:
    """The same, parsed by pyoxigraph, blank nodes canonicalized."""
    nt = server_graph(url, graph).serialize(format="nt", encoding="utf-8")
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object)
                         for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def named_graphs(url: str) -> set[str]:
    """The names of the server's non-empty named graphs."""
    query = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
    request = urllib.request.Request(f"{url}/query?{query}", headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=60) as response:
        rows = response.read().decode("utf-8").splitlines()[1:]
    return {row.strip() for row in rows if row.strip()}


def upload(url: str, turtle: str, graph: str | None = None) -> None:
    """Put some Turtle into a graph of the server directly (not through kg)."""
    target = f"{url}/store?" + (urllib.parse.urlencode({"graph": graph}) if graph else "default")
    request = urllib.request.Request(target, data=turtle.encode("utf-8"), method="POST",
                                     headers={"Content-Type": "text/turtle"})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
