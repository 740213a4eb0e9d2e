"""Services (writes) of the misure module: bandi."""
