"""Invariants under concurrency with two real OS processes, each with its own PostgreSQL
connection (the threads of test_concorrenza.py share one interpreter; these do not)."""

from __future__ import annotations

import datetime as dt
import multiprocessing

import pytest
from django.db import connection, connections

from ambito.tenancy import ambito_scope
from fondi import selectors
from tests.fondi.helpers import D, assegnazione, quota, saldi_verificati
from tests.fondi.processo_impegno import impegna

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def url_del_database_di_test() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


def in_due_processi(monkeypatch, w, q, importi: list[str]) -> list[tuple[str, str]]:
    monkeypatch.setenv("DATABASE_URL", url_del_database_di_test())
    connections.close_all()  # the children open their own connections; nothing is shared
    ctx = multiprocessing.get_context("spawn")
    barriera, risultati = ctx.Barrier(len(importi)), ctx.Queue()
    processi = [ctx.Process(target=impegna, args=(w.ambito.pk, q.pk, importo, barriera, risultati))
                for importo in importi]
    for p in processi:
        p.start()
    esiti = [risultati.get(timeout=120) for _ in processi]
    for p in processi:
        p.join(timeout=30)
    return esiti


def test_of_two_processes_committing_together_more_than_the_quota_exactly_one_succeeds(mondo, monkeypatch):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        q = quota(assegnazione(w.ambito, w.operatore), w.operatore, importo="1000.00")
    esiti = in_due_processi(monkeypatch, w, q, ["600.00", "700.00"])
    assert sorted(e[0] for e in esiti) == ["ok", "rifiutato"], esiti
    rifiuto = next(m for e, m in esiti if e == "rifiutato")
    assert "superiore alla disponibilità della quota" in rifiuto
    assert saldi_verificati() == {"fondi_saldoassegnazione": 0, "fondi_saldoquota": 0, "fondi_saldocomune": 0}
    with ambito_scope(w.ambito):
        impegnato = selectors.saldi_quote(ambito=w.ambito, data=dt.date(2099, 1, 1))[q.pk].impegnato
    assert impegnato in (D("600.00"), D("700.00"))
