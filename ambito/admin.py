"""Django admin of the platform core: shared data only (comuni, enti, Ambiti, user accounts).

Only platform administrators reach it (:class:`ambito.admin_site.AmbitoAdminSite`). No tenant model
is registered here — tenant data lives behind the Ambito's scope and is edited through the services
(pages and API), which check the rules and record the actor; ``tests/audit/test_admin.py`` fails if
one is registered. Edits made here are audited like any other (django-simple-history, actor from
``ambito.accounts.middleware.ActorMiddleware``), and each object's history is shown read-only: audit rows
cannot be changed or reverted from the admin.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ambito.accounts.models import Utente
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Comune, Ente


class StoricoSolaLettura(SimpleHistoryAdmin):
    """The object's history ("Cronologia") can be read, never reverted or edited."""

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str,
                          extra_context: dict | None = None) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Comune)
class ComuneAdmin(StoricoSolaLettura):
    list_display = ("denominazione", "sigla_provincia", "codice_istat", "codice_catastale", "popolazione",
                    "popolazione_anno", "valido_al")
    list_filter = ("sigla_provincia", "codice_regione")
    search_fields = ("denominazione", "codice_istat", "codice_catastale")
    raw_id_fields = ("successore",)


@admin.register(Ente)
class EnteAdmin(StoricoSolaLettura):
    list_display = ("denominazione", "tipo", "codice_fiscale", "pec", "registrato_da")
    list_filter = ("tipo",)
    search_fields = ("denominazione", "codice_fiscale", "partita_iva")
    raw_id_fields = ("comune",)
    list_select_related = ("registrato_da",)


@admin.register(Ambito)
class AmbitoAdmin(StoricoSolaLettura):
    list_display = ("denominazione", "codice", "slug", "ente_capofila", "attivo")
    list_filter = ("attivo",)
    search_fields = ("denominazione", "codice", "slug")
    prepopulated_fields = {"slug": ("denominazione",)}
    raw_id_fields = ("ente_capofila", "ats", "asst")
    list_select_related = ("ente_capofila",)


class NuovoUtenteForm(AdminUserCreationForm):
    class Meta:
        model = Utente
        fields = ("email",)


class UtenteForm(UserChangeForm):
    class Meta:
        model = Utente
        fields = "__all__"


@admin.register(Utente)
class UtenteAdmin(UserAdmin):
    """Accounts log in by e-mail. Memberships and roles are managed inside each Ambito (invitations)."""

    form = UtenteForm
    add_form = NuovoUtenteForm

    ordering = ("last_name", "first_name", "email")
    list_display = ("email", "first_name", "last_name", "is_active", "is_superuser", "last_login")
    list_filter = ("is_active", "is_superuser")
    search_fields = ("email", "first_name", "last_name", "codice_fiscale")
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Dati personali"), {"fields": ("first_name", "last_name", "codice_fiscale")}),
        (_("Accesso"), {"fields": ("is_active", "is_superuser", "is_staff", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1",
                                                              "password2")}),)


# --- Login audit (django-axes) ----------------------------------------------------------------------
# Lockouts are undone by deleting the AccessAttempt (axes' own admin allows it); the logs of logins and
# failed logins are the audit trail of throttling and stay read-only here.


class RegistroAccessiAdmin(AccessLogAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RegistroTentativiFallitiAdmin(AccessFailureLogAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


for _modello, _classe in ((AccessLog, RegistroAccessiAdmin), (AccessFailureLog, RegistroTentativiFallitiAdmin)):
    if admin.site.is_registered(_modello):
        admin.site.unregister(_modello)
    admin.site.register(_modello, _classe)


# --- Italian names for the third-party models the platform administrator sees ------------------------
# django-axes, django-otp and DRF ship English names (and no Italian catalogue): the admin is Italian throughout.
NOMI_APP = {"axes": _("Accessi e blocchi"), "otp_totp": _("Secondo fattore (app TOTP)"),
            "otp_static": _("Secondo fattore (codici di emergenza)"), "authtoken": _("Token delle API")}
NOMI_MODELLI = {
    "axes.accessattempt": (_("tentativo di accesso bloccato"), _("tentativi di accesso bloccati")),
    "axes.accesslog": (_("accesso"), _("registro degli accessi")),
    "axes.accessfailurelog": (_("accesso fallito"), _("registro degli accessi falliti")),
    "otp_totp.totpdevice": (_("dispositivo TOTP"), _("dispositivi TOTP")),
    "otp_static.staticdevice": (_("serie di codici di emergenza"), _("codici di emergenza")),
    "authtoken.tokenproxy": (_("token"), _("token")),
}
NOMI_CAMPI = {
    "attempt_time": _("data e ora"), "logout_time": _("uscita"), "ip_address": _("indirizzo IP"),
    "user_agent": _("browser"), "username": _("utente"), "path_info": _("pagina"),
    "failures_since_start": _("tentativi falliti"), "locked_out": _("bloccato"), "status": _("stato"),
    "name": _("nome"), "created_at": _("creato il"), "last_used_at": _("ultimo uso"), "confirmed": _("confermato"),
    "user": _("utente"), "key": _("chiave"), "created": _("creato il"),
}


def _nomi_italiani() -> None:
    from axes.admin import IsLockedOutFilter
    from django.apps import apps

    IsLockedOutFilter.title = _("bloccato")

    for etichetta, nome in NOMI_APP.items():
        apps.get_app_config(etichetta).verbose_name = nome
    for modello in admin.site._registry:
        nomi = NOMI_MODELLI.get(modello._meta.label_lower)
        if nomi is None:
            continue
        modello._meta.verbose_name, modello._meta.verbose_name_plural = nomi
        for campo in modello._meta.fields:
            if campo.name in NOMI_CAMPI:
                campo.verbose_name = NOMI_CAMPI[campo.name]
        admin.site._registry[modello].search_help_text = None


_nomi_italiani()
