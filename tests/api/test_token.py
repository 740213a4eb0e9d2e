"""Personal API tokens: issued from a session, usable with the Authorization header."""

from __future__ import annotations

import re

import pytest
from django.test import Client


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
