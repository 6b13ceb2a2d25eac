"""The embedded default store, and loading RDF files into a store.

The default store lives in the working directory (``.kg/``; ``KG_STORE`` or ``--store`` names
another folder). ``kg build`` fills it; ``query``, ``validate``, ``export`` read it. Each build
writes a complete new generation folder, then switches the ``CURRENT`` pointer file with an
atomic rename, so an interrupted build leaves the previous generation intact and readable. A
generation holds:

- ``oxigraph/``: the on-disk Oxigraph store, everything in the default graph (which article said
  what is recorded in the graph itself, as evidence nodes: docs/graph-model.md);
- ``graph.nt``: the same graph as N-Triples in export order, which export and push stream;
- ``articles.jsonl``: the texts of the articles it was built from;
- ``records/``: the build's extractions and merged events, which ``kg build --add`` starts from
  (kg/update.py).

``kg build --add`` makes the next generation from the current one and a delta: the store is a
hard-linked RocksDB backup with the delta applied, the other files are copied and extended.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import BinaryIO, Callable, Sequence, TypeVar

import pyoxigraph
import rdflib

from kg.errors import RdfSyntaxError, StoreError
from kg.formats import RdfFormat, format_for_path
from kg.model import Article

T = TypeVar("T")

STORE_ENV = "KG_STORE"
DEFAULT_STORE_DIRNAME = ".kg"
_POINTER = "CURRENT"
_OXIGRAPH = "oxigraph"
_ARTICLE_TEXTS = "articles.jsonl"
_LEGACY_ARTICLES = "articles"


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


def write_stored_articles(folder: Path, root: Path | None = None) -> list[Path]:
    """Write the articles the current generation was built from as files under ``folder`` (one
    sub-folder an article, so that two articles with one file name do not clash); their paths.

    A rebuild needs them when the stored extractions cannot be used (kg/update.py).
    """
    current = _current_dir(root or default_store_path())
    if current is None:
        return []
    texts = current / _ARTICLE_TEXTS
    if not texts.is_file():
        # a store built before articles.jsonl kept one copy of each article under articles/
        return sorted(p for p in (current / _LEGACY_ARTICLES).glob("*/*") if p.is_file())
    paths = []
    with texts.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            try:
                stored = json.loads(line)
                target = folder / stored["id"] / stored["file"]
            except (ValueError, KeyError, TypeError) as exc:
                raise StoreError(f"{texts}, line {number}: not a stored article ({exc}); "
                                 "build again from your article files") from None
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(stored["text"], encoding="utf-8")
            paths.append(target)
    return paths


def current_generation(root: Path | None = None) -> Path | None:
    """The folder of the current generation, or None when nothing has been built."""
    return _current_dir(root or default_store_path())


def replace_store(triples_source: Path, root: Path | None = None,
                  source_format: RdfFormat | None = None, articles: Sequence[Article] = (),
                  write_extra: Callable[[Path], None] | None = None) -> Path:
    """Make a new generation from an RDF file (and the articles' texts), then switch to it atomically.

    ``write_extra(generation_folder)`` adds files of the caller's (the build's records) before the
    switch, so they are part of the same generation or of none.
    """
    rdf_format = source_format or format_for_path(triples_source)

    def fill(generation: Path) -> None:
        store = pyoxigraph.Store(str(generation / _OXIGRAPH))
        store.bulk_load(path=str(triples_source), format=rdf_format.oxigraph)
        store.flush()
        del store
        _write_snapshot(triples_source, rdf_format, generation)
        _write_article_texts(articles, generation)
        if write_extra is not None:
            write_extra(generation)
    return _new_generation(root or default_store_path(), fill)


def _new_generation(root: Path, fill: Callable[[Path], None]) -> Path:
    """A new generation folder that ``fill`` writes; the pointer switches to it only when it is
    complete, and a failure leaves nothing behind. Older generations are removed after."""
    root.mkdir(parents=True, exist_ok=True)
    generation = root / f"gen-{uuid.uuid4().hex[:12]}"
    try:
        generation.mkdir()   # RocksDB creates the store folder, not its parent
        fill(generation)
        write_atomically(root / _POINTER, generation.name + "\n")
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    _remove_old_generations(root, keep=generation.name)
    return generation


# Export snapshot (kept by the export work: kg/export.py, docs/export.md) -------------------------
# Every generation also keeps its graph as N-Triples in the order and form `kg export` writes
# (graph.nt, with graph.json beside it), so export and push stream one file instead of scanning
# and sorting the store. Written before the pointer switch, like the rest of a generation, so it
# is never stale. A generation made before snapshots existed has none: export reads the store.

SNAPSHOT_FILE = "graph.nt"


def current_snapshot(root: Path | None = None) -> Path | None:
    """The current generation's graph.nt, or None (nothing built, or built without a snapshot)."""
    current = _current_dir(root or default_store_path())
    snapshot = current / SNAPSHOT_FILE if current is not None else None
    return snapshot if snapshot is not None and snapshot.is_file() else None


def _write_snapshot(source: Path, rdf_format: RdfFormat, generation: Path) -> None:
    from kg.export import write_snapshot  # kg.export imports this module

    write_snapshot(source, rdf_format, generation / SNAPSHOT_FILE)


def _update_snapshot(previous: Path, generation: Path, removed: bytes, added: bytes) -> None:
    """The new generation's snapshot from the previous one and a delta (N-Triples); none when that
    cannot be done (then export reads the store)."""
    from kg.export import update_snapshot

    update_snapshot(previous / SNAPSHOT_FILE, generation / SNAPSHOT_FILE, removed.splitlines(),
                    added.splitlines())

# End of the export snapshot section ---------------------------------------------------------------


def _write_article_texts(articles: Sequence[Article], generation: Path, previous: Path | None = None) -> None:
    """The generation's articles: those of ``previous`` (copied), then these, a JSON line each."""
    target = generation / _ARTICLE_TEXTS
    if previous is not None and (previous / _ARTICLE_TEXTS).is_file():
        shutil.copyfile(previous / _ARTICLE_TEXTS, target)
    with target.open("a", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps({"id": article.article_id, "file": article.file_name, "text": article.text},
                                    ensure_ascii=False) + "\n")


def update_store(removed: bytes, added: bytes, root: Path | None = None, articles: Sequence[Article] = (),
                 write_extra: Callable[[Path], None] | None = None) -> tuple[Path, int]:
    """Make a new generation from the current one changed by a delta, then switch to it atomically.

    ``removed`` and ``added`` are N-Triples. The new generation starts as a backup of the current
    store, which RocksDB makes with hard links (no copy of the data), so the cost is the delta's,
    not the graph's; the current generation stays untouched and readable throughout. Returns the
    new generation folder and its number of triples.
    """
    root = root or default_store_path()
    previous = _current_dir(root)
    if previous is None:
        raise StoreError(f"no graph has been built in {root} yet: run `kg build ARTICLES...` first")
    counted: list[int] = []

    def fill(generation: Path) -> None:
        source = pyoxigraph.Store(str(previous / _OXIGRAPH))
        source.backup(str(generation / _OXIGRAPH))
        del source
        store = pyoxigraph.Store(str(generation / _OXIGRAPH))
        for quad in _quads(removed):
            store.remove(quad)
        if added:
            store.bulk_load(added, format=pyoxigraph.RdfFormat.N_TRIPLES)
        store.flush()
        counted.append(len(store))
        del store
        _update_snapshot(previous, generation, removed, added)
        _write_article_texts(articles, generation, previous)
        if write_extra is not None:
            write_extra(generation)
    return _new_generation(root, fill), counted[0]


def _quads(ntriples: bytes) -> list[pyoxigraph.Quad]:
    if not ntriples:
        return []
    return list(pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES))


def _remove_old_generations(root: Path, keep: str) -> None:
    for old in root.glob("gen-*"):
        if old.name != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def write_atomically(path: Path, data: bytes | str) -> None:
    """Write a file through a temporary file and a rename, so a reader never sees half of it."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    write_atomically_from(path, lambda handle: handle.write(payload))


def write_atomically_from(path: Path, write: Callable[[BinaryIO], T]) -> T:
    """Like ``write_atomically``, with ``write(handle)`` streaming the content; returns its result."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            result = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


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

