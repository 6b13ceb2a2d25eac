"""Extraction on a Dask cluster: the same pure per-article function, mapped over partitions.

Extraction depends on nothing but one article's text and the packaged reference data, so it can
run anywhere Python and kg are installed. The driver reads the files (workers need not share its
disk), sends the articles in partitions, and gets the extractions back in input order; merging
(resolve), building and storing stay on the driver, because merging needs every mention at once.
Dask is optional: ``pip install 'conflict-kg[distributed]'``. docs/scaling.md says why Dask and
how this fits a cluster::

    from dask.distributed import Client, LocalCluster
    from kg.distributed import build_graph_with_dask

    with LocalCluster(n_workers=2, processes=True) as cluster, Client(cluster) as client:
        built = build_graph_with_dask(["articles/"], client)
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from kg.model import Article, ArticleExtraction
from kg.namespaces import DEFAULT_BASE_IRI

# Articles per task: large enough that scheduling (about 1 ms a task) and shipping the gazetteer
# load (once per worker process) are small next to the work, small enough to balance the load.
DEFAULT_PARTITION_SIZE = 64


def _extract_partition(articles: Sequence[Article]) -> list[ArticleExtraction]:
    """Runs on a worker: the local pipeline's own per-article function, over one partition."""
    from kg.pipeline import _extract_one
    return [_extract_one(article) for article in articles]


def extract_with_dask(articles: Sequence[Article], client, partition_size: int = DEFAULT_PARTITION_SIZE
                      ) -> list[ArticleExtraction]:
    """Extract ``articles`` on the Dask cluster behind ``client``; order follows ``articles``.

    The result equals ``kg.pipeline.extract_articles(articles)``: the same function runs on each
    article, only somewhere else.
    """
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    partitions = [list(articles[i:i + partition_size]) for i in range(0, len(articles), partition_size)]
    if not partitions:
        return []
    # pure=False: every partition is new work, so skip hashing the article texts for task keys.
    futures = client.map(_extract_partition, partitions, pure=False)
    results: list[ArticleExtraction] = []
    for part in client.gather(futures):
        results.extend(part)
    return results


def build_graph_with_dask(paths: Sequence[str | Path], client, base_iri: str = DEFAULT_BASE_IRI,
                          partition_size: int = DEFAULT_PARTITION_SIZE, include_reference: bool = True):
    """``kg.pipeline.build_graph`` with the extraction stage on a Dask cluster.

    Returns the same ``BuildOutput`` (graph and summary) the local pipeline returns.
    """
    from kg.pipeline import resolve_and_build
    from kg.read import read_articles

    read = read_articles(paths)
    extractions = extract_with_dask(read.articles, client, partition_size)
    return resolve_and_build(read, extractions, base_iri, include_reference)
