"""The funds as charts (``ambito.grafici``): the Assemblea's home and a mayor's "il mio comune".

Figures come from the public selectors (the position report, :func:`selectors.ricevuto_comune_list`);
each chart is also its own table, so what the chart shows can be read and checked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from ambito.grafici import Grafico, Serie
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Comune
from fondi import selectors

CENTESIMO = Decimal("0.01")


def grafici_fondi(*, ambito: Ambito, data: dt.date) -> list[Grafico]:
    """Assigned, committed and paid per fund, and per year of assignment (two queries)."""
    per_fonte = selectors.posizione_get(ambito=ambito, data=data, per=("fonte",))
    per_anno = selectors.posizione_get(ambito=ambito, data=data, per=("annualita",))

    def serie(righe: list) -> list[Serie]:
        return [Serie(_("Assegnato"), [r.saldi.assegnato for r in righe]),
                Serie(_("Impegnato"), [r.saldi.impegnato for r in righe]),
                Serie(_("Liquidato"), [r.saldi.liquidato for r in righe])]

    data_it = data.strftime("%d/%m/%Y")
    return [
        Grafico(_("Fondi: assegnato, impegnato e liquidato per fondo"), [r.etichette[0] for r in per_fonte.righe],
                serie(per_fonte.righe), intestazione_categorie=_("Fondo"),
                etichette_asse=[r.etichette[0].split(" — ")[0] for r in per_fonte.righe],
                descrizione=_("Situazione al %(data)s.") % {"data": data_it}),
        Grafico(_("Fondi nel tempo: per annualità"), [r.etichette[0] for r in per_anno.righe],
                serie(per_anno.righe), intestazione_categorie=_("Annualità"), tipo="line",
                descrizione=_("Situazione al %(data)s, per anno di assegnazione.") % {"data": data_it}),
    ]


def per_mille_residenti(importo: Decimal, popolazione: int | None) -> Decimal | None:
    if not popolazione:
        return None
    return (importo * 1000 / popolazione).quantize(CENTESIMO, rounding=ROUND_HALF_UP)


@dataclass
class MioComune:
    comune: Comune
    grafici: list[Grafico]
    totale_allocato: Decimal
    totale_liquidato: Decimal


def mio_comune(*, ambito: Ambito, comune: Comune, data: dt.date) -> MioComune:
    """What ``comune`` received, by fund and year, in euro and per 1,000 residents (one query)."""
    righe = selectors.ricevuto_comune_list(ambito=ambito, comune=comune, data=data)
    etichette = [f"{r.fonte_codice} {r.annualita}" for r in righe]
    popolazione = comune.popolazione
    grafici = [Grafico(
        _("%(comune)s: destinato, impegnato e liquidato per fondo e anno") % {"comune": comune.denominazione},
        etichette,
        [Serie(_("Destinato al comune"), [r.saldi.allocato for r in righe]),
         Serie(_("Impegnato"), [r.saldi.impegnato for r in righe]),
         Serie(_("Liquidato"), [r.saldi.liquidato for r in righe])],
        intestazione_categorie=_("Fondo e annualità"),
        descrizione=_("Situazione al %(data)s.") % {"data": data.strftime("%d/%m/%Y")})]
    if popolazione:
        grafici.append(Grafico(
            _("%(comune)s: per 1.000 residenti") % {"comune": comune.denominazione}, etichette,
            [Serie(_("Destinato ogni 1.000 residenti"), [per_mille_residenti(r.saldi.allocato, popolazione)
                                                         for r in righe]),
             Serie(_("Liquidato ogni 1.000 residenti"), [per_mille_residenti(r.saldi.liquidato, popolazione)
                                                         for r in righe])],
            intestazione_categorie=_("Fondo e annualità"),
            descrizione=_("Residenti: %(n)s (%(fonte)s %(anno)s).") % {
                "n": f"{popolazione:,}".replace(",", "."), "fonte": comune.popolazione_fonte or "—",
                "anno": comune.popolazione_anno or ""}))
    return MioComune(comune, grafici, sum((r.saldi.allocato for r in righe), Decimal("0.00")),
                     sum((r.saldi.liquidato for r in righe), Decimal("0.00")))
