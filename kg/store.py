"""The embedded default store, and loading RDF files into a store.

The default store lives in the working directory (``.kg/``; ``KG_STORE`` or ``--store`` names
another folder). ``kg build`` fills it; ``query``, ``validate``, ``export`` read it. Each build
writes a complete new generation folder — an on-disk Oxigraph store plus copies of the articles it
was built from (so ``kg build --add`` can re-merge with them) — and then switches the ``CURRENT``
pointer file with an atomic rename. An interrupted build therefore leaves the previous generation
intact and readable. Everything is kept in the default graph: which article said what is recorded
in the graph itself (evidence nodes), see docs/graph-model.md.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Sequence

import pyoxigraph
import rdflib

from kg.errors import RdfSyntaxError, StoreError
from kg.formats import RdfFormat, format_for_path
from kg.model import Article

STORE_ENV = "KG_STORE"
DEFAULT_STORE_DIRNAME = ".kg"
_POINTER = "CURRENT"
_OXIGRAPH = "oxigraph"
_ARTICLES = "articles"


def default_store_path() -> Path:
    """Where the default store lives: ``$KG_STORE`` or ``./.kg``."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE_DIRNAME)


def _current_dir(root: Path) -> Path | None:
    """The current generation folder, or None when nothing has been built."""
    pointer = root / _POINTER
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    current = root / name
    return current if name and (current / _OXIGRAPH).is_dir() else None


def store_exists(root: Path | None = None) -> bool:
    return _current_dir(root or default_store_path()) is not None


def open_store(root: Path | None = None) -> pyoxigraph.Store:
    """Open the default store for reading. Raises StoreError when nothing has been built."""
    root = root or default_store_path()
    current = _current_dir(root)
    if current is None:
        raise StoreError(f"no graph has been built in {root} yet: run `kg build ARTICLES...` first, "
                         "or give --data FILE")
    try:
        return pyoxigraph.Store.read_only(str(current / _OXIGRAPH))
    except OSError as exc:
        raise StoreError(f"cannot open the store in {current}: {exc}") from None


def stored_article_files(root: Path | None = None) -> list[Path]:
    """The article files the current generation was built from (empty when nothing is built)."""
    current = _current_dir(root or default_store_path())
    if current is None:
        return []
    return sorted(p for p in (current / _ARTICLES).glob("*/*") if p.is_file())


def replace_store(triples_source: Path, root: Path | None = None,
                  source_format: RdfFormat | None = None, articles: Sequence[Article] = ()) -> Path:
    """Make a new generation from an RDF file (and the articles' texts), then switch to it atomically."""
    root = root or default_store_path()
    root.mkdir(parents=True, exist_ok=True)
    generation = root / f"gen-{uuid.uuid4().hex[:12]}"
    rdf_format = source_format or format_for_path(triples_source)
    try:
        generation.mkdir()   # RocksDB creates the store folder, not its parent
        store = pyoxigraph.Store(str(generation / _OXIGRAPH))
        store.bulk_load(path=str(triples_source), format=rdf_format.oxigraph)
        store.flush()
        del store
        for article in articles:
            folder = generation / _ARTICLES / article.article_id
            folder.mkdir(parents=True, exist_ok=True)
            (folder / article.file_name).write_text(article.text, encoding="utf-8")
        write_atomically(root / _POINTER, generation.name + "\n")
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    _remove_old_generations(root, keep=generation.name)
    return generation


def _remove_old_generations(root: Path, keep: str) -> None:
    for old in root.glob("gen-*"):
        if old.name != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def write_atomically(path: Path, data: bytes | str) -> None:
    """Write a file through a temporary file and a rename, so a reader never sees half of it."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_LOCATION = re.compile(r"line (\d+)(?:,? column (\d+))?|(?:at |on )?(\d+):(\d+)", re.IGNORECASE)


def load_files(paths: Sequence[str | Path]) -> pyoxigraph.Store:
    """Parse RDF files (format from the extension) into one in-memory store.

    A file that does not parse raises RdfSyntaxError naming the file, line and column.
    """
    store = pyoxigraph.Store()
    for path in paths:
        path = Path(path)
        rdf_format = format_for_path(path)
        if not path.is_file():
            raise RdfSyntaxError("no such file", str(path))
        try:
            # Named graphs in TriG/N-Quads are kept; queries see their union (see query.py).
            store.bulk_load(path=str(path), format=rdf_format.oxigraph,
                            base_iri=path.resolve().as_uri())
        except SyntaxError as exc:
            line, column = _syntax_location(exc)
            raise RdfSyntaxError(f"is not valid {rdf_format.name}: {_first_line(exc)}{_offline_hint(exc)}",
                                 str(path), line, column) from None
        except OSError as exc:
            raise RdfSyntaxError(f"cannot be read: {exc.strerror or exc}", str(path)) from None
    return store


# Reading never fetches anything (no remote JSON-LD context, no external XML entity): pyoxigraph
# refuses both; these hints say so instead of leaving a parser's wording to guess from.
_OFFLINE_HINTS = (
    ("LoadDocumentCallback", "; kg never fetches a remote JSON-LD context (offline by design): "
                             "put the context inline in the file"),
    ("<!ENTITY", "; kg resolves only internal XML entities with a double-quoted value, never external "
                 "(SYSTEM or PUBLIC) ones (offline by design)"),
)


def _offline_hint(exc: BaseException) -> str:
    text = str(exc)
    return next((hint for marker, hint in _OFFLINE_HINTS if marker in text), "")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _syntax_location(exc: SyntaxError) -> tuple[int | None, int | None]:
    if getattr(exc, "lineno", None):
        return exc.lineno, exc.offset
    match = _LOCATION.search(str(exc))
    if not match:
        return None, None
    if match.group(1):
        return int(match.group(1)), int(match.group(2)) if match.group(2) else None
    return int(match.group(3)), int(match.group(4))


def open_graph(data: Sequence[str | Path] | None = None, store_root: Path | None = None) -> pyoxigraph.Store:
    """The store a command reads: ``--data`` files when given, else the default store."""
    if data:
        return load_files(data)
    return open_store(store_root)


def store_to_rdflib(store: pyoxigraph.Store) -> rdflib.Graph:
    """All triples of a store (named graphs merged) as an rdflib Graph, via N-Triples in bulk."""
    graph = rdflib.Graph()
    data = store.dump(format=pyoxigraph.RdfFormat.N_QUADS)
    if data:
        dataset = rdflib.Dataset()
        dataset.parse(data=data.decode("utf-8"), format="nquads")
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
    from kg.namespaces import bind_prefixes
    bind_prefixes(graph)
    return graph


def rdflib_to_store(graph: rdflib.Graph, store: pyoxigraph.Store | None = None) -> pyoxigraph.Store:
    """Load an rdflib graph into a (new in-memory) Oxigraph store in one bulk call."""
    store = store if store is not None else pyoxigraph.Store()
    data = graph.serialize(format="nt", encoding="utf-8")
    store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store

