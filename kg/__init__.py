"""conflict-kg: news reports of armed attacks → a validated, queryable RDF knowledge graph.

The library API (the ``kg`` command line calls these)::

    import kg
    built = kg.build_graph(["articles/"])          # read → extract → resolve → build
    built.graph                                     # an rdflib.Graph
    built.result.events                             # kg.model.Event records
    kg.build_to_store(["articles/"])                # into the embedded default store (./.kg)
    rows = kg.run_query(kg.open_graph(), "events")  # a saved query over the default store
    report = kg.validate_graph(built.graph)         # SHACL, fast whole-graph engine
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# Attributes are imported on first use (PEP 562), so importing one stage (``kg.read``) does not
# load every other stage, and ``kg --help`` starts fast.
_API = {
    "BuildOutput": "kg.pipeline",
    "build_graph": "kg.pipeline",
    "build_to_file": "kg.pipeline",
    "build_to_store": "kg.pipeline",
    "extract_articles": "kg.pipeline",
    "read_articles": "kg.read",
    "reason_graph": "kg.reason",
    "validate_graph": "kg.validate",
    "validate_data": "kg.validate",
    "export_data": "kg.export",
    "list_saved_queries": "kg.query",
    "run_query": "kg.query",
    "load_files": "kg.store",
    "open_graph": "kg.store",
    "open_store": "kg.store",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
