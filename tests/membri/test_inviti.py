"""The public invitation page /account/invito/<token>/: happy paths and every refusal."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from ambito.accounts.models import Invito, Membro, Ruolo, Utente
from ambito.tenancy import ambito_scope
from tests.auth.helpers import passo_credenziali, utente_in_sessione
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PASSWORD_NUOVA = "Girasole-Lampione-Ottobre-7"


@pytest.fixture
def invito_via_pagina(mondo, client_per, django_capture_on_commit_callbacks):
    """The responsabile of Ambito A invites someone through the page; returns the link path."""

    def _invita(email: str = "nuova@example.test", **dati) -> str:
        dati = {"email": email, "ruolo": "assistente_sociale", "comuni": [mondo.a.comuni[1].pk], **dati}
        with django_capture_on_commit_callbacks(execute=True):
            response = client_per(mondo.a.responsabile).post("/a/lodi/membri/inviti/nuovo/", dati)
        assert response.status_code == 302
        return re.search(r"https?://[^/\s]+(/account/invito/[\w-]+/)", mail.outbox[-1].body).group(1)

    return _invita


def nuovo_account(client: Client, link: str, **dati):
    return client.post(link, {"nome": "Giulia", "cognome": "Bassi", "password": PASSWORD_NUOVA,
                              "password_conferma": PASSWORD_NUOVA, **dati})


def test_a_new_user_follows_the_link_sets_a_password_and_lands_in_the_ambito(mondo, invito_via_pagina):
    link = invito_via_pagina()
    client = Client()
    pagina = client.get(link).content.decode()
    assert "Ambito di Lodi" in pagina and "Assistente sociale" in pagina and "Codogno" in pagina
    assert "Crea il tuo account" in pagina

    response = nuovo_account(client, link)
    assert response.status_code == 302
    assert response["Location"] == "/a/lodi/"
    utente = Utente.objects.get(email="nuova@example.test")
    assert utente_in_sessione(client) == str(utente.pk)
    assert client.get("/a/lodi/").status_code == 200
    with ambito_scope(mondo.a.ambito):
        membro = Membro.objects.get(ambito=mondo.a.ambito, utente=utente)
        assert membro.ruolo == Ruolo.ASSISTENTE_SOCIALE and list(membro.comuni.all()) == [mondo.a.comuni[1]]
    # …and they can log in again later with the password they chose.
    nuovo = Client()
    passo_credenziali(nuovo, "nuova@example.test", PASSWORD_NUOVA)
    assert utente_in_sessione(nuovo) == str(utente.pk)


def test_an_invited_responsabile_must_then_set_up_totp(mondo, invito_via_pagina):
    link = invito_via_pagina(ruolo="responsabile", comuni=[])
    client = Client()
    nuovo_account(client, link)
    response = client.get("/a/lodi/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two_factor/setup/")


def test_a_weak_password_is_refused_and_the_invitation_stays_usable(mondo, invito_via_pagina):
    link = invito_via_pagina()
    client = Client()
    response = nuovo_account(client, link, password="Giulia-2026", password_conferma="Giulia-2026")
    assert response.status_code == 400
    testo = response.content.decode()
    assert "troppo corta" in testo
    assert 'value="Giulia"' in testo  # what was typed is kept
    assert not Utente.objects.filter(email="nuova@example.test").exists()
    assert nuovo_account(client, link).status_code == 302


def test_mismatched_passwords_are_refused(mondo, invito_via_pagina):
    link = invito_via_pagina()
    response = nuovo_account(Client(), link, password_conferma=PASSWORD_NUOVA + "x")
    assert response.status_code == 400
    assert "non coincidono" in response.content.decode()


def test_an_existing_user_logs_in_and_then_joins(mondo, invito_via_pagina):
    link = invito_via_pagina(email="operatore@sesto.test", ruolo="operatore", comuni=[])
    anonimo = Client()
    pagina = anonimo.get(link).content.decode()
    assert "Esiste già un account per operatore@sesto.test" in pagina
    assert f"/account/login/?next={link}" in pagina
    assert anonimo.post(link, {"nome": "X", "cognome": "Y", "password": "z", "password_conferma": "z"}
                        ).status_code == 200
    with ambito_scope(mondo.a.ambito):
        assert not Membro.objects.filter(ambito=mondo.a.ambito, utente=mondo.b.operatore).exists()

    client = Client()
    response = client.post(f"/account/login/?next={link}", {
        "accesso_view-current_step": "auth", "auth-username": "operatore@sesto.test", "auth-password": PASSWORD})
    assert response["Location"] == link
    assert "Accetta l'invito" in client.get(link).content.decode()
    response = client.post(link)
    assert response["Location"] == "/a/lodi/"
    assert client.get("/a/lodi/").status_code == 200
    assert client.get("/a/sesto/").status_code == 200  # still a member of their own Ambito


def test_a_logged_in_user_cannot_accept_someone_elses_invitation(mondo, invito_via_pagina, client_per):
    link = invito_via_pagina(email="operatore@sesto.test", ruolo="operatore", comuni=[])
    client = client_per(mondo.b.assistente_1)
    response = client.post(link)
    assert response.status_code == 400
    assert "Questo invito è per operatore@sesto.test" in response.content.decode()
    assert client.get("/a/lodi/").status_code == 404


def test_an_invitation_link_works_only_once(mondo, invito_via_pagina):
    link = invito_via_pagina()
    nuovo_account(Client(), link)
    response = Client().get(link)
    assert response.status_code == 410
    assert "Questo invito è già stato usato" in response.content.decode()
    response = nuovo_account(Client(), link, nome="Altro")
    assert response.status_code == 410
    assert Utente.objects.filter(email="nuova@example.test").count() == 1


def test_an_expired_invitation_says_so(mondo, invito_via_pagina):
    link = invito_via_pagina()
    with ambito_scope(mondo.a.ambito):
        Invito.objects.update(scade_il=timezone.now() - dt.timedelta(hours=1))
    response = Client().get(link)
    assert response.status_code == 410
    assert "Questo invito è scaduto il" in response.content.decode()
    assert nuovo_account(Client(), link).status_code == 410
    assert not Utente.objects.filter(email="nuova@example.test").exists()


def test_a_cancelled_invitation_says_so(mondo, invito_via_pagina, client_per):
    link = invito_via_pagina()
    with ambito_scope(mondo.a.ambito):
        invito = Invito.objects.get()
    client_per(mondo.a.responsabile).post(f"/a/lodi/membri/inviti/{invito.pk}/annulla/")
    response = Client().get(link)
    assert response.status_code == 410
    assert "Questo invito è stato annullato" in response.content.decode()


def test_an_unknown_token_is_a_clear_404(mondo):
    response = Client().get("/account/invito/non-esiste-proprio/")
    assert response.status_code == 404
    assert "Questo link di invito non è valido" in response.content.decode()


def test_an_invitation_gives_access_to_its_ambito_only(mondo, invito_via_pagina):
    link = invito_via_pagina()
    client = Client()
    nuovo_account(client, link)
    assert client.get("/a/lodi/").status_code == 200
    assert client.get("/a/sesto/").status_code == 404
    assert client.get("/api/v1/a/sesto/membri/").status_code == 404


def test_the_responsabile_of_another_ambito_cannot_cancel_the_invitation(mondo, invito_via_pagina, client_per):
    invito_via_pagina()
    with ambito_scope(mondo.a.ambito):
        invito = Invito.objects.get()
    client = client_per(mondo.b.responsabile)
    assert client.post(f"/a/lodi/membri/inviti/{invito.pk}/annulla/").status_code == 404
    assert client.post(f"/a/sesto/membri/inviti/{invito.pk}/annulla/").status_code == 404
    assert client.post(f"/api/v1/a/sesto/membri/inviti/{invito.pk}/annulla/").status_code == 404
    with ambito_scope(mondo.a.ambito):
        assert Invito.objects.get().annullato_il is None
