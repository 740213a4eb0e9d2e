"""Services (writes) of the misure module: beneficiari."""
