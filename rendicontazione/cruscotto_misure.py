"""The dashboard by measure for the Assemblea dei Sindaci and the Ufficio di Piano: domande and beneficiaries per
measure, ISTAT area (through the mapping of the strumento) and comune (also per 1,000 residents), the waiting
lists (eligible, not financed), the time from presentation to decision. Filters: year and measure.

Eight queries whatever the data, the two large ones aggregated in the database: the counts per measure, per area
through the strumento's mapping, per comune and in all in one GROUPING SETS scan of the year's domande (distinct
beneficiaries are counted per group there, as they are not additive) and the decision times' mean and median per
measure from each domanda's own events; the others are small (measures, bandi, strumenti, mapping, comuni). No row
per domanda travels to Python (at 1M payments over five years, fetching the year's domande and events as rows took
most of the page's time).
For whoever lacks ``rendicontazione.gestisci`` (mayors) counts below the threshold are shown as "< N" in the tables
and left out ("—") of the charts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from ambito.grafici import Grafico, Serie
from ambito.tenancy.models import Ambito
from ambito.territorio.selectors import comune_list
from misure.selectors import rendicontazione as misure_selectors
from rendicontazione import codici
from rendicontazione.cruscotto import conteggi_mostrati, soglia_piccoli_numeri
from rendicontazione.selectors import mappatura_per

SENZA_AREA = "—"


@dataclass(frozen=True)
class Conteggi:
    domande: int
    beneficiari: int
    in_attesa: int


@dataclass(frozen=True)
class Riga:
    etichetta: str
    domande: str
    beneficiari: str
    in_attesa: str
    popolazione: int | None = None
    beneficiari_per_mille: Decimal | None = None
    giorni_medi: Decimal | None = None
    giorni_mediani: Decimal | None = None
    decise: int = 0


@dataclass(frozen=True)
class CruscottoMisure:
    anno: int
    misura: int | None
    per_misura: list[Riga]
    per_area: list[Riga]
    per_comune: list[Riga]
    totale: Conteggi
    grafici: list[Grafico]
    soglia: int
    soppressione: bool


def _conteggi(righe: dict) -> dict:
    """``{key: Conteggi}`` from the selector's aggregated rows."""
    return {chiave: Conteggi(*valori) for chiave, valori in righe.items()}


ZERO = Conteggi(0, 0, 0)


def per_mille(n: int, popolazione: int | None) -> Decimal | None:
    if not popolazione:
        return None
    return (Decimal(n) * 1000 / popolazione).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _giorni(media: Decimal, mediana: Decimal) -> tuple[Decimal, Decimal]:
    uno = Decimal("0.1")
    return (Decimal(str(media)).quantize(uno, rounding=ROUND_HALF_UP),
            Decimal(str(mediana)).quantize(uno, rounding=ROUND_HALF_UP))


def cruscotto_misure(*, ambito: Ambito, anno: int, misura: int | None = None, sopprimi: bool) -> CruscottoMisure:
    soglia = soglia_piccoli_numeri()

    def mostra(conteggi: list[Conteggi]) -> list[dict]:
        """The counts of a table's rows as shown, each column protected as a whole (``conteggi_mostrati``)."""
        colonne = {nome: conteggi_mostrati([getattr(c, nome) for c in conteggi], soglia=soglia, sopprimi=sopprimi)
                   for nome in ("domande", "beneficiari", "in_attesa")}
        return [{nome: valori[i] for nome, valori in colonne.items()} for i in range(len(conteggi))]

    mappa = mappatura_per(ambito=ambito, tipo_oggetto="misure.strumento")
    aggregati = misure_selectors.conteggi_domande(
        ambito=ambito, anno=anno, misura=misura,
        gruppi={int(k): v.istat_area for k, v in mappa.items() if k.isdigit() and v.istat_area})

    # Per measure, with the time to decision.
    nomi_misure = {m.pk: m.nome for m in misure_selectors.misura_mappabile_list(ambito=ambito)}
    tempi = {m: (n, media, mediana) for m, n, media, mediana in misure_selectors.tempi_decisione_per_misura(
        ambito=ambito, anno=anno, misura=misura)}
    gruppi = _conteggi(aggregati["misura"])
    per_misura = []
    chiavi_misure = sorted(gruppi, key=lambda k: nomi_misure.get(k, ""))
    for misura_id, mostrati in zip(chiavi_misure, mostra([gruppi[k] for k in chiavi_misure]), strict=True):
        decise, media, mediana = tempi.get(misura_id, (0, None, None))
        medi, mediani = _giorni(media, mediana) if decise else (None, None)
        per_misura.append(Riga(nomi_misure.get(misura_id, "?"), **mostrati,
                               giorni_medi=medi, giorni_mediani=mediani, decise=decise))

    # Per ISTAT area, through the strumento's mapping (unmapped strumenti under "—"): counted per area in the
    # database (a person with two strumenti of one area counts once).
    aree = codici.istat_aree()
    per_area_gruppi = _conteggi(aggregati["gruppo"])
    ordinati = sorted((k or SENZA_AREA, c) for k, c in per_area_gruppi.items())
    per_area = [Riga(aree.get(codice, _("Strumenti non mappati")), **mostrati)
                for (codice, _c), mostrati in zip(ordinati, mostra([c for _k, c in ordinati]), strict=True)]

    # Per comune (every comune of the Ambito, also those without domande), per 1,000 residents.
    per_comune_gruppi = _conteggi(aggregati["comune"])
    per_comune = []
    comuni = sorted(comune_list(ambito=ambito, data=dt.date(anno, 12, 31)), key=lambda c: c.denominazione)
    conteggi_comuni = [per_comune_gruppi.get(comune.pk, ZERO) for comune in comuni]
    for comune, conteggi, mostrati in zip(comuni, conteggi_comuni, mostra(conteggi_comuni), strict=True):
        nascosto = not mostrati["beneficiari"].isdigit()  # a rate would give the hidden count back
        per_comune.append(Riga(comune.denominazione, **mostrati, popolazione=comune.popolazione,
                               beneficiari_per_mille=None if nascosto else per_mille(conteggi.beneficiari,
                                                                                      comune.popolazione)))

    totale = _conteggi(aggregati["totale"]).get(None, ZERO)
    return CruscottoMisure(anno, misura, per_misura, per_area, per_comune, totale,
                           _grafici(anno, per_misura, per_comune), soglia, sopprimi)


def _grafici(anno: int, per_misura: list[Riga], per_comune: list[Riga]) -> list[Grafico]:
    def valore(mostrato: str) -> int | None:
        return int(mostrato) if mostrato.isdigit() else None  # hidden in the table: hidden in the chart

    grafici = []
    if per_misura:
        grafici.append(Grafico(
            _("Domande, beneficiari e lista d'attesa per misura, %(anno)d") % {"anno": anno},
            [r.etichetta for r in per_misura],
            [Serie(_("Domande presentate"), [valore(r.domande) for r in per_misura]),
             Serie(_("Beneficiari finanziati"), [valore(r.beneficiari) for r in per_misura]),
             Serie(_("In lista d'attesa"), [valore(r.in_attesa) for r in per_misura])],
            intestazione_categorie=_("Misura"), unita="numero",
            descrizione=_("Domande presentate nell'anno; un numero piccolo non è mostrato ai sindaci.")))
    if per_comune:
        grafici.append(Grafico(
            _("Beneficiari ogni 1.000 residenti, per comune, %(anno)d") % {"anno": anno},
            [r.etichetta for r in per_comune],
            [Serie(_("Beneficiari ogni 1.000 residenti"),
                   [r.beneficiari_per_mille for r in per_comune])],
            intestazione_categorie=_("Comune"), unita="numero",
            descrizione=_("Popolazione dall'anagrafe dei comuni dell'Ambito.")))
    return grafici
