"""Session expiry: a session ends with the browser and after SESSION_COOKIE_AGE (8 hours by default)
without activity; every request renews it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.auth.helpers import passo_credenziali, utente_in_sessione
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def entra(mondo) -> Client:
    client = Client()
    risposta = passo_credenziali(client, mondo.a.operatore.email, PASSWORD)
    assert risposta.status_code == 302 and utente_in_sessione(client) is not None
    return client


def sessione(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_the_session_cookie_dies_with_the_browser_and_the_server_side_expiry_is_eight_hours(mondo, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client = entra(mondo)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert cookie["httponly"] is True
    scade_tra = sessione(client).expire_date - timezone.now()
    assert dt.timedelta(hours=7, minutes=59) < scade_tra <= dt.timedelta(hours=8)


def test_an_idle_session_past_its_expiry_is_logged_out(mondo):
    client = entra(mondo)
    assert client.get("/a/lodi/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1))  # 8 hours passed without a request
    risposta = client.get("/a/lodi/")
    assert risposta.status_code == 302 and risposta["Location"].startswith("/account/login/")


def test_activity_renews_the_session(mondo):
    client = entra(mondo)
    quasi_scaduta = timezone.now() + dt.timedelta(minutes=5)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=quasi_scaduta)
    assert client.get("/a/lodi/").status_code == 200
    assert sessione(client).expire_date - timezone.now() > dt.timedelta(hours=7, minutes=59)
