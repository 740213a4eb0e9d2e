"""The regional catalogue of unit types, seeded from ``udos/catalogo.py`` (migration 0002 and test databases)."""

from __future__ import annotations

from django.db import transaction

from udos import catalogo
from udos.models import RequisitoTipologia, TipologiaUdO


@transaction.atomic
def tipologie_seed() -> int:
    """Create the missing type versions and checklists, refresh labels; returns how many types were created."""
    return catalogo.semina(TipologiaUdO, RequisitoTipologia)
