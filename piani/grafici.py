"""The plan's figures as charts (``ambito.grafici``: the table is always there, the canvas drawn from it)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from ambito.grafici import Grafico, Serie
from piani import selectors
from piani.models import PianoDiZona, StatoObiettivo


def grafici_piano(*, piano: PianoDiZona, solo_chiusi: bool = False) -> list[Grafico]:
    """Spending vs plan by area, and objectives by status and area."""
    righe = selectors.spesa_per_area(piano=piano)
    etichette = [f"{r.area.codice} — {r.area.denominazione}" for r in righe]
    assi = [r.area.codice for r in righe]
    spesa = Grafico(
        titolo=_("Spesa rispetto al previsto per macro-area"), etichette=etichette, etichette_asse=assi,
        intestazione_categorie=_("Macro-area"),
        serie=[Serie(_("Previsto"), [r.previsto for r in righe]), Serie(_("Allocato"), [r.allocato for r in righe]),
               Serie(_("Liquidato"), [r.liquidato for r in righe])],
        descrizione=_("Un progetto in più macro-aree è contato in ciascuna."))
    stati = Grafico(
        titolo=_("Obiettivi per stato e macro-area"), etichette=etichette, etichette_asse=assi, unita="numero",
        intestazione_categorie=_("Macro-area"),
        serie=[Serie(str(etichetta), [Decimal(r.obiettivi_per_stato.get(valore, 0)) for r in righe])
               for valore, etichetta in StatoObiettivo.choices])
    return [spesa, stati]
