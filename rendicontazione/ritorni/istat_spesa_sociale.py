"""ISTAT — "Interventi e servizi sociali dei comuni singoli o associati" (spesa sociale dei comuni), yearly.

The survey asks, per comune, area of users and type of intervention, the users and the spending, split into what
the comuni paid, what the users paid (co-payment) and what the SSN paid. ISTAT's collection form is not a public
file format: this is a **documented mapping**, one row per (comune, area, service):

| Column | Content |
| --- | --- |
| `comune` | ISTAT code of the comune (empty: spending of the associated management not attributed to a comune) |
| `denominazione` | name of the comune |
| `area` | ISTAT area of users: FAM famiglia e minori, DIS disabili, ELD anziani, ADD dipendenze, |
| | IMMNOM immigrati, POV povertà, MULBEN multiutenza |
| `servizio` | ISTAT service / intervention code |
| `utenti` | people with a financed domanda in force in the year, for a strumento mapped to that area and service |
| `spesa_comuni` | paid in the year (net of corrections) from the funds ledger, through the quota's mapping |
| `compartecipazione_utenti` | users' co-payment — **not available**: the platform records no co-payments (0) |
| `spesa_ssn` | SSN share — **not available**: the health share of integrated services is not in the ledger (0) |
| `spesa_totale` | the sum of the three |

Where each figure comes from: spending = `fondi` movements of voce *liquidato* dated in the year, grouped by
quota and by the movement's comune (or its quota's); each quota placed through its mapping row (its own, else
its destination's). Users = `misure` domande in *finanziata/attiva/sospesa/cessata*, presented by 31/12 and not
closed before 1/1, grouped by comune and by the strumento's mapping row (`misure.strumento`); a person counts
once per (comune, area, service). The spending is the Ambito's (funds managed by the Ufficio di Piano), not the
comuni's own budgets: a comune's own spending is outside the platform.

Checks: area and service mandatory and among the ISTAT lists (generic); the spending equals the ledger's paid
in the year computed independently from the kept balances (31/12 minus 31/12 of the previous year); each quota
with payments in the year and each strumento with users must be mapped on an area and a service (an error each,
with the link to map it). Users have no independent total (a person counts once per service, by design).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ambito.territorio.selectors import comune_list
from fondi import selectors as fondi_selectors
from misure.selectors import rendicontazione as misure_selectors
from rendicontazione import codici, selectors
from rendicontazione.registry import (
    Anomalia,
    CampoTracciato,
    Destinatario,
    EsportatoreRitorno,
    Periodicita,
    registra_ritorno,
)

ZERO = Decimal("0.00")


@registra_ritorno
class IstatSpesaSociale(EsportatoreRitorno):
    codice = "istat_spesa_sociale"
    etichetta = _("ISTAT — spesa sociale dei comuni (utenti e spesa per comune, area e intervento)")
    descrizione = _("L'indagine ISTAT sugli interventi e servizi sociali dei comuni singoli o associati.")
    destinatario = Destinatario.ISTAT
    periodicita = Periodicita.ANNUALE
    formati = ("csv", "xlsx", "xml")
    giorni_scadenza = 270
    nodo_radice = "SpesaSocialeComuni"
    tracciato = (
        CampoTracciato("comune", _("Comune (codice ISTAT)"), "codice",
                       descrizione=_("Vuoto: spesa della gestione associata non attribuita a un comune.")),
        CampoTracciato("denominazione", _("Denominazione del comune")),
        CampoTracciato("area", _("Area di utenza (ISTAT)"), "codice", obbligatorio=True, codici=codici.istat_aree),
        CampoTracciato("servizio", _("Intervento o servizio (ISTAT)"), "codice", obbligatorio=True,
                       codici=codici.istat_servizi),
        CampoTracciato("utenti", _("Utenti"), "intero", obbligatorio=True),
        CampoTracciato("spesa_comuni", _("Spesa dei comuni"), "euro", obbligatorio=True),
        CampoTracciato("compartecipazione_utenti", _("Compartecipazione degli utenti"), "euro", obbligatorio=True,
                       descrizione=_("Non disponibile nella piattaforma: 0.")),
        CampoTracciato("spesa_ssn", _("Quota del Servizio Sanitario Nazionale"), "euro", obbligatorio=True,
                       descrizione=_("Non disponibile nella piattaforma: 0.")),
        CampoTracciato("spesa_totale", _("Spesa totale"), "euro", obbligatorio=True),
    )
    chiave = ("comune", "area", "servizio")

    # -- sources ---------------------------------------------------------------------------------

    def _comuni(self) -> dict[int, Any]:
        anno = self.periodo.anno
        return {c.pk: c for c in comune_list(ambito=self.ambito, data=dt.date(anno, 1, 1),
                                             fino_al=dt.date(anno, 12, 31))}

    def _url_mappa(self, tipo: str, chiave: int) -> str:
        url = reverse("rendicontazione:voce_mappatura_create", kwargs={"ambito_slug": self.ambito.slug})
        return f"{url}?tipo_oggetto={tipo}&chiave_oggetto={chiave}"

    @functools.cached_property
    def _fonti(self) -> tuple:
        """Spending and users, read once per production (small: one cell per comune, area and service); the
        rows are then yielded from them by the check and by the writing."""
        return self._spesa(), self._utenti()

    def _spesa(self) -> tuple[dict[tuple[int | None, str, str], Decimal], list[Anomalia]]:
        """Paid in the year per (comune, area, service), and the unmapped quote (two queries + the mapping)."""
        anno = self.periodo.anno
        pagato = (fondi_selectors.movimento_list(ambito=self.ambito)
                  .filter(voce="liquidato", data_contabile__year=anno)
                  .annotate(comune_effettivo=Coalesce("comune_id", "quota__comune_id"))
                  .values("quota_id", "comune_effettivo").annotate(totale=Sum(F("importo") * F("segno")))
                  .values_list("quota_id", "comune_effettivo", "totale").order_by())
        per_quota = selectors.mappatura_per(ambito=self.ambito, tipo_oggetto="fondi.quota")
        per_destinazione = selectors.mappatura_per(ambito=self.ambito, tipo_oggetto="fondi.destinazione")
        quote = {q.pk: q for q in fondi_selectors.quota_list(ambito=self.ambito, data=self.periodo.al)}
        celle: dict[tuple[int | None, str, str], Decimal] = defaultdict(lambda: ZERO)
        anomalie: dict[int, Anomalia] = {}
        for quota_id, comune_id, totale in pagato:
            quota = quote.get(quota_id)
            voce = quota and (per_quota.get(str(quota.pk)) or per_destinazione.get(quota.tipo_destinazione))
            if not voce or not voce.istat_area or not voce.istat_servizio:
                descrizione = quota.descrizione if quota else gettext("(senza quota)")
                anomalie[quota_id] = Anomalia(
                    gettext("La quota «%(q)s» ha pagamenti nell'anno ma non è mappata su un'area e un servizio "
                            "ISTAT.") % {"q": descrizione}, None, "servizio",
                    self._url_mappa("fondi.quota", quota_id), codice="quota_non_mappata")
                continue
            celle[(comune_id, voce.istat_area, voce.istat_servizio)] += totale or ZERO
        return celle, list(anomalie.values())

    def _utenti(self) -> tuple[dict[tuple[int | None, str, str], int], list[Anomalia]]:
        """Distinct users per (comune, area, service), counted in the database through the strumenti's mapping
        (memory does not grow with people), and the strumenti with users but no mapping (two queries + the
        mapping)."""
        mappa = selectors.mappatura_per(ambito=self.ambito, tipo_oggetto="misure.strumento")
        gruppi: dict[int, str] = {}
        anomalie = []
        for strumento_id in sorted(misure_selectors.strumenti_con_utenti(ambito=self.ambito,
                                                                         anno=self.periodo.anno)):
            voce = mappa.get(str(strumento_id))
            if not voce or not voce.istat_area or not voce.istat_servizio:
                anomalie.append(Anomalia(
                    gettext("Uno strumento con beneficiari nell'anno (n. %(s)d) non è mappato su un'area e un "
                            "servizio ISTAT.") % {"s": strumento_id}, None, "servizio",
                    self._url_mappa("misure.strumento", strumento_id), codice="strumento_non_mappato"))
                continue
            gruppi[strumento_id] = f"{voce.istat_area}|{voce.istat_servizio}"
        celle: dict[tuple[int | None, str, str], int] = {}
        for comune_id, gruppo, n in misure_selectors.utenti_per_gruppo(ambito=self.ambito, anno=self.periodo.anno,
                                                                       gruppi=gruppi):
            area, servizio = gruppo.split("|")
            celle[(comune_id, area, servizio)] = n
        return celle, anomalie

    # -- the return ------------------------------------------------------------------------------

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        (spesa, _a), (utenti, _b) = self._fonti
        comuni = self._comuni()
        for chiave in sorted(set(spesa) | set(utenti), key=lambda k: (k[0] is None, k[0] or 0, k[1], k[2])):
            comune_id, area, servizio = chiave
            comune = comuni.get(comune_id)
            importo = spesa.get(chiave, ZERO)
            yield {"comune": comune.codice_istat if comune else "",
                   "denominazione": comune.denominazione if comune else gettext("Gestione associata"),
                   "area": area, "servizio": servizio, "utenti": utenti.get(chiave, 0),
                   "spesa_comuni": importo, "compartecipazione_utenti": ZERO, "spesa_ssn": ZERO,
                   "spesa_totale": importo}

    def totali_attesi(self) -> dict[str, Decimal]:
        """Paid in the year from the kept balances: position at 31/12 minus position at 31/12 before."""
        anno = self.periodo.anno
        fine = fondi_selectors.posizione_get(ambito=self.ambito, data=dt.date(anno, 12, 31), per=("fonte",))
        inizio = fondi_selectors.posizione_get(ambito=self.ambito, data=dt.date(anno - 1, 12, 31), per=("fonte",))
        pagato = fine.totale.liquidato - inizio.totale.liquidato
        return {"spesa_comuni": pagato, "spesa_totale": pagato}

    def controlli(self, righe: list[dict[str, Any]] | None) -> Iterable[Anomalia]:
        yield from self._fonti[0][1]
        yield from self._fonti[1][1]
