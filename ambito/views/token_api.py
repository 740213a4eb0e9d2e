"""The personal API token page (/account/token-api/), linked from the user menu."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambito.selectors.membri import richiede_secondo_fattore
from ambito.services.token_api import token_api_esiste, token_api_revoca, token_api_rigenera


def secondo_fattore_verificato(vista: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A token acts with the session's powers and needs no TOTP: only a session that passed the second factor,
    where it is mandatory, may see or issue one. (The second-factor middleware lets every /account/ page
    through, for the set-up pages; this one must not be.)"""

    @wraps(vista)
    def _vista(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (settings.AMBITO_2FA_ENFORCED and not request.user.is_verified()
                and richiede_secondo_fattore(request.user)):
            return redirect(reverse("two_factor:setup") + "?obbligatorio=1")
        return vista(request, *args, **kwargs)

    return _vista


@login_required
@secondo_fattore_verificato
def token_api(request: HttpRequest) -> HttpResponse:
    """The user's personal API token: issue a new one (shown once) or revoke it."""
    return render(request, "account/token_api.html", {"ha_token": token_api_esiste(utente=request.user)})


@login_required
@secondo_fattore_verificato
@require_POST
def token_api_nuovo(request: HttpRequest) -> HttpResponse:
    chiave = token_api_rigenera(utente=request.user)
    return render(request, "account/token_api.html", {"ha_token": True, "chiave": chiave})


@login_required
@secondo_fattore_verificato
@require_POST
def token_api_elimina(request: HttpRequest) -> HttpResponse:
    token_api_revoca(utente=request.user)
    messages.success(request, _("Il token API è stato revocato."))
    return redirect("token_api")
