"""Forms of the account pages: login, password reset and change, the new account of an invitation.

Business rules are checked by the services; these forms only parse input and, for passwords,
run ``AUTH_PASSWORD_VALIDATORS`` so the error shows next to the field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from ambito.accounts.models import Invito, Utente
from ambito.forms import ConStileBootstrap


class NuovoAccountForm(ConStileBootstrap, forms.Form):
    """A new user accepting an invitation: name and a password that passes the validators."""

    nome = forms.CharField(label=_("Nome"), max_length=150)
    cognome = forms.CharField(label=_("Cognome"), max_length=150)
    password = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password_conferma = forms.CharField(
        label=_("Conferma la password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, invito: Invito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invito = invito

    def clean(self) -> dict[str, Any]:
        dati = super().clean()
        password, conferma = dati.get("password"), dati.get("password_conferma")
        if password and conferma and password != conferma:
            self.add_error("password_conferma", _("Le due password non coincidono."))
        elif password:
            utente = Utente(email=self.invito.email, first_name=dati.get("nome", ""), last_name=dati.get("cognome", ""))
            try:
                password_validation.validate_password(password, user=utente)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return dati


# Django's account forms with Bootstrap Italia widgets (used by ambito/accounts/urls.py).
class AccessoForm(ConStileBootstrap, auth_forms.AuthenticationForm):
    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        # Spelled out: two_factor's LoginView passes ``request`` only if the signature names it,
        # and django-axes refuses to authenticate without the request.
        super().__init__(request, *args, **kwargs)

    def clean_username(self) -> str:
        # E-mails are stored lower-case (UtenteManager): "Mario.Rossi@…" must log in too, and
        # django-axes must count both spellings against one account.
        return self.cleaned_data["username"].strip().lower()


class RecuperoPasswordForm(ConStileBootstrap, auth_forms.PasswordResetForm):
    pass


class NuovaPasswordForm(ConStileBootstrap, auth_forms.SetPasswordForm):
    pass


class CambioPasswordForm(ConStileBootstrap, auth_forms.PasswordChangeForm):
    pass
