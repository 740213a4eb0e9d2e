"""Pages of the module, under /a/<ambito_slug>/modulo_modello/: fetch with a selector, change with a service
through the kit's form flow (``ambito.web.modulo``), render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ambito.accounts.permissions import richiede
from ambito.allegati.pannello import pannello_allegati
from ambito.web import modulo
from modulo_modello import selectors, services
from modulo_modello.forms import ElementoForm

VEDI = "modulo_modello.vedi"
GESTISCI = "modulo_modello.gestisci"


@richiede(VEDI)
@require_safe
def elemento_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return render(request, "modulo_modello/elenco.html", {
        "elementi": selectors.elemento_list(ambito=request.ambito), "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(VEDI)
@require_safe
def elemento_detail(request: HttpRequest, ambito_slug: str, elemento_pk: int) -> HttpResponse:
    elemento = selectors.elemento_get(ambito=request.ambito, pk=elemento_pk)
    return render(request, "modulo_modello/dettaglio.html", {
        "elemento": elemento, "puo_gestire": request.contesto.puo(GESTISCI),
        "allegati": pannello_allegati(request, elemento)})


@richiede(GESTISCI)
def elemento_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = ElementoForm(request.POST or None)
    return modulo(request, form,
                  esegui=lambda dati: services.elemento_create(ambito=request.ambito, actor=request.user, **dati),
                  messaggio=lambda elemento: _("Elemento registrato: %(nome)s.") % {"nome": elemento.nome},
                  successo=lambda elemento: redirect("modulo_modello:elemento_detail", ambito_slug=ambito_slug,
                                                     elemento_pk=elemento.pk),
                  template="modulo_modello/modulo.html", contesto={"titolo": _("Nuovo elemento")})


@richiede(GESTISCI)
def elemento_edit(request: HttpRequest, ambito_slug: str, elemento_pk: int) -> HttpResponse:
    elemento = selectors.elemento_get(ambito=request.ambito, pk=elemento_pk)
    form = ElementoForm(request.POST or None, initial={"nome": elemento.nome, "descrizione": elemento.descrizione})
    return modulo(request, form,
                  esegui=lambda dati: services.elemento_update(elemento=elemento, actor=request.user, **dati),
                  messaggio=_("Modifiche all'elemento salvate."),
                  successo=lambda elemento: redirect("modulo_modello:elemento_detail", ambito_slug=ambito_slug,
                                                     elemento_pk=elemento.pk),
                  template="modulo_modello/modulo.html",
                  contesto={"titolo": _("Modifica elemento"), "elemento": elemento})
