"""Fixtures of the query tests: the hand-made graph (tests/query/data/handmade.ttl) as a file and a store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.store import load_files

HANDMADE = Path(__file__).resolve().parent / "data" / "handmade.ttl"
REF = "https://w3id.org/conflict-kg/id/"


def event(key: str) -> str:
    """The IRI of an event of the hand-made graph, e.g. ``event("s1")``."""
    return f"{REF}event/{key}"


@pytest.fixture(scope="session")
def handmade_path() -> Path:
    return HANDMADE


@pytest.fixture(scope="session")
def handmade_store():
    """The hand-made graph in an in-memory Oxigraph store (queries only read it)."""
    return load_files([HANDMADE])
