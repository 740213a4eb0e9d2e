"""The 403, 404 and 500 pages are the Italian ones, inside the shell; the 500 page needs no database."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from ambito.ui.views import errore_server
from tests.ui.pagine import leggi

URLS_DI_PROVA = pytest.mark.urls("tests.ui.urls")


@pytest.mark.django_db
@URLS_DI_PROVA
def test_a_role_without_the_capability_gets_the_italian_403_page(mondo, client_per):
    response = client_per(mondo.a.sindaco).get("/a/lodi/membri/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accesso non consentito" in html
    assert "Il tuo ruolo non ti permette" in html
    # Still inside the shell of the Ambito: the user can go back.
    assert "Ambito di Lodi" in html
    assert "/a/lodi/" in leggi(html).link


@pytest.mark.django_db
def test_another_ambito_is_the_italian_404_page_and_reveals_nothing(mondo, client_per):
    response = client_per(mondo.b.responsabile).get("/a/lodi/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina non trovata" in html
    assert "Ambito di Lodi" not in html
    assert "Azienda sociale Lodi" not in html


@pytest.mark.django_db
def test_an_unknown_address_is_the_italian_404_page(client_per, mondo):
    response = client_per(mondo.a.operatore).get("/pagina-che-non-esiste/")
    assert response.status_code == 404
    assert "Pagina non trovata" in response.content.decode()
    assert "Page not found" not in response.content.decode()


def test_the_500_page_renders_in_italian_without_touching_the_database():
    # No django_db mark: any query here raises "Database access not allowed".
    response = errore_server(RequestFactory().get("/a/lodi/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Si è verificato un errore" in html
    assert "/static/vendor/bootstrap-italia/css/bootstrap-italia.min.css" in leggi(html).stylesheet
    assert leggi(html).script_inline == []


@pytest.mark.django_db
@URLS_DI_PROVA
def test_a_crashing_view_shows_the_italian_500_page(mondo):
    from tests.conftest import login

    client = login(Client(raise_request_exception=False), mondo.a.operatore)
    response = client.get("/a/lodi/prova/guasto/")
    assert response.status_code == 500
    assert "Si è verificato un errore" in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
