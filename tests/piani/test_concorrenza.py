"""Closing a period against a value being entered, in real parallel transactions (threads, separate PostgreSQL
connections). Without the period's row lock a value slips into a period that is being closed; with it, the entry
waits for the closing and is refused."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction

from ambito.errors import Conflitto
from ambito.tenancy import ambito_scope
from piani.models import PeriodoMonitoraggio, ValoreIndicatore
from piani.services import monitoraggio
from tests.piani import helpers as h

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def _senza_lock(periodo: PeriodoMonitoraggio) -> PeriodoMonitoraggio:
    """The guard removed: read the period's state without locking its row."""
    periodo = PeriodoMonitoraggio.objects.get(pk=periodo.pk, ambito_id=periodo.ambito_id)
    if periodo.chiuso:
        raise Conflitto("chiuso", codice="periodo_chiuso")
    return periodo


def corsa(w) -> tuple[str, bool]:
    """The responsabile closes the period and holds the transaction open a moment; meanwhile an operatore
    enters a value. Returns the entry's outcome and whether the period ended closed."""
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = h.piano(w.ambito, w.responsabile)
        indicatore = h.indicatore(h.progetto(piano, w.responsabile), w.responsabile)
        periodo = h.periodo(piano, w.responsabile)
    chiusura_avviata = threading.Event()
    esito: list[str] = []

    def chiudi() -> None:
        try:
            with ambito_scope(w.ambito, actor=w.responsabile), transaction.atomic():
                monitoraggio.periodo_close(periodo=periodo, actor=w.responsabile)
                chiusura_avviata.set()
                time.sleep(0.5)  # the closing transaction is still open
        finally:
            connection.close()

    def inserisci() -> None:
        try:
            chiusura_avviata.wait(10)
            with ambito_scope(w.ambito, actor=w.operatore):
                monitoraggio.valore_set(indicatore=indicatore, periodo=periodo, actor=w.operatore,
                                        valore=Decimal("42"))
            esito.append("salvato")
        except Conflitto as exc:
            esito.append(exc.codice)
        finally:
            connection.close()

    threads = [threading.Thread(target=chiudi), threading.Thread(target=inserisci)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    with ambito_scope(w.ambito):
        chiuso = PeriodoMonitoraggio.objects.get(pk=periodo.pk).chiuso
        assert chiuso
        salvati = ValoreIndicatore.objects.filter(periodo=periodo).count()
    assert salvati == (1 if esito == ["salvato"] else 0)
    return esito[0], chiuso


def test_without_the_lock_a_value_slips_into_a_period_being_closed(mondo, monkeypatch):
    monkeypatch.setattr(monitoraggio, "_blocca_periodo_aperto", _senza_lock)
    assert corsa(mondo.a) == ("salvato", True)


def test_with_the_lock_the_entry_waits_for_the_closing_and_is_refused(mondo):
    assert corsa(mondo.a) == ("periodo_chiuso", True)
