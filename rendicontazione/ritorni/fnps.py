"""FNPS — preventivo and consuntivo in the ministerial matrix, areas × service objectives.

The regional template is not public: this is a **documented mapping**. Each FNPS quota of the annualità is
placed in the matrix through its mapping row (ISTAT area of users × ISTAT service code); the file is the matrix
flattened, one row per (area, service) with a figure:

| Column | Content |
| --- | --- |
| `fase` | `preventivo` (programmed: allocated to quote) or `consuntivo` (committed and paid) |
| `area` | ISTAT area of users (FAM, DIS, ELD, ADD, IMMNOM, POV, MULBEN) |
| `servizio` | ISTAT service code (the service objective) |
| `programmato` | allocated at 31/12 of the year (euro) |
| `impegnato` | committed at 31/12 (euro; 0 in the preventivo) |
| `liquidato` | paid at 31/12 (euro; 0 in the preventivo) |

Checks: every FNPS quota has a mapping with area and service (an error per unmapped quota, with the link to
map it); codes among the ISTAT lists; the totals equal the assegnazioni's balances in the ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rendicontazione import codici
from rendicontazione.registry import (
    Anomalia,
    CampoTracciato,
    Destinatario,
    EsportatoreRitorno,
    Periodicita,
    registra_ritorno,
)
from rendicontazione.ritorni.comune import quote_mappate, totali_ledger

FONTE = "FNPS"
FASI = {"preventivo": _("Preventivo"), "consuntivo": _("Consuntivo")}
ZERO = Decimal("0.00")


@registra_ritorno
class Fnps(EsportatoreRitorno):
    codice = "fnps"
    etichetta = _("FNPS — preventivo e consuntivo (aree × obiettivi di servizio)")
    descrizione = _("La matrice ministeriale del Fondo Nazionale Politiche Sociali per annualità.")
    destinatario = Destinatario.REGIONE
    periodicita = Periodicita.ANNUALE
    formati = ("csv", "xlsx", "xml")
    giorni_scadenza = 120
    nodo_radice = "MatriceFNPS"
    tracciato = (
        CampoTracciato("fase", _("Fase"), obbligatorio=True, codici=lambda: {k: str(v) for k, v in FASI.items()}),
        CampoTracciato("area", _("Area di utenza (ISTAT)"), "codice", obbligatorio=True, codici=codici.istat_aree),
        CampoTracciato("servizio", _("Obiettivo di servizio (ISTAT)"), "codice", obbligatorio=True,
                       codici=codici.istat_servizi),
        CampoTracciato("programmato", _("Programmato"), "euro", obbligatorio=True),
        CampoTracciato("impegnato", _("Impegnato"), "euro", obbligatorio=True),
        CampoTracciato("liquidato", _("Liquidato"), "euro", obbligatorio=True),
    )
    chiave = ("fase", "area", "servizio")

    @classmethod
    def campi_parametri(cls) -> dict[str, forms.Field]:
        return {"fase": forms.ChoiceField(label=_("Fase"), choices=list(FASI.items()))}

    @property
    def fase(self) -> str:
        return self.parametri.get("fase") or "preventivo"

    def _quote(self):
        return quote_mappate(ambito=self.ambito, fonte=FONTE, data=self.periodo.al, annualita=self.periodo.anno)

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        matrice: dict[tuple[str, str], list[Decimal]] = {}
        for q in self._quote():
            if q.voce is None or not q.voce.istat_area or not q.voce.istat_servizio:
                continue  # reported by controlli(), with the link to map it
            cella = matrice.setdefault((q.voce.istat_area, q.voce.istat_servizio), [ZERO, ZERO, ZERO])
            cella[0] += q.allocato
            cella[1] += q.impegnato
            cella[2] += q.liquidato
        consuntivo = self.fase == "consuntivo"
        for (area, servizio), (allocato, impegnato, liquidato) in sorted(matrice.items()):
            yield {"fase": self.fase, "area": area, "servizio": servizio, "programmato": allocato,
                   "impegnato": impegnato if consuntivo else ZERO, "liquidato": liquidato if consuntivo else ZERO}

    def totali_attesi(self) -> dict[str, Decimal]:
        totali = totali_ledger(ambito=self.ambito, fonte=FONTE, data=self.periodo.al, annualita=self.periodo.anno)
        consuntivo = self.fase == "consuntivo"
        return {"programmato": totali["allocato"], "impegnato": totali["impegnato"] if consuntivo else ZERO,
                "liquidato": totali["liquidato"] if consuntivo else ZERO}

    def controlli(self, righe: list[dict[str, Any]] | None) -> Iterable[Anomalia]:
        for q in self._quote():
            if q.voce is None or not q.voce.istat_area or not q.voce.istat_servizio:
                yield Anomalia(gettext("La quota «%(q)s» non è mappata su un'area e un servizio ISTAT: non può "
                                       "entrare nella matrice.") % {"q": q.descrizione}, None, "servizio",
                               q.url_mappatura, codice="non_mappata")
