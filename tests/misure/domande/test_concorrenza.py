"""Protocol numbers under real concurrency: threads, each with its own PostgreSQL connection, submitting together.

First the race is shown to exist with the counter read without its lock (``MISURE_PROTOCOLLO_LOCK_DISABILITATO``,
the window between reading and writing the counter widened); then, with the lock, every submission gets a
number, the numbers are unique and gapless (1…N), and the counter row — created by the first submissions
themselves, concurrently — says N.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection

from ambito.tenancy import ambito_scope
from misure.models import ContatoreProtocollo, Domanda
from misure.services import domande as services
from tests.misure.domande.helpers import bando_b2, beneficiario, domanda

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
OGGI = dt.date(2025, 5, 2)
N = 6


def bozze(w, n: int) -> list[Domanda]:
    with ambito_scope(w.ambito):
        prova = bando_b2(w.ambito)
        persone = [beneficiario(w.ambito, w.comuni[i % 2], cognome=f"Persona{i}") for i in range(n)]
    return [domanda(w, prova, p, actor=w.operatore) for p in persone]


def rallenta_il_contatore(monkeypatch, secondi: float = 0.3) -> None:
    monkeypatch.setattr(services, "_dopo_lettura_contatore", lambda: time.sleep(secondi))


def presenta_insieme(w, domande: list[Domanda]) -> list[str]:
    barriera = threading.Barrier(len(domande))
    esiti: list[str] = []
    lock = threading.Lock()

    def corri(d: Domanda) -> None:
        try:
            barriera.wait(timeout=30)
            with ambito_scope(w.ambito, actor=w.operatore):
                services.domanda_submit(domanda=d, actor=w.operatore, oggi=OGGI)
            esito = "ok"
        except Exception as exc:  # the race shows up as whatever the database refuses
            esito = f"errore: {type(exc).__name__}"
        finally:
            connection.close()
        with lock:
            esiti.append(esito)

    threads = [threading.Thread(target=corri, args=(d,)) for d in domande]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return esiti


def numeri(w) -> list[int]:
    with ambito_scope(w.ambito):
        return sorted(Domanda.objects.filter(ambito=w.ambito, protocollo_anno=OGGI.year)
                      .values_list("protocollo_numero", flat=True))


def test_without_the_lock_concurrent_submissions_collide(mondo, settings, monkeypatch):
    settings.MISURE_PROTOCOLLO_LOCK_DISABILITATO = True
    w = mondo.a
    domande = bozze(w, 2)
    with ambito_scope(w.ambito):  # an existing counter (the year's first insert would serialise them)
        ContatoreProtocollo.objects.create(ambito=w.ambito, anno=OGGI.year)
    rallenta_il_contatore(monkeypatch)
    esiti = presenta_insieme(w, domande)
    # The race is real: both read the same counter and took the same number; the unique constraint refuses
    # the second, so a submission fails that should have succeeded.
    assert sorted(esiti) == ["errore: IntegrityError", "ok"]
    assert numeri(w) == [1]


@pytest.mark.parametrize("contatore_esistente", [False, True], ids=["first-of-the-year", "counter-exists"])
def test_with_the_lock_numbers_are_unique_and_gapless(mondo, monkeypatch, contatore_esistente):
    w = mondo.a
    domande = bozze(w, N)
    if contatore_esistente:
        with ambito_scope(w.ambito):
            ContatoreProtocollo.objects.create(ambito=w.ambito, anno=OGGI.year)
    rallenta_il_contatore(monkeypatch, 0.1)
    esiti = presenta_insieme(w, domande)
    assert esiti == ["ok"] * N
    assert numeri(w) == list(range(1, N + 1))
    with ambito_scope(w.ambito):
        assert ContatoreProtocollo.objects.get(ambito=w.ambito, anno=OGGI.year).ultimo == N


def test_the_counters_of_two_ambiti_do_not_wait_for_each_other(mondo, monkeypatch):
    """One counter row per Ambito and year: the other Ambito's submission is not queued behind this one's."""
    a, b = mondo.a, mondo.b
    da, db_ = bozze(a, 1)[0], bozze(b, 1)[0]
    fermo = threading.Event()
    rilascia = threading.Event()

    def lento() -> None:
        if not fermo.is_set():
            fermo.set()
            rilascia.wait(10)

    monkeypatch.setattr(services, "_dopo_lettura_contatore", lento)
    risultati = {}

    def in_a() -> None:
        with ambito_scope(a.ambito, actor=a.operatore):
            risultati["a"] = services.domanda_submit(domanda=da, actor=a.operatore, oggi=OGGI).protocollo_numero
        connection.close()

    t = threading.Thread(target=in_a)
    t.start()
    assert fermo.wait(10)  # A holds its counter row locked
    try:
        inizio = time.monotonic()
        with ambito_scope(b.ambito, actor=b.operatore):
            numero_b = services.domanda_submit(domanda=db_, actor=b.operatore, oggi=OGGI).protocollo_numero
        assert time.monotonic() - inizio < 5 and numero_b == 1
    finally:
        rilascia.set()
        t.join(30)
        connection.close()
    assert risultati["a"] == 1
