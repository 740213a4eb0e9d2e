"""Reads of the register, filtered by the Ambito and, for a referente of an ente gestore, by their ente.

Visibility lives here and nowhere else: :func:`ente_visibile` turns the access context into the one ente a
gestore may see (``None`` = the whole register, for staff and the Assemblea); every list and ``_get`` takes
it, so another gestore's unit, CPE, visit or accreditation is a 404 like another Ambito's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from ambito.accounts.models import Ruolo
from ambito.errors import uno
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Ente
from ambito.territorio.selectors import ente_list, enti_rappresentabili
from udos.models import (
    CPE,
    STATI_CPE_CHIUSI,
    Accreditamento,
    AvvisoFSR,
    BandoAccreditamento,
    Comunicazione,
    ConsuntivoFSR,
    Contratto,
    CriterioFSR,
    RequisitoTipologia,
    StatoAccreditamento,
    StatoUnita,
    TipologiaUdO,
    UnitaOfferta,
    VerificaRequisito,
    VisitaVigilanza,
)

# --- who sees what ----------------------------------------------------------------------------------------


def ente_visibile(contesto: Any) -> int | None:
    """The ente a referente of an ente gestore is limited to; ``None`` for everyone else.

    A gestore membership without an ente (which the membri service refuses) sees nothing: -1 matches no ente.
    """
    membro = getattr(contesto, "membro", None)
    if membro is None or membro.ruolo != Ruolo.GESTORE or contesto.is_platform_admin:
        return None
    return membro.ente_id or -1


# --- catalogue --------------------------------------------------------------------------------------------


def tipologia_list(*, data: dt.date | None = None, solo_sociali: bool = True,
                   senza_struttura: bool | None = None) -> QuerySet[TipologiaUdO]:
    """The catalogue's type versions valid at ``data`` (all versions if omitted); ``senza_struttura``: only the
    services without a building (True) or only the units that file a CPE (False)."""
    qs = TipologiaUdO.objects.all()
    if solo_sociali:
        qs = qs.filter(sociale=True)
    if senza_struttura is not None:
        qs = qs.filter(senza_struttura=senza_struttura)
    if data is not None:
        qs = qs.filter(valida_dal__lte=data).filter(Q(valida_al__isnull=True) | Q(valida_al__gte=data))
    return qs.annotate(n_requisiti=Count("requisiti")).order_by("ordine", "codice", "versione")


def tipologia_get(*, pk: int) -> TipologiaUdO:
    return uno(TipologiaUdO.objects.all(), _("Tipologia inesistente."), pk=pk)


def requisito_list(*, tipologia: TipologiaUdO) -> QuerySet[RequisitoTipologia]:
    return RequisitoTipologia.objects.filter(tipologia=tipologia).order_by("ordine")


def ente_gestore_list(*, ambito: Ambito, ente: int | None = None) -> QuerySet[Ente]:
    """Enti that may be named as gestore: those the Ambito sees; for a gestore, only their own ente (which may
    have been registered by another Ambito: the Ente register is shared)."""
    if ente is not None:
        return enti_rappresentabili().filter(pk=ente)
    return ente_list(ambito=ambito)


# --- units ------------------------------------------------------------------------------------------------


def unita_list(*, ambito: Ambito, ente: int | None = None, q: str = "", stato: str = "", tipologia: str = "",
               comune: int | None = None, area: str = "") -> QuerySet[UnitaOfferta]:
    """The register, filtered (constant number of queries: the relations are joined)."""
    qs = UnitaOfferta.objects.filter(ambito=ambito)
    if ente is not None:
        qs = qs.filter(ente_gestore_id=ente)
    if q:
        qs = qs.filter(Q(denominazione__icontains=q) | Q(codice_afam__iexact=q) | Q(indirizzo__icontains=q)
                       | Q(ente_gestore__denominazione__icontains=q))
    if stato:
        qs = qs.filter(stato=stato)
    if tipologia:
        qs = qs.filter(tipologia__codice=tipologia)
    if comune:
        qs = qs.filter(comune_id=comune)
    if area:
        qs = qs.filter(tipologia__area=area)
    return qs.select_related("tipologia", "ente_gestore", "titolare", "comune").order_by("denominazione", "pk")


def unita_get(*, ambito: Ambito, pk: int, ente: int | None = None) -> UnitaOfferta:
    """One unit of the Ambito that the user may see, or ``NonTrovato`` (404)."""
    return uno(unita_list(ambito=ambito, ente=ente), _("Unità d'offerta inesistente."), pk=pk)


def unita_attive_pubbliche(*, ambito: Ambito) -> QuerySet[UnitaOfferta]:
    """What the public map may show: active units only (the public view reads selected columns of these)."""
    return (UnitaOfferta.objects.filter(ambito=ambito, stato=StatoUnita.ATTIVA)
            .select_related("tipologia", "comune", "ente_gestore")
            .order_by("tipologia__ordine", "comune__denominazione", "denominazione", "pk"))


# --- CPE ------------------------------------------------------------------------------------------------


def cpe_list(*, ambito: Ambito, ente: int | None = None, unita: UnitaOfferta | None = None, stato: str = "",
             aperte: bool = False) -> QuerySet[CPE]:
    qs = CPE.objects.filter(ambito=ambito)
    if ente is not None:
        qs = qs.filter(unita__ente_gestore_id=ente)
    if unita is not None:
        qs = qs.filter(unita=unita)
    if stato:
        qs = qs.filter(stato=stato)
    if aperte:
        qs = qs.exclude(stato__in=STATI_CPE_CHIUSI)
    return qs.select_related("unita", "unita__comune", "tipologia", "ente_gestore").order_by(
        "-data_presentazione", "-pk")


def cpe_get(*, ambito: Ambito, pk: int, ente: int | None = None) -> CPE:
    return uno(cpe_list(ambito=ambito, ente=ente), _("CPE inesistente."), pk=pk)


def cpe_ultima(*, unita: UnitaOfferta) -> CPE | None:
    """The unit's latest CPE (a variation links to it), or None."""
    return CPE.objects.filter(ambito_id=unita.ambito_id, unita=unita).order_by("-data_presentazione", "-pk").first()


def verifica_list(*, cpe: CPE) -> QuerySet[VerificaRequisito]:
    return (VerificaRequisito.objects.filter(ambito_id=cpe.ambito_id, cpe=cpe)
            .select_related("requisito").order_by("requisito__ordine", "pk"))


def comunicazione_list(*, unita: UnitaOfferta) -> QuerySet[Comunicazione]:
    return Comunicazione.objects.filter(ambito_id=unita.ambito_id, unita=unita).order_by("-data", "-pk")


# --- vigilance --------------------------------------------------------------------------------------------


def visita_list(*, ambito: Ambito, ente: int | None = None, unita: UnitaOfferta | None = None,
                da_ottemperare: bool = False) -> QuerySet[VisitaVigilanza]:
    qs = VisitaVigilanza.objects.filter(ambito=ambito)
    if ente is not None:
        qs = qs.filter(unita__ente_gestore_id=ente)
    if unita is not None:
        qs = qs.filter(unita=unita)
    if da_ottemperare:
        qs = qs.filter(termine__isnull=False, ottemperata_il__isnull=True)
    return qs.select_related("unita", "unita__comune", "cpe").order_by("-data", "-pk")


def visita_get(*, ambito: Ambito, pk: int, ente: int | None = None) -> VisitaVigilanza:
    return uno(visita_list(ambito=ambito, ente=ente), _("Visita inesistente."), pk=pk)


# --- accreditation ----------------------------------------------------------------------------------------


def bando_list(*, ambito: Ambito) -> QuerySet[BandoAccreditamento]:
    return BandoAccreditamento.objects.filter(ambito=ambito).order_by("-data_apertura", "-pk")


def accreditamento_list(*, ambito: Ambito, ente: int | None = None, unita: UnitaOfferta | None = None,
                        stato: str = "") -> QuerySet[Accreditamento]:
    qs = Accreditamento.objects.filter(ambito=ambito)
    if ente is not None:
        qs = qs.filter(unita__ente_gestore_id=ente)
    if unita is not None:
        qs = qs.filter(unita=unita)
    if stato:
        qs = qs.filter(stato=stato)
    return qs.select_related("unita", "unita__tipologia", "unita__comune", "unita__ente_gestore", "bando",
                             "atto").order_by("-data_domanda", "-pk")


def accreditamento_get(*, ambito: Ambito, pk: int, ente: int | None = None) -> Accreditamento:
    return uno(accreditamento_list(ambito=ambito, ente=ente), _("Accreditamento inesistente."), pk=pk)


def albo_accreditati(*, ambito: Ambito) -> QuerySet[Accreditamento]:
    """The Albo degli accreditati: units accredited now, by type."""
    return accreditamento_list(ambito=ambito, stato=StatoAccreditamento.ACCREDITATA).order_by(
        "unita__tipologia__ordine", "unita__denominazione")


def contratto_list(*, accreditamento: Accreditamento) -> QuerySet[Contratto]:
    return (Contratto.objects.filter(ambito_id=accreditamento.ambito_id, accreditamento=accreditamento)
            .select_related("committente").order_by("-data_inizio", "-pk"))


# --- FSR --------------------------------------------------------------------------------------------------


def consuntivo_list(*, ambito: Ambito, ente: int | None = None, anno: int | None = None,
                    unita: UnitaOfferta | None = None) -> QuerySet[ConsuntivoFSR]:
    qs = ConsuntivoFSR.objects.filter(ambito=ambito)
    if ente is not None:
        qs = qs.filter(unita__ente_gestore_id=ente)
    if anno:
        qs = qs.filter(anno=anno)
    if unita is not None:
        qs = qs.filter(unita=unita)
    return qs.select_related("unita", "unita__tipologia", "quota").order_by("-anno", "unita__denominazione")


def avviso_fsr_list(*, ambito: Ambito) -> QuerySet[AvvisoFSR]:
    return AvvisoFSR.objects.filter(ambito=ambito).select_related("atto").order_by("-anno")


def criterio_fsr_list(*, ambito: Ambito, anno: int | None = None) -> QuerySet[CriterioFSR]:
    qs = CriterioFSR.objects.filter(ambito=ambito)
    if anno:
        qs = qs.filter(anno=anno)
    return qs.select_related("atto").order_by("-anno", "area")


@dataclass(frozen=True)
class Proposta:
    """The contribution the Assemblea's criteria give one consuntivo (``None``: no criterion for its area)."""

    consuntivo: ConsuntivoFSR
    importo: Decimal | None


CENTESIMO = Decimal("0.01")


def contributi_proposti(*, ambito: Ambito, anno: int) -> list[Proposta]:
    """Each consuntivo of ``anno`` with the contribution the criteria compute: the area's share split in
    proportion to utenti × giornate, rounded down to the cent and capped by the unit's deficit. What the caps
    leave unassigned stays in the FSR (not redistributed). Two queries."""
    criteri = {c.area: c.importo for c in criterio_fsr_list(ambito=ambito, anno=anno)}
    consuntivi = list(consuntivo_list(ambito=ambito, anno=anno))
    pesi: dict[str, int] = {}
    for c in consuntivi:
        area = c.unita.tipologia.area if c.unita.tipologia else ""
        pesi[area] = pesi.get(area, 0) + c.utenti * c.giornate
    proposte = []
    for c in consuntivi:
        area = c.unita.tipologia.area if c.unita.tipologia else ""
        if area not in criteri:
            proposte.append(Proposta(c, None))
            continue
        quota = (criteri[area] * c.utenti * c.giornate / pesi[area]).quantize(CENTESIMO, rounding=ROUND_DOWN) \
            if pesi[area] else Decimal("0.00")
        proposte.append(Proposta(c, min(quota, c.sbilancio)))
    return proposte


def contributo_proposto(*, consuntivo: ConsuntivoFSR) -> Decimal | None:
    for p in contributi_proposti(ambito=consuntivo.ambito, anno=consuntivo.anno):
        if p.consuntivo.pk == consuntivo.pk:
            return p.importo
    return None


def consuntivo_get(*, ambito: Ambito, pk: int, ente: int | None = None) -> ConsuntivoFSR:
    return uno(consuntivo_list(ambito=ambito, ente=ente), _("Consuntivo inesistente."), pk=pk)
