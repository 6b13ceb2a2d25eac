"""Paths to the data the package carries: ontology, shapes, queries, reference data, lexicon,
sample corpus. The wheel carries them as data packages of ``kg`` (see pyproject.toml), so an
installed ``kg`` finds them wherever it runs; ``importlib.resources`` is the only way in.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

_PACKAGES = {
    "ontology": "kg.ontology",
    "shapes": "kg.shapes",
    "queries": "kg.queries",
    "reference": "kg.data.reference",
    "lexicon": "kg.data.lexicon",
    "corpus": "kg.data.corpus",
}


def resource_dir(name: str) -> Traversable:
    """The folder of one kind of packaged data, e.g. ``resource_dir("shapes")``."""
    return resources.files(_PACKAGES[name])


def resource_files(name: str, suffix: str) -> list[Traversable]:
    """The files of one kind of packaged data ending in ``suffix``, sorted by name."""
    folder = resource_dir(name)
    return sorted((f for f in folder.iterdir() if f.name.endswith(suffix) and f.is_file()),
                  key=lambda f: f.name)


def read_text(name: str, file_name: str) -> str:
    """The text of one packaged data file."""
    return (resource_dir(name) / file_name).read_text(encoding="utf-8")


def sample_corpus_dir() -> Traversable:
    """The five sample articles shipped with the package."""
    return resource_dir("corpus") / "seeds"


def sample_gold_file() -> Traversable:
    """The gold events for the sample corpus (shared/gold format)."""
    return resource_dir("corpus") / "seeds.gold.json"
