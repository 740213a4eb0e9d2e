"""Fondo Sociale Regionale — the per-unit consuntivo and the assignment plan (Regione Lombardia), yearly.

The Region's FSR forms are spreadsheets sent by the ATS, not a public file layout: both returns are **documented
mappings** of what they ask (DGR XII/4793/2025).

**`fsr_consuntivo`** — one row per unit with FSR accounts for the activity year (the period's year), from udos
(`udos.selectors_rendicontazione.consuntivi_fsr_righe`) and the contribution's fondi quota:

| Column | Content |
| --- | --- |
| `codice_afam` | the unit's regional code (AFAM), mandatory |
| `codice_tipologia` | the unit's type in the regional catalogue (NIDO, CSE, CDA…) |
| `area` | FSR area of the type: prima_infanzia, minori, disabili, anziani |
| `denominazione` | the unit's name |
| `codice_istat_comune` | ISTAT code of the unit's comune |
| `cf_ente_gestore` | codice fiscale / partita IVA of the gestore |
| `utenti`, `giornate` | users and opening days of the year (the gestore's accounts) |
| `costi`, `ricavi`, `sbilancio` | costs, revenues and the operating deficit (costs − revenues) in euro |
| `contributo` | the FSR contribution granted (the udos record; empty while not assigned) |
| `impegnato`, `liquidato` | committed and paid on the contribution's quota at the period's end (31/12) |

Committed and paid are the ledger's movements dated up to the period's end: a payment made later (contributions
are often paid the year after the accounts) does not change the year's file.

Checks: AFAM code, type, area and figures mandatory (generic), the area among the FSR areas; the contributions
equal what the ledger allocated to their quotas (the udos record is not dated: the allocation as the ledger holds it
when the file is produced), and committed/paid at the period's end equal the ledger's other path at the same date
(fondi's annotated balances); the costs equal an SQL sum of the year's accounts; a contribution above the deficit is an
error; an account without a contribution is a warning (the office has not assigned it yet).

**`fsr_piano`** — the assignment plan of the FSR annualità (the period's year): one row per quota of the year's FSR
assegnazioni, whatever its destination (units, comuni by riparto, the office's running costs):

| Column | Content |
| --- | --- |
| `quota` | the quota's id in the Ambito's ledger |
| `destinazione` | udos, comune, spese_amministrative, progetto, bando, altro |
| `descrizione` | the quota's description |
| `codice_afam`, `unita` | for a contribution to one unit (the quota's object): its AFAM code and name |
| `codice_istat_comune` | for a comune's quota: its ISTAT code |
| `programmato`, `impegnato`, `liquidato` | allocated, committed and paid at 31/12 of the year (euro) |

Checks: the totals equal the assegnazioni's kept balances (another path through the ledger); a quota for a unit
whose AFAM code is missing is an error (the Region identifies units by it), with the link to the unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ambito.formato import oggi
from fondi import selectors as fondi_selectors
from rendicontazione.registry import (
    Anomalia,
    CampoTracciato,
    Destinatario,
    EsportatoreRitorno,
    Periodicita,
    registra_ritorno,
)
from rendicontazione.ritorni.comune import famiglia, totali_ledger
from udos import selectors_rendicontazione as udos_selectors

FONTE = "FSR"
ZERO = Decimal("0.00")


def _url_unita(slug: str, pk: int) -> str:
    return reverse("udos:unita_detail", kwargs={"ambito_slug": slug, "unita_pk": pk})


@registra_ritorno
class FsrConsuntivo(EsportatoreRitorno):
    codice = "fsr_consuntivo"
    etichetta = _("Fondo Sociale Regionale — consuntivo per unità d'offerta")
    descrizione = _("Utenti, giornate, costi, ricavi e contributo FSR di ogni unità per l'anno di attività.")
    destinatario = Destinatario.REGIONE
    periodicita = Periodicita.ANNUALE
    formati = ("csv", "xlsx", "xml")
    giorni_scadenza = 300
    nodo_radice = "ConsuntivoFSR"
    origine_totali = _("della contabilità dei fondi e dei consuntivi FSR")
    tracciato = (
        CampoTracciato("codice_afam", _("Codice AFAM"), "codice", obbligatorio=True,
                       descrizione=_("Codice regionale dell'unità d'offerta.")),
        CampoTracciato("codice_tipologia", _("Tipologia"), "codice", obbligatorio=True),
        CampoTracciato("area", _("Area FSR"), "codice", obbligatorio=True, codici=udos_selectors.aree_fsr),
        CampoTracciato("denominazione", _("Unità d'offerta"), obbligatorio=True),
        CampoTracciato("codice_istat_comune", _("Comune (codice ISTAT)"), "codice", obbligatorio=True),
        CampoTracciato("cf_ente_gestore", _("Codice fiscale del gestore"), obbligatorio=True),
        CampoTracciato("utenti", _("Utenti"), "intero", obbligatorio=True),
        CampoTracciato("giornate", _("Giornate di apertura"), "intero", obbligatorio=True),
        CampoTracciato("costi", _("Costi"), "euro", obbligatorio=True),
        CampoTracciato("ricavi", _("Ricavi"), "euro", obbligatorio=True),
        CampoTracciato("sbilancio", _("Sbilancio di gestione"), "euro", obbligatorio=True),
        CampoTracciato("contributo", _("Contributo FSR"), "euro"),
        CampoTracciato("impegnato", _("Impegnato"), "euro", obbligatorio=True),
        CampoTracciato("liquidato", _("Liquidato"), "euro", obbligatorio=True),
    )
    chiave = ("codice_afam", "denominazione")
    non_diminuibili = ("liquidato",)

    def _consuntivi(self) -> list[udos_selectors.RigaConsuntivoFSR]:
        if not hasattr(self, "_cache_consuntivi"):
            self._cache_consuntivi = udos_selectors.consuntivi_fsr_righe(ambito=self.ambito, anno=self.periodo.anno)
        return self._cache_consuntivi

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        saldi = fondi_selectors.saldi_quote(ambito=self.ambito, data=self.periodo.al)
        for c in self._consuntivi():
            s = saldi.get(c.quota_id) if c.quota_id else None
            u = c.unita
            yield {"codice_afam": u.codice_afam, "codice_tipologia": u.codice_tipologia, "area": u.area,
                   "denominazione": u.denominazione, "codice_istat_comune": u.codice_istat_comune,
                   "cf_ente_gestore": u.cf_ente_gestore, "utenti": c.utenti, "giornate": c.giornate,
                   "costi": c.costi, "ricavi": c.ricavi, "sbilancio": c.sbilancio, "contributo": c.contributo,
                   "impegnato": s.impegnato if s else ZERO, "liquidato": s.liquidato if s else ZERO,
                   "_url": _url_unita(self.ambito.slug, u.pk)}

    def totali_attesi(self) -> dict[str, Decimal]:
        """Contributions, commitments and payments from the quotas' balances in the ledger (fondi's annotated
        quota list, not the balance query the rows use): commitments and payments at the period's end like the
        rows, contributions as allocated today (the udos contribution is not dated); costs from an SQL sum of the
        accounts."""
        ids = [c.quota_id for c in self._consuntivi() if c.quota_id]
        alla_fine = list(fondi_selectors.quota_list(ambito=self.ambito, data=self.periodo.al).filter(pk__in=ids))
        ad_oggi = fondi_selectors.quota_list(ambito=self.ambito, data=oggi()).filter(pk__in=ids)
        return {"contributo": sum((q.allocato for q in ad_oggi), ZERO),
                "impegnato": sum((q.impegnato for q in alla_fine), ZERO),
                "liquidato": sum((q.liquidato for q in alla_fine), ZERO),
                "costi": udos_selectors.consuntivi_fsr_totali(ambito=self.ambito, anno=self.periodo.anno)["costi"]}

    def controlli(self, righe: list[dict[str, Any]] | None) -> Iterable[Anomalia]:
        for numero, c in enumerate(self._consuntivi(), start=1):
            url = _url_unita(self.ambito.slug, c.unita.pk)
            if c.contributo is None:
                yield Anomalia(gettext("Il contributo FSR di «%(u)s» non è ancora stato assegnato.")
                               % {"u": c.unita.denominazione}, numero, "contributo", url, gravita="avviso",
                               codice="contributo_non_assegnato")
            elif c.contributo > c.sbilancio:
                yield Anomalia(gettext("Il contributo di «%(u)s» (%(c)s) supera lo sbilancio di gestione (%(s)s).")
                               % {"u": c.unita.denominazione, "c": c.contributo, "s": c.sbilancio}, numero,
                               "contributo", url, codice="oltre_sbilancio")


@registra_ritorno
class FsrPiano(EsportatoreRitorno):
    codice = "fsr_piano"
    etichetta = _("Fondo Sociale Regionale — piano di assegnazione")
    descrizione = _("Le quote dell'annualità FSR per destinazione: unità d'offerta, comuni, gestione.")
    destinatario = Destinatario.REGIONE
    periodicita = Periodicita.ANNUALE
    formati = ("csv", "xlsx", "xml")
    giorni_scadenza = 90
    nodo_radice = "PianoAssegnazioneFSR"
    tracciato = (
        CampoTracciato("quota", _("Quota"), "intero", obbligatorio=True),
        CampoTracciato("destinazione", _("Destinazione"), "codice", obbligatorio=True),
        CampoTracciato("descrizione", _("Descrizione")),
        CampoTracciato("codice_afam", _("Codice AFAM dell'unità")),
        CampoTracciato("unita", _("Unità d'offerta")),
        CampoTracciato("codice_istat_comune", _("Comune (codice ISTAT)"), "codice"),
        CampoTracciato("programmato", _("Programmato"), "euro", obbligatorio=True),
        CampoTracciato("impegnato", _("Impegnato"), "euro", obbligatorio=True),
        CampoTracciato("liquidato", _("Liquidato"), "euro", obbligatorio=True),
    )
    chiave = ("quota",)
    non_diminuibili = ("impegnato", "liquidato")

    def _quote(self) -> list[tuple[Any, udos_selectors.RigaUnita | None]]:
        if hasattr(self, "_cache_quote"):
            return self._cache_quote
        quote = list(fondi_selectors.quota_list(ambito=self.ambito, data=self.periodo.al)
                     .filter(famiglia(FONTE), assegnazione__annualita=self.periodo.anno).order_by("pk"))
        ct = udos_selectors.unita_content_type_id()
        unita = udos_selectors.unita_righe(ambito=self.ambito,
                                           ids=[q.object_id for q in quote if q.content_type_id == ct])
        self._cache_quote = [(q, unita.get(q.object_id) if q.content_type_id == ct else None) for q in quote]
        return self._cache_quote

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        for q, u in self._quote():
            yield {"quota": q.pk, "destinazione": q.tipo_destinazione, "descrizione": q.descrizione,
                   "codice_afam": u.codice_afam if u else "", "unita": u.denominazione if u else "",
                   "codice_istat_comune": q.comune.codice_istat if q.comune else "", "programmato": q.allocato,
                   "impegnato": q.impegnato, "liquidato": q.liquidato,
                   "_url": reverse("fondi:assegnazione_detail", kwargs={
                       "ambito_slug": self.ambito.slug, "assegnazione_pk": q.assegnazione_id})}

    def totali_attesi(self) -> dict[str, Decimal]:
        t = totali_ledger(ambito=self.ambito, fonte=FONTE, data=self.periodo.al, annualita=self.periodo.anno)
        return {"programmato": t["allocato"], "impegnato": t["impegnato"], "liquidato": t["liquidato"]}

    def controlli(self, righe: list[dict[str, Any]] | None) -> Iterable[Anomalia]:
        for numero, (q, u) in enumerate(self._quote(), start=1):
            if u is not None and not u.codice_afam:
                yield Anomalia(gettext("La quota «%(q)s» va all'unità «%(u)s», che non ha il codice AFAM: la "
                                       "Regione identifica le unità con quel codice.")
                               % {"q": q.descrizione, "u": u.denominazione}, numero, "codice_afam",
                               _url_unita(self.ambito.slug, u.pk), codice="afam_mancante")
