"""Helpers the tests share that are not fixtures: running external engines such as Apache Jena."""
