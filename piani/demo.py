"""Demo data for ``manage.py seed_demo`` (filled in below)."""

from __future__ import annotations

from ambito.accounts.models import Utente
from ambito.tenancy.models import Ambito


def carica_demo(*, ambito: Ambito, actor: Utente) -> None:
    return None
