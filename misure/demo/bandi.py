"""Demo data of the misure module: bandi."""

from __future__ import annotations

from typing import Any

from ambito.accounts.models import Utente
from ambito.tenancy.models import Ambito


def carica(*, ambito: Ambito, actor: Utente, contesto: dict[str, Any]) -> None:
    """Add this part's demo objects to ``contesto`` for the next parts (runs inside the Ambito's scope)."""
