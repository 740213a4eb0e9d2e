"""The shared test world and pytest hooks.

Fixtures run unscoped (pretix's hook): building the world must see every Ambito. A test body
that queries models itself enters a scope (``ambito_scope``) or ``scopes_disabled()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from ambito.accounts.models import Membro, Ruolo, Utente
from ambito.tenancy.models import Ambito
from ambito.territorio.models import AppartenenzaComune, Comune, Ente, TipoEnte

PASSWORD = "Password-di-prova-2026"

# Real comuni (ISTAT code, name, province, Belfiore, ANPR residents 10/01/2024).
COMUNI_A = [
    ("098031", "Lodi", "LO", "E648", 46053),
    ("098019", "Codogno", "LO", "C816", 15885),
    ("098010", "Casalpusterlengo", "LO", "B910", 15646),
    ("015191", "San Colombano al Lambro", "MI", "H803", 7409),
]
COMUNI_B = [
    ("015209", "Sesto San Giovanni", "MI", "I690", 79707),
    ("015081", "Cologno Monzese", "MI", "C895", 47765),
]


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request) -> Iterator[None]:
    with scopes_disabled():
        yield


@dataclass
class MondoAmbito:
    ambito: Ambito
    comuni: list[Comune]
    responsabile: Utente
    operatore: Utente
    assistente_1: Utente  # works for comuni[0]
    assistente_2: Utente  # works for comuni[1]
    sindaco: Utente  # componente dell'Assemblea for comuni[0]
    partner: Utente  # referente of the ASST
    asst: Ente

    def utente(self, ruolo_chiave: str) -> Utente:
        return getattr(self, ruolo_chiave)


RUOLI_CHIAVE = ["responsabile", "operatore", "assistente_1", "assistente_2", "sindaco", "partner"]


@dataclass
class Mondo:
    a: MondoAmbito
    b: MondoAmbito
    admin: Utente
    estraneo: Utente  # logged in, member of nothing
    extra: dict = field(default_factory=dict)


def crea_comune(codice: str, nome: str, sigla: str, belfiore: str, residenti: int) -> Comune:
    comune, _ = Comune.objects.get_or_create(
        codice_istat=codice,
        defaults={"denominazione": nome, "sigla_provincia": sigla, "codice_catastale": belfiore,
                  "popolazione": residenti, "popolazione_anno": 2024, "popolazione_fonte": "ANPR"},
    )
    return comune


def crea_utente(email: str, nome: str, cognome: str, *, superuser: bool = False) -> Utente:
    if superuser:
        user = Utente.objects.create_superuser(email, PASSWORD, first_name=nome, last_name=cognome)
    else:
        user = Utente.objects.create_user(email, PASSWORD, first_name=nome, last_name=cognome)
    return user


def con_totp(user: Utente) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)  # two_factor only uses "default"


def _crea_ambito(sigla: str, nome: str, comuni_dati: list[tuple]) -> MondoAmbito:
    capofila = Ente.objects.create(tipo=TipoEnte.AZIENDA_CONSORTILE, denominazione=f"Azienda sociale {nome}")
    asst = Ente.objects.create(tipo=TipoEnte.ASST, denominazione=f"ASST {nome}")
    ambito = Ambito.objects.create(denominazione=f"Ambito di {nome}", slug=sigla, codice=sigla.upper(),
                                   ente_capofila=capofila, asst=asst)
    comuni = [crea_comune(*c) for c in comuni_dati]
    for comune in comuni:
        AppartenenzaComune.objects.create(ambito=ambito, comune=comune, valido_dal=dt.date(2020, 1, 1))

    def membro(chiave: str, ruolo: str, comuni_membro: list[Comune] = (), ente: Ente | None = None) -> Utente:
        user = crea_utente(f"{chiave}@{sigla}.test", chiave.replace("_", " ").title(), nome)
        m = Membro.objects.create(ambito=ambito, utente=user, ruolo=ruolo, ente=ente)
        m.comuni.set(comuni_membro)
        return user

    responsabile = membro("responsabile", Ruolo.RESPONSABILE)
    con_totp(responsabile)
    return MondoAmbito(
        ambito=ambito,
        comuni=comuni,
        responsabile=responsabile,
        operatore=membro("operatore", Ruolo.OPERATORE),
        assistente_1=membro("assistente_1", Ruolo.ASSISTENTE_SOCIALE, [comuni[0]]),
        assistente_2=membro("assistente_2", Ruolo.ASSISTENTE_SOCIALE, [comuni[1]]),
        sindaco=membro("sindaco", Ruolo.ASSEMBLEA, [comuni[0]]),
        partner=membro("partner", Ruolo.PARTNER, ente=asst),
        asst=asst,
    )


@pytest.fixture
def mondo(db) -> Mondo:
    """Two Ambiti (Lodi-like, 4 comuni across LO/MI; Sesto-like, 2 comuni), every role in each,
    a platform administrator and an outsider."""
    admin = crea_utente("admin@piattaforma.test", "Amministratore", "Piattaforma", superuser=True)
    con_totp(admin)
    return Mondo(
        a=_crea_ambito("lodi", "Lodi", COMUNI_A),
        b=_crea_ambito("sesto", "Sesto", COMUNI_B),
        admin=admin,
        estraneo=crea_utente("estraneo@altrove.test", "Esterno", "Nessuno"),
    )


def login(client: Client, user: Utente) -> Client:
    """Log in as a user, with the second factor already verified when they have one."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_per(db):
    """``client_per(user)`` → a Django test client logged in as that user."""

    def _client(user: Utente) -> Client:
        return login(Client(), user)

    return _client
