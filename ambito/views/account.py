"""Account pages that are not Django's or django-two-factor-auth's own: invitation acceptance,
the login wizard with our form, the 2FA "disable" page that respects the mandatory policy,
and the username lookup django-axes uses to throttle the two-step login form."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm
from two_factor.views import DisableView, LoginView, ProfileView, QRGeneratorView

from ambito.errors import RegolaViolata
from ambito.forms_membri import AccessoForm, NuovoAccountForm, aggiungi_errore
from ambito.selectors.membri import invito_per_token, richiede_secondo_fattore, utente_per_email
from ambito.services.membri import invito_accept, invito_motivo_non_valido

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
        contesto["secondo_fattore_obbligatorio"] = richiede_secondo_fattore(self.request.user)
        return contesto


class DisattivaSecondoFattoreView(DisableView):
    """Disabling 2FA is refused to those who must use it (platform admins, responsabili)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and richiede_secondo_fattore(request.user):
            messages.error(request, _("Per il tuo ruolo la verifica in due passaggi è obbligatoria: "
                                      "non può essere disattivata."))
            return redirect("two_factor:profile")
        return super().dispatch(request, *args, **kwargs)


def invito_accetta(request: HttpRequest, token: str) -> HttpResponse:
    """Public page of an invitation link: join the Ambito (logged in) or create an account."""
    invito = invito_per_token(token=token)
    if invito is None:
        return render(request, "registration/invito.html", {"errore": _(
            "Questo link di invito non è valido: controlla di averlo copiato per intero.")}, status=404)
    if motivo := invito_motivo_non_valido(invito):
        return render(request, "registration/invito.html", {"invito": invito, "errore": motivo}, status=410)
    utente = request.user if request.user.is_authenticated else None
    ha_account = utente is None and utente_per_email(email=invito.email) is not None
    form = NuovoAccountForm(request.POST or None, invito=invito) if utente is None and not ha_account else None
    contesto = {"invito": invito, "form": form, "ha_account": ha_account}
    if request.method == "POST" and not ha_account and (form is None or form.is_valid()):
        try:
            membro = invito_accept(invito=invito, actor=utente, **_dati_account(form))
        except RegolaViolata as exc:
            if form is None:
                return render(request, "registration/invito.html", {**contesto, "errore": exc.messaggio},
                              status=exc.status_code)
            aggiungi_errore(form, exc)
        else:
            if utente is None:
                login(request, membro.utente, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Benvenuto nell'%(ambito)s.") % {"ambito": invito.ambito})
            return redirect("dashboard", ambito_slug=invito.ambito.slug)
    return render(request, "registration/invito.html", contesto, status=400 if form and form.errors else 200)


def _dati_account(form: NuovoAccountForm | None) -> dict[str, str]:
    if form is None:
        return {}
    return {k: form.cleaned_data[k] for k in ("nome", "cognome", "password")}

