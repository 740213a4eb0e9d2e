"""Indicators and monitoring; budget, spending per area and the dashboard."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from ambito.accounts.permissions import ContestoAccesso
from ambito.errors import uno
from ambito.formato import oggi
from ambito.tenancy.models import Ambito
from piani.models import (
    STATI_APPROVATI,
    BudgetProgetto,
    Indicatore,
    MacroArea,
    Obiettivo,
    PeriodoMonitoraggio,
    PianoDiZona,
    Progetto,
    StatoObiettivo,
    TargetIndicatore,
    ValoreIndicatore,
)
from piani.selectors.coprogettazione import tavoli_scelte
from piani.selectors.piano import macroarea_list, piano_list, progetti_visibili, solo_approvati_per
from piani.selectors.progetti import quote_progetti

ZERO = Decimal("0.00")
VEDI_PIANO = "piani.vedi"


# --- indicators and monitoring ----------------------------------------------------------------------


def indicatore_list(*, piano: PianoDiZona, progetti: QuerySet[Progetto] | None = None) -> QuerySet[Indicatore]:

    filtro = Q(obiettivo__piano=piano) | Q(progetto__piano=piano)
    if progetti is not None:
        filtro = Q(progetto__in=progetti)
    return (Indicatore.objects.filter(filtro, ambito_id=piano.ambito_id)
            .select_related("obiettivo", "progetto")
            .prefetch_related(Prefetch("target", queryset=TargetIndicatore.objects.order_by("anno")))
            .order_by("nome", "pk"))


def indicatore_get(*, ambito: Ambito, pk: int, contesto: ContestoAccesso) -> Indicatore:
    """An indicator as this user may see it: a partner only those of granted projects."""

    qs = Indicatore.objects.filter(ambito=ambito).select_related("obiettivo__piano", "progetto__piano")
    if not contesto.puo(VEDI_PIANO):
        qs = qs.filter(progetto__in=progetti_visibili(contesto=contesto, qs=Progetto.objects.filter(ambito=ambito)))
    elif solo_approvati_per(contesto):
        qs = qs.filter(Q(obiettivo__piano__stato__in=STATI_APPROVATI) | Q(progetto__piano__stato__in=STATI_APPROVATI))
    return uno(qs, _("Indicatore inesistente."), pk=pk)


def periodo_list(*, piano: PianoDiZona, solo_chiusi: bool = False) -> QuerySet[PeriodoMonitoraggio]:
    qs = PeriodoMonitoraggio.objects.filter(ambito_id=piano.ambito_id, piano=piano).select_related("chiuso_da")
    if solo_chiusi:
        qs = qs.filter(chiuso=True)
    return qs.order_by("anno", "semestre")


def periodo_get(*, ambito: Ambito, pk: int, solo_chiusi: bool = False) -> PeriodoMonitoraggio:
    qs = PeriodoMonitoraggio.objects.filter(ambito=ambito).select_related("piano", "chiuso_da")
    if solo_chiusi:
        qs = qs.filter(chiuso=True, piano__stato__in=STATI_APPROVATI)
    return uno(qs, _("Periodo di monitoraggio inesistente."), pk=pk)


def valore_list(*, ambito: Ambito, indicatori: list[Indicatore], solo_chiusi: bool = False
                ) -> QuerySet[ValoreIndicatore]:
    qs = ValoreIndicatore.objects.filter(ambito=ambito, indicatore__in=indicatori).select_related("periodo")
    if solo_chiusi:
        qs = qs.filter(periodo__chiuso=True)
    return qs.order_by("periodo__anno", "periodo__semestre")


@dataclass
class RigaMonitoraggio:
    """One indicator in one period: target of the year, value, whether it is off target."""

    indicatore: Indicatore
    target: Decimal | None
    valore: ValoreIndicatore | None

    @property
    def fuori_target(self) -> bool:
        if self.target is None or self.valore is None:
            return False
        v = self.valore.valore
        return v < self.target if self.indicatore.crescente else v > self.target


def monitoraggio_periodo(*, periodo: PeriodoMonitoraggio, indicatori: list[Indicatore]) -> list[RigaMonitoraggio]:
    """Every indicator with its target for the period's year and its value in the period (2 queries)."""
    valori = {v.indicatore_id: v for v in ValoreIndicatore.objects.filter(
        ambito_id=periodo.ambito_id, periodo=periodo, indicatore__in=indicatori)}
    righe = []
    for indicatore in indicatori:
        target = next((t.valore for t in indicatore.target.all() if t.anno == periodo.anno), None)
        righe.append(RigaMonitoraggio(indicatore, target, valori.get(indicatore.pk)))
    return righe


# --- budget, spending and dashboard -----------------------------------------------------------------


@dataclass
class RigaArea:
    area: MacroArea
    obiettivi_per_stato: dict[str, int] = field(default_factory=dict)
    previsto: Decimal = ZERO
    allocato: Decimal = ZERO
    impegnato: Decimal = ZERO
    liquidato: Decimal = ZERO
    progetti: int = 0


def spesa_per_area(*, piano: PianoDiZona) -> list[RigaArea]:
    """Per macro-area of the plan: the planned budget (the projects' budget lines) and the fondi quotas
    allocated, committed and paid to its projects. A project in several areas counts in each of them (the
    plan's own rule: an area's figure is "what its projects have"), so the areas' figures are not summed.
    Constant queries whatever the number of projects."""
    aree = list(macroarea_list(ambito=piano.ambito, triennio=piano.triennio))
    righe = {a.pk: RigaArea(a, {s: 0 for s in StatoObiettivo.values}) for a in aree}
    progetti = list(Progetto.objects.filter(ambito_id=piano.ambito_id, piano=piano).prefetch_related("macro_aree"))
    budget: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for b in BudgetProgetto.objects.filter(ambito_id=piano.ambito_id, progetto__piano=piano):
        budget[b.progetto_id] += b.importo
    quote = quote_progetti(ambito=piano.ambito, progetti=progetti)
    for progetto in progetti:
        saldi = [q.saldi for q in quote.get(progetto.pk, [])]
        for area in progetto.macro_aree.all():
            riga = righe[area.pk]
            riga.progetti += 1
            riga.previsto += budget[progetto.pk]
            riga.allocato += sum((s.allocato for s in saldi), ZERO)
            riga.impegnato += sum((s.impegnato for s in saldi), ZERO)
            riga.liquidato += sum((s.liquidato for s in saldi), ZERO)
    for obiettivo in Obiettivo.objects.filter(ambito_id=piano.ambito_id, piano=piano).prefetch_related("macro_aree"):
        for area in obiettivo.macro_aree.all():
            righe[area.pk].obiettivi_per_stato[obiettivo.stato] += 1
    return list(righe.values())


def indicatori_fuori_target(*, piano: PianoDiZona, solo_chiusi: bool = False) -> list[RigaMonitoraggio]:
    """Indicators whose latest value (of a closed period, for the Assemblea) misses the year's target."""
    indicatori = list(indicatore_list(piano=piano))
    valori = valore_list(ambito=piano.ambito, indicatori=indicatori, solo_chiusi=solo_chiusi)
    ultimo: dict[int, ValoreIndicatore] = {}
    for v in valori:
        ultimo[v.indicatore_id] = v
    righe = []
    for indicatore in indicatori:
        v = ultimo.get(indicatore.pk)
        if v is None:
            continue
        target = next((t.valore for t in indicatore.target.all() if t.anno == v.periodo.anno), None)
        riga = RigaMonitoraggio(indicatore, target, v)
        if riga.fuori_target:
            righe.append(riga)
    return righe


def piano_corrente(*, ambito: Ambito, solo_approvati: bool = False) -> PianoDiZona | None:
    """The plan of the current triennio (or the latest one)."""
    anno = oggi().year
    piani = list(piano_list(ambito=ambito, solo_approvati=solo_approvati))
    return next((p for p in piani if p.triennio <= anno <= p.triennio + 2), piani[0] if piani else None)


def progetto_scelte(*, ambito: Ambito) -> QuerySet[Progetto]:
    """Every project of the Ambito, for link pickers of other modules (``ambito.collegabili``)."""
    return Progetto.objects.filter(ambito=ambito).order_by("titolo", "pk")


def tavoli_list(*, ambito: Ambito) -> list:
    """The Ambito's tavoli (core collegial bodies of type tavolo tematico or tecnico) the plan works with."""
    return list(tavoli_scelte(ambito=ambito))
