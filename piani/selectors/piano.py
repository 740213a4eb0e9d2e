"""Plans, visibility rules, macro-areas, signatories, events, objectives."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from ambito.accounts.permissions import ContestoAccesso
from ambito.errors import uno
from ambito.tenancy.models import Ambito
from piani.models import (
    STATI_APPROVATI,
    CollegamentoObiettivo,
    EventoPiano,
    MacroArea,
    Obiettivo,
    PianoDiZona,
    Progetto,
    Sottoscrittore,
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
