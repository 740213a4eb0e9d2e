"""The dashboard by measure for the Assemblea dei Sindaci and the Ufficio di Piano: domande and beneficiaries per
measure, ISTAT area (through the mapping of the strumento) and comune (also per 1,000 residents), the waiting
lists (eligible, not financed), the time from presentation to decision. Filters: year and measure.

Three queries whatever the data (the domande of the year as rows, the decision times, the comuni) plus the
mapping and the measures: aggregation happens in memory because distinct beneficiaries are not additive.
For whoever lacks ``rendicontazione.gestisci`` (mayors) counts below the threshold are shown as "< N" in the tables
and left out ("—") of the charts.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from ambito.grafici import Grafico, Serie
from ambito.tenancy.models import Ambito
from ambito.territorio.selectors import comune_list
from misure.selectors import rendicontazione as misure_selectors
from rendicontazione import codici
from rendicontazione.cruscotto import conteggio_mostrato, soglia_piccoli_numeri
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


def _conta(righe: list[tuple]) -> Conteggi:
    finanziati = set(misure_selectors.STATI_FINANZIATI)
    attesa = set(misure_selectors.STATI_IN_ATTESA)
    return Conteggi(len(righe), len({r[3] for r in righe if r[4] in finanziati}),
                    sum(1 for r in righe if r[4] in attesa))


def per_mille(n: int, popolazione: int | None) -> Decimal | None:
    if not popolazione:
        return None
    return (Decimal(n) * 1000 / popolazione).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _giorni(durate: list[float]) -> tuple[Decimal | None, Decimal | None]:
    if not durate:
        return None, None
    uno = Decimal("0.1")
    return (Decimal(str(statistics.fmean(durate))).quantize(uno, rounding=ROUND_HALF_UP),
            Decimal(str(statistics.median(durate))).quantize(uno, rounding=ROUND_HALF_UP))


def cruscotto_misure(*, ambito: Ambito, anno: int, misura: int | None = None, sopprimi: bool) -> CruscottoMisure:
    righe = misure_selectors.righe_domande(ambito=ambito, anno=anno, misura=misura)
    soglia = soglia_piccoli_numeri()

    def mostra(c: Conteggi, **extra) -> dict:
        return {"domande": conteggio_mostrato(c.domande, soglia=soglia, sopprimi=sopprimi),
                "beneficiari": conteggio_mostrato(c.beneficiari, soglia=soglia, sopprimi=sopprimi),
                "in_attesa": conteggio_mostrato(c.in_attesa, soglia=soglia, sopprimi=sopprimi), **extra}

    # Per measure, with the time to decision.
    nomi_misure = {m.pk: m.nome for m in misure_selectors.misura_mappabile_list(ambito=ambito)}
    durate: dict[int, list[float]] = defaultdict(list)
    for misura_id, presentata, decisa in misure_selectors.tempi_decisione(ambito=ambito, anno=anno, misura=misura):
        durate[misura_id].append(max((decisa - presentata).total_seconds(), 0) / 86400)
    gruppi: dict[int, list[tuple]] = defaultdict(list)
    for r in righe:
        gruppi[r[0]].append(r)
    per_misura = []
    for misura_id in sorted(gruppi, key=lambda k: nomi_misure.get(k, "")):
        medi, mediani = _giorni(durate.get(misura_id, []))
        per_misura.append(Riga(nomi_misure.get(misura_id, "?"), **mostra(_conta(gruppi[misura_id])),
                               giorni_medi=medi, giorni_mediani=mediani, decise=len(durate.get(misura_id, []))))

    # Per ISTAT area, through the strumento's mapping (unmapped strumenti under "—").
    mappa = mappatura_per(ambito=ambito, tipo_oggetto="misure.strumento")
    aree = codici.istat_aree()
    per_area_gruppi: dict[str, list[tuple]] = defaultdict(list)
    for r in righe:
        voce = mappa.get(str(r[1]))
        per_area_gruppi[(voce.istat_area if voce else "") or SENZA_AREA].append(r)
    per_area = [Riga(aree.get(codice, _("Strumenti non mappati")), **mostra(_conta(gruppo)))
                for codice, gruppo in sorted(per_area_gruppi.items())]

    # Per comune (every comune of the Ambito, also those without domande), per 1,000 residents.
    per_comune_gruppi: dict[int, list[tuple]] = defaultdict(list)
    for r in righe:
        per_comune_gruppi[r[2]].append(r)
    per_comune = []
    for comune in sorted(comune_list(ambito=ambito, data=dt.date(anno, 12, 31)), key=lambda c: c.denominazione):
        conteggi = _conta(per_comune_gruppi.get(comune.pk, []))
        nascosto = sopprimi and 0 < conteggi.beneficiari < soglia  # a rate would give the hidden count back
        per_comune.append(Riga(comune.denominazione, **mostra(conteggi), popolazione=comune.popolazione,
                               beneficiari_per_mille=None if nascosto else per_mille(conteggi.beneficiari,
                                                                                      comune.popolazione)))

    totale = _conta(righe)
    return CruscottoMisure(anno, misura, per_misura, per_area, per_comune, totale,
                           _grafici(anno, righe, gruppi, nomi_misure, per_comune, per_comune_gruppi, soglia, sopprimi),
                           soglia, sopprimi)


def _grafici(anno, righe, gruppi, nomi_misure, per_comune, per_comune_gruppi, soglia, sopprimi) -> list[Grafico]:
    def valore(n: int) -> int | None:
        return None if sopprimi and 0 < n < soglia else n

    grafici = []
    if gruppi:
        chiavi = sorted(gruppi, key=lambda k: nomi_misure.get(k, ""))
        conteggi = [_conta(gruppi[k]) for k in chiavi]
        grafici.append(Grafico(
            _("Domande, beneficiari e lista d'attesa per misura, %(anno)d") % {"anno": anno},
            [nomi_misure.get(k, "?") for k in chiavi],
            [Serie(_("Domande presentate"), [valore(c.domande) for c in conteggi]),
             Serie(_("Beneficiari finanziati"), [valore(c.beneficiari) for c in conteggi]),
             Serie(_("In lista d'attesa"), [valore(c.in_attesa) for c in conteggi])],
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
