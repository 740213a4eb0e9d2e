"""Invariants under real concurrency: separate threads, separate PostgreSQL connections.

First the race is shown to exist with the locks disabled (``FONDI_LOCK_DISABILITATO``, which
also makes the database trigger skip its lock), then the locks are shown to prevent it — both
in the services and, for writes that bypass the services, in the database trigger alone.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from fondi import db, selectors, services
from fondi.models import Movimento
from tests.fondi.helpers import D, assegnazione, quota, saldi_verificati

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

DATA = dt.date(2025, 3, 1)


def impegnato(w, q) -> Decimal:
    """The quota's commitments, as kept by the trigger; first proved equal, to the cent, to the
    balances recomputed from the movements (races included)."""
    assert saldi_verificati() == {"fondi_saldoassegnazione": 0, "fondi_saldoquota": 0, "fondi_saldocomune": 0}
    with ambito_scope(w.ambito):
        return selectors.saldi_quote(ambito=w.ambito, data=dt.date(2099, 1, 1))[q.pk].impegnato


def prepara(w, importo_quota="1000.00"):
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        return quota(a, w.operatore, importo=importo_quota)


def rallenta_la_lettura_dei_saldi(monkeypatch, secondi=0.4):
    """Widen the window between reading the balances and inserting (where a race would strike)."""
    originale = services.andamento_get

    def lento(**kwargs):
        risultato = originale(**kwargs)
        time.sleep(secondi)
        return risultato

    monkeypatch.setattr(services, "andamento_get", lento)


def in_parallelo(w, q, importi: list[str]) -> list[str]:
    """Run one impegno per amount, each in its own thread and connection, all started together."""
    barriera = threading.Barrier(len(importi))
    esiti: list[str] = []
    lock = threading.Lock()

    def corri(importo: str) -> None:
        try:
            barriera.wait()
            with ambito_scope(w.ambito, actor=w.operatore):
                services.impegno_create(quota=q, importo=D(importo), data_contabile=DATA, actor=w.operatore)
            esito = "ok"
        except RegolaViolata as exc:
            esito = f"rifiutato: {exc.messaggio}"
        finally:
            connection.close()
        with lock:
            esiti.append(esito)

    threads = [threading.Thread(target=corri, args=(i,)) for i in importi]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return esiti


def aspetta_l_altro_prima_del_commit(monkeypatch, n=2):
    """Keep each transaction open after its INSERT until the other one has inserted too: the
    interleaving a race needs, made certain instead of left to the scheduler."""
    originale = services._inserisci
    barriera = threading.Barrier(n)

    def inserisci(movimento):
        risultato = originale(movimento)
        barriera.wait(timeout=10)
        return risultato

    monkeypatch.setattr(services, "_inserisci", inserisci)


def test_without_locks_two_racing_commitments_overcommit_the_quota(mondo, settings, monkeypatch):
    settings.FONDI_LOCK_DISABILITATO = True
    q = prepara(mondo.a)
    aspetta_l_altro_prima_del_commit(monkeypatch)
    esiti = in_parallelo(mondo.a, q, ["600.00", "700.00"])
    assert esiti == ["ok", "ok"]  # the race is real: both read 1000 available
    assert impegnato(mondo.a, q) == D("1300.00")  # > 1000 allocated


def test_with_locks_exactly_one_of_two_racing_commitments_succeeds(mondo, monkeypatch):
    q = prepara(mondo.a)
    rallenta_la_lettura_dei_saldi(monkeypatch)
    esiti = in_parallelo(mondo.a, q, ["600.00", "700.00"])
    assert sorted(e.split(":")[0] for e in esiti) == ["ok", "rifiutato"]
    rifiuto = next(e for e in esiti if e.startswith("rifiutato"))
    assert "disponibilità della quota" in rifiuto
    assert impegnato(mondo.a, q) in (D("600.00"), D("700.00"))


def test_many_concurrent_commitments_never_overcommit(mondo):
    q = prepara(mondo.a)
    esiti = in_parallelo(mondo.a, q, ["150.00"] * 8)
    assert esiti.count("ok") == 6
    assert impegnato(mondo.a, q) == D("900.00")


def _inserimento_diretto(w, q, importo, *, dopo_insert=None, senza_lock=False) -> str:
    """Insert an impegno bypassing the services (as a shell or a buggy module would)."""
    try:
        with ambito_scope(w.ambito), transaction.atomic():
            if senza_lock:
                db.disattiva_lock_nella_transazione()
            Movimento.objects.create(ambito=w.ambito, assegnazione_id=q.assegnazione_id, quota=q, tipo="impegno",
                                     voce="impegnato", segno=1, importo=D(importo), data_contabile=DATA)
            if dopo_insert:
                dopo_insert()
        return "ok"
    except IntegrityError:
        return "rifiutato"
    finally:
        connection.close()


@pytest.mark.parametrize("senza_lock, atteso", [(True, ["ok", "ok"]), (False, ["ok", "rifiutato"])],
                         ids=["without-the-trigger-lock-the-race-exists", "the-trigger-lock-serialises"])
def test_the_database_trigger_alone_keeps_the_invariant_under_concurrency(mondo, senza_lock, atteso):
    q = prepara(mondo.a)
    inserito = threading.Event()
    esiti = {}

    def primo():
        esiti["primo"] = _inserimento_diretto(mondo.a, q, "600.00", senza_lock=senza_lock,
                                              dopo_insert=lambda: (inserito.set(), time.sleep(0.5)))

    def secondo():
        inserito.wait(10)
        esiti["secondo"] = _inserimento_diretto(mondo.a, q, "700.00", senza_lock=senza_lock)

    threads = [threading.Thread(target=primo), threading.Thread(target=secondo)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert [esiti["primo"], esiti["secondo"]] == atteso
    assert impegnato(mondo.a, q) == (D("1300.00") if senza_lock else D("600.00"))
