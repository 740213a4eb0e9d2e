"""CSRF: every form of the application carries the token, a form posted without it is refused, and
the API refuses a session-authenticated write without it (a token-authenticated client needs none:
a browser never sends the token by itself)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from ambito.accounts.models import Membro
from ambito.atti.models import Atto
from ambito.tenancy import ambito_scope
from tests.conftest import login

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
ATTO = {"tipo": "avviso", "numero": "7", "data": "2026-05-04", "oggetto": "Avviso voucher"}


def client_con_csrf(user) -> Client:
    return login(Client(enforce_csrf_checks=True), user)


def numero_atti(w) -> int:
    with ambito_scope(w.ambito):
        return Atto.objects.count()


def token_csrf(client: Client, pagina: str) -> str:
    html = client.get(pagina).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_every_post_form_in_the_templates_carries_the_csrf_token():
    senza = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        testo = template.read_text(encoding="utf-8")
        for form in re.findall(r"<form\b[^>]*>.*?</form>", testo, flags=re.S | re.I):
            apertura = form.split(">", 1)[0]
            if re.search(r'method=["\']?post', apertura, re.I) and "csrf_token" not in form:
                senza.append(f"{template.relative_to(ROOT)}: {apertura[:80]}")
    assert senza == []


def test_a_form_posted_without_the_token_is_refused_and_saves_nothing(mondo):
    client = client_con_csrf(mondo.a.operatore)
    risposta = client.post("/a/lodi/atti/nuovo/", ATTO)
    assert risposta.status_code == 403
    assert numero_atti(mondo.a) == 0
    dati = {**ATTO, "csrfmiddlewaretoken": token_csrf(client, "/a/lodi/atti/nuovo/")}
    assert client.post("/a/lodi/atti/nuovo/", dati).status_code == 302
    assert numero_atti(mondo.a) == 1


def test_the_login_form_needs_the_token_too(mondo):
    risposta = Client(enforce_csrf_checks=True).post("/account/login/", {
        "auth-username": mondo.a.operatore.email, "auth-password": "Password-di-prova-2026",
        "accesso_view-current_step": "auth"})
    assert risposta.status_code == 403


def test_a_session_api_write_without_the_token_is_refused_and_changes_nothing(mondo):
    client = client_con_csrf(mondo.a.operatore)
    risposta = client.post("/api/v1/a/lodi/atti/", ATTO, content_type="application/json")
    assert risposta.status_code == 403
    assert "CSRF" in risposta.json()["errore"]["messaggio"]
    assert numero_atti(mondo.a) == 0


def test_a_session_api_write_with_the_token_passes(mondo):
    client = client_con_csrf(mondo.a.operatore)
    token = token_csrf(client, "/a/lodi/atti/nuovo/")
    risposta = client.post("/api/v1/a/lodi/atti/", ATTO, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert risposta.status_code == 201
    assert numero_atti(mondo.a) == 1


@pytest.mark.parametrize(("metodo", "percorso"), [
    ("patch", "membri/{membro}/"), ("post", "membri/{membro}/revoca/"), ("post", "membri/inviti/")])
def test_every_kind_of_session_api_write_is_checked(mondo, client_per, metodo, percorso):
    with ambito_scope(mondo.a.ambito):
        membro = Membro.objects.get(ambito=mondo.a.ambito, utente=mondo.a.partner)
    client = client_con_csrf(mondo.a.responsabile)
    risposta = getattr(client, metodo)(f"/api/v1/a/lodi/{percorso.format(membro=membro.pk)}",
                                       {"ruolo": "operatore", "email": "x@example.test"},
                                       content_type="application/json")
    assert risposta.status_code == 403
    with ambito_scope(mondo.a.ambito):
        membro.refresh_from_db()
        assert (membro.ruolo, membro.revocato_il) == ("partner", None)


def test_a_token_client_needs_no_csrf_token(mondo):
    token = Token.objects.create(user=mondo.a.operatore)
    client = Client(enforce_csrf_checks=True)
    risposta = client.post("/api/v1/a/lodi/atti/", ATTO, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {token.key}")
    assert risposta.status_code == 201
