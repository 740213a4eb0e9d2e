"""Selectors (reads) of the misure module: beneficiari."""
