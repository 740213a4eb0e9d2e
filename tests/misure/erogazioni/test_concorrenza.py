"""Two confirmations of the same month at once, in separate threads and PostgreSQL connections: nobody is paid
twice and the fund is charged once — by the run's row lock, and, with that lock disabled, by the database's
UNIQUE (domanda, mese) alone."""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from ambito.errors import Conflitto
from ambito.tenancy import ambito_scope
from fondi.models import Movimento, TipoMovimento
from misure.models import Pagamento, StatoDistinta
from misure.services import erogazioni as services
from tests.misure.erogazioni.helpers import piano, prepara, scenario

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def due_conferme(w, s, distinta) -> list[str]:
    barriera = threading.Barrier(2)
    esiti: list[str] = []
    lock = threading.Lock()

    def corri() -> None:
        try:
            barriera.wait()
            with ambito_scope(w.ambito, actor=w.responsabile):
                services.distinta_conferma(distinta=distinta, actor=w.responsabile, atto=s.determina)
            esito = "ok"
        except Conflitto as exc:
            esito = f"conflitto: {exc.messaggio}"
        finally:
            connection.close()
        with lock:
            esiti.append(esito)

    threads = [threading.Thread(target=corri) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return sorted(esiti)


def mondo_con_distinta(mondo):
    w = mondo.a
    s = scenario(w)
    for i in range(3):
        piano(w, s, cognome=f"Persona{i}", mese_inizio=dt.date(2025, 1, 1))
    return w, s, prepara(w, s)


def verifica_una_sola_volta(w, s, distinta) -> None:
    with ambito_scope(w.ambito):
        assert Pagamento.objects.filter(mese=distinta.mese).count() == 3
        assert Pagamento.objects.values("domanda_id").distinct().count() == 3
        liquidato = sum(m.importo for m in Movimento.objects.filter(tipo=TipoMovimento.LIQUIDAZIONE, quota=s.quota))
        assert liquidato == Decimal("300.00")
        distinta.refresh_from_db()
        assert distinta.stato == StatoDistinta.CONFERMATA


def test_two_concurrent_confirmations_pay_once(mondo, monkeypatch):
    w, s, distinta = mondo_con_distinta(mondo)
    monkeypatch.setattr(services, "_dopo_lettura_distinta", lambda: time.sleep(0.3))
    esiti = due_conferme(w, s, distinta)
    assert esiti[0].startswith("conflitto") and esiti[1] == "ok", esiti
    verifica_una_sola_volta(w, s, distinta)


def test_without_the_lock_the_database_constraint_alone_refuses_the_second_payment(mondo, monkeypatch, settings):
    w, s, distinta = mondo_con_distinta(mondo)
    settings.MISURE_EROGAZIONI_LOCK_DISABILITATO = True
    letture: list[int] = []
    barriera = threading.Barrier(2, timeout=10)

    def entrambe_leggono() -> None:  # both have read "preparata" before either pays: the race is real
        letture.append(1)
        barriera.wait()

    monkeypatch.setattr(services, "_dopo_lettura_distinta", entrambe_leggono)
    esiti = due_conferme(w, s, distinta)
    assert len(letture) == 2
    assert esiti[0].startswith("conflitto: Alcuni beneficiari risultano già pagati") and esiti[1] == "ok", esiti
    verifica_una_sola_volta(w, s, distinta)
