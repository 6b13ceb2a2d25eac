"""The whole pipeline: read → extract → resolve → build, and where the graph goes.

This is the library API the CLI calls (re-exported from ``kg``): ``build_graph`` returns the graph
and a summary; ``build_to_file`` and ``build_to_store`` write it atomically.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

import rdflib

from kg.build import build_event_graph
from kg.formats import FORMATS, format_for_path
from kg.model import Article, ArticleExtraction, BuildResult, Event
from kg.namespaces import DEFAULT_BASE_IRI
from kg.read import ReadResult, read_articles
from kg.resolve import resolve_events, visible_events
from kg.store import (current_generation, default_store_path, open_store, replace_store, update_store,
                      write_atomically_from, write_stored_articles)
from kg.update import StoredBuild, merge_update, read_build_records, write_build_records

# Below this many articles, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 64

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildOutput:
    graph: rdflib.Graph
    result: BuildResult
    extractions: tuple[ArticleExtraction, ...] = ()
    merged: tuple[Event, ...] = ()      # every merged event, background ones included


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
    with ProcessPoolExecutor(max_workers=workers, initializer=_exit_with_parent, initargs=(os.getpid(),)) as pool:
        for n, extraction in enumerate(pool.map(_extract_one, articles, chunksize=chunk), 1):
            results.append(extraction)
            if progress:
                progress(n, len(articles))
    return results


def _exit_with_parent(parent: int) -> None:
    """In an extraction worker: end when the build that started it is gone (killed, not stopped),
    instead of waiting forever for work that will not come."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)
    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()


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
    merged = resolve_events(extractions, keep_background=True)
    events = visible_events(merged)
    graph = build_event_graph(read.articles, events, base_iri,
                              reference=reference_graph() if include_reference else None)
    result = BuildResult(articles=read.articles, events=tuple(events), skipped=read.skipped,
                         warnings=_warnings(read, extractions), triples=len(graph))
    return BuildOutput(graph, result, tuple(extractions), tuple(merged))


def _warnings(read: ReadResult, extractions: Sequence[ArticleExtraction]) -> tuple[str, ...]:
    warnings = list(read.warnings)
    for extraction in extractions:
        warnings.extend(f"{extraction.article.path}: {w}" for w in extraction.warnings)
    return tuple(warnings)


def write_graph_file(graph: rdflib.Graph, output: str | Path, format_name: str | None = None) -> Path:
    """Serialize a graph to a file atomically (temporary file, then rename)."""
    output = Path(output)
    rdf_format = FORMATS[format_name] if format_name else format_for_path(output)
    write_atomically_from(output, lambda handle: graph.serialize(destination=handle, format=rdf_format.rdflib_name,
                                                                 encoding="utf-8"))
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

    With ``add``, the new articles are extracted and merged with the events already stored;
    only the events they touch are re-merged, and the store changes by that delta
    (kg/update.py). When the store's records were written by another version of kg (or with
    another base IRI), its articles are extracted again with the new ones instead.
    """
    root = store_root or default_store_path()
    if add:
        stored = read_build_records(current_generation(root), base_iri)
        if stored is not None:
            return _add_to_store(stored, paths, root, base_iri, workers, progress)
        # the stored extractions are another kg's: extract the stored articles again with the new
        with tempfile.TemporaryDirectory(prefix="kg-stored-articles-") as folder:
            return _build_into_store([*write_stored_articles(Path(folder), root), *paths], root, base_iri,
                                     workers, progress)
    return _build_into_store(paths, root, base_iri, workers, progress)


def _build_into_store(paths: Sequence[str | Path], root: Path, base_iri: str, workers: int | None,
                      progress: Progress | None) -> BuildResult:
    built = build_graph(paths, base_iri, workers=workers, progress=progress)
    records = StoredBuild(built.extractions, built.merged)
    root.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".build-", suffix=".nt")
    os.close(fd)
    try:
        built.graph.serialize(destination=tmp, format="nt", encoding="utf-8")
        replace_store(Path(tmp), root, FORMATS["ntriples"], built.result.articles,
                      write_extra=lambda generation: write_build_records(generation, records, base_iri))
    finally:
        Path(tmp).unlink(missing_ok=True)
    return built.result


# Subjects the build mints for one event (the event, its evidence, weapon uses, figures, claims,
# attributions). Anything else an event's graph holds is shared: articles, entities.
_EVENT_OWNED = ("event/", "evidence/", "weaponuse/", "figure/", "claim/", "attribution/")


def _add_to_store(stored: StoredBuild, paths: Sequence[str | Path], root: Path, base_iri: str,
                  workers: int | None, progress: Progress | None) -> BuildResult:
    read = read_articles(paths)
    known = {x.article.article_id: x.article for x in stored.extractions}
    new_articles = [a for a in read.articles if a.article_id not in known]
    skipped = [*read.skipped, *((a.path, f"already in the store (same text as {known[a.article_id].file_name})")
                                for a in read.articles if a.article_id in known)]
    if not new_articles:    # nothing new: the store stays as it is, no new generation
        return BuildResult(articles=tuple(sorted(known.values(), key=lambda a: a.article_id)),
                           events=tuple(visible_events(stored.events)), skipped=tuple(skipped),
                           warnings=tuple(read.warnings), triples=len(open_store(root)), added=0)
    extractions = extract_articles(new_articles, workers=workers, progress=progress)
    update = merge_update(stored.extractions, stored.events, extractions)

    before = {e.key: e for e in visible_events(stored.events)}
    after = visible_events(update.events)
    after_by_key = {e.key: e for e in after}
    # What the graph shows changed for the changed events, and for an event whose response target
    # became background or stopped being so (a response is shown only to a shown event).
    flipped = before.keys() ^ after_by_key.keys()
    changed = {e.key for e in (*update.added, *update.removed)}
    changed.update(e.key for e in update.events if any(k in flipped for k, _evidence in e.responds_to))
    replaced = [before[key] for key in sorted(changed) if key in before]
    replacing = [after_by_key[key] for key in sorted(changed) if key in after_by_key]
    # Event-owned triples come from the replaced and replacing events' own graphs; article
    # triples only ever get added; entity triples (type, label, country of an entity the
    # reference data lacks) are shared by events, so they follow from the whole event list.
    old_lines = _ntriples_lines(build_event_graph([], replaced, base_iri))
    new_lines = _ntriples_lines(build_event_graph(new_articles, replacing, base_iri))
    base = _base(base_iri)
    owned = tuple(f"<{base}{folder}".encode() for folder in _EVENT_OWNED)
    shared = (*owned, f"<{base}article/".encode())
    entities_before = _entity_lines(before.values(), base_iri)
    entities_after = _entity_lines(after, base_iri)
    removed = sorted({line for line in old_lines - new_lines if line.startswith(owned)}
                     | (entities_before - entities_after))
    added = sorted({line for line in new_lines - old_lines if line.startswith(shared)}
                   | (entities_after - entities_before))

    records = StoredBuild((*stored.extractions, *extractions), update.events)
    _generation, triples = update_store(b"".join(removed), b"".join(added), root, new_articles,
                                        write_extra=lambda g: write_build_records(
                                            g, records, base_iri, stored, (e.key for e in update.added)))
    articles = tuple(sorted((*known.values(), *new_articles), key=lambda a: a.article_id))
    return BuildResult(articles=articles, events=tuple(after), skipped=tuple(skipped),
                       warnings=_warnings(read, extractions), triples=triples, added=len(new_articles))


def _base(base_iri: str) -> str:
    return base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"


def _ntriples_lines(graph: rdflib.Graph) -> set[bytes]:
    data = graph.serialize(format="nt", encoding="utf-8")
    return {line + b"\n" for line in data.split(b"\n") if line.strip()}


def _entity_lines(events: Iterable[Event], base_iri: str) -> set[bytes]:
    """The entity triples a build of these events writes (entities the reference data lacks).

    Entities are added in the order the build adds them (events by key, then each event's
    fields), so an entity named with two labels gets the label a full build gives it.
    """
    from kg.build import GraphBuilder

    builder = GraphBuilder(base_iri)
    for event in sorted(events, key=lambda e: e.key):
        for ref in _entity_refs(event):
            builder.add_entity(ref)
    return _ntriples_lines(builder.graph)


def _entity_refs(event: Event):
    for ref in (event.facility, event.place, event.country, event.perpetrator):
        if ref is not None:
            yield ref
    for claim in event.claims:
        yield claim.claimant
        if claim.relayed_by is not None:
            yield claim.relayed_by
    for attribution in event.attributions:
        yield attribution.group
        if attribution.attributed_by_ref is not None:
            yield attribution.attributed_by_ref
