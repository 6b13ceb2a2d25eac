"""Fixtures for the extraction tests: the real gazetteer and articles made from text."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from kg.model import Article


def make_article(text: str, published: str | None = None, name: str = "test.txt") -> Article:
    """An article as kg.read makes one: a leading ' date YYYY-MM-DD ' line when dated."""
    body_start = 0
    if published is not None:
        header = f" date {published} "
        text = header + text
        body_start = len(header)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(article_id=digest[:16], file_name=name, path=name, text=text, sha256=digest,
                   published=dt.date.fromisoformat(published) if published else None, body_start=body_start)


@pytest.fixture(scope="session")
def gazetteer():
    from kg.gazetteer import load_gazetteer
    return load_gazetteer()


@pytest.fixture
def extract(gazetteer):
    """Extract the mentions of a text: ``extract(text, published=None)``."""
    from kg.extract import extract_article

    def run(text: str, published: str | None = None, name: str = "test.txt"):
        return extract_article(make_article(text, published, name), gazetteer)
    return run
