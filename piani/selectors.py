"""Reads of the Piano di Zona: ``<noun>_<verb>(*, ambito, …)``, filtered by the Ambito even inside its scope.

Who sees what is decided here and nowhere else:

* staff see every plan; the Assemblea sees approved plans only (``solo_approvati``) and closed monitoring
  periods only (``solo_chiusi``);
* a partner sees only the projects granted to them with django-guardian (``progetti_visibili``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from ambito.accounts.permissions import ContestoAccesso
from ambito.errors import uno
from ambito.formato import oggi
from ambito.tenancy.models import Ambito
from piani.models import (
    STATI_APPROVATI,
    BudgetProgetto,
    CollegamentoObiettivo,
    EventoPiano,
    Indicatore,
    MacroArea,
    Obiettivo,
    PeriodoMonitoraggio,
    PianoDiZona,
    Progetto,
    ProgettoSovrazonale,
    Sottoscrittore,
    StatoObiettivo,
    TargetIndicatore,
    ValoreIndicatore,
)

ZERO = Decimal("0.00")
VEDI_PIANO = "piani.vedi"
GESTISCI = "piani.gestisci"


# --- visibility -------------------------------------------------------------------------------------


def solo_approvati_per(contesto: ContestoAccesso) -> bool:
    """Who does not manage the plan (the Assemblea) sees approved plans only."""
    return not contesto.puo(GESTISCI)


def solo_chiusi_per(contesto: ContestoAccesso) -> bool:
    """Who does not manage the plan sees the figures of closed periods only."""
    return not contesto.puo(GESTISCI)


def progetti_visibili(*, contesto: ContestoAccesso, qs: QuerySet[Progetto]) -> QuerySet[Progetto]:
    """Staff and the Assemblea see the plan's projects (the Assemblea those of approved plans); anybody else
    (a partner) only the projects granted to them (django-guardian ``piani.view_progetto``)."""
    if contesto.puo(VEDI_PIANO):
        if solo_approvati_per(contesto):
            qs = qs.filter(piano__stato__in=STATI_APPROVATI)
        return qs
    return get_objects_for_user(contesto.utente, "piani.view_progetto", klass=qs, accept_global_perms=False)


# --- plans ------------------------------------------------------------------------------------------


def piano_list(*, ambito: Ambito, solo_approvati: bool = False) -> QuerySet[PianoDiZona]:
    qs = PianoDiZona.objects.filter(ambito=ambito).select_related("accordo", "atto_approvazione")
    if solo_approvati:
        qs = qs.filter(stato__in=STATI_APPROVATI)
    return qs.annotate(n_obiettivi=Count("obiettivi", distinct=True),
                       n_progetti=Count("progetti", distinct=True)).order_by("-triennio")


def piano_get(*, ambito: Ambito, pk: int, solo_approvati: bool = False) -> PianoDiZona:
    qs = PianoDiZona.objects.filter(ambito=ambito).select_related(
        "accordo", "atto_approvazione", "atto_linee_guida", "responsabile")
    if solo_approvati:
        qs = qs.filter(stato__in=STATI_APPROVATI)
    return uno(qs, _("Piano di Zona inesistente."), pk=pk)


def sottoscrittore_list(*, piano: PianoDiZona) -> QuerySet[Sottoscrittore]:
    return Sottoscrittore.objects.filter(ambito_id=piano.ambito_id, piano=piano).select_related(
        "comune", "ente").order_by("adesione", "ente", "comune__denominazione", "pk")


def sottoscrittore_get(*, ambito: Ambito, pk: int) -> Sottoscrittore:
    return uno(Sottoscrittore.objects.filter(ambito=ambito).select_related("piano", "comune", "ente"),
               _("Sottoscrittore inesistente."), pk=pk)


def evento_list(*, piano: PianoDiZona) -> QuerySet[EventoPiano]:
    return EventoPiano.objects.filter(ambito_id=piano.ambito_id, piano=piano).select_related("atto").order_by(
        "anno", "pk")


def macroarea_list(*, ambito: Ambito, triennio: int) -> QuerySet[MacroArea]:
    return MacroArea.objects.filter(ambito=ambito, triennio=triennio).order_by("ordine", "codice")


def macroarea_tutte(*, ambito: Ambito) -> QuerySet[MacroArea]:
    """Every triennio's areas, the latest triennio first (choices of the profilo di comunità)."""
    return MacroArea.objects.filter(ambito=ambito).order_by("-triennio", "ordine", "codice")


def macroarea_get(*, ambito: Ambito, pk: int) -> MacroArea:
    return uno(MacroArea.objects.filter(ambito=ambito), _("Macro-area inesistente."), pk=pk)


def trienni(*, ambito: Ambito) -> list[int]:
    return sorted(set(MacroArea.objects.filter(ambito=ambito).values_list("triennio", flat=True)))


# --- objectives -------------------------------------------------------------------------------------


def obiettivo_list(*, piano: PianoDiZona) -> QuerySet[Obiettivo]:
    return (Obiettivo.objects.filter(ambito_id=piano.ambito_id, piano=piano).select_related("padre")
            .prefetch_related(Prefetch("macro_aree", queryset=MacroArea.objects.order_by("ordine")), "partner")
            .order_by("codice", "pk"))


def obiettivo_get(*, ambito: Ambito, pk: int, solo_approvati: bool = False) -> Obiettivo:
    qs = Obiettivo.objects.filter(ambito=ambito).select_related("piano", "padre")
    if solo_approvati:
        qs = qs.filter(piano__stato__in=STATI_APPROVATI)
    return uno(qs, _("Obiettivo inesistente."), pk=pk)


def collegamento_list(*, obiettivo: Obiettivo) -> list[CollegamentoObiettivo]:
    return list(CollegamentoObiettivo.objects.filter(ambito_id=obiettivo.ambito_id, obiettivo=obiettivo)
                .select_related("content_type").order_by("pk"))


def collegamento_get(*, ambito: Ambito, pk: int) -> CollegamentoObiettivo:
    return uno(CollegamentoObiettivo.objects.filter(ambito=ambito).select_related("obiettivo"),
               _("Collegamento inesistente."), pk=pk)


def obiettivi_scelte(*, piano: PianoDiZona) -> QuerySet[Obiettivo]:
    return Obiettivo.objects.filter(ambito_id=piano.ambito_id, piano=piano).order_by("codice", "pk")


def strategici_scelte(*, piano: PianoDiZona) -> QuerySet[Obiettivo]:
    return obiettivi_scelte(piano=piano).filter(tipo="strategico")


# --- projects ---------------------------------------------------------------------------------------


def progetto_list(*, ambito: Ambito, contesto: ContestoAccesso, piano: PianoDiZona | None = None
                  ) -> QuerySet[Progetto]:
    qs = Progetto.objects.filter(ambito=ambito)
    if piano is not None:
        qs = qs.filter(piano=piano)
    qs = progetti_visibili(contesto=contesto, qs=qs)
    return (qs.select_related("piano", "sovrazonale")
            .prefetch_related(Prefetch("macro_aree", queryset=MacroArea.objects.order_by("ordine")))
            .order_by("titolo", "pk"))


def progetto_get(*, ambito: Ambito, contesto: ContestoAccesso, pk: int) -> Progetto:
    """The project as this user may see it, or ``NonTrovato`` (404): also a project not granted to a partner."""
    qs = progetti_visibili(contesto=contesto, qs=Progetto.objects.filter(ambito=ambito))
    return uno(qs.select_related("piano", "sovrazonale"), _("Progetto inesistente."), pk=pk)


def progetto_dettaglio(progetto: Progetto) -> dict[str, Any]:
    """What the project card shows: areas, objectives, actions per year, budget and fondi quotas."""
    azioni = list(progetto.azioni.order_by("anno", "pk"))
    budget = list(BudgetProgetto.objects.filter(ambito_id=progetto.ambito_id, progetto=progetto)
                  .order_by("anno", "fonte"))
    per_anno: dict[int, list] = defaultdict(list)
    for azione in azioni:
        per_anno[azione.anno].append(azione)
    return {
        "aree": list(progetto.macro_aree.order_by("ordine")),
        "obiettivi": list(progetto.obiettivi.order_by("codice", "pk")),
        "azioni_per_anno": sorted(per_anno.items()),
        "budget": budget,
        "budget_totale": sum((b.importo for b in budget), ZERO),
        "quote": quote_progetti(ambito=progetto.ambito, progetti=[progetto]).get(progetto.pk, []),
    }


def quote_progetti(*, ambito: Ambito, progetti: list[Progetto]) -> dict[int, list]:
    """The fondi quotas allocated to these projects (``quota_create(..., oggetto=progetto)``), with their
    balances, by project id — one query through fondi's own selector."""
    from fondi.selectors import con_saldi, quota_list

    ct = ContentType.objects.get_for_model(Progetto)
    quote = con_saldi(quota_list(ambito=ambito).filter(content_type=ct, object_id__in=[p.pk for p in progetti]))
    per_progetto: dict[int, list] = defaultdict(list)
    for quota in quote:
        per_progetto[quota.object_id].append(quota)
    return per_progetto


def partner_list(*, progetto: Progetto) -> list:
    """The partners granted this project (the audited records of the django-guardian grants) — user objects."""
    from piani.models import PartnerProgetto

    return [c.utente for c in PartnerProgetto.objects.filter(ambito_id=progetto.ambito_id, progetto=progetto)
            .select_related("utente").order_by("utente__email")]


def partner_scelte(*, ambito: Ambito) -> QuerySet:
    from ambito.accounts.models import Membro, Ruolo, Utente

    ids = Membro.objects.filter(ambito=ambito, ruolo=Ruolo.PARTNER, revocato_il__isnull=True).values("utente_id")
    return Utente.objects.filter(pk__in=ids).order_by("email")


# --- sovrazonale projects ----------------------------------------------------------------------------


def sovrazonale_list(*, ambito: Ambito) -> QuerySet[ProgettoSovrazonale]:
    """The sovrazonale headers this Ambito takes part in (shared data: each participant sees the header)."""
    return ProgettoSovrazonale.objects.filter(ambiti=ambito).select_related("ente", "ambito_capofila").order_by(
        "titolo")


def sovrazonale_get(*, ambito: Ambito, pk: int) -> ProgettoSovrazonale:
    return uno(sovrazonale_list(ambito=ambito), _("Progetto sovrazonale inesistente."), pk=pk)


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


# --- profilo di comunità ----------------------------------------------------------------------------


def dato_comunita_list(*, ambito: Ambito, anno: int | None = None) -> QuerySet:
    from piani.models import DatoComunita

    qs = DatoComunita.objects.filter(ambito=ambito).select_related("comune", "macro_area")
    if anno is not None:
        qs = qs.filter(anno=anno)
    return qs.order_by("-anno", "tipo", "voce", "comune__denominazione")


def dato_comunita_get(*, ambito: Ambito, pk: int) -> Any:
    return uno(dato_comunita_list(ambito=ambito), _("Dato inesistente."), pk=pk)


def anni_profilo(*, ambito: Ambito) -> list[int]:
    from piani.models import DatoComunita

    return sorted(set(DatoComunita.objects.filter(ambito=ambito).values_list("anno", flat=True)), reverse=True)


@dataclass
class RigaProfilo:
    """One line of the profile: a voce in a year, its value for the Ambito and for each comune."""

    voce: str
    tipo: str
    unita: str
    fonte: str
    ambito: Decimal | None
    per_comune: dict[str, Decimal]
    sommato: bool = False  # the Ambito's figure is the sum of the comuni (population bands given per comune)
    decimali: int = 0  # the decimals the figures need (a rate 12,5; a population 46.053)


def profilo_comunita(*, ambito: Ambito, anno: int) -> list[RigaProfilo]:
    """The year's profile as a table: per voce, the Ambito's figure (entered, or for a population band the sum of
    the comuni's) and each comune's. One query."""
    righe: dict[str, RigaProfilo] = {}
    for d in dato_comunita_list(ambito=ambito, anno=anno):
        riga = righe.setdefault(d.voce, RigaProfilo(d.voce, d.tipo, d.unita, d.fonte, None, {}))
        if d.comune_id is None:
            riga.ambito = d.valore
        else:
            riga.per_comune[d.comune.denominazione] = d.valore
    from ambito.formato import decimali_significativi

    for riga in righe.values():
        if riga.ambito is None and riga.tipo == "fascia_eta" and riga.per_comune:
            riga.ambito, riga.sommato = sum(riga.per_comune.values(), Decimal(0)), True
        valori = [*riga.per_comune.values(), *([riga.ambito] if riga.ambito is not None else [])]
        riga.decimali = max((decimali_significativi(v, 0, 2) for v in valori), default=0)
    return list(righe.values())


def dati_per_aree(*, ambito: Ambito, aree: list[MacroArea]) -> list:
    """The latest Ambito-level figures tied to these macro-areas: shown beside an objective."""
    ultimi: dict[str, Any] = {}
    for d in dato_comunita_list(ambito=ambito).filter(macro_area__in=aree, comune__isnull=True):
        ultimi.setdefault(d.voce, d)
    return list(ultimi.values())


# --- co-programming and co-design -------------------------------------------------------------------


def coprogettazione_list(*, ambito: Ambito) -> QuerySet:
    from piani.models import Coprogettazione

    return (Coprogettazione.objects.filter(ambito=ambito).select_related("avviso", "convenzione", "piano", "tavolo")
            .annotate(n_ammessi=Count("enti", filter=Q(enti__esito="ammesso"), distinct=True)).order_by("-pk"))


def coprogettazione_get(*, ambito: Ambito, pk: int) -> Any:
    from piani.models import Coprogettazione

    return uno(Coprogettazione.objects.filter(ambito=ambito).select_related(
        "avviso", "convenzione", "piano", "progetto", "tavolo"), _("Procedura inesistente."), pk=pk)


def coprogettazione_dettaglio(procedura: Any) -> dict[str, Any]:
    """Enti with their outcome, the table's sessions (minutes in the core), reporting dates, the fondi quotas."""
    from ambito.organi.selectors import seduta_list
    from fondi.selectors import con_saldi, quota_list
    from piani.models import Coprogettazione

    ct = ContentType.objects.get_for_model(Coprogettazione)
    return {
        "enti": list(procedura.enti.select_related("ente").order_by("esito", "ente__denominazione")),
        "sedute": list(seduta_list(organo=procedura.tavolo)) if procedura.tavolo_id else [],
        "scadenze": list(procedura.scadenze.order_by("data", "pk")),
        "quote": con_saldi(quota_list(ambito=procedura.ambito).filter(content_type=ct, object_id=procedura.pk)),
    }


def scadenza_rendicontazione_get(*, ambito: Ambito, pk: int) -> Any:
    from piani.models import ScadenzaRendicontazione

    return uno(ScadenzaRendicontazione.objects.filter(ambito=ambito).select_related("procedura"),
               _("Scadenza inesistente."), pk=pk)


def scadenze_rendicontazione_aperte(*, ambito: Ambito, dal: Any, al: Any) -> QuerySet:
    from piani.models import ScadenzaRendicontazione

    return (ScadenzaRendicontazione.objects.filter(ambito=ambito, rendicontata_il__isnull=True, data__lte=al,
                                                   data__gte=dal)
            .select_related("procedura").order_by("data", "pk"))


def tavoli_scelte(*, ambito: Ambito) -> QuerySet:
    from ambito.organi.models import OrganoCollegiale, TipoOrgano

    return OrganoCollegiale.objects.filter(ambito=ambito, tipo__in=[TipoOrgano.TAVOLO_TEMATICO,
                                                                    TipoOrgano.TAVOLO_TECNICO]).order_by("nome")
