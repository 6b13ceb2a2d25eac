"""Incremental builds (kg/update.py): adding articles gives what a full build of all gives."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.model import ArticleExtraction, Event
from kg.pipeline import build_to_store, extract_articles
from kg.read import read_articles
from kg.records import encode_record, from_plain, to_plain
from kg.resolve import resolve_events
from kg.resources import sample_corpus_dir
from kg.store import current_generation, open_store
from kg.update import RECORDS_DIR, merge_update, read_build_records

CORPORA = Path(__file__).parent / "corpus"


def _files(*folders: Path) -> list[str]:
    return sorted(str(p) for folder in folders for p in folder.glob("*.txt"))


@pytest.fixture(scope="module")
def extractions() -> list[ArticleExtraction]:
    files = _files(Path(str(sample_corpus_dir())), CORPORA / "dev", CORPORA / "dev2", CORPORA / "dev3")
    return extract_articles(read_articles(files).articles, workers=1)


def _store_triples(root: Path) -> set[bytes]:
    data = open_store(root).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return set(data.splitlines())


def test_records_round_trip(extractions):
    events = resolve_events(extractions, keep_background=True)
    for record in (*extractions, *events):
        assert from_plain(type(record), json.loads(encode_record(record))) == record
    assert to_plain(events[0])["key"] == events[0].key


@pytest.mark.parametrize("seed", range(12))
def test_merge_update_gives_the_events_of_a_full_resolve(extractions, seed):
    rng = random.Random(seed)
    order = extractions[:]
    rng.shuffle(order)
    cut = rng.randrange(1, len(order))
    stored, new = order[:cut], order[cut:]
    update = merge_update(stored, resolve_events(stored, keep_background=True), new)
    assert list(update.events) == sorted(resolve_events(extractions, keep_background=True), key=lambda e: e.key)
    # only what changed is handed on to the graph
    before = {e.key: e for e in resolve_events(stored, keep_background=True)}
    assert all(before.get(e.key) != e for e in update.added)
    assert {e.key for e in update.removed} <= before.keys()


def test_merge_update_with_nothing_new_changes_nothing(extractions):
    events = resolve_events(extractions, keep_background=True)
    update = merge_update(extractions, events, [])
    assert update.removed == () and update.added == () and list(update.events) == events


@pytest.mark.parametrize("seed", range(3))
def test_adding_in_steps_builds_the_same_store_as_one_build(tmp_path, seed):
    files = _files(Path(str(sample_corpus_dir())), CORPORA / "dev", CORPORA / "dev3")
    random.Random(seed).shuffle(files)
    full = build_to_store(files, tmp_path / "full", workers=1)
    steps = [files[:10], files[10:11], files[11:30], files[30:]]
    step_root = tmp_path / "steps"
    result = build_to_store(steps[0], step_root, workers=1)
    for step in steps[1:]:
        result = build_to_store(step, step_root, workers=1, add=True)
    assert _store_triples(step_root) == _store_triples(tmp_path / "full")
    assert result.triples == full.triples
    assert {e.key for e in result.events} == {e.key for e in full.events}
    assert len(result.articles) == len(full.articles)


def test_an_article_already_stored_is_skipped_and_changes_nothing(tmp_path):
    files = _files(Path(str(sample_corpus_dir())))
    root = tmp_path / "store"
    build_to_store(files, root, workers=1)
    before = _store_triples(root)
    result = build_to_store(files[:1], root, workers=1, add=True)
    assert [reason for _path, reason in result.skipped] == [
        f"already in the store (same text as {Path(files[0]).name})"]
    assert _store_triples(root) == before


def test_records_from_another_kg_are_not_used_the_articles_are_extracted_again(tmp_path):
    files = _files(Path(str(sample_corpus_dir())))
    build_to_store(files, tmp_path / "full", workers=1)
    root = tmp_path / "store"
    build_to_store(files[:3], root, workers=1)
    meta = current_generation(root) / RECORDS_DIR / "meta.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "fingerprint": "another kg"}))
    assert read_build_records(current_generation(root), "https://w3id.org/conflict-kg/id/") is None
    build_to_store(files[3:], root, workers=1, add=True)
    assert _store_triples(root) == _store_triples(tmp_path / "full")
    assert read_build_records(current_generation(root), "https://w3id.org/conflict-kg/id/") is not None


def test_a_failed_add_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    files = _files(Path(str(sample_corpus_dir())))
    root = tmp_path / "store"
    build_to_store(files[:3], root, workers=1)
    generation, before = current_generation(root), _store_triples(root)

    def fail(*_args, **_kwargs):
        raise OSError("disk full")
    monkeypatch.setattr("kg.pipeline.write_build_records", fail)
    with pytest.raises(OSError):
        build_to_store(files[3:], root, workers=1, add=True)
    assert current_generation(root) == generation
    assert _store_triples(root) == before
    assert [p.name for p in root.glob("gen-*")] == [generation.name]


def test_stored_events_are_the_merged_events(tmp_path):
    files = _files(Path(str(sample_corpus_dir())))
    root = tmp_path / "store"
    result = build_to_store(files, root, workers=1)
    stored = read_build_records(current_generation(root), "https://w3id.org/conflict-kg/id/")
    assert {e.key for e in stored.events if not e.background} == {e.key for e in result.events}
    assert all(isinstance(e, Event) for e in stored.events)
    assert {x.article.article_id for x in stored.extractions} == {a.article_id for a in result.articles}


def test_a_store_from_before_the_records_keeps_its_articles_on_add(tmp_path):
    # Stores built before generations kept records and articles.jsonl had a copy of each article
    # under articles/<id>/: --add must extract those again with the new ones, losing none.
    files = _files(Path(str(sample_corpus_dir())))
    build_to_store(files, tmp_path / "full", workers=1)
    root = tmp_path / "store"
    build_to_store(files[:3], root, workers=1)
    generation = current_generation(root)
    for line in (generation / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        stored = json.loads(line)
        (generation / "articles" / stored["id"]).mkdir(parents=True)
        (generation / "articles" / stored["id"] / stored["file"]).write_text(stored["text"], encoding="utf-8")
    (generation / "articles.jsonl").unlink()
    shutil.rmtree(generation / RECORDS_DIR)
    result = build_to_store(files[3:], root, workers=1, add=True)
    assert len(result.articles) == len(files)
    assert _store_triples(root) == _store_triples(tmp_path / "full")
