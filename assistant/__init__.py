"""Cited Danish answers from the municipality's letters."""

__version__ = "0.1.0"
