"""Throttling against password guessing (django-axes): by account and by address, audited."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client

from tests.auth.helpers import passo_credenziali, utente_in_sessione
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_five_wrong_passwords_lock_the_account_even_from_different_addresses(mondo, settings):
    for tentativo in range(settings.AXES_FAILURE_LIMIT):
        response = passo_credenziali(Client(), "operatore@lodi.test", "non-e-questa", ip=f"10.0.0.{tentativo + 1}")
    assert response.status_code == 429
    assert "Accesso temporaneamente bloccato" in response.content.decode()

    # Now even the right password, from a fresh address, is refused.
    client = Client()
    response = passo_credenziali(client, "operatore@lodi.test", PASSWORD, ip="10.0.9.9")
    assert response.status_code == 429
    assert utente_in_sessione(client) is None
    # Another account is not affected.
    client = Client()
    passo_credenziali(client, "operatore@sesto.test", PASSWORD, ip="10.0.9.9")
    assert utente_in_sessione(client) == str(mondo.b.operatore.pk)


def test_the_account_lockout_counts_every_spelling_of_the_email(mondo, settings):
    for tentativo in range(settings.AXES_FAILURE_LIMIT):
        passo_credenziali(Client(), ["Operatore@Lodi.test", "operatore@lodi.test"][tentativo % 2], "no",
                          ip=f"10.1.0.{tentativo + 1}")
    response = passo_credenziali(Client(), "operatore@lodi.test", PASSWORD, ip="10.1.9.9")
    assert response.status_code == 429


def test_many_failures_from_one_address_lock_the_address(mondo, settings):
    for tentativo in range(settings.AXES_FAILURE_LIMIT):
        passo_credenziali(Client(), f"qualcuno{tentativo}@altrove.test", "a-caso", ip="192.0.2.7")

    client = Client()
    response = passo_credenziali(client, "operatore@lodi.test", PASSWORD, ip="192.0.2.7")
    assert response.status_code == 429
    assert utente_in_sessione(client) is None
    # The same user from another address gets in: it is the address that is locked.
    client = Client()
    passo_credenziali(client, "operatore@lodi.test", PASSWORD, ip="198.51.100.1")
    assert utente_in_sessione(client) == str(mondo.a.operatore.pk)


def test_the_lockout_is_recorded(mondo, settings):
    for tentativo in range(settings.AXES_FAILURE_LIMIT):
        passo_credenziali(Client(), "operatore@lodi.test", "non-e-questa", ip=f"10.2.0.{tentativo + 1}")

    tentativi = AccessAttempt.objects.filter(username="operatore@lodi.test")
    assert sum(t.failures_since_start for t in tentativi) >= settings.AXES_FAILURE_LIMIT
    registro = AccessFailureLog.objects.filter(username="operatore@lodi.test").order_by("attempt_time")
    assert registro.count() == settings.AXES_FAILURE_LIMIT
    assert registro.last().locked_out is True
    assert {r.ip_address for r in registro} == {f"10.2.0.{n}" for n in range(1, 6)}


def test_a_successful_login_resets_the_failure_count(mondo, settings):
    for tentativo in range(settings.AXES_FAILURE_LIMIT - 1):
        passo_credenziali(Client(), "operatore@lodi.test", "non-e-questa", ip=f"10.3.0.{tentativo + 1}")
    passo_credenziali(Client(), "operatore@lodi.test", PASSWORD, ip="10.3.1.1")
    response = passo_credenziali(Client(), "operatore@lodi.test", "ancora-sbagliata", ip="10.3.1.2")
    assert response.status_code == 200  # one failure after the reset: not locked
