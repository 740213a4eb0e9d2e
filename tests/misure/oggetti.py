"""Objects of one Ambito for the misure URL kwargs (isolation matrix): each part keeps its own factories in
tests/misure/<part>/oggetti.py, imported here."""

from __future__ import annotations

import importlib

for _parte in ("bandi", "beneficiari", "domande"):
    try:
        importlib.import_module(f"tests.misure.{_parte}.oggetti")
    except ModuleNotFoundError as exc:
        if exc.name != f"tests.misure.{_parte}.oggetti":
            raise
