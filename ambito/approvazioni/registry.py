"""Kinds of approval request, registered by the module that owns the operation (from ``ready()``)::

    registra_tipo_approvazione(
        "fondi.mandato_pagamento", etichetta=_("Distinta di pagamento"), capacita="fondi.approva_pagamenti",
        modello="fondi.distinta", esegui=lambda richiesta, actor: distinta_send(...),
        dettagli=lambda richiesta: [(_("Importo"), euro(richiesta.parametri["totale"]))])

``esegui(richiesta, actor)`` runs inside the approval's transaction, after the request row is locked and
marked approved: if it raises, nothing is approved. ``dettagli`` turns the request's ``parametri`` into
(label, value) rows for the pages (Italian formats).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ambito.accounts.models import Utente
    from ambito.approvazioni.models import RichiestaApprovazione


@dataclass(frozen=True)
class TipoApprovazione:
    codice: str
    etichetta: str
    capacita: str  # who may approve or refuse
    modello: str  # "app_label.modelname" of the objects it concerns
    esegui: Callable[[RichiestaApprovazione, Utente], Any]
    dettagli: Callable[[RichiestaApprovazione], list[tuple[str, str]]] | None = None


_TIPI: dict[str, TipoApprovazione] = {}


def registra_tipo_approvazione(
    codice: str, *, etichetta: str, capacita: str, modello: str,
    esegui: Callable[[RichiestaApprovazione, Utente], Any],
    dettagli: Callable[[RichiestaApprovazione], list[tuple[str, str]]] | None = None,
) -> None:
    """Declare a kind (idempotent by ``codice``: a second call replaces it, as a reloaded module does)."""
    _TIPI[codice] = TipoApprovazione(codice, etichetta, capacita, modello.lower(), esegui, dettagli)


def tipo_approvazione(codice: str) -> TipoApprovazione | None:
    return _TIPI.get(codice)


def tipi_registrati() -> list[TipoApprovazione]:
    return sorted(_TIPI.values(), key=lambda t: t.codice)
