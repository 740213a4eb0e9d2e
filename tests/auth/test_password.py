"""Password reset by e-mail, password change, and the strength rules."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from ambito.accounts.models import Utente
from tests.auth.helpers import passo_credenziali, utente_in_sessione
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NUOVA = "Cavallo-Batteria-Graffetta-42"


def link_nella_mail() -> str:
    assert len(mail.outbox) == 1
    return re.search(r"https?://[^/\s]+(/account/password/reimposta/\S+/)", mail.outbox[0].body).group(1)


def test_password_reset_works_end_to_end_through_the_email(mondo):
    client = Client()
    response = client.post("/account/password/reimposta/", {"email": "Operatore@Lodi.test"})
    assert response.status_code == 302
    assert response["Location"] == "/account/password/reimposta/inviata/"
    assert mail.outbox[0].to == ["operatore@lodi.test"]
    assert mail.outbox[0].subject == "Reimposta la password di Ambito"
    assert "Per scegliere una nuova password" in mail.outbox[0].body

    response = client.get(link_nella_mail(), follow=True)
    assert "Scegli una nuova password" in response.content.decode()
    pagina = response.redirect_chain[-1][0]
    response = client.post(pagina, {"new_password1": NUOVA, "new_password2": NUOVA})
    assert response.status_code == 302
    assert response["Location"] == "/account/password/reimposta/completata/"

    vecchia = Client()
    passo_credenziali(vecchia, "operatore@lodi.test", PASSWORD)
    assert utente_in_sessione(vecchia) is None  # the old password no longer works
    client = Client()
    passo_credenziali(client, "operatore@lodi.test", NUOVA)
    assert utente_in_sessione(client) == str(mondo.a.operatore.pk)


def test_a_reset_link_works_only_once(mondo):
    client = Client()
    client.post("/account/password/reimposta/", {"email": "operatore@lodi.test"})
    link = link_nella_mail()
    response = client.get(link, follow=True)
    client.post(response.redirect_chain[-1][0], {"new_password1": NUOVA, "new_password2": NUOVA})

    response = Client().get(link, follow=True)
    assert "non è valido" in response.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(mondo):
    response = Client().post("/account/password/reimposta/", {"email": "nessuno@da-nessuna-parte.test"})
    assert response.status_code == 302
    assert response["Location"] == "/account/password/reimposta/inviata/"
    assert mail.outbox == []


@pytest.mark.parametrize(("debole", "motivo"), [
    ("Breve-1", "troppo corta"),
    ("password1234", "troppo comune"),
    ("734819265473", "interamente numerica"),
    ("operatore-lodi", "troppo simile"),
])
def test_weak_passwords_are_refused_when_resetting(mondo, debole, motivo):
    client = Client()
    client.post("/account/password/reimposta/", {"email": "operatore@lodi.test"})
    response = client.get(link_nella_mail(), follow=True)
    response = client.post(response.redirect_chain[-1][0], {"new_password1": debole, "new_password2": debole})
    assert response.status_code == 200
    assert motivo in response.content.decode()
    assert Utente.objects.get(pk=mondo.a.operatore.pk).check_password(PASSWORD)


def test_a_user_changes_the_password_knowing_the_old_one(mondo, client_per):
    client = client_per(mondo.a.operatore)
    response = client.post("/account/password/cambia/", {"old_password": "sbagliata", "new_password1": NUOVA,
                                                         "new_password2": NUOVA})
    assert response.status_code == 200
    assert not Utente.objects.get(pk=mondo.a.operatore.pk).check_password(NUOVA)

    response = client.post("/account/password/cambia/", {"old_password": PASSWORD, "new_password1": NUOVA,
                                                         "new_password2": NUOVA})
    assert response.status_code == 302
    assert Utente.objects.get(pk=mondo.a.operatore.pk).check_password(NUOVA)
    assert client.get("/a/lodi/").status_code == 200  # still logged in after the change


def test_a_weak_new_password_is_refused_when_changing_it(mondo, client_per):
    client = client_per(mondo.a.operatore)
    response = client.post("/account/password/cambia/", {"old_password": PASSWORD, "new_password1": "12345678",
                                                         "new_password2": "12345678"})
    assert response.status_code == 200
    assert "troppo corta" in response.content.decode()
    assert Utente.objects.get(pk=mondo.a.operatore.pk).check_password(PASSWORD)
