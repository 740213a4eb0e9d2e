"""Dopo di Noi (L.112/2016) — the regional monitoring sheet by intervention code, half-yearly.

The Region's sheet is not public as a file layout: this is a **documented mapping**, one row per intervention code
of the regional programme (`dati/ddn_interventi.csv`: A adeguamento dell'abitazione, B1 canone di locazione, B2
spese condominiali, C1 voucher di accompagnamento all'autonomia, C2 voucher «Durante Noi», D gruppo appartamento
con ente gestore, E gruppo appartamento autogestito), every code listed, zeros included:

| Column | Content |
| --- | --- |
| `intervento` | the intervention code (mandatory, among the regional list) |
| `descrizione` | its label |
| `beneficiari` | distinct people with a payment for the code in the half-year |
| `spesa` | paid for the half-year's months (euro) |
| `strumenti` | the Ambito's strumenti mapped to the code (names, for the reader) |

Where it comes from: misure's payments (`Pagamento`, one per domanda and month of competence) of the measure with
code ``misura`` (parameter, default ``dopo-di-noi``: the seeded template's code), per strumento of the edition and
person (one query, `misure.selectors.monitoraggio.pagamenti_per_strumento`); each strumento placed on its code by
the mapping table (`misure.strumento` → *Dopo di Noi: codice intervento*). A person counts once per code even when
paid on two strumenti of the same code.

Checks: a strumento with payments in the half-year and no intervention code is an error with the link to map it;
a code outside the regional list is an error; the spend equals the ledger's (the fondi liquidazioni referencing the
measure's confirmed runs of those months). Rows are keyed by code: a re-run shows what changed since the last
submitted sheet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from misure.selectors import monitoraggio
from rendicontazione import codici, selectors
from rendicontazione.registry import (
    Anomalia,
    CampoTracciato,
    Destinatario,
    EsportatoreRitorno,
    Periodicita,
    registra_ritorno,
)
from rendicontazione.ritorni.pagamenti import ZERO, liquidato_delle_distinte, url_mappa_strumento


@registra_ritorno
class MonitoraggioDopoDiNoi(EsportatoreRitorno):
    codice = "dopo_di_noi"
    etichetta = _("Dopo di Noi — scheda di monitoraggio per intervento")
    descrizione = _("Beneficiari e spesa del semestre per codice d'intervento del programma Dopo di Noi.")
    destinatario = Destinatario.REGIONE
    periodicita = Periodicita.SEMESTRALE
    formati = ("csv", "xlsx", "xml")
    giorni_scadenza = 45
    nodo_radice = "MonitoraggioDopoDiNoi"
    tracciato = (
        CampoTracciato("intervento", _("Codice intervento"), "codice", obbligatorio=True,
                       codici=codici.ddn_interventi),
        CampoTracciato("descrizione", _("Intervento")),
        CampoTracciato("beneficiari", _("Beneficiari"), "intero", obbligatorio=True),
        CampoTracciato("spesa", _("Spesa"), "euro", obbligatorio=True),
        CampoTracciato("strumenti", _("Strumenti dell'Ambito")),
    )
    chiave = ("intervento",)

    @classmethod
    def campi_parametri(cls) -> dict[str, forms.Field]:
        return {"misura": forms.SlugField(label=_("Codice della misura"), required=False, max_length=40,
                                          help_text=_("Vuoto: «dopo-di-noi», il codice del modello regionale."))}

    @property
    def misura(self) -> str:
        return self.parametri.get("misura") or "dopo-di-noi"

    def _per_intervento(self) -> tuple[dict[str, dict[str, Any]], list[Anomalia]]:
        mappa = selectors.mappatura_per(ambito=self.ambito, tipo_oggetto="misure.strumento")
        celle: dict[str, dict[str, Any]] = defaultdict(lambda: {"persone": set(), "spesa": ZERO, "strumenti": set()})
        anomalie: dict[int, Anomalia] = {}
        for strumento_id, _codice, nome, beneficiario_id, importo in monitoraggio.pagamenti_per_strumento(
                ambito=self.ambito, misura=self.misura, dal=self.periodo.dal, al=self.periodo.al):
            voce = mappa.get(str(strumento_id))
            if voce is None or not voce.ddn_intervento:
                anomalie[strumento_id] = Anomalia(
                    gettext("Lo strumento «%(s)s» ha pagamenti nel semestre ma non ha un codice d'intervento "
                            "Dopo di Noi nella mappatura.") % {"s": nome}, None, "intervento",
                    url_mappa_strumento(self.ambito, strumento_id), codice="strumento_non_mappato")
                continue
            cella = celle[voce.ddn_intervento]
            cella["persone"].add(beneficiario_id)
            cella["spesa"] += importo
            cella["strumenti"].add(nome)
        return celle, list(anomalie.values())

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        celle, _anomalie = self._per_intervento()
        elenco = codici.ddn_interventi()
        for codice in [*elenco, *sorted(set(celle) - set(elenco))]:
            cella = celle.get(codice, {"persone": (), "spesa": ZERO, "strumenti": ()})
            yield {"intervento": codice, "descrizione": elenco.get(codice, ""), "beneficiari": len(cella["persone"]),
                   "spesa": cella["spesa"], "strumenti": ", ".join(sorted(cella["strumenti"]))}

    def totali_attesi(self) -> dict[str, Decimal]:
        return {"spesa": liquidato_delle_distinte(ambito=self.ambito, misura=self.misura, dal=self.periodo.dal,
                                                  al=self.periodo.al)}

    def controlli(self, righe: list[dict[str, Any]] | None) -> Iterable[Anomalia]:
        return self._per_intervento()[1]
