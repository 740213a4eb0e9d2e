"""Helpers shared by the piani services: text limits, same-Ambito checks, the plan's lock and states."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ambito.errors import RegolaViolata
from piani.models import (
    PianoDiZona,
    StatoPiano,
)

PERMESSO_PARTNER = "piani.view_progetto"

TRANSIZIONI: dict[str, tuple[str, ...]] = {
    StatoPiano.BOZZA: (StatoPiano.IN_CONSULTAZIONE,),
    StatoPiano.IN_CONSULTAZIONE: (StatoPiano.BOZZA, StatoPiano.APPROVATO_ASSEMBLEA),
    StatoPiano.APPROVATO_ASSEMBLEA: (StatoPiano.ADP_SOTTOSCRITTO,),
    StatoPiano.ADP_SOTTOSCRITTO: (StatoPiano.VIGENTE,),
    StatoPiano.VIGENTE: (StatoPiano.IN_AGGIORNAMENTO, StatoPiano.CHIUSO),
    StatoPiano.IN_AGGIORNAMENTO: (StatoPiano.VIGENTE, StatoPiano.CHIUSO),
    StatoPiano.CHIUSO: (),
}


def _testo(valore: str | None, *, campo: str, limite: int, obbligatorio: bool = False, nome: str = "") -> str:
    """Trimmed text, refused (never cut) beyond ``limite``; a required one must not be empty."""
    testo = (valore or "").strip()
    if obbligatorio and not testo:
        raise RegolaViolata(_("Indica %(nome)s.") % {"nome": nome or campo}, campo=campo)
    if len(testo) > limite:
        raise RegolaViolata(_("Al massimo %(limite)d caratteri: il testo ne ha %(n)d.") % {
            "limite": limite, "n": len(testo)}, campo=campo)
    return testo


def _stesso_ambito(ambito_id: int, *oggetti: Any, campo: str = "atto") -> None:
    for oggetto in oggetti:
        if oggetto is not None and getattr(oggetto, "ambito_id", ambito_id) != ambito_id:
            raise RegolaViolata(_("L'oggetto indicato non appartiene a questo Ambito."), campo=campo)


def _blocca_piano(piano: PianoDiZona) -> PianoDiZona:
    return PianoDiZona.objects.select_for_update().get(pk=piano.pk, ambito_id=piano.ambito_id)
