"""Login with e-mail and password, then the second factor when the user has one."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.auth.helpers import LOGIN, codice_totp, passo_codice, passo_credenziali, utente_in_sessione
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_login_page_asks_for_email_and_password_in_italian(mondo):
    response = Client().get(LOGIN)
    assert response.status_code == 200
    testo = response.content.decode()
    assert "Accedi ad Ambito" in testo
    assert "Indirizzo e-mail" in testo
    assert 'name="auth-username"' in testo and 'name="auth-password"' in testo
    assert "Password dimenticata?" in testo


def test_a_user_without_second_factor_logs_in_with_email_and_password(mondo):
    client = Client()
    response = passo_credenziali(client, "operatore@lodi.test", PASSWORD)
    assert response.status_code == 302
    assert utente_in_sessione(client) == str(mondo.a.operatore.pk)
    assert client.get("/a/lodi/").status_code == 200


def test_the_email_is_not_case_sensitive_at_login(mondo):
    client = Client()
    passo_credenziali(client, "  Operatore@LODI.test ", PASSWORD)
    assert utente_in_sessione(client) == str(mondo.a.operatore.pk)


def test_a_wrong_password_is_refused_with_an_italian_message(mondo):
    client = Client()
    response = passo_credenziali(client, "operatore@lodi.test", "sbagliata-del-tutto")
    assert response.status_code == 200
    assert utente_in_sessione(client) is None
    assert "corrett" in response.content.decode()  # "Inserisci … corretti"


def test_a_user_with_totp_must_also_enter_the_code_of_the_app(mondo):
    client = Client()
    response = passo_credenziali(client, "responsabile@lodi.test", PASSWORD)
    assert response.status_code == 200
    assert utente_in_sessione(client) is None
    assert "codice di 6 cifre" in response.content.decode()

    device = TOTPDevice.objects.get(user=mondo.a.responsabile)
    response = passo_codice(client, codice_totp(device))
    assert response.status_code == 302
    assert utente_in_sessione(client) == str(mondo.a.responsabile.pk)
    # Verified: the mandatory-2FA middleware lets the responsabile in.
    assert client.get("/a/lodi/").status_code == 200


def test_a_wrong_totp_code_does_not_log_in(mondo):
    client = Client()
    passo_credenziali(client, "responsabile@lodi.test", PASSWORD)
    device = TOTPDevice.objects.get(user=mondo.a.responsabile)
    sbagliato = f"{(int(codice_totp(device)) + 1) % 1_000_000:06d}"
    response = passo_codice(client, sbagliato)
    assert response.status_code == 200
    assert utente_in_sessione(client) is None


def test_logout_is_a_post_and_ends_the_session(mondo, client_per):
    client = client_per(mondo.a.operatore)
    assert client.get("/account/logout/").status_code == 405
    assert utente_in_sessione(client) is not None
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/"
    assert utente_in_sessione(client) is None
    assert client.get("/a/lodi/").status_code == 302
