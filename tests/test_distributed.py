"""kg.distributed: extraction mapped over a real Dask LocalCluster gives the local pipeline's result."""

from __future__ import annotations

import logging
import os

import pytest
from rdflib.compare import isomorphic

from kg.pipeline import build_graph, extract_articles
from kg.read import read_articles

# dask is an optional extra, installed by the test extra: in CI its absence is a failure, on a
# developer machine without it the module is skipped.
if os.environ.get("CI", "").strip().lower() in ("", "0", "false", "no"):
    pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install -e '.[distributed]')")

from distributed import Client, LocalCluster  # noqa: E402

from kg.distributed import build_graph_with_dask, extract_with_dask  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """Two worker processes on loopback, started and stopped by this module."""
    workspace = tmp_path_factory.mktemp("dask")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, local_directory=str(workspace),
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as dask_client:
        yield dask_client


def test_cluster_has_two_worker_processes_besides_this_one(client):
    pids = client.run(os.getpid)
    assert len(pids) == 2
    assert os.getpid() not in pids.values()


def test_extraction_on_the_cluster_equals_the_local_pipeline(client, sample_corpus):
    articles = read_articles([sample_corpus]).articles
    assert len(articles) == 5
    local = extract_articles(articles, workers=1)
    # Two articles per partition: three tasks, so order across partitions is exercised too.
    remote = extract_with_dask(articles, client, partition_size=2)
    assert [e.article.article_id for e in remote] == [a.article_id for a in articles]
    assert remote == local


def test_build_with_dask_gives_the_same_graph_and_events(client, sample_corpus, sample_build):
    built = build_graph_with_dask([sample_corpus], client, partition_size=3)
    assert [e.key for e in built.result.events] == [e.key for e in sample_build.result.events]
    assert built.result.triples == sample_build.result.triples
    assert isomorphic(built.graph, sample_build.graph)


def test_no_articles_sends_no_work(client):
    assert extract_with_dask([], client) == []


def test_partition_size_must_be_positive(client, sample_corpus):
    articles = read_articles([sample_corpus]).articles
    with pytest.raises(ValueError, match="partition_size"):
        extract_with_dask(articles, client, partition_size=0)


def test_local_build_is_unchanged_by_importing_dask(sample_corpus, sample_build):
    # kg.distributed must not alter the local pipeline (no global state, no monkeypatching).
    again = build_graph([sample_corpus], workers=1)
    assert isomorphic(again.graph, sample_build.graph)
