"""Selectors (reads) of the misure module: bandi."""
