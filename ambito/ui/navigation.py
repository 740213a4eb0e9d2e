"""Registries of the UI shell: main-menu entries and home-page (dashboard) widgets.

Domain apps add their own from ``AppConfig.ready()`` without touching ``base.html``, as
``fondi/apps.py`` does::

    from ambito.ui.navigation import registra_voce, registra_widget

    registra_voce(_("Fondi"), "fondi:dashboard", "fondi.vedi", ordine=40, icona="it-card")
    registra_widget("fondi/widget.html", "fondi.vedi", ordine=30, contesto=widget_dashboard)

A menu entry is shown only to whom holds its capability (``request.contesto.puo``) and only
if its URL name resolves: an entry whose page does not exist yet is skipped silently, so a
page never breaks because of the menu. URL names are reversed with the ``ambito_slug`` of
the current request.

A widget renders ``template`` with the dict returned by ``contesto(request)`` merged into the
page context (inside the Ambito's scope); ``contesto`` may return ``None`` to hide the widget
for this request (e.g. a per-comune widget for someone who has no comuni).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core import checks
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ambito.accounts.models import Ruolo
from ambito.accounts.permissions import capacita_registrate
from ambito.approvazioni.models import StatoRichiesta
from ambito.approvazioni.selectors import richiesta_list
from ambito.ui.selectors import (
    atto_pubblicato_list,
    comune_assegnato_list,
    quadro_ufficio,
    seduta_prossima_list,
)

logger = logging.getLogger(__name__)

ContestoWidget = Callable[[HttpRequest], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Voce:
    """One entry of the main menu."""

    etichetta: str
    url_name: str
    capacita: str
    ordine: int
    icona: str | None = None


@dataclass(frozen=True)
class VoceMenu:
    """A menu entry ready to render for one request."""

    etichetta: str
    url: str
    icona: str | None
    attiva: bool


@dataclass(frozen=True)
class Widget:
    """One box of the home page."""

    template: str
    capacita: str
    ordine: int
    contesto: ContestoWidget | None = None


@dataclass(frozen=True)
class WidgetReso:
    template: str
    dati: dict[str, Any] = field(default_factory=dict)


_VOCI: dict[str, Voce] = {}
_WIDGET: dict[str, Widget] = {}


def registra_voce(etichetta: str, url_name: str, capacita: str, ordine: int, icona: str | None = None) -> None:
    """Add (or replace, keyed by ``url_name``) a main-menu entry; lower ``ordine`` comes first."""
    _VOCI[url_name] = Voce(etichetta, url_name, capacita, ordine, icona)


def registra_widget(template: str, capacita: str, ordine: int, contesto: ContestoWidget | None = None) -> None:
    """Add (or replace, keyed by ``template``) a dashboard widget; lower ``ordine`` comes first."""
    _WIDGET[template] = Widget(template, capacita, ordine, contesto)


def voci_registrate() -> list[Voce]:
    return sorted(_VOCI.values(), key=lambda v: (v.ordine, v.url_name))


def widget_registrati() -> list[Widget]:
    return sorted(_WIDGET.values(), key=lambda w: (w.ordine, w.template))


def _puo(contesto: Any, capacita: str) -> bool:
    try:
        return bool(contesto.puo(capacita))
    except KeyError:
        # An unknown capability is a programming error reported by the system check below;
        # at run time the entry is simply not shown to anybody.
        logger.warning("navigation: unknown capability %r", capacita)
        return False


def voci_per(request: HttpRequest) -> list[VoceMenu]:
    """The menu entries the current user may see in the current Ambito (none outside one)."""
    contesto = getattr(request, "contesto", None)
    ambito = getattr(request, "ambito", None)
    if contesto is None or ambito is None:
        return []
    voci: list[VoceMenu] = []
    for voce in voci_registrate():
        if not _puo(contesto, voce.capacita):
            continue
        try:
            url = reverse(voce.url_name, kwargs={"ambito_slug": ambito.slug})
        except NoReverseMatch:
            continue
        attiva = request.path == url if voce.url_name == "ui:dashboard" else request.path.startswith(url)
        voci.append(VoceMenu(str(voce.etichetta), url, voce.icona, attiva))
    return voci


def widget_per(request: HttpRequest) -> list[WidgetReso]:
    """The dashboard widgets for the current user, with their data (runs inside the scope)."""
    contesto = request.contesto  # type: ignore[attr-defined]
    resi: list[WidgetReso] = []
    for widget in widget_registrati():
        if not _puo(contesto, widget.capacita):
            continue
        dati = widget.contesto(request) if widget.contesto is not None else {}
        if dati is None:
            continue
        resi.append(WidgetReso(widget.template, dati))
    return resi


@checks.register()
def controlla_capacita(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every menu entry and widget names a registered capability (a typo hides it forever)."""
    note = capacita_registrate()
    errori: list[checks.CheckMessage] = []
    for nome, capacita in [(v.url_name, v.capacita) for v in _VOCI.values()] + [
        (w.template, w.capacita) for w in _WIDGET.values()
    ]:
        if capacita not in note:
            errori.append(checks.Error(f"{nome} requires the unknown capability {capacita!r}",
                                       id="ambito.E101"))
    return errori


# --- Core entries and widgets ------------------------------------------------------------------

registra_voce(_("Pagina iniziale"), "ui:dashboard", "ambito.dashboard", ordine=0, icona="it-pa")
registra_voce(_("Atti"), "atti:atti_list", "ambito.atti.vedi_pubblicati", ordine=10, icona="it-files")
registra_voce(_("Organi e sedute"), "organi:organi_list", "ambito.organi.vedi", ordine=20, icona="it-calendar")
registra_voce(_("Territorio ed enti"), "territorio:territorio", "ambito.territorio.vedi", ordine=30,
              icona="it-map-marker")
registra_voce(_("Approvazioni"), "approvazioni:richieste_list", "ambito.approvazioni.vedi", ordine=75,
              icona="it-check-circle")
registra_voce(_("Area pubblica"), "pubblico_gestione:pagine", "ambito.pubblico.gestisci", ordine=78, icona="it-horn")
registra_voce(_("Utenti"), "membri:membri_list", "ambito.membri.vedi", ordine=80, icona="it-user")
registra_voce(_("Registro accessi"), "audit:accessi_sensibili", "ambito.audit.accessi", ordine=85,
              icona="it-locked")
# Only roles that can start a job get the entry: for the read-only roles it was an empty page. Anyone may
# still open a job they were sent a link to (ambito.jobs.vedi).
registra_voce(_("Elaborazioni"), "jobs:job_list", "ambito.jobs.avvia", ordine=90, icona="it-refresh")
registra_voce(_("Importazioni"), "importazioni:importazione_list", "ambito.importazioni.vedi", ordine=88,
              icona="it-upload")


def _widget_ufficio(request: HttpRequest) -> dict[str, Any]:
    ambito = request.ambito  # type: ignore[attr-defined]
    return {"quadro": quadro_ufficio(ambito=ambito), "sedute": seduta_prossima_list(ambito=ambito, limite=3)}


def _widget_comuni(request: HttpRequest) -> dict[str, Any] | None:
    membro = request.contesto.membro  # type: ignore[attr-defined]
    if membro is None or membro.ruolo != Ruolo.ASSISTENTE_SOCIALE:  # e.g. a platform administrator
        return None
    ids = [c.pk for c in membro.comuni.all()]
    return {"comuni": comune_assegnato_list(ambito=request.ambito, comuni=ids)}  # type: ignore[attr-defined]


def _widget_assemblea(request: HttpRequest) -> dict[str, Any]:
    ambito = request.ambito  # type: ignore[attr-defined]
    membro = request.contesto.membro  # type: ignore[attr-defined]
    return {"atti": atto_pubblicato_list(ambito=ambito),
            "sedute": seduta_prossima_list(ambito=ambito, solo_assemblea=True, limite=3),
            "comuni_rappresentati": list(membro.comuni.all()) if membro is not None else []}


def _widget_partner(request: HttpRequest) -> dict[str, Any] | None:
    membro = request.contesto.membro  # type: ignore[attr-defined]
    if membro is None or membro.ruolo != Ruolo.PARTNER:
        return None
    return {"ente": membro.ente, "atti": atto_pubblicato_list(ambito=request.ambito, limite=3)}


def _widget_approvazioni(request: HttpRequest) -> dict[str, Any]:
    ambito = request.ambito  # type: ignore[attr-defined]
    return {"richieste": list(richiesta_list(ambito=ambito, stato=StatoRichiesta.IN_ATTESA)[:5])}


registra_widget("includes/dashboard/approvazioni.html", "ambito.approvazioni.vedi", ordine=15,
                contesto=_widget_approvazioni)
registra_widget("includes/dashboard/ufficio.html", "ambito.dashboard.ufficio", ordine=10, contesto=_widget_ufficio)
registra_widget("includes/dashboard/comuni.html", "ambito.dashboard.comuni", ordine=20, contesto=_widget_comuni)
registra_widget("includes/dashboard/assemblea.html", "ambito.dashboard.assemblea", ordine=20,
                contesto=_widget_assemblea)
registra_widget("includes/dashboard/partner.html", "ambito.dashboard.partner", ordine=20, contesto=_widget_partner)
