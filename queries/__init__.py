"""Packaged as kg.queries (see pyproject.toml); loaded through kg.resources."""
