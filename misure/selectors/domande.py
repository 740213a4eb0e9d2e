"""Selectors (reads) of the misure module: domande."""
