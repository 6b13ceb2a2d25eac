"""The whole pipeline: read → extract → resolve → build, and where the graph goes.

This is the library API the CLI calls (re-exported from ``kg``): ``build_graph`` returns the graph
and a summary; ``build_to_file`` and ``build_to_store`` write it atomically.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import rdflib

from kg.build import build_event_graph
from kg.formats import FORMATS, format_for_path
from kg.model import Article, ArticleExtraction, BuildResult
from kg.namespaces import DEFAULT_BASE_IRI
from kg.read import ReadResult, read_articles
from kg.resolve import resolve_events
from kg.store import default_store_path, replace_store, stored_article_files

# Below this many articles, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 64

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildOutput:
    graph: rdflib.Graph
    result: BuildResult


def _extract_one(article: Article) -> ArticleExtraction:
    from kg.extract import extract_article
    from kg.gazetteer import load_gazetteer
    return extract_article(article, load_gazetteer())


def extract_articles(articles: Sequence[Article], workers: int | None = None,
                     progress: Progress | None = None) -> list[ArticleExtraction]:
    """Extract every article, on all cores when there are many; order follows ``articles``."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    results: list[ArticleExtraction] = []
    if workers <= 1 or len(articles) < PARALLEL_THRESHOLD:
        for n, article in enumerate(articles, 1):
            results.append(_extract_one(article))
            if progress:
                progress(n, len(articles))
        return results
    chunk = max(1, min(64, len(articles) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for n, extraction in enumerate(pool.map(_extract_one, articles, chunksize=chunk), 1):
            results.append(extraction)
            if progress:
                progress(n, len(articles))
    return results


def reference_graph() -> rdflib.Graph:
    """The reference data (facilities, places, actors) every built graph includes."""
    from kg.gazetteer import load_gazetteer
    return load_gazetteer().graph


def build_graph(paths: Sequence[str | Path], base_iri: str = DEFAULT_BASE_IRI,
                workers: int | None = None, progress: Progress | None = None,
                include_reference: bool = True) -> BuildOutput:
    """Build the knowledge graph of the articles under ``paths`` (files or folders)."""
    read = read_articles(paths)
    extractions = extract_articles(read.articles, workers=workers, progress=progress)
    return resolve_and_build(read, extractions, base_iri, include_reference)


def resolve_and_build(read: ReadResult, extractions: Sequence[ArticleExtraction],
                      base_iri: str = DEFAULT_BASE_IRI, include_reference: bool = True) -> BuildOutput:
    """The stages after extraction, wherever extraction ran: merge, build, summarise."""
    events = resolve_events(extractions)
    graph = build_event_graph(read.articles, events, base_iri,
                              reference=reference_graph() if include_reference else None)
    warnings = list(read.warnings)
    for extraction in extractions:
        warnings.extend(f"{extraction.article.path}: {w}" for w in extraction.warnings)
    result = BuildResult(articles=read.articles, events=tuple(events), skipped=read.skipped,
                         warnings=tuple(warnings), triples=len(graph))
    return BuildOutput(graph, result)


def write_graph_file(graph: rdflib.Graph, output: str | Path, format_name: str | None = None) -> Path:
    """Serialize a graph to a file atomically (temporary file, then rename)."""
    output = Path(output)
    rdf_format = FORMATS[format_name] if format_name else format_for_path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    os.close(fd)
    try:
        graph.serialize(destination=tmp, format=rdf_format.rdflib_name, encoding="utf-8")
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return output


def build_to_file(paths: Sequence[str | Path], output: str | Path, base_iri: str = DEFAULT_BASE_IRI,
                  format_name: str | None = None, workers: int | None = None,
                  progress: Progress | None = None) -> BuildResult:
    """Build the graph and write it to ``output`` (format from the extension unless given)."""
    built = build_graph(paths, base_iri, workers=workers, progress=progress)
    write_graph_file(built.graph, output, format_name)
    return built.result


def build_to_store(paths: Sequence[str | Path], store_root: Path | None = None,
                   base_iri: str = DEFAULT_BASE_IRI, workers: int | None = None,
                   progress: Progress | None = None, add: bool = False) -> BuildResult:
    """Build the graph into the embedded default store, replacing what it held only when complete.

    With ``add``, the articles the store was built from are read again with the new ones, so new
    reports merge with the events already there.
    """
    root = store_root or default_store_path()
    if add:
        paths = [*stored_article_files(root), *paths]
    built = build_graph(paths, base_iri, workers=workers, progress=progress)
    root.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".build-", suffix=".nt")
    os.close(fd)
    try:
        built.graph.serialize(destination=tmp, format="nt", encoding="utf-8")
        replace_store(Path(tmp), root, FORMATS["ntriples"], built.result.articles)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return built.result
