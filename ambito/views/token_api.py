from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambito.services.token_api import token_api_esiste, token_api_revoca, token_api_rigenera


@login_required
def token_api(request: HttpRequest) -> HttpResponse:
    """The user's personal API token: issue a new one (shown once) or revoke it."""
    return render(request, "account/token_api.html", {"ha_token": token_api_esiste(utente=request.user)})


@login_required
@require_POST
def token_api_nuovo(request: HttpRequest) -> HttpResponse:
    chiave = token_api_rigenera(utente=request.user)
    return render(request, "account/token_api.html", {"ha_token": True, "chiave": chiave})


@login_required
@require_POST
def token_api_elimina(request: HttpRequest) -> HttpResponse:
    token_api_revoca(utente=request.user)
    messages.success(request, _("Il token API è stato revocato."))
    return redirect("token_api")
