"""Packaged as kg.ontology (see pyproject.toml); loaded through kg.resources."""
