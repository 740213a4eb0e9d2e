"""The platform home (choose an Ambito) and the home page of one Ambito (its dashboard)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ambito.navigation import widget_per
from ambito.permissions import richiede
from ambito.selectors.dashboard import ambiti_con_capofila
from ambito.selectors.membri import ambiti_dell_utente


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Platform home: straight into the only Ambito, or a choice between several (or none)."""
    ambiti = ambiti_dell_utente(request.user)
    if len(ambiti) == 1:
        return redirect("dashboard", ambito_slug=ambiti[0].slug)
    return render(request, "ambito/scelta_ambito.html", {"ambiti": ambiti_con_capofila(ambiti)})


@richiede("ambito.dashboard")
def dashboard(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """Home page of the Ambito: the widgets registered in ambito.navigation the role may see."""
    return render(request, "ambito/dashboard.html", {"widget": widget_per(request)})
