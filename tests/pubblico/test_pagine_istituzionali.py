"""Informativa privacy and dichiarazione di accessibilità: default text, edited by the responsabile with its
history, linked from every footer."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from ambito.errors import RegolaViolata
from ambito.pubblico import services
from ambito.pubblico.models import PaginaIstituzionale
from ambito.tenancy import ambito_scope
from tests.conftest import Mondo

pytestmark = pytest.mark.django_db


def test_the_default_pages_name_the_ambito_and_its_titolare(mondo: Mondo, client):
    privacy = client.get("/p/lodi/privacy/").content.decode()
    assert "Azienda sociale Lodi" in privacy and "Regolamento (UE) 2016/679" in privacy
    accessibilita = client.get("/p/lodi/accessibilita/").content.decode()
    assert "Legge 9 gennaio 2004, n. 4" in accessibilita and "Meccanismo di feedback" in accessibilita


def test_the_responsabile_edits_a_page_and_the_history_keeps_who_and_what(mondo: Mondo, client_per):
    c = client_per(mondo.a.responsabile)
    primo = "Sito conforme.\n\nSegnalazioni a upd@lodi.test"
    risposta = c.post("/a/lodi/area-pubblica/accessibilita/modifica/", {"testo": primo})
    assert risposta.status_code == 302
    assert "Segnalazioni a upd@lodi.test" in c.get("/p/lodi/accessibilita/").content.decode()
    c.post("/a/lodi/area-pubblica/accessibilita/modifica/", {"testo": "Sito parzialmente conforme."})
    with scopes_disabled():
        pagina = PaginaIstituzionale.objects.get(ambito=mondo.a.ambito, tipo="accessibilita")
        storia = list(pagina.history.order_by("history_date"))
    assert [h.testo for h in storia] == [primo, "Sito parzialmente conforme."]
    assert {h.history_user for h in storia} == {mondo.a.responsabile}
    assert "Sito conforme." not in c.get("/p/sesto/accessibilita/").content.decode()


def test_an_empty_or_too_long_text_is_refused_next_to_the_field(mondo: Mondo, client_per):
    c = client_per(mondo.a.responsabile)
    vuoto = c.post("/a/lodi/area-pubblica/privacy/modifica/", {"testo": "   "})
    assert vuoto.status_code == 400 and "Scrivi il testo della pagina." in vuoto.content.decode()
    with ambito_scope(mondo.a.ambito), pytest.raises(RegolaViolata, match=r"20\.000 caratteri"):
        services.pagina_istituzionale_set(ambito=mondo.a.ambito, actor=None, tipo="privacy", testo="x" * 20001)


def test_an_unknown_page_is_404_and_the_operatore_is_refused(mondo: Mondo, client_per):
    assert client_per(mondo.a.responsabile).get("/a/lodi/area-pubblica/cookie/modifica/").status_code == 404
    assert client_per(mondo.a.operatore).get("/a/lodi/area-pubblica/privacy/modifica/").status_code == 403


def test_every_footer_links_the_privacy_and_accessibility_pages(mondo: Mondo, client, client_per):
    interna = client_per(mondo.a.operatore).get("/a/lodi/atti/").content.decode()
    assert 'href="/p/lodi/privacy/"' in interna and 'href="/p/lodi/accessibilita/"' in interna
    pubblica = client.get("/p/lodi/atti/").content.decode()
    assert 'href="/p/lodi/privacy/"' in pubblica and 'href="/p/lodi/accessibilita/"' in pubblica
    login = client.get("/account/login/").content.decode()
    assert 'href="/p/"' in login
    indice = client.get("/p/").content.decode()
    assert 'href="/p/lodi/accessibilita/"' in indice and 'href="/p/sesto/privacy/"' in indice
