"""TOTP: mandatory for platform administrators and responsabili, optional for everyone else;
set-up with a QR code, recovery codes that work once."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ambito.accounts.models import Membro, Ruolo
from tests.auth.helpers import (
    codice_da_chiave_b32,
    codice_totp,
    passo_codice,
    passo_credenziali,
    passo_recupero,
    utente_in_sessione,
)
from tests.conftest import PASSWORD, crea_utente

pytestmark = pytest.mark.django_db

SETUP = "/account/two_factor/setup/"


@pytest.fixture
def responsabile_senza_totp(mondo):
    """A second responsabile of Ambito A who has not set up 2FA yet."""
    user = crea_utente("vice@lodi.test", "Vice", "Responsabile")
    Membro.objects.create(ambito=mondo.a.ambito, utente=user, ruolo=Ruolo.RESPONSABILE)
    return user


def test_a_responsabile_without_totp_is_sent_to_set_it_up(mondo, responsabile_senza_totp):
    client = Client()
    passo_credenziali(client, "vice@lodi.test", PASSWORD)
    assert utente_in_sessione(client) == str(responsabile_senza_totp.pk)
    response = client.get("/a/lodi/")
    assert response.status_code == 302
    assert response["Location"] == SETUP + "?obbligatorio=1"
    pagina = client.get(response["Location"]).content.decode()
    assert "Per il tuo ruolo la verifica in due passaggi è obbligatoria" in pagina


def test_a_platform_administrator_without_totp_is_sent_to_set_it_up(mondo):
    TOTPDevice.objects.filter(user=mondo.admin).delete()
    client = Client()
    passo_credenziali(client, "admin@piattaforma.test", PASSWORD)
    response = client.get("/a/lodi/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


@pytest.mark.parametrize("chiave", ["operatore", "assistente_1", "sindaco", "partner"])
def test_totp_is_optional_for_the_other_roles(mondo, chiave):
    client = Client()
    passo_credenziali(client, mondo.a.utente(chiave).email, PASSWORD)
    assert client.get("/a/lodi/").status_code == 200


def test_setting_up_totp_with_the_qr_code_verifies_the_session(mondo, responsabile_senza_totp):
    client = Client()
    passo_credenziali(client, "vice@lodi.test", PASSWORD)
    response = client.get(SETUP)
    assert "Attiva la verifica in due passaggi" in response.content.decode()
    response = client.post(SETUP, {"setup_view-current_step": "welcome"})
    pagina = response.content.decode()
    assert response.context["QR_URL"] in pagina
    assert client.get(response.context["QR_URL"])["Content-Type"].startswith("image/svg+xml")

    chiave = response.context["secret_key"]
    assert chiave in pagina
    response = client.post(SETUP, {"setup_view-current_step": "generator", "generator-token": "000000"})
    assert not TOTPDevice.objects.filter(user=responsabile_senza_totp).exists()  # a wrong code does nothing
    response = client.post(SETUP, {"setup_view-current_step": "generator",
                                   "generator-token": codice_da_chiave_b32(chiave)})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=responsabile_senza_totp, name="default", confirmed=True).exists()
    assert client.get("/a/lodi/").status_code == 200


def test_recovery_codes_are_generated_and_each_works_once(mondo, client_per):
    client = client_per(mondo.a.responsabile)
    response = client.post("/account/two_factor/backup/tokens/")
    assert response.status_code == 302
    codici = list(StaticDevice.objects.get(user=mondo.a.responsabile).token_set.values_list("token", flat=True))
    assert len(codici) == 10
    pagina = client.get("/account/two_factor/backup/tokens/").content.decode()
    assert all(codice in pagina for codice in codici)

    primo = Client()
    passo_credenziali(primo, "responsabile@lodi.test", PASSWORD)
    response = passo_recupero(primo, codici[0])
    assert response.status_code == 302
    assert utente_in_sessione(primo) == str(mondo.a.responsabile.pk)
    assert primo.get("/a/lodi/").status_code == 200  # a recovery code counts as the second factor

    secondo = Client()
    passo_credenziali(secondo, "responsabile@lodi.test", PASSWORD)
    response = passo_recupero(secondo, codici[0])
    assert utente_in_sessione(secondo) is None
    assert StaticDevice.objects.get(user=mondo.a.responsabile).token_set.count() == 9


def test_the_login_offers_a_recovery_code_only_to_who_has_one(mondo):
    client = Client()
    response = passo_credenziali(client, "responsabile@lodi.test", PASSWORD)
    assert "Usa un codice di recupero" not in response.content.decode()
    StaticDevice.objects.create(user=mondo.a.responsabile, name="backup").token_set.create(token="abcd2345")
    client = Client()
    response = passo_credenziali(client, "responsabile@lodi.test", PASSWORD)
    assert "Usa un codice di recupero" in response.content.decode()


def test_a_responsabile_cannot_disable_totp(mondo, client_per):
    client = client_per(mondo.a.responsabile)
    assert "non può essere disattivata" in client.get("/account/two_factor/").content.decode()
    response = client.post("/account/two_factor/disable/", {"understand": "on"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=mondo.a.responsabile).exists()


def test_an_operatore_may_enable_and_disable_totp(mondo, client_per):
    device = TOTPDevice.objects.create(user=mondo.a.operatore, name="default", confirmed=True)
    client = Client()
    passo_credenziali(client, "operatore@lodi.test", PASSWORD)
    passo_codice(client, codice_totp(device))
    assert "Disattiva la verifica in due passaggi" in client.get("/account/two_factor/").content.decode()
    response = client.post("/account/two_factor/disable/", {"understand": "on"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=mondo.a.operatore).exists()
    assert client.get("/a/lodi/").status_code == 200
