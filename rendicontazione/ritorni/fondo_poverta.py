"""Fondo Povertà — monitoring for the Ministry's Multifondo platform.

The platform's forms are not public as a file layout: this is a **documented mapping** of what it asks —
programmed vs committed vs paid per quota (quota servizi, povertà estrema, care leavers, PAIS), intervention
and annualità — one row per quota of the Fondo Povertà family, figures at the end of the half-year.

| Column | Content |
| --- | --- |
| `quota` | the line of the fund (catalogue code: FP-QSFP, FP-QPE, FP-CARE-LEAVERS, FP-PAIS) |
| `intervento` | the ISTAT service code of the quota's mapping row (the intervention), mandatory |
| `descrizione` | the quota's description in the Ambito's ledger |
| `annualita` | the annualità of the assegnazione |
| `programmato` | allocated to the quota at the end of the period (euro) |
| `impegnato` | committed at the end of the period (euro) |
| `liquidato` | paid at the end of the period (euro) |

Checks: intervention mapped and among the ISTAT codes; the three totals equal the assegnazioni's balances in
the ledger; and, since Multifondo rejects values lower than those already declared, a figure lower than in the
last submitted file for the same row — of this half-year or an earlier one (the figures are cumulative) — is an
error that says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from rendicontazione import codici
from rendicontazione.registry import CampoTracciato, Destinatario, EsportatoreRitorno, Periodicita, registra_ritorno
from rendicontazione.ritorni.comune import quote_mappate, totali_ledger

FONTE = "FONDO-POVERTA"


@registra_ritorno
class FondoPoverta(EsportatoreRitorno):
    codice = "fondo_poverta"
    etichetta = _("Fondo Povertà — monitoraggio Multifondo")
    descrizione = _("Programmato, impegnato e liquidato per quota, intervento e annualità del Fondo Povertà.")
    destinatario = Destinatario.MINISTERO
    periodicita = Periodicita.SEMESTRALE
    cumulativo = True  # Multifondo refuses a value below one declared in any earlier half-year
    formati = ("csv", "xlsx", "xml")
    giorni_scadenza = 30
    nodo_radice = "MonitoraggioFondoPoverta"
    tracciato = (
        CampoTracciato("quota", _("Quota del fondo"), obbligatorio=True,
                       descrizione=_("Codice della linea del fondo nel catalogo (FP-QSFP, FP-QPE…).")),
        CampoTracciato("intervento", _("Intervento (codice ISTAT)"), "codice", obbligatorio=True,
                       codici=codici.istat_servizi,
                       descrizione=_("Codice ISTAT del servizio dalla mappatura della quota.")),
        CampoTracciato("descrizione", _("Descrizione")),
        CampoTracciato("annualita", _("Annualità"), "intero", obbligatorio=True),
        CampoTracciato("programmato", _("Programmato"), "euro", obbligatorio=True),
        CampoTracciato("impegnato", _("Impegnato"), "euro", obbligatorio=True),
        CampoTracciato("liquidato", _("Liquidato"), "euro", obbligatorio=True),
    )
    chiave = ("quota", "descrizione", "annualita")
    non_diminuibili = ("impegnato", "liquidato")

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        for q in quote_mappate(ambito=self.ambito, fonte=FONTE, data=self.periodo.al):
            yield {"quota": q.fonte, "intervento": q.voce.istat_servizio if q.voce else "",
                   "descrizione": q.descrizione, "annualita": q.annualita, "programmato": q.allocato,
                   "impegnato": q.impegnato, "liquidato": q.liquidato, "_url": q.url_mappatura}

    def totali_attesi(self) -> dict[str, Decimal]:
        totali = totali_ledger(ambito=self.ambito, fonte=FONTE, data=self.periodo.al)
        return {"programmato": totali["allocato"], "impegnato": totali["impegnato"],
                "liquidato": totali["liquidato"]}
