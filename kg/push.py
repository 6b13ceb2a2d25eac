"""Send the graph to a SPARQL server: Graph Store Protocol, or SPARQL Update where that is missing.

``--endpoint`` is the server's root URL, laid out as Oxigraph lays it out: the Graph Store
Protocol at ``{root}/store``, SPARQL Update at ``{root}/update``, queries at ``{root}/query``. A URL
ending in one of those (or ``/sparql``) names the same server. Other servers name their services
differently: ``--store-url`` and ``--update-url`` give them directly (docs/export.md lists them).

The triples go in chunks of N-Triples (blank nodes never split across chunks, since each request
is a document of its own); from the default store, the chunks are cut from its snapshot file
(kg/export.py) as they are. A chunk that fails is retried a few times with a growing pause; a
final failure raises EndpointError with the server's status and the first lines of its answer.
With ``replace``, the chunks go into a fresh staging graph and only a complete upload is moved
onto the target with ``MOVE``, so a failure leaves the target graph as it was.

Credentials come from ``KG_ENDPOINT_USER``/``KG_ENDPOINT_PASSWORD`` (HTTP Basic) or
``KG_ENDPOINT_TOKEN`` (Bearer), else from a netrc file (``$NETRC`` or ``~/.netrc``), else from a
prompt on a terminal when the server asks for them. They are never printed, logged or put into
an error message. Certificates are verified unless ``insecure`` is asked for, and credentials are
not sent in clear over ``http://`` except to this machine.
"""

from __future__ import annotations

import base64
import ipaddress
import itertools
import netrc
import os
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

import pyoxigraph as ox

from kg.errors import EndpointError
from kg.export import Snapshot, open_snapshot, select_lines, snapshot_selection

USER_ENV = "KG_ENDPOINT_USER"
PASSWORD_ENV = "KG_ENDPOINT_PASSWORD"
TOKEN_ENV = "KG_ENDPOINT_TOKEN"

DEFAULT_CHUNK_TRIPLES = 50_000
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF_SECONDS = 1.0
DEFAULT_TIMEOUT_SECONDS = 300.0

_SERVICE_SUFFIXES = ("store", "query", "update", "sparql")
# Answers meaning "this server has no Graph Store Protocol here": fall back to SPARQL Update.
_NO_GSP = frozenset({404, 405, 415, 501})
# Answers worth retrying: the server may do better a moment later.
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_BODY_LINES = 5
_BODY_CHARS = 600

Progress = Callable[[int, int], None]
Prompt = Callable[[], tuple[str, str]]


# Endpoint ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Endpoint:
    """The URLs of one server's services."""

    store_url: str
    update_url: str
    query_url: str


def resolve_endpoint(url: str, store_url: str | None = None, update_url: str | None = None) -> Endpoint:
    """The service URLs of ``--endpoint`` (root, or its /store, /query, /update, /sparql)."""
    for given in (url, store_url, update_url):
        if given:
            _check_url(given)
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last in _SERVICE_SUFFIXES:
        path = path[: -len(last) - 1]
    root = urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return Endpoint(store_url or f"{root}/store", update_url or f"{root}/update", f"{root}/query")


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"{_safe_url(url)!r} is not an http:// or https:// URL; "
                            "give the server's URL, e.g. http://127.0.0.1:7878")
    if parts.username is not None or parts.password is not None:
        raise EndpointError(f"the URL {_safe_url(url)} holds a user name or password: take them out and "
                            f"set {USER_ENV} and {PASSWORD_ENV}, or use a netrc file")
    if parts.query or parts.fragment:
        raise EndpointError(f"the URL {_safe_url(url)} has a query or fragment; give the plain service URL")


def _safe_url(url: str) -> str:
    """The URL without any user name or password in it (for messages)."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "(unreadable URL)"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# Credentials -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Credentials:
    """How to authenticate; ``repr`` and ``str`` never show the secret."""

    scheme: str                       # "Basic" or "Bearer"
    user: str = ""
    secret: str = field(default="", repr=False)
    source: str = ""                  # where they came from, for messages

    def header(self) -> str:
        if self.scheme == "Bearer":
            return f"Bearer {self.secret}"
        token = base64.b64encode(f"{self.user}:{self.secret}".encode("utf-8")).decode("ascii")
        return f"Basic {token}"

    def secrets(self) -> tuple[str, ...]:
        """Every string that must never appear in output: the secret and the header value."""
        values = [self.secret, self.header()]
        if self.scheme == "Basic":
            values.append(self.header().split(" ", 1)[1])
        return tuple(v for v in values if v)

    def __str__(self) -> str:
        return f"{self.scheme} credentials for {self.user or '(token)'} from {self.source}"


def find_credentials(url: str, environ: Mapping[str, str] | None = None,
                     netrc_path: str | os.PathLike[str] | None = None) -> Credentials | None:
    """Credentials for ``url`` from the environment, else a netrc file; None when there are none."""
    environ = os.environ if environ is None else environ
    user, password, token = environ.get(USER_ENV), environ.get(PASSWORD_ENV), environ.get(TOKEN_ENV)
    if token:
        return Credentials("Bearer", secret=token, source=TOKEN_ENV)
    if user or password:
        if not (user and password):
            missing = PASSWORD_ENV if user else USER_ENV
            raise EndpointError(f"{USER_ENV} and {PASSWORD_ENV} go together: {missing} is not set")
        return Credentials("Basic", user, password, source=f"{USER_ENV}/{PASSWORD_ENV}")
    path = Path(netrc_path or environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(urllib.parse.urlsplit(url).hostname or "")
    except netrc.NetrcParseError as exc:
        # The parser's message can quote a token of the file, which may be a password.
        raise EndpointError(f"{path}: cannot read this netrc file (line {exc.lineno}); fix its syntax "
                            "or set the credentials in the environment") from None
    except OSError as exc:
        raise EndpointError(f"{path}: cannot read this netrc file: {exc.strerror}") from None
    if not entry or not entry[2]:
        return None
    return Credentials("Basic", entry[0] or "", entry[2], source=str(path))


# HTTP --------------------------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are refused: following one would send the credentials to another URL."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass(frozen=True)
class _Answer:
    status: int
    reason: str
    body: bytes


class _RequestFailed(Exception):
    """A request that got an error answer (``answer``) or none at all (``answer`` is None)."""

    def __init__(self, answer: _Answer | None, problem: str, retryable: bool | None = None):
        super().__init__(problem)
        self.answer = answer
        self.problem = problem
        self.attempts = 1
        self._retryable = retryable

    @property
    def retryable(self) -> bool:
        if self._retryable is not None:
            return self._retryable
        return self.answer is None or self.answer.status in _RETRY_STATUS


class HttpClient:
    """Sends requests with the standard library; redacts secrets from every message it makes."""

    def __init__(self, credentials: Credentials | None = None, insecure: bool = False,
                 timeout: float = DEFAULT_TIMEOUT_SECONDS, prompt: Prompt | None = None):
        self.credentials = credentials
        self.insecure = insecure
        self.timeout = timeout
        self.prompt = prompt
        context = ssl.create_default_context()
        if insecure:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        self._opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context),
                                                   _NoRedirect())

    def redact(self, text: str) -> str:
        if self.credentials:
            for secret in self.credentials.secrets():
                text = text.replace(secret, "***")
        return text

    def _check_clear_text(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        if self.credentials and parts.scheme == "http" and not _is_loopback(parts.hostname) \
                and not self.insecure:
            raise EndpointError(f"refusing to send credentials in clear text to {_safe_url(url)}: "
                                "use https://, or --insecure if you accept that")

    def send(self, method: str, url: str, body: bytes | None = None,
             content_type: str | None = None, accept: str | None = None) -> _Answer:
        """One request; raises _RequestFailed for an error answer or no answer."""
        try:
            return self._send(method, url, body, content_type, accept)
        except _RequestFailed as failure:
            if failure.answer is not None and failure.answer.status == 401 \
                    and self.credentials is None and self.prompt is not None:
                user, password = self.prompt()
                self.prompt = None
                self.credentials = Credentials("Basic", user, password, source="the prompt")
                return self._send(method, url, body, content_type, accept)
            raise

    def _send(self, method, url, body, content_type, accept) -> _Answer:
        self._check_clear_text(url)
        request = urllib.request.Request(url, data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        if accept:
            request.add_header("Accept", accept)
        if self.credentials:
            # Not stored as a default header anywhere: only this request object carries it.
            request.add_unredirected_header("Authorization", self.credentials.header())
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return _Answer(response.status, response.reason or "", response.read())
        except urllib.error.HTTPError as exc:
            try:
                text = exc.read()
            except OSError:
                text = b""
            answer = _Answer(exc.code, str(exc.reason or ""), text)
            where = exc.headers.get("Location") if 300 <= exc.code < 400 and exc.headers else None
            problem = self.redact(_describe_answer(answer))
            if where:
                problem += f" (a redirect to {_safe_url(where)}: give that URL instead)"
            raise _RequestFailed(answer, problem) from None
        except (urllib.error.URLError, OSError, socket.timeout) as exc:
            reason = getattr(exc, "reason", None) or exc
            if isinstance(reason, ssl.SSLError):
                # A certificate will not be better a second later: no retry.
                hint = "" if self.insecure else "; --insecure turns certificate checks off"
                raise _RequestFailed(None, self.redact(f"no secure connection ({reason}){hint}"),
                                     retryable=False) from None
            raise _RequestFailed(None, self.redact(f"no answer ({reason})")) from None


def _describe_answer(answer: _Answer) -> str:
    text = answer.body.decode("utf-8", errors="replace").strip()
    lines = text.splitlines()[:_BODY_LINES]
    excerpt = "\n    ".join(lines)
    if len(excerpt) > _BODY_CHARS:
        excerpt = excerpt[:_BODY_CHARS] + " …"
    described = f"HTTP {answer.status} {answer.reason}".rstrip()
    return f"{described}: {excerpt}" if excerpt else described


# Chunks ------------------------------------------------------------------------------------------

def _blank_labels(line: bytes) -> list[bytes]:
    subject, _, rest = line.split(b" ", 2)
    obj = rest[:-2]
    return [term for term in (subject, obj) if term.startswith(b"_:")]


def chunk_lines(lines: Sequence[bytes], size: int, blank_nodes: bool = True) -> list[list[bytes]]:
    """N-Triples lines in chunks of about ``size``; triples sharing blank nodes stay together.

    ``blank_nodes=False`` says the lines hold none, which saves looking at each line.
    """
    if size < 1:
        raise EndpointError(f"the chunk size must be at least 1 triple, not {size}")
    if not blank_nodes:
        return [list(lines[i:i + size]) for i in range(0, len(lines), size)]
    ground: list[bytes] = []
    parent: dict[bytes, bytes] = {}

    def find(label: bytes) -> bytes:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    blank_lines: list[tuple[bytes, bytes]] = []
    for line in lines:
        labels = _blank_labels(line) if b"_:" in line else []
        if not labels:
            ground.append(line)
            continue
        root = find(labels[0])
        for other in labels[1:]:
            parent[find(other)] = root
        blank_lines.append((labels[0], line))
    chunks = [list(ground[i:i + size]) for i in range(0, len(ground), size)]
    components: dict[bytes, list[bytes]] = {}
    for label, line in blank_lines:
        components.setdefault(find(label), []).append(line)
    current: list[bytes] = chunks.pop() if chunks and len(chunks[-1]) < size else []
    for component in components.values():
        if current and len(current) + len(component) > size:
            chunks.append(current)
            current = []
        current.extend(component)
    if current:
        chunks.append(current)
    return chunks


def _iri(iri: str) -> str:
    parsed = ox.NamedNode(iri)  # raises ValueError for an invalid IRI
    return f"<{parsed.value}>"


# Push --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PushResult:
    """What a push did."""

    triples: int
    chunks: int
    protocol: str                      # "graph store" or "update"
    target: str                        # "the default graph" or <iri>
    replaced: bool
    retries: int
    endpoint: str

    def summary(self) -> str:
        how = "Graph Store Protocol" if self.protocol == "graph store" else "SPARQL Update"
        verb = "replaced" if self.replaced else "added to"
        chunks = f"{self.chunks} chunk" + ("s" if self.chunks != 1 else "")
        retried = f", {self.retries} retried" if self.retries else ""
        return (f"pushed {self.triples} triples in {chunks}{retried} ({how}): {verb} {self.target} "
                f"at {self.endpoint}")


class _Pusher:
    def __init__(self, endpoint: Endpoint, client: HttpClient, retries: int, backoff: float,
                 sleep: Callable[[float], None]):
        self.endpoint = endpoint
        self.client = client
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.retried = 0
        self.use_gsp = True

    def _with_retries(self, method: str, url: str, body: bytes, content_type: str) -> _Answer:
        attempt = 0
        while True:
            attempt += 1
            try:
                return self.client.send(method, url, body, content_type)
            except _RequestFailed as failure:
                failure.attempts = attempt
                if not failure.retryable or attempt > self.retries:
                    raise
                self.retried += 1
                self.sleep(self.backoff * 2 ** (attempt - 1))

    def _fail(self, what: str, failure: _RequestFailed, url: str, note: str = "") -> EndpointError:
        tries = f" after {failure.attempts} attempts" if failure.attempts > 1 else ""
        message = f"{what} failed{tries}: POST {_safe_url(url)} → {failure.problem}"
        if failure.answer is not None and failure.answer.status in (401, 403):
            message += (f" (the server wants credentials: set {USER_ENV} and {PASSWORD_ENV}, "
                        f"or {TOKEN_ENV}, or add the host to your netrc file)")
        if note:
            message += f"; {note}"
        return EndpointError(self.client.redact(message))

    def send_chunk(self, graph: str | None, data: bytes, number: int, total: int) -> None:
        what = f"chunk {number} of {total}"
        if self.use_gsp:
            url = self.endpoint.store_url + ("?graph=" + urllib.parse.quote(graph, safe="") if graph
                                             else "?default")
            try:
                self._with_retries("POST", url, data, "application/n-triples")
                return
            except _RequestFailed as failure:
                if number == 1 and failure.answer is not None and failure.answer.status in _NO_GSP:
                    self.use_gsp = False  # no Graph Store Protocol here: SPARQL Update from now on
                else:
                    raise self._fail(what, failure, url) from None
        body = data.decode("utf-8")
        update = f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}" if graph else f"INSERT DATA {{\n{body}}}"
        self.update(what, update)

    def update(self, what: str, text: str, note: str = "") -> None:
        url = self.endpoint.update_url
        try:
            self._with_retries("POST", url, text.encode("utf-8"), "application/sparql-update")
        except _RequestFailed as failure:
            raise self._fail(what, failure, url, note) from None

    def drop_quietly(self, graph: str) -> None:
        """Best effort: remove a staging graph after a failure (errors here are not reported)."""
        try:
            self.client.send("POST", self.endpoint.update_url, f"DROP SILENT GRAPH <{graph}>".encode(),
                             "application/sparql-update")
        except (_RequestFailed, EndpointError):
            try:
                self.client.send("DELETE", self.endpoint.store_url + "?graph=" +
                                 urllib.parse.quote(graph, safe=""))
            except (_RequestFailed, EndpointError):
                pass


def push_lines(lines: Sequence[bytes], endpoint: Endpoint, graph: str | None = None, replace: bool = False,
               client: HttpClient | None = None, chunk_size: int = DEFAULT_CHUNK_TRIPLES,
               retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF_SECONDS,
               progress: Progress | None = None, sleep: Callable[[float], None] = time.sleep,
               blank_nodes: bool = True) -> PushResult:
    """Send N-Triples lines to ``graph`` (None: the default graph) of a server."""
    chunks = chunk_lines(lines, chunk_size, blank_nodes)
    return push_chunks((b"\n".join(chunk) + b"\n" for chunk in chunks), len(lines), len(chunks), endpoint,
                       graph, replace, client, retries, backoff, progress, sleep)


def push_chunks(chunks: Iterable[bytes], triples: int, total_chunks: int, endpoint: Endpoint,
                graph: str | None = None, replace: bool = False, client: HttpClient | None = None,
                retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF_SECONDS,
                progress: Progress | None = None, sleep: Callable[[float], None] = time.sleep) -> PushResult:
    """Send ready N-Triples documents (``total_chunks`` of them, ``triples`` lines in all), one
    request each, to ``graph`` (None: the default graph) of a server."""
    target_iri = _iri(graph)[1:-1] if graph else None
    client = client or HttpClient()
    pusher = _Pusher(endpoint, client, retries, backoff, sleep)
    target_text = f"<{target_iri}>" if target_iri else "the default graph"
    staging = f"urn:conflict-kg:staging:{uuid.uuid4().hex}" if replace else None
    into = staging or target_iri
    sent = 0
    if staging:
        # A no-op first: a server without SPARQL Update (needed for MOVE) or refusing our
        # credentials is found out before anything is uploaded.
        pusher.update("checking SPARQL Update (needed by --replace)", f"DROP SILENT GRAPH <{staging}>",
                      note=f"nothing was sent; {target_text} is as it was")
    if progress:
        progress(0, triples)
    try:
        for number, chunk in enumerate(chunks, 1):
            pusher.send_chunk(into, chunk, number, total_chunks)
            sent += chunk.count(b"\n")
            if progress:
                progress(sent, triples)
    except EndpointError as exc:
        if staging:
            pusher.drop_quietly(staging)
            raise EndpointError(f"{exc}; {target_text} was left as it was") from None
        raise EndpointError(f"{exc}; {sent} of {triples} triples had been added to {target_text} "
                            "(pushing again is safe: a triple without blank nodes is never added twice)"
                            ) from None
    if replace:
        destination = f"GRAPH <{target_iri}>" if target_iri else "DEFAULT"
        if total_chunks:
            operation = f"MOVE GRAPH <{staging}> TO {destination}"
        else:
            operation = f"CLEAR SILENT {destination}"
        try:
            pusher.update("replacing the target graph", operation,
                          note=f"{target_text} was left as it was")
        except EndpointError:
            pusher.drop_quietly(staging)
            raise
    return PushResult(triples, total_chunks, "graph store" if pusher.use_gsp else "update",
                      target_text, replace, pusher.retried, _safe_url(endpoint.store_url))


def snapshot_chunks(path: Path, size: int) -> Iterator[bytes]:
    """A snapshot file (no blank nodes) as N-Triples documents of ``size`` lines, cut on line
    boundaries without parsing: the file is already what would be sent."""
    if size < 1:
        raise EndpointError(f"the chunk size must be at least 1 triple, not {size}")
    with open(path, "rb") as handle:
        while chunk := b"".join(itertools.islice(handle, size)):
            yield chunk


def _connect(endpoint_url: str, graph: str | None, store_url: str | None, update_url: str | None,
             insecure: bool, timeout: float, prompt: Prompt | None,
             environ: Mapping[str, str] | None) -> tuple[Endpoint, HttpClient]:
    endpoint = resolve_endpoint(endpoint_url, store_url, update_url)
    if graph is not None:
        try:
            _iri(graph)
        except ValueError:
            raise EndpointError(f"--graph {graph!r} is not an absolute IRI; give one such as "
                                "https://example.org/graph/conflicts") from None
    credentials = find_credentials(endpoint.store_url, environ)
    return endpoint, HttpClient(credentials, insecure=insecure, timeout=timeout, prompt=prompt)


def push_graph(store: ox.Store, endpoint_url: str, graph: str | None = None, replace: bool = False, *,
               store_url: str | None = None, update_url: str | None = None,
               with_ontology: bool = False, with_reference: bool = True,
               insecure: bool = False, chunk_size: int = DEFAULT_CHUNK_TRIPLES,
               retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF_SECONDS,
               timeout: float = DEFAULT_TIMEOUT_SECONDS, prompt: Prompt | None = None,
               environ: Mapping[str, str] | None = None,
               progress: Progress | None = None) -> PushResult:
    """Push a store's graph (selected as ``kg export`` selects it) to a SPARQL server."""
    endpoint, client = _connect(endpoint_url, graph, store_url, update_url, insecure, timeout, prompt, environ)
    selection = select_lines(store, with_ontology=with_ontology, with_reference=with_reference)
    return push_lines(selection.lines, endpoint, graph, replace, client, chunk_size, retries, backoff,
                      progress, blank_nodes=b"_:" in selection.data)


def push_snapshot(snapshot: Snapshot, endpoint_url: str, graph: str | None = None, replace: bool = False, *,
                  store_url: str | None = None, update_url: str | None = None,
                  with_ontology: bool = False, with_reference: bool = True,
                  insecure: bool = False, chunk_size: int = DEFAULT_CHUNK_TRIPLES,
                  retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF_SECONDS,
                  timeout: float = DEFAULT_TIMEOUT_SECONDS, prompt: Prompt | None = None,
                  environ: Mapping[str, str] | None = None,
                  progress: Progress | None = None) -> PushResult | None:
    """Push a store's graph from its snapshot; what ``push_graph`` sends for the store.

    With the default options and no blank nodes, the chunks are cut from the file as they are
    (bounded memory); otherwise the lines are selected from the snapshot in memory. None when
    the snapshot cannot give the selection asked for.
    """
    if chunk_size < 1:
        raise EndpointError(f"the chunk size must be at least 1 triple, not {chunk_size}")
    endpoint, client = _connect(endpoint_url, graph, store_url, update_url, insecure, timeout, prompt, environ)
    if with_reference and not with_ontology and not snapshot.blank_nodes:
        return push_chunks(snapshot_chunks(snapshot.path, chunk_size), snapshot.triples,
                           -(-snapshot.triples // chunk_size), endpoint, graph, replace, client, retries,
                           backoff, progress)
    selection = snapshot_selection(snapshot, with_ontology, with_reference)
    if selection is None:
        return None
    return push_lines(selection.lines, endpoint, graph, replace, client, chunk_size, retries, backoff,
                      progress, blank_nodes=b"_:" in selection.data)


def terminal_prompt() -> tuple[str, str]:
    """Ask for a user name and password on the terminal (the password is not echoed).

    The questions go to stderr (getpass writes to the terminal), never to stdout.
    """
    import getpass
    import sys

    sys.stderr.write("User name for the SPARQL server: ")
    sys.stderr.flush()
    user = sys.stdin.readline().strip()
    return user, getpass.getpass("Password: ", stream=sys.stderr)


def push_data(endpoint_url: str, graph: str | None = None, replace: bool = False, *,
              data: Sequence[str | Path] | None = None, store_root: Path | None = None,
              interactive: bool = False, **options) -> PushResult:
    """``kg push``: the graph of ``data`` files (else the default store) to a SPARQL server.

    From the default store, the current generation's snapshot is sent when it has one.

    ``interactive``: ask for credentials on the terminal if the server wants some and neither
    the environment nor a netrc file has them. ``options`` go to :func:`push_graph`.
    """
    from kg.store import open_graph

    resolve_endpoint(endpoint_url, options.get("store_url"), options.get("update_url"))  # fail fast
    prompt = terminal_prompt if interactive else None
    if not data:
        snapshot = open_snapshot(store_root)
        if snapshot is not None:
            result = push_snapshot(snapshot, endpoint_url, graph, replace, prompt=prompt, **options)
            if result is not None:
                return result
    return push_graph(open_graph(data, store_root), endpoint_url, graph, replace, prompt=prompt, **options)
