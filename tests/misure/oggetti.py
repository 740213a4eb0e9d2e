"""Objects of one Ambito for the misure URL kwargs (registered in the isolation matrix): each part of the module
keeps its factories in tests/misure/<part>/oggetti.py."""

from __future__ import annotations

import importlib

for _parte in ("bandi", "beneficiari", "domande"):
    try:
        importlib.import_module(f"tests.misure.{_parte}.oggetti")
    except ModuleNotFoundError as exc:
        if exc.name != f"tests.misure.{_parte}.oggetti":
            raise
