"""Read-only rows of the register for the data returns (the register of units, the FSR consuntivo and plan).

Plain dataclasses, not models: the returns module reads udos only through these selectors (udos does not import
it back). Every read is filtered by the Ambito.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from ambito.tenancy.models import Ambito
from udos.models import AreaFSR, ConsuntivoFSR, StatoUnita, TipologiaUdO, UnitaOfferta


@dataclass(frozen=True)
class RigaUnita:
    """One unit of the register as the returns read it."""

    pk: int
    codice_afam: str
    codice_tipologia: str  # empty for an experimental unit
    tipologia: str
    area: str  # the type's area (prima_infanzia, minori, disabili, anziani…), empty for an experimental unit
    sperimentale: bool
    denominazione: str
    codice_istat_comune: str
    comune: str
    indirizzo: str
    cf_ente_gestore: str
    ente_gestore: str
    capacita: int
    unita_capacita: str
    posti_accreditati: int
    posti_contratto: int
    stato: str
    data_avvio: dt.date
    data_cessazione: dt.date | None


def _riga(u: UnitaOfferta) -> RigaUnita:
    t = u.tipologia
    return RigaUnita(u.pk, u.codice_afam, t.codice if t else "", t.denominazione if t else "", t.area if t else "",
                     u.sperimentale, u.denominazione, u.comune.codice_istat, u.comune.denominazione, u.indirizzo,
                     u.ente_gestore.codice_fiscale, u.ente_gestore.denominazione, u.capacita_autorizzata,
                     t.unita_capacita if t else "posti", u.posti_accreditati, u.posti_contrattualizzati, u.stato,
                     u.data_avvio, u.data_cessazione)


def _nel_periodo(*, ambito: Ambito, dal: dt.date, al: dt.date) -> QuerySet[UnitaOfferta]:
    """Units in the register during the period: started by its end, not closed before its start."""
    return UnitaOfferta.objects.filter(ambito=ambito, data_avvio__lte=al).filter(
        Q(data_cessazione__isnull=True) | Q(data_cessazione__gte=dal))


def registro_righe(*, ambito: Ambito, dal: dt.date, al: dt.date) -> Iterator[RigaUnita]:
    """The register in the period, one row per unit (one query, streamed)."""
    qs = (_nel_periodo(ambito=ambito, dal=dal, al=al).select_related("tipologia", "comune", "ente_gestore")
          .order_by("comune__codice_istat", "denominazione", "pk"))
    for u in qs.iterator(chunk_size=1000):
        yield _riga(u)


def registro_totali(*, ambito: Ambito, dal: dt.date, al: dt.date) -> dict[str, int]:
    """The same period's count of units and sums of capacity and places, by one SQL aggregate."""
    return _nel_periodo(ambito=ambito, dal=dal, al=al).aggregate(
        unita=Count("pk"), capacita=Coalesce(Sum("capacita_autorizzata"), 0),
        posti_accreditati=Coalesce(Sum("posti_accreditati"), 0))


def unita_righe(*, ambito: Ambito, ids: Iterable[int]) -> dict[int, RigaUnita]:
    """Units by id (those of other Ambiti are simply absent)."""
    qs = UnitaOfferta.objects.filter(ambito=ambito, pk__in=list(ids)).select_related("tipologia", "comune",
                                                                                      "ente_gestore")
    return {u.pk: _riga(u) for u in qs}


def unita_content_type_id() -> int:
    """The content type a fondi quota names when its ``oggetto`` is a unit (``contributo_assign``)."""
    return ContentType.objects.get_for_model(UnitaOfferta).pk


@dataclass(frozen=True)
class RigaConsuntivoFSR:
    """One unit's FSR accounts of a year and the contribution granted (``quota_id``: its fondi quota)."""

    pk: int
    anno: int
    unita: RigaUnita
    utenti: int
    giornate: int
    costi: Decimal
    ricavi: Decimal
    sbilancio: Decimal
    contributo: Decimal | None
    quota_id: int | None


def consuntivi_fsr_righe(*, ambito: Ambito, anno: int) -> list[RigaConsuntivoFSR]:
    """The FSR accounts of ``anno`` with their unit (one query)."""
    qs = (ConsuntivoFSR.objects.filter(ambito=ambito, anno=anno)
          .select_related("unita", "unita__tipologia", "unita__comune", "unita__ente_gestore")
          .order_by("unita__comune__codice_istat", "unita__denominazione", "pk"))
    return [RigaConsuntivoFSR(c.pk, c.anno, _riga(c.unita), c.utenti, c.giornate, c.costi, c.ricavi, c.sbilancio,
                              c.contributo, c.quota_id) for c in qs]


def consuntivi_fsr_totali(*, ambito: Ambito, anno: int) -> dict[str, Decimal]:
    """Sums of the year's FSR accounts by one SQL aggregate (costs, revenues, contributions granted)."""
    zero = Decimal("0.00")
    return ConsuntivoFSR.objects.filter(ambito=ambito, anno=anno).aggregate(
        costi=Coalesce(Sum("costi"), zero), ricavi=Coalesce(Sum("ricavi"), zero),
        contributo=Coalesce(Sum("contributo"), zero))


def tipologie_codici() -> dict[str, str]:
    """Codes of the catalogue's social types (shared reference data) → name; ``SPERIMENTALE`` for the units
    outside the catalogue."""
    codici = dict(TipologiaUdO.objects.filter(sociale=True).order_by("codice", "versione")
                  .values_list("codice", "denominazione"))
    return {**codici, "SPERIMENTALE": "Unità sperimentale"}


def stati_unita() -> dict[str, str]:
    return {str(v): str(e) for v, e in StatoUnita.choices}


def aree_fsr() -> dict[str, str]:
    return {str(v): str(e) for v, e in AreaFSR.choices}
