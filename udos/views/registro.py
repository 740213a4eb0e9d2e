"""The register: list with filters, unit detail with history, data that need no CPE, notices, services without
a building and experimental units, the catalogue, the home-page box."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ambito.accounts.permissions import richiede
from ambito.audit.selectors import storia_oggetto_leggibile
from ambito.formato import data_it, oggi
from ambito.web import modulo
from udos import forms as f
from udos import selectors, services
from udos.models import UnitaOfferta
from udos.views.comune import GESTISCI, PRESENTA, VEDI, T, alla_unita, ente_visto, unita_vista

# --- home-page box ---------------------------------------------------------------------------------------


def widget_dashboard(request: HttpRequest) -> dict[str, Any]:
    """Home-page box: active units and the open CPE (a gestore: their own), two queries."""
    ente = ente_visto(request)
    aperte = list(selectors.cpe_list(ambito=request.ambito, ente=ente, aperte=True)[:5])  # type: ignore[attr-defined]
    attive = selectors.unita_list(ambito=request.ambito, ente=ente, stato="attiva").count()  # type: ignore[attr-defined]
    return {"attive": attive, "aperte": aperte}


# --- register ---------------------------------------------------------------------------------------------


@richiede(VEDI)
@require_safe
def unita_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    filtro = f.FiltroUnitaForm(request.GET or None, ambito=request.ambito)
    unita = selectors.unita_list(ambito=request.ambito, ente=ente_visto(request), **filtro.filtri())
    return render(request, "udos/elenco.html", {
        "filtro": filtro, "unita": unita, "puo_presentare": request.contesto.puo(PRESENTA),
        "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(VEDI)
@require_safe
def unita_detail(request: HttpRequest, ambito_slug: str, unita_pk: int) -> HttpResponse:
    unita = unita_vista(request, unita_pk)
    ente = ente_visto(request)
    return render(request, "udos/dettaglio.html", {
        "unita": unita, "cpe": selectors.cpe_list(ambito=request.ambito, ente=ente, unita=unita),
        "visite": selectors.visita_list(ambito=request.ambito, ente=ente, unita=unita),
        "accreditamenti": selectors.accreditamento_list(ambito=request.ambito, ente=ente, unita=unita),
        "comunicazioni": selectors.comunicazione_list(unita=unita),
        "consuntivi": selectors.consuntivo_list(ambito=request.ambito, ente=ente, unita=unita),
        "storia": storia_oggetto_leggibile(unita),
        "puo_gestire": request.contesto.puo(GESTISCI), "puo_presentare": request.contesto.puo(PRESENTA)})


def _registra_senza_cpe(request: HttpRequest, dati: dict[str, Any]) -> UnitaOfferta:
    dati = dict(dati)
    tipologia, atto = dati.pop("tipologia"), dati.pop("atto_sperimentazione")
    if tipologia is not None:
        return services.servizio_create(ambito=request.ambito, actor=request.user, tipologia=tipologia, **dati)
    return services.unita_sperimentale_create(ambito=request.ambito, actor=request.user, atto_sperimentazione=atto,
                                              **dati)


@richiede(GESTISCI)
def unita_senza_cpe(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """A service without a building (SAD, ADM, assistenza educativa scolastica) or an experimental unit."""
    form = f.UnitaSenzaCPEForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form, esegui=lambda dati: _registra_senza_cpe(request, dati),
                  messaggio=lambda u: _("Registrata nel registro: %(nome)s.") % {"nome": u.denominazione},
                  successo=alla_unita(ambito_slug), template=T,
                  contesto={"titolo": _("Servizio senza struttura o unità sperimentale"),
                            "nota": _("Questi non presentano la CPE: i servizi domiciliari e di assistenza "
                                      "educativa si accreditano direttamente; le unità sperimentali richiedono "
                                      "l'atto che le autorizza.")})


@richiede(GESTISCI)
def unita_edit(request: HttpRequest, ambito_slug: str, unita_pk: int) -> HttpResponse:
    unita = unita_vista(request, unita_pk)
    iniziali = {campo: getattr(unita, campo) for campo in f.UnitaForm.base_fields}
    form = f.UnitaForm(request.POST or None, initial=iniziali)
    return modulo(request, form,
                  esegui=lambda dati: services.unita_update(unita=unita, actor=request.user, **dati),
                  messaggio=lambda u: _("Dati dell'unità salvati: %(nome)s.") % {"nome": u.denominazione},
                  successo=alla_unita(ambito_slug), template=T,
                  contesto={"titolo": _("Modifica i dati dell'unità"), "unita": unita,
                            "nota": _("Tipologia, capacità, sede e gestore cambiano solo con una CPE.")})


@richiede(PRESENTA)
def comunicazione_create(request: HttpRequest, ambito_slug: str, unita_pk: int) -> HttpResponse:
    unita = unita_vista(request, unita_pk)
    form = f.ComunicazioneForm(request.POST or None, initial={"data": oggi()})
    return modulo(request, form,
                  esegui=lambda dati: services.comunicazione_create(unita=unita, actor=request.user, **dati),
                  messaggio=lambda c: _("Comunicazione registrata: %(tipo)s del %(data)s.")
                  % {"tipo": c.get_tipo_display(), "data": data_it(c.data)},
                  successo=alla_unita(ambito_slug), template=T,
                  contesto={"titolo": _("Comunicazione senza CPE"), "unita": unita,
                            "nota": _("Il cambio del legale rappresentante, di orari o rette si comunica: non "
                                      "serve una nuova CPE. Sospensione, ripresa e cessazione cambiano lo stato "
                                      "dell'unità.")})


@richiede(VEDI)
@require_safe
def tipologia_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    tipologie = selectors.tipologia_list(solo_sociali=False).prefetch_related("requisiti")
    return render(request, "udos/tipologie.html", {"tipologie": tipologie})
