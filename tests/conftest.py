"""The shared test world and pytest hooks.

The world (two Ambiti with every role, an administrator, an outsider) is built once per test session in
``django_db_setup`` and committed; every test runs in a transaction rolled back at its end, and the
``mondo`` fixture re-reads the world so each test gets its own instances. Transactional tests commit for
real: after each one the database is emptied and the world rebuilt. A test that needs empty tables asks
for ``senza_mondo``.

Fixtures run unscoped (pretix's hook): building the world must see every Ambito. A test body
that queries models itself enters a scope (``ambito_scope``) or ``scopes_disabled()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.db import transaction
from django.test import Client, TransactionTestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from ambito.accounts.models import Membro, Ruolo, Utente
from ambito.tenancy.models import Ambito
from ambito.territorio.models import AppartenenzaComune, Comune, Ente, TipoEnte
from tests.database import svuota_database

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
AMBITI = {"a": "lodi", "b": "sesto"}  # Mondo attribute → slug
EMAIL_ADMIN = "admin@piattaforma.test"
EMAIL_ESTRANEO = "estraneo@altrove.test"


def email_del_membro(chiave: str, slug: str) -> str:
    return f"{chiave}@{slug}.test"


EMAIL_DEL_MONDO = [EMAIL_ADMIN, EMAIL_ESTRANEO,
                   *(email_del_membro(r, slug) for slug in AMBITI.values() for r in RUOLI_CHIAVE)]


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
        user = crea_utente(email_del_membro(chiave, sigla), chiave.replace("_", " ").title(), nome)
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


def costruisci_mondo() -> Mondo:
    admin = crea_utente(EMAIL_ADMIN, "Amministratore", "Piattaforma", superuser=True)
    con_totp(admin)
    return Mondo(
        a=_crea_ambito("lodi", "Lodi", COMUNI_A),
        b=_crea_ambito("sesto", "Sesto", COMUNI_B),
        admin=admin,
        estraneo=crea_utente(EMAIL_ESTRANEO, "Esterno", "Nessuno"),
    )


def ricostruisci_mondo() -> None:
    """Empty the database and build the world again, committed (a test's transaction never reaches it)."""
    with transaction.atomic(), scopes_disabled():
        svuota_database()
        costruisci_mondo()


def leggi_mondo() -> Mondo:
    """The world as stored: fresh instances for every test, in three queries."""
    utenti = Utente.objects.in_bulk(EMAIL_DEL_MONDO, field_name="email")
    ambiti = Ambito.objects.select_related("ente_capofila", "asst").in_bulk(AMBITI.values(), field_name="slug")
    comuni = Comune.objects.in_bulk([c[0] for c in COMUNI_A + COMUNI_B], field_name="codice_istat")
    if len(utenti) != len(EMAIL_DEL_MONDO) or len(ambiti) != len(AMBITI):
        raise RuntimeError("The shared world is missing from the test database: something emptied it outside a "
                           "transactional test (see tests/conftest.py).")

    def leggi_ambito(chiave: str, comuni_dati: list[tuple]) -> MondoAmbito:
        ambito = ambiti[AMBITI[chiave]]
        per_ruolo = {r: utenti[email_del_membro(r, ambito.slug)] for r in RUOLI_CHIAVE}
        return MondoAmbito(ambito=ambito, comuni=[comuni[c[0]] for c in comuni_dati], asst=ambito.asst,
                           **per_ruolo)

    return Mondo(a=leggi_ambito("a", COMUNI_A), b=leggi_ambito("b", COMUNI_B), admin=utenti[EMAIL_ADMIN],
                 estraneo=utenti[EMAIL_ESTRANEO])


@contextmanager
def _test_transazionali_ricostruiscono_il_mondo() -> Iterator[None]:
    """A transactional test (concurrency, real worker, browser) commits for real; Django then empties the
    database with ``flush`` (~3 s, see tests/database.py). Here it gets the world back instead (~0.1 s).
    ``TestCase`` overrides the method with its rollback, so only transactional tests come here."""
    originale = TransactionTestCase._fixture_teardown

    def ripristina(test_case: TransactionTestCase) -> None:
        if test_case.available_apps is not None or test_case.serialized_rollback:
            originale(test_case)  # options this suite does not use: Django's own clean-up first
        ricostruisci_mondo()

    TransactionTestCase._fixture_teardown = ripristina
    try:
        yield
    finally:
        TransactionTestCase._fixture_teardown = originale


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The test database (kept between runs: ``--reuse-db``), emptied and given the shared world once per
    session, per xdist worker. Each test then runs in a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        ricostruisci_mondo()
    with _test_transazionali_ricostruiscono_il_mondo():
        yield


@pytest.fixture
def mondo(db) -> Mondo:
    """Two Ambiti (Lodi-like, 4 comuni across LO/MI; Sesto-like, 2 comuni), every role in each,
    a platform administrator and an outsider. Built once per session; every test reads its own copy."""
    return leggi_mondo()


@pytest.fixture
def senza_mondo(db) -> None:
    """For a test that needs empty tables (imports, the demo seed): the world is deleted inside the test's
    transaction and is back when that is rolled back."""
    with scopes_disabled():
        svuota_database()


def _backend_di_sessione() -> str:
    """The backend ``Client.force_login`` would record: the first one that can load a user."""
    return next(path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user"))


def login(client: Client, user: Utente) -> Client:
    """Log in as a user, with the second factor already verified when they have one.

    The session row is written directly (a device lookup and an INSERT), one per client as with
    ``Client.force_login``, which however also fires ``user_logged_in`` (last_login, the login-attempt log)
    and rotates the key: three times the queries, a dozen times per matrix route. The login itself is
    tested in tests/auth/ through the real wizard."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = _backend_di_sessione()
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME].update({
        "max-age": None, "path": "/", "domain": settings.SESSION_COOKIE_DOMAIN,
        "secure": settings.SESSION_COOKIE_SECURE or None, "expires": None,
    })
    return client


@pytest.fixture
def client_per(db):
    """``client_per(user)`` → a Django test client logged in as that user."""

    def _client(user: Utente) -> Client:
        return login(Client(), user)

    return _client
