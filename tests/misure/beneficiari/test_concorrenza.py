"""Two assistenti of different comuni register the same codice fiscale at the same moment (threads, separate
PostgreSQL connections). The unique (Ambito, codice fiscale) constraint lets one in; the other gets the same
refusal as if it had come second, and the office sees the attempt."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest
from django.db import connection

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from misure.models import Beneficiario, TentativoDuplicato
from misure.services import beneficiari as services
from tests.misure.beneficiari.helpers import persona

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def test_concurrent_registrations_of_one_code_let_one_in_and_refuse_the_other_without_revealing(mondo, monkeypatch):
    w = mondo.a
    originale = services.registrazione_nell_ambito
    barriera = threading.Barrier(2)
    passati: list[bool] = []

    def dopo_il_controllo(**kwargs):
        """Both requests pass the check before either saves: the window a read-check-write guard would lose."""
        risultato = originale(**kwargs)
        if risultato is None:
            passati.append(True)
            with contextlib.suppress(threading.BrokenBarrierError):
                barriera.wait(timeout=5)
            time.sleep(0.05)
        return risultato

    monkeypatch.setattr(services, "registrazione_nell_ambito", dopo_il_controllo)
    esiti: dict[str, str] = {}

    def corri(utente, comune) -> None:
        try:
            with ambito_scope(w.ambito, comuni=[comune.pk], actor=utente):
                services.beneficiario_create(ambito=w.ambito, comune=comune, actor=utente,
                                             **persona("Bianchi", "Giuseppina"))
            esiti[utente.email] = "ok"
        except RegolaViolata as exc:
            esiti[utente.email] = exc.messaggio
        finally:
            connection.close()

    threads = [threading.Thread(target=corri, args=(w.assistente_1, w.comuni[0])),
               threading.Thread(target=corri, args=(w.assistente_2, w.comuni[1]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(passati) >= 2, "both requests must have passed the check (else the race was not reproduced)"
    assert sorted(esiti.values()) == sorted(["ok", str(services.MESSAGGIO_DUPLICATO)]), esiti
    with ambito_scope(w.ambito):
        assert Beneficiario.objects.count() == 1
        perdente = next(email for email, esito in esiti.items() if esito != "ok")
        tentativo = TentativoDuplicato.objects.get()
        assert tentativo.utente.email == perdente
