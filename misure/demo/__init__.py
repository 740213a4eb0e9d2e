"""Demo data of the misure module (registered in apps.py): bandi first, then beneficiari, then domande.

Each part adds to ``contesto`` what the next needs: ``bandi`` puts ``bando_b2`` (the B2 2025 bando of Lodi);
``beneficiari`` puts ``beneficiari`` (a list of Beneficiario across the comuni); ``domande`` files domande.
"""

from __future__ import annotations

from typing import Any

from ambito.accounts.models import Utente
from ambito.tenancy.models import Ambito
from misure.demo import bandi, beneficiari, domande, erogazioni


def carica_demo(*, ambito: Ambito, actor: Utente) -> None:
    contesto: dict[str, Any] = {}
    for parte in (bandi, beneficiari, domande, erogazioni):
        parte.carica(ambito=ambito, actor=actor, contesto=contesto)
