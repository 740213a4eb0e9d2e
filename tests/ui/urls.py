"""The real URLconf plus stand-ins for the core pages other modules are building, so the menu can be
tested against every core entry whatever exists today, and a few pages that exercise the shell
(messages, breadcrumb and actions blocks, a crash for the 500 page).

Stand-ins are added only for URL names that do not resolve in the real URLconf.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, include, path, reverse

from ambito import urls as progetto
from ambito.accounts.permissions import richiede

handler403 = progetto.handler403
handler404 = progetto.handler404
handler500 = progetto.handler500

PAGINA_DI_PROVA = engines["django"].from_string(
    '{% extends "base.html" %}'
    '{% block titolo %}Pagina di prova{% endblock %}'
    '{% block breadcrumb %}<li class="breadcrumb-item active" aria-current="page">Pagina di prova</li>'
    '{% endblock %}'
    '{% block azioni %}<a class="btn btn-primary" href="#" id="azione-di-prova">Nuovo elemento</a>{% endblock %}'
    '{% block contenuto %}<h1>Pagina di prova</h1>{% endblock %}'
)


def _segnaposto(capacita: str):
    @richiede(capacita)
    def vista(request: HttpRequest, ambito_slug: str) -> HttpResponse:
        return HttpResponse(f"segnaposto {capacita}")

    return vista


@richiede("ambito.dashboard")
def con_messaggi(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    messages.success(request, "Modifiche salvate.")
    messages.error(request, "Il bando è chiuso.")
    return redirect("ui_pagina_di_prova", ambito_slug=ambito_slug)


@richiede("ambito.dashboard")
def pagina_di_prova(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return TemplateResponse(request, PAGINA_DI_PROVA, {})


@richiede("ambito.dashboard")
def guasto(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    raise RuntimeError("a bug in a view")


def _esiste(nome: str) -> bool:
    try:
        reverse(nome, urlconf=progetto, kwargs={"ambito_slug": "x"})
    except NoReverseMatch:
        try:
            reverse(nome, urlconf=progetto)
        except NoReverseMatch:
            return False
    return True


SEGNAPOSTO = {
    "atti:atti_list": "ambito.atti.vedi_pubblicati",
    "organi:organi_list": "ambito.organi.vedi",
    "territorio:territorio": "ambito.territorio.vedi",
    "membri:membri_list": "ambito.membri.vedi",
    "jobs:job_list": "ambito.jobs.vedi",
    "audit:accessi_sensibili": "ambito.audit.accessi",
}

pagine_ambito = [
    path(f"segnaposto/{nome}/", _segnaposto(capacita), name=nome)
    for nome, capacita in SEGNAPOSTO.items()
    if not _esiste(nome)
]
pagine_ambito += [
    path("prova/messaggi/", con_messaggi, name="ui_con_messaggi"),
    path("prova/pagina/", pagina_di_prova, name="ui_pagina_di_prova"),
    path("prova/guasto/", guasto, name="ui_guasto"),
]

urlpatterns = [
    *progetto.urlpatterns,
    path("a/<slug:ambito_slug>/", include(pagine_ambito)),
]
if not _esiste("logout"):
    urlpatterns.append(path("segnaposto/esci/", lambda request: HttpResponse("uscito"), name="logout"))
