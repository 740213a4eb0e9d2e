"""Services (writes) of the misure module: domande."""
