"""The platform home (choose an Ambito), the home page of one Ambito (its dashboard) and the Italian
403/404/500 pages (``handler403``/``handler404``/``handler500`` in :mod:`ambito.urls`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader

from ambito.accounts.permissions import richiede
from ambito.accounts.selectors import ambiti_dell_utente
from ambito.ui import selectors
from ambito.ui.navigation import widget_per


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Platform home: straight into the only Ambito, or a choice between several (or none)."""
    ambiti = ambiti_dell_utente(request.user)
    if len(ambiti) == 1:
        return redirect("ui:dashboard", ambito_slug=ambiti[0].slug)
    return render(request, "ambito/scelta_ambito.html", {"ambiti": selectors.ambiti_con_capofila(ambiti)})


@richiede("ambito.dashboard")
def dashboard(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """Home page of the Ambito: the widgets registered in ambito.ui.navigation the role may see."""
    return render(request, "ambito/dashboard.html", {"widget": widget_per(request)})


def permesso_negato(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errori/403.html", status=403)


def non_trovato(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errori/404.html", status=404)


def errore_server(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(loader.get_template("errori/500.html").render())
