"""Vigilance log and visits; accreditation calls, applications, their steps and contracts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ambito.accounts.permissions import richiede
from ambito.audit.selectors import storia_oggetto_leggibile
from ambito.formato import data_it, oggi
from ambito.web import modulo
from udos import forms as f
from udos import selectors, services
from udos.views.comune import GESTISCI, VEDI, T, alla_unita, ente_visto, unita_vista

# --- vigilance ------------------------------------------------------------------------------------------


@richiede(VEDI)
@require_safe
def visita_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    da_ottemperare = request.GET.get("aperte") == "1"
    visite = selectors.visita_list(ambito=request.ambito, ente=ente_visto(request), da_ottemperare=da_ottemperare)
    return render(request, "udos/vigilanza.html", {"visite": visite, "aperte": da_ottemperare,
                                                   "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def visita_create(request: HttpRequest, ambito_slug: str, unita_pk: int) -> HttpResponse:
    unita = unita_vista(request, unita_pk)
    form = f.VisitaForm(request.POST or None)
    return modulo(request, form,
                  esegui=lambda dati: services.visita_create(unita=unita, actor=request.user, **dati),
                  messaggio=lambda v: _("Visita di vigilanza del %(data)s registrata: %(esito)s.")
                  % {"data": data_it(v.data), "esito": v.get_esito_display()},
                  successo=alla_unita(ambito_slug), template=T,
                  contesto={"titolo": _("Visita di vigilanza dell'ATS"), "unita": unita})


@richiede(GESTISCI)
def visita_ottemperanza(request: HttpRequest, ambito_slug: str, visita_pk: int) -> HttpResponse:
    visita = selectors.visita_get(ambito=request.ambito, pk=visita_pk, ente=ente_visto(request))
    form = f.DataForm(request.POST or None, initial={"data": oggi()})
    return modulo(request, form,
                  esegui=lambda dati: services.visita_ottemperanza_record(visita=visita, actor=request.user, **dati),
                  messaggio=_("Prescrizioni ottemperate."),
                  successo=lambda v: redirect("udos:visita_list", ambito_slug=ambito_slug), template=T,
                  contesto={"titolo": _("Ottemperanza alle prescrizioni"), "unita": visita.unita})


# --- accreditation --------------------------------------------------------------------------------------


@richiede(VEDI)
@require_safe
def accreditamento_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return render(request, "udos/accreditamenti.html", {
        "accreditamenti": selectors.accreditamento_list(ambito=request.ambito, ente=ente_visto(request)),
        "albo": selectors.albo_accreditati(ambito=request.ambito) if ente_visto(request) is None else [],
        "bandi": selectors.bando_list(ambito=request.ambito), "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def bando_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = f.BandoForm(request.POST or None)
    return modulo(request, form,
                  esegui=lambda dati: services.bando_create(ambito=request.ambito, actor=request.user, **dati),
                  messaggio=lambda b: _("Bando di accreditamento registrato: %(t)s.") % {"t": b.titolo},
                  successo=lambda b: redirect("udos:accreditamento_list", ambito_slug=ambito_slug), template=T,
                  contesto={"titolo": _("Nuovo bando di accreditamento")})


@richiede(GESTISCI)
def accreditamento_create(request: HttpRequest, ambito_slug: str, unita_pk: int) -> HttpResponse:
    unita = unita_vista(request, unita_pk)
    form = f.AccreditamentoForm(request.POST or None, ambito=request.ambito,
                                initial={"data_domanda": oggi(), "posti": unita.capacita_autorizzata})
    return modulo(request, form,
                  esegui=lambda dati: services.accreditamento_create(unita=unita, actor=request.user, **dati),
                  messaggio=_("Domanda di accreditamento registrata."),
                  successo=lambda a: redirect("udos:accreditamento_detail", ambito_slug=ambito_slug,
                                              accreditamento_pk=a.pk),
                  template=T, contesto={"titolo": _("Domanda di accreditamento"), "unita": unita})


@richiede(VEDI)
@require_safe
def accreditamento_detail(request: HttpRequest, ambito_slug: str, accreditamento_pk: int) -> HttpResponse:
    acc = selectors.accreditamento_get(ambito=request.ambito, pk=accreditamento_pk, ente=ente_visto(request))
    return render(request, "udos/accreditamento.html", {
        "acc": acc, "contratti": selectors.contratto_list(accreditamento=acc),
        "storia": storia_oggetto_leggibile(acc), "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def accreditamento_stato(request: HttpRequest, ambito_slug: str, accreditamento_pk: int) -> HttpResponse:
    acc = selectors.accreditamento_get(ambito=request.ambito, pk=accreditamento_pk, ente=ente_visto(request))
    form = f.AccreditamentoStatoForm(request.POST or None, ambito=request.ambito, initial={"data": oggi()})
    return modulo(request, form,
                  esegui=lambda dati: services.accreditamento_transition(accreditamento=acc, actor=request.user,
                                                                         **dati),
                  messaggio=lambda a: _("Accreditamento: %(stato)s.") % {"stato": a.get_stato_display()},
                  successo=lambda a: redirect("udos:accreditamento_detail", ambito_slug=ambito_slug,
                                              accreditamento_pk=a.pk),
                  template=T, contesto={"titolo": _("Avanza l'accreditamento"), "unita": acc.unita})


@richiede(GESTISCI)
def contratto_create(request: HttpRequest, ambito_slug: str, accreditamento_pk: int) -> HttpResponse:
    acc = selectors.accreditamento_get(ambito=request.ambito, pk=accreditamento_pk, ente=ente_visto(request))
    form = f.ContrattoForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form,
                  esegui=lambda dati: services.contratto_create(accreditamento=acc, actor=request.user, **dati),
                  messaggio=lambda c: _("Contratto registrato: %(n)d posti.") % {"n": c.posti},
                  successo=lambda c: redirect("udos:accreditamento_detail", ambito_slug=ambito_slug,
                                              accreditamento_pk=acc.pk),
                  template=T, contesto={"titolo": _("Nuovo contratto"), "unita": acc.unita})
