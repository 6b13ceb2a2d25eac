"""conflict-kg: news reports of armed attacks → a validated, queryable RDF knowledge graph.

The library API (the ``kg`` command line calls these)::

    import kg
    built = kg.build_graph(["articles/"])          # read → extract → resolve → build
    built.graph                                     # an rdflib.Graph
    built.result.events                             # kg.model.Event records
    kg.build_to_store(["articles/"])                # into the embedded default store (./.kg)
    rows = kg.run_query(kg.open_graph(), "events")  # a saved query over the default store
"""

from kg.pipeline import BuildOutput, build_graph, build_to_file, build_to_store, extract_articles
from kg.query import list_saved_queries, run_query
from kg.read import read_articles
from kg.store import load_files, open_graph, open_store

__version__ = "0.1.0"

__all__ = [
    "BuildOutput", "build_graph", "build_to_file", "build_to_store", "extract_articles",
    "list_saved_queries", "run_query", "read_articles", "load_files", "open_graph", "open_store",
]
