"""What a person does in the browser: log in with the second factor, switch Ambito, invite a
user, read the audit history of a change; plus one screenshot of every role's home page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled

from ambito.accounts.models import Membro, Ruolo
from ambito.atti.models import Atto, TipoAtto
from tests.browser.conftest import codice_totp, screenshot
from tests.conftest import PASSWORD, RUOLI_CHIAVE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accedi(page, user, *, totp: bool = False) -> None:
    page.goto("/account/login/")
    page.get_by_label("Indirizzo e-mail").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    if totp:
        page.get_by_label("Codice di verifica").fill(codice_totp(user))
        page.get_by_role("button", name="Verifica").click()
    page.wait_for_load_state()


def test_a_responsabile_logs_in_with_the_second_factor_and_reaches_the_dashboard(page, mondo):
    accedi(page, mondo.a.responsabile, totp=True)
    assert page.url.endswith(f"/a/{mondo.a.ambito.slug}/")
    assert page.get_by_role("heading", level=1).first.inner_text()
    assert "Ambito di Lodi" in page.content()
    assert not page.console_errors


def test_a_wrong_password_shows_an_italian_error_and_no_access(page, mondo):
    page.goto("/account/login/")
    page.get_by_label("Indirizzo e-mail").fill(mondo.a.operatore.email)
    page.get_by_label("Password").fill("sbagliata-sbagliata")
    page.get_by_role("button", name="Accedi").click()
    assert page.locator(".alert-danger, .invalid-feedback").first.is_visible()
    assert "/account/login/" in page.url


def test_a_user_of_two_ambiti_switches_between_them(page, mondo):
    with scopes_disabled():
        Membro.objects.create(ambito=mondo.b.ambito, utente=mondo.a.operatore, ruolo=Ruolo.OPERATORE)
    accedi(page, mondo.a.operatore)
    page.goto(f"/a/{mondo.a.ambito.slug}/")
    page.get_by_role("button", name="Cambia Ambito").click()
    page.locator(f'[data-ambito="{mondo.b.ambito.slug}"]').click()
    page.wait_for_url(f"**/a/{mondo.b.ambito.slug}/")
    assert "Ambito di Sesto" in page.content()


def test_the_responsabile_invites_a_user_who_receives_an_email(page, mondo):
    accedi(page, mondo.a.responsabile, totp=True)
    page.goto(f"/a/{mondo.a.ambito.slug}/membri/inviti/nuovo/")
    page.get_by_label("Indirizzo e-mail").fill("nuova.operatrice@lodi.test")
    comune = page.locator("label", has_text=mondo.a.comuni[1].denominazione)
    assert not comune.is_visible()  # no role chosen yet: no comuni (issue 14, defect 9)
    page.get_by_label("Ruolo").select_option(Ruolo.PARTNER)
    assert page.get_by_label("Ente rappresentato").is_visible() and not comune.is_visible()
    page.get_by_label("Ruolo").select_option(Ruolo.ASSISTENTE_SOCIALE)
    assert not page.get_by_label("Ente rappresentato").is_visible()
    comune.click()  # as a person does
    page.get_by_role("button", name="Invia l'invito").click()
    page.wait_for_load_state()
    assert "nuova.operatrice@lodi.test" in page.content()
    assert len(mail.outbox) == 1
    assert re.search(r"/account/invito/[\w-]+/", mail.outbox[0].body)


def test_the_history_of_an_edited_act_shows_who_changed_what(page, mondo):
    with scopes_disabled():
        atto = Atto.objects.create(ambito=mondo.a.ambito, tipo=TipoAtto.DETERMINA_CAPOFILA, numero="12",
                                   data=dt.date(2026, 3, 2), oggetto="Riparto FNPS 2025")
    accedi(page, mondo.a.operatore)
    page.goto(f"/a/{mondo.a.ambito.slug}/atti/{atto.pk}/modifica/")
    page.get_by_label("Oggetto").fill("Riparto FNPS 2025 tra i comuni")
    page.get_by_role("button", name=re.compile("Salva")).click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Storico delle modifiche").click()
    page.wait_for_load_state()
    modifica = page.locator("tr", has_text="Oggetto").first.locator("td, th").all_inner_texts()
    assert [cella.strip() for cella in modifica] == ["Oggetto", "Riparto FNPS 2025", "Riparto FNPS 2025 tra i comuni"]
    assert mondo.a.operatore.get_full_name() in page.locator("h2, h3").first.inner_text()
    screenshot(page, "storico-atto")


def test_screenshot_of_every_roles_home_page(page, mondo, live_server):
    """Every role's home page renders without a console error. One page visits them all, each role logged
    in by its session cookie (the login wizard itself is driven by the tests above)."""
    for chiave in ["admin", *RUOLI_CHIAVE]:
        user = mondo.admin if chiave == "admin" else mondo.a.utente(chiave)
        sessione = login(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
        page.context.clear_cookies()
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": sessione,
                                   "url": live_server.url}])
        page.goto(f"/a/{mondo.a.ambito.slug}/")
        assert page.url.endswith(f"/a/{mondo.a.ambito.slug}/"), (chiave, page.url)  # not sent to the login
        assert user.get_full_name() in page.content(), chiave
        assert page.locator("main").is_visible(), chiave
        assert not page.console_errors, (chiave, page.console_errors)
        path = screenshot(page, f"home-{chiave}")
        assert path.stat().st_size > 10_000, chiave


def test_the_next_page_link_looks_like_a_link_and_the_home_counters_lead_to_their_lists(page, mondo, live_server):
    """Issue 14, defect 11: "Successiva" looked disabled; the home page counters were not clickable."""
    from ambito.atti.views import PER_PAGINA

    with scopes_disabled():
        Atto.objects.bulk_create(Atto(ambito=mondo.a.ambito, tipo=TipoAtto.DETERMINA_CAPOFILA, numero=str(n),
                                      data=dt.date(2026, 1, 2), oggetto=f"Determina {n}")
                                 for n in range(PER_PAGINA + 1))
    sessione = login(Client(), mondo.a.operatore).cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": sessione, "url": live_server.url}])
    page.goto(f"/a/{mondo.a.ambito.slug}/")
    contatore = page.locator("dt:has-text('di cui non pubblicati') + dd a")
    assert contatore.inner_text() == str(PER_PAGINA + 1)
    contatore.click()
    page.wait_for_url(re.compile(r"/atti/\?stato=da_pubblicare$"))
    successiva = page.get_by_role("link", name="Successiva")
    stile = successiva.evaluate("a => [getComputedStyle(a).color, getComputedStyle(a).textDecorationLine]")
    assert stile == ["rgb(0, 102, 204)", "underline"]
    successiva.click()
    page.wait_for_url(re.compile(r"pagina=2"))
    assert "stato=da_pubblicare" in page.url and "Pagina 2 di 2" in page.content()
