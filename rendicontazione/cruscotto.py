"""The Assemblea dei Sindaci's dashboard of the funds: charts that are tables (``ambito.grafici``), the position
per comune in euro and per 1,000 residents, and counts of payments with small counts suppressed for mayors.

A bounded number of queries whatever the data (position per fund, per year, per comune; the comuni; the payment
counts): the figures come from fondi's selectors over the kept balance rows, not from the movements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext as _

from ambito.grafici import Grafico, Serie
from ambito.tenancy.models import Ambito
from ambito.territorio.selectors import comune_list
from fondi import grafici as fondi_grafici
from fondi import selectors as fondi_selectors

SOGLIA_PREDEFINITA = 5


def soglia_piccoli_numeri() -> int:
    """Counts below this are shown as "< N" to mayors and the public (``RENDICONTAZIONE_SOGLIA_PICCOLI_NUMERI``)."""
    return int(getattr(settings, "RENDICONTAZIONE_SOGLIA_PICCOLI_NUMERI", SOGLIA_PREDEFINITA))


def conteggio_mostrato(n: int, *, soglia: int, sopprimi: bool) -> str:
    """A count as shown: itself, or "< soglia" when it could identify people (0 stays 0: it identifies no one)."""
    if sopprimi and 0 < n < soglia:
        return f"< {soglia}"
    return str(n)


NON_DIFFUSO = "n.d."  # a count hidden only so that a small one beside it cannot be worked out


def da_nascondere(valori: Sequence[int], *, soglia: int) -> set[int]:
    """The positions to hide in a column of counts whose total can be read beside it: the small ones
    (0 < n < soglia) and, while they could still be worked out by subtraction — a lone hidden count, or hidden counts
    that can only be 1 each —, the smallest shown non-zero count too (complementary suppression)."""
    nascosti = {i for i, n in enumerate(valori) if 0 < n < soglia}
    visibili = sorted((n, i) for i, n in enumerate(valori) if n >= soglia)
    while nascosti and visibili and (len(nascosti) == 1 or sum(valori[i] for i in nascosti) <= len(nascosti)):
        nascosti.add(visibili.pop(0)[1])
    return nascosti


def conteggi_mostrati(valori: Sequence[int], *, soglia: int, sopprimi: bool) -> list[str]:
    """A column of counts as shown to mayors and the public: small counts as "< soglia", and the counts hidden with
    them (:func:`da_nascondere`) as "n.d.", so that the total minus the shown ones gives no small count back."""
    if not sopprimi:
        return [str(n) for n in valori]
    nascosti = da_nascondere(valori, soglia=soglia)
    return [(f"< {soglia}" if n < soglia else NON_DIFFUSO) if i in nascosti else str(n) for i, n in enumerate(valori)]


@dataclass(frozen=True)
class RigaComune:
    comune: str
    popolazione: int | None
    allocato: Decimal
    impegnato: Decimal
    liquidato: Decimal
    liquidato_per_mille: Decimal | None
    pagamenti: str


@dataclass(frozen=True)
class Cruscotto:
    data: dt.date
    grafici: list[Grafico]
    comuni: list[RigaComune]
    totale: fondi_selectors.Saldi
    soglia: int
    soppressione: bool


def andamento_mensile(*, ambito: Ambito, data: dt.date) -> Grafico:
    """Assigned, committed and paid at the end of each month of ``data``'s year up to ``data`` (cumulative, from
    the first movement): one query, grouping the movements by month and balance."""
    righe = (fondi_selectors.movimento_list(ambito=ambito).filter(data_contabile__lte=data)
             .annotate(mese=TruncMonth("data_contabile")).values("mese", "voce")
             .annotate(totale=Sum(F("importo") * F("segno"))).values_list("mese", "voce", "totale").order_by())
    per_mese: dict[tuple[int, int], dict[str, Decimal]] = {}
    for mese, voce, totale in righe:
        per_mese.setdefault((mese.year, mese.month), {})[voce] = totale
    voci = ("assegnato", "impegnato", "liquidato")
    cumulato = dict.fromkeys(voci, Decimal("0.00"))
    for chiave in sorted(k for k in per_mese if k < (data.year, 1)):
        for voce in voci:
            cumulato[voce] += per_mese[chiave].get(voce, Decimal(0))
    mesi = range(1, data.month + 1)
    valori: dict[str, list[Decimal]] = {voce: [] for voce in voci}
    for mese in mesi:
        for voce in voci:
            cumulato[voce] += per_mese.get((data.year, mese), {}).get(voce, Decimal(0))
            valori[voce].append(cumulato[voce])
    nomi = {"assegnato": _("Assegnato"), "impegnato": _("Impegnato"), "liquidato": _("Liquidato")}
    return Grafico(_("Fondi nel tempo: a fine mese, %(anno)d") % {"anno": data.year},
                   [dt.date(data.year, m, 1).strftime("%m/%Y") for m in mesi],
                   [Serie(nomi[voce], valori[voce]) for voce in voci], intestazione_categorie=_("Mese"), tipo="line",
                   descrizione=_("Importi cumulati dall'inizio, alla fine di ogni mese (l'ultimo al %(data)s).")
                   % {"data": data.strftime("%d/%m/%Y")})


def cruscotto_fondi(*, ambito: Ambito, data: dt.date, sopprimi: bool) -> Cruscotto:
    """The dashboard at ``data``; ``sopprimi`` for mayors and the public (small counts hidden)."""
    grafici = [*fondi_grafici.grafici_fondi(ambito=ambito, data=data), andamento_mensile(ambito=ambito, data=data)]
    posizione = fondi_selectors.posizione_get(ambito=ambito, data=data, per=("comune",))
    comuni = {c.pk: c for c in comune_list(ambito=ambito, data=data)}
    # A payment's comune is its own, or else its quota's (as in the position report).
    pagamenti = dict(fondi_selectors.movimento_list(ambito=ambito)
                     .filter(tipo="liquidazione", data_contabile__lte=data)
                     .annotate(comune_effettivo=Coalesce("comune_id", "quota__comune_id"))
                     .values("comune_effettivo").annotate(n=Count("pk")).values_list("comune_effettivo", "n")
                     .order_by())
    soglia = soglia_piccoli_numeri()
    righe = []
    for riga in posizione.righe:
        comune = comuni.get(riga.chiavi.get("comune_effettivo"))
        if comune is None:
            continue  # the row without a comune carries the assigned amount
        righe.append(RigaComune(
            comune.denominazione, comune.popolazione, riga.saldi.allocato, riga.saldi.impegnato, riga.saldi.liquidato,
            fondi_grafici.per_mille_residenti(riga.saldi.liquidato, comune.popolazione),
            conteggio_mostrato(pagamenti.get(comune.pk, 0), soglia=soglia, sopprimi=sopprimi)))
    righe.sort(key=lambda r: r.comune)
    if righe:
        grafici.append(Grafico(
            _("Liquidato ogni 1.000 residenti, per comune"), [r.comune for r in righe],
            [Serie(_("Liquidato ogni 1.000 residenti"), [r.liquidato_per_mille for r in righe])],
            intestazione_categorie=_("Comune"),
            descrizione=_("Situazione al %(data)s.") % {"data": data.strftime("%d/%m/%Y")}))
    return Cruscotto(data, grafici, righe, posizione.totale, soglia, sopprimi)
