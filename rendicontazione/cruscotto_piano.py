"""The Piano di Zona's objectives by status on the Assemblea's and the office's dashboard: the plan in force at the
dashboard's date (the Assemblea: an approved plan only, like piani's own pages), read through
``piani.selectors.rendicontazione.obiettivi_per_stato`` — four queries whatever the number of objectives.

Two core charts, each with its table: objectives by status (each objective once) and by macro-area and status (an
objective in several areas counts in each, as on piani's dashboard). Objectives identify no one: no suppression.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ambito.grafici import Grafico, Serie
from ambito.tenancy.models import Ambito
from piani.selectors import rendicontazione as piani_selectors


@dataclass(frozen=True)
class ObiettiviCruscotto:
    piano: piani_selectors.PianoRiga | None
    totale: int
    grafici: list[Grafico]


def obiettivi_cruscotto(*, ambito: Ambito, data: dt.date, solo_approvati: bool) -> ObiettiviCruscotto:
    dati = piani_selectors.obiettivi_per_stato(ambito=ambito, data=data, solo_approvati=solo_approvati)
    if dati.piano is None:
        return ObiettiviCruscotto(None, 0, [])
    etichette = [etichetta for _valore, etichetta in dati.stati]
    per_stato = Grafico(
        _("Obiettivi del Piano di Zona per stato"), etichette,
        [Serie(_("Obiettivi"), [Decimal(dati.per_stato.get(valore, 0)) for valore, _e in dati.stati])],
        intestazione_categorie=_("Stato"), unita="numero",
        descrizione=_("%(piano)s: ogni obiettivo una volta, nel suo stato attuale.") % {"piano": dati.piano.titolo})
    aree = [a for a in dati.aree if any(dati.per_area.get((a[0], v), 0) for v, _e in dati.stati)]
    per_area = Grafico(
        _("Obiettivi per macro-area e stato"), [f"{codice} — {nome}" for codice, nome in aree],
        [Serie(etichetta, [Decimal(dati.per_area.get((codice, valore), 0)) for codice, _n in aree])
         for valore, etichetta in dati.stati],
        intestazione_categorie=_("Macro-area"), unita="numero", etichette_asse=[codice for codice, _n in aree],
        descrizione=_("Un obiettivo in più macro-aree è contato in ciascuna."))
    return ObiettiviCruscotto(dati.piano, sum(dati.per_stato.values()), [per_stato, per_area])
