"""The Django admin: platform administrators only (with the second factor), shared data only, every
edit audited, histories read-only."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django_scopes import scopes_disabled

from ambito.accounts.models import Utente
from ambito.tenancy.models import TenantLogModel
from ambito.territorio.models import Comune

pytestmark = pytest.mark.django_db

PAGINE = ["/admin/", "/admin/ambito/comune/", "/admin/ambito/ente/", "/admin/ambito/ambito/",
          "/admin/ambito/utente/"]


def entra(risposta) -> bool:
    """The admin's index or a change list was shown."""
    html = risposta.content.decode()
    return risposta.status_code == 200 and ("Dati condivisi della piattaforma" in html or 'id="changelist"' in html)


@pytest.mark.parametrize("pagina", PAGINE)


def test_the_platform_administrator_with_the_second_factor_opens_the_admin(mondo, client_per, pagina):
    assert entra(client_per(mondo.admin).get(pagina))


@pytest.mark.parametrize("pagina", PAGINE)


def test_nobody_else_gets_in(mondo, client_per, pagina):
    staff = mondo.a.operatore
    staff.is_staff = True  # Django's own "staff" flag is not enough, even with every model permission
    staff.save()
    staff.user_permissions.set(Permission.objects.all())
    for client in (Client(), client_per(staff), client_per(mondo.a.responsabile), client_per(mondo.estraneo)):
        risposta = client.get(pagina)
        assert risposta.status_code in (302, 403), risposta.status_code
        assert not entra(risposta)


def test_a_platform_administrator_without_a_verified_second_factor_is_kept_out(mondo):
    client = Client()
    client.force_login(mondo.admin)  # password only: the TOTP step has not been passed
    risposta = client.get("/admin/ambito/comune/")
    assert risposta.status_code == 302 and not entra(risposta)


def test_no_tenant_model_is_in_the_admin():
    """Tenant data is reached only through the Ambito's scope (pages, API), never around it."""
    tenant = [m._meta.label for m in admin.site._registry if issubclass(m, TenantLogModel)]
    with_ambito = [m._meta.label for m in admin.site._registry
                   if any(f.name == "ambito" for f in m._meta.concrete_fields)]
    storici = [m._meta.label for m in admin.site._registry if m.__name__.startswith("Historical")]
    assert tenant == [] and with_ambito == [] and storici == []


def test_an_edit_in_the_admin_is_audited_with_who_made_it(mondo, client_per):
    comune = mondo.a.comuni[1]
    client = client_per(mondo.admin)
    modulo = client.get(f"/admin/ambito/comune/{comune.pk}/change/")
    assert modulo.status_code == 200
    risposta = client.post(f"/admin/ambito/comune/{comune.pk}/change/", {
        "codice_istat": comune.codice_istat, "codice_catastale": comune.codice_catastale,
        "denominazione": comune.denominazione, "sigla_provincia": comune.sigla_provincia,
        "provincia": "Lodi", "codice_regione": "03", "popolazione": "15900", "popolazione_anno": "2025",
        "popolazione_fonte": "ISTAT"})
    assert risposta.status_code == 302, risposta.content.decode()[:2000]
    ultima = Comune.history.filter(id=comune.pk).order_by("-history_date").first()
    assert (ultima.popolazione, ultima.history_user) == (15900, mondo.admin)


def test_the_history_in_the_admin_is_read_only(mondo, client_per):
    comune = mondo.a.comuni[0]
    comune.popolazione = 46100
    comune.save()
    versione = Comune.history.filter(id=comune.pk).order_by("history_date").first()
    client = client_per(mondo.admin)
    cronologia = client.get(f"/admin/ambito/comune/{comune.pk}/history/")
    assert cronologia.status_code == 200
    assert f"/history/{versione.history_id}/" in cronologia.content.decode()
    vecchia = client.get(f"/admin/ambito/comune/{comune.pk}/history/{versione.history_id}/")
    assert vecchia.status_code == 200
    assert 'name="_save"' not in vecchia.content.decode()  # no "Revert" button
    with scopes_disabled():
        righe_prima = Comune.history.count()
    ripristino = client.post(f"/admin/ambito/comune/{comune.pk}/history/{versione.history_id}/",
                             {"denominazione": comune.denominazione, "popolazione": "1"})
    assert ripristino.status_code == 403
    comune.refresh_from_db()
    assert comune.popolazione == 46100 and Comune.history.count() == righe_prima


def test_a_new_account_is_created_by_email(mondo, client_per):
    risposta = client_per(mondo.admin).post("/admin/ambito/utente/add/", {
        "email": "Nuova.Persona@Example.test", "usable_password": "true",
        "password1": "Una-password-lunga-2026", "password2": "Una-password-lunga-2026"})
    assert risposta.status_code == 302, risposta.content.decode()[:2000]
    assert Utente.objects.filter(email__iexact="nuova.persona@example.test").exists()


def test_the_login_audit_is_read_only_and_lockouts_can_be_lifted(mondo, client_per):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.test import RequestFactory

    richiesta = RequestFactory().get("/admin/")
    richiesta.user = mondo.admin
    for modello in (AccessLog, AccessFailureLog):
        gestione = admin.site._registry[modello]
        assert gestione.has_view_permission(richiesta)
        assert not (gestione.has_add_permission(richiesta) or gestione.has_change_permission(richiesta)
                    or gestione.has_delete_permission(richiesta)), modello
    assert admin.site._registry[AccessAttempt].has_delete_permission(richiesta)  # how a lockout is lifted
    assert client_per(mondo.admin).get("/admin/axes/accessfailurelog/").status_code == 200


def test_the_admin_speaks_italian_on_every_list(mondo, client_per):
    """Issue 14, defect 11: third-party models (login throttling, second factor, API tokens) and Django's own
    headings were in English."""
    import re

    client = client_per(mondo.admin)
    indice = client.get("/admin/").content.decode()
    pagine = ["/admin/", *sorted(set(re.findall(r'href="(/admin/[a-z_]+/[a-z_]+/)"', indice)))]
    inglese = re.compile(r"\b(Access (attempts|logs|failures)|TOTP devices|Static devices|Otp_\w+|Auth Token|"
                         r"Model name|Add link|Change or view|Created at|Last used at|Confirmed|Search by|"
                         r"Attempt Time|Path|Locked Out)\b")
    for pagina in pagine:
        html = client.get(pagina).content.decode()
        assert not inglese.findall(re.sub(r"<script.*?</script>", "", html, flags=re.S)), pagina
    assert "Accessi e blocchi" in indice and "Dispositivi TOTP" in indice


def test_deleting_a_user_who_is_a_member_is_refused_by_the_admin_with_its_reason_not_a_database_error(
        mondo, client_per):
    """The admin sees the tenant rows that refer to shared data (it runs in cross_ambito): the membership that
    protects the user is named on the page, as Django does, instead of a foreign-key error at commit."""
    admin_client = client_per(mondo.admin)
    pagina = f"/admin/ambito/utente/{mondo.a.operatore.pk}/delete/"
    risposta = admin_client.get(pagina)
    assert risposta.status_code == 200
    assert "Membro" in risposta.content.decode() or "membr" in risposta.content.decode().lower()
    risposta = admin_client.post(pagina, {"post": "yes"})
    assert risposta.status_code in (200, 403)
    assert Utente.objects.filter(pk=mondo.a.operatore.pk).exists()
