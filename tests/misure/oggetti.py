"""Factories of the misure module for the isolation matrix: each part keeps its own in
tests/misure/<part>/oggetti.py (importing them registers them)."""

from __future__ import annotations

import tests.misure.bandi.oggetti
import tests.misure.beneficiari.oggetti
import tests.misure.domande.oggetti
import tests.misure.erogazioni.oggetti
import tests.misure.graduatorie.oggetti  # noqa: F401
