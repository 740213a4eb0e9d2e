"""Account pages that are not Django's or django-two-factor-auth's own: the personal API token (linked from
the user menu; only for a session that passed the mandatory second factor),
the login wizard with our form, the 2FA "disable" page that respects the mandatory policy,
and the username lookup django-axes uses to throttle the two-step login form."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm
from two_factor.views import DisableView, LoginView, ProfileView, QRGeneratorView

from ambito.accounts import selectors, services
from ambito.accounts.forms import AccessoForm
from ambito.web import azione_post

LOGIN_FORM_PREFIX = "auth"  # two_factor's LoginView prefixes the first step's fields: auth-username


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The login name django-axes counts failures against (``AXES_USERNAME_CALLABLE``).

    ``authenticate()`` hands axes ``credentials={"username": …}``, while a raw POST of the
    two-factor login wizard carries ``auth-username``; both are normalised like stored e-mails
    (lower case), so ``Mario@X`` and ``mario@x`` share one counter.
    """
    valore = (credentials or {}).get("username")
    if not valore and request is not None:
        dati = getattr(request, "data", None) or getattr(request, "POST", {})
        valore = dati.get(f"{LOGIN_FORM_PREFIX}-username") or dati.get("username")
    return valore.strip().lower() if isinstance(valore, str) and valore.strip() else None


class AccessoView(LoginView):
    """Two-step login (e-mail + password, then TOTP or a recovery code) with our form styling."""

    form_list = (
        (LoginView.AUTH_STEP, AccessoForm),
        (LoginView.TOKEN_STEP, AuthenticationTokenForm),
        (LoginView.BACKUP_STEP, BackupTokenForm),
    )


class CodiceQRView(QRGeneratorView):
    """The set-up QR code, labelled "Ambito" in the authenticator app (not the host name)."""

    def get_issuer(self) -> str:
        return settings.OTP_TOTP_ISSUER


class SicurezzaAccountView(ProfileView):
    """2FA status and recovery codes; says when 2FA is mandatory for the user's role."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        contesto = super().get_context_data(**kwargs)
        contesto["secondo_fattore_obbligatorio"] = selectors.richiede_secondo_fattore(self.request.user)
        return contesto


class DisattivaSecondoFattoreView(DisableView):
    """Disabling 2FA is refused to those who must use it (platform admins, responsabili)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and selectors.richiede_secondo_fattore(request.user):
            messages.error(request, _("Per il tuo ruolo la verifica in due passaggi è obbligatoria: "
                                      "non può essere disattivata."))
            return redirect("two_factor:profile")
        return super().dispatch(request, *args, **kwargs)


def secondo_fattore_verificato(vista: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A token acts with the session's powers and needs no TOTP: only a session that passed the second factor,
    where it is mandatory, may see or issue one. (The second-factor middleware lets every /account/ page
    through, for the set-up pages; this one must not be.)"""

    @wraps(vista)
    def _vista(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (settings.AMBITO_2FA_ENFORCED and not request.user.is_verified()
                and selectors.richiede_secondo_fattore(request.user)):
            return redirect(reverse("two_factor:setup") + "?obbligatorio=1")
        return vista(request, *args, **kwargs)

    return _vista


@login_required
@secondo_fattore_verificato
def token_api(request: HttpRequest) -> HttpResponse:
    """The user's personal API token: issue a new one (shown once) or revoke it."""
    return render(request, "account/token_api.html", {"ha_token": selectors.token_api_esiste(utente=request.user)})


@login_required
@secondo_fattore_verificato
@require_POST
def token_api_nuovo(request: HttpRequest) -> HttpResponse:
    """Issue a new token: the page shows it once (it is not stored in clear), so it answers with the page
    instead of redirecting to it."""
    chiave = services.token_api_rigenera(utente=request.user)
    return render(request, "account/token_api.html", {"ha_token": True, "chiave": chiave})


@login_required
@secondo_fattore_verificato
@require_POST
def token_api_elimina(request: HttpRequest) -> HttpResponse:
    return azione_post(
        request,
        esegui=lambda: services.token_api_revoca(utente=request.user),
        messaggio=_("Il token API è stato revocato."),
        ritorno=redirect("token_api"),
    )
