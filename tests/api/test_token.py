"""Personal API tokens: issued from a session, usable with the Authorization header."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token


@pytest.mark.django_db
def test_a_user_issues_a_token_and_uses_it_on_their_ambito_only(mondo, client_per):
    c = client_per(mondo.a.operatore)
    html = c.post("/account/token-api/nuovo/").content.decode()
    chiave = re.search(r'<code id="token-api">(\w+)</code>', html).group(1)
    api = Client(HTTP_AUTHORIZATION=f"Token {chiave}")
    assert api.get(f"/api/v1/a/{mondo.a.ambito.slug}/territorio/comuni/").status_code == 200
    assert api.get(f"/api/v1/a/{mondo.b.ambito.slug}/territorio/comuni/").status_code == 404


@pytest.mark.django_db
def test_a_revoked_token_stops_working(mondo, client_per):
    c = client_per(mondo.a.operatore)
    html = c.post("/account/token-api/nuovo/").content.decode()
    chiave = re.search(r'<code id="token-api">(\w+)</code>', html).group(1)
    c.post("/account/token-api/elimina/")
    api = Client(HTTP_AUTHORIZATION=f"Token {chiave}")
    response = api.get(f"/api/v1/a/{mondo.a.ambito.slug}/territorio/comuni/")
    assert response.status_code == 401
    assert response.json()["errore"]["codice"] == "authentication_failed"


@pytest.mark.django_db
def test_the_token_page_needs_a_login(client):
    assert client.get("/account/token-api/").status_code == 302
    assert client.post("/account/token-api/nuovo/").status_code == 302


@pytest.mark.django_db
def test_a_responsabiles_session_without_the_second_factor_cannot_use_the_api(mondo, client):
    client.force_login(mondo.a.responsabile)  # password only, no TOTP step
    response = client.get(f"/api/v1/a/{mondo.a.ambito.slug}/territorio/comuni/")
    assert response.status_code == 403
    assert response.json()["errore"]["codice"] == "secondo_fattore_richiesto"


@pytest.mark.django_db
def test_an_operatores_session_uses_the_api_without_a_second_factor(mondo, client):
    client.force_login(mondo.a.operatore)
    assert client.get(f"/api/v1/a/{mondo.a.ambito.slug}/territorio/comuni/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("ruolo", ["operatore", "responsabile", "sindaco", "partner"])
def test_the_user_menu_links_the_token_page(mondo, client_per, ruolo):
    html = client_per(getattr(mondo.a, ruolo)).get(f"/a/{mondo.a.ambito.slug}/").content.decode()
    voce = re.search(r'<div class="dropdown-menu[^"]*" id="menu-utente".*?</ul>', html, flags=re.S).group(0)
    link = re.search(r'<a [^>]*href="/account/token-api/"[^>]*>\s*<span>([^<]+)</span>', voce)
    assert link is not None and link.group(1) == "Token per le API"


@pytest.mark.django_db
def test_a_session_that_skipped_the_mandatory_second_factor_gets_no_token(mondo, client):
    client.force_login(mondo.a.responsabile)  # password only: TOTP is mandatory for a responsabile
    for risposta in (client.get("/account/token-api/"), client.post("/account/token-api/nuovo/")):
        assert risposta.status_code == 302
        assert risposta["Location"].startswith("/account/two_factor/setup/")
    assert not Token.objects.filter(user=mondo.a.responsabile).exists()


@pytest.mark.django_db
def test_a_responsabile_who_passed_the_second_factor_gets_a_token(mondo, client_per):
    html = client_per(mondo.a.responsabile).post("/account/token-api/nuovo/").content.decode()
    assert re.search(r'<code id="token-api">(\w+)</code>', html)
    assert Token.objects.filter(user=mondo.a.responsabile).exists()
