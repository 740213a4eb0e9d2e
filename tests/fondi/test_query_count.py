"""The main lists run a constant number of queries as rows grow (Zulip's exact counts)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.tenancy import ambito_scope
from fondi import selectors, services
from tests.fondi.helpers import D, assegnazione, quota

pytestmark = pytest.mark.django_db


def aggiungi(w, n):
    with ambito_scope(w.ambito, actor=w.operatore):
        for i in range(n):
            a = assegnazione(w.ambito, w.operatore, importo="1000.00", annualita=2020 + i % 5)
            q = quota(a, w.operatore, importo="500.00")
            services.impegno_create(quota=q, importo=D("100.00"), data_contabile=dt.date(2025, 3, 1),
                                    actor=w.operatore)


def conta(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("nome, leggi", [
    ("dashboard list", lambda w: [selectors.saldi_di(a) for a in selectors.assegnazione_list(ambito=w.ambito)]),
    ("position report", lambda w: selectors.posizione_get(ambito=w.ambito, data=dt.date(2026, 1, 1),
                                                      per=["fonte", "annualita", "destinazione", "comune"])),
    ("movements", lambda w: [m.assegnazione.fonte.codice + str(m.quota) + str(m.atto)
                             for m in selectors.movimento_list(ambito=w.ambito)]),
    ("deadlines", lambda w: selectors.scadenza_list(ambito=w.ambito)),
])
def test_selectors_run_a_constant_number_of_queries(mondo, nome, leggi):
    w = mondo.a
    aggiungi(w, 2)
    with ambito_scope(w.ambito):
        pochi = conta(lambda: leggi(w))
    aggiungi(w, 6)
    with ambito_scope(w.ambito):
        molti = conta(lambda: leggi(w))
    assert pochi == molti == 1


@pytest.mark.parametrize("pagina", ["", "posizione/?per=fonte&per=comune", "movimenti/"])
def test_pages_run_a_constant_number_of_queries(mondo, client_per, pagina):
    w = mondo.a
    c = client_per(w.operatore)
    aggiungi(w, 2)
    c.get(f"/a/{w.ambito.slug}/fondi/{pagina}")  # warm caches (content types, session)
    pochi = conta(lambda: c.get(f"/a/{w.ambito.slug}/fondi/{pagina}"))
    aggiungi(w, 6)
    molti = conta(lambda: c.get(f"/a/{w.ambito.slug}/fondi/{pagina}"))
    assert pochi == molti
