"""Packaged as kg.shapes (see pyproject.toml); loaded through kg.resources."""
