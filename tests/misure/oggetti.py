"""Factories of the misure module for the isolation matrix: each part keeps its own in
tests/misure/<part>/oggetti.py; this module only imports those present."""

from __future__ import annotations

import importlib

for _parte in ("bandi", "beneficiari", "domande", "graduatorie", "erogazioni"):
    try:
        importlib.import_module(f"tests.misure.{_parte}.oggetti")
    except ModuleNotFoundError as exc:
        if exc.name != f"tests.misure.{_parte}.oggetti":
            raise
