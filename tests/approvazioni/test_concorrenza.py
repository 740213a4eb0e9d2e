"""Two approvals of the same request at the same moment: the kind's operation runs once.

The first test shows the race with the row lock taken out; the second that the lock prevents it.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from ambito.approvazioni import services
from ambito.approvazioni.models import RichiestaApprovazione, StatoRichiesta
from ambito.atti.models import Atto, TipoAtto
from ambito.errors import Conflitto
from ambito.tenancy import ambito_scope
from tests.approvazioni.helpers import ESECUZIONI, TIPO_PROVA
from tests.conftest import Mondo

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def _richiesta(mondo: Mondo) -> RichiestaApprovazione:
    with ambito_scope(mondo.a.ambito):
        atto = Atto.objects.create(ambito=mondo.a.ambito, tipo=TipoAtto.AVVISO, numero="1", data="2026-01-01",
                                   oggetto="Distinta di prova")
        return services.richiesta_create(ambito=mondo.a.ambito, actor=mondo.a.operatore, tipo=TIPO_PROVA,
                                         oggetto=atto, descrizione="Prova")


def _due_approvazioni(mondo: Mondo, richiesta: RichiestaApprovazione) -> list[BaseException]:
    errori: list[BaseException] = []
    via = threading.Barrier(2)

    def approva(chi) -> None:
        try:
            via.wait()
            with ambito_scope(mondo.a.ambito):
                services.richiesta_approve(richiesta=richiesta, actor=chi, secondo_fattore_verificato=True)
        except BaseException as exc:  # collected for the assertion
            errori.append(exc)
        finally:
            connection.close()

    fili = [threading.Thread(target=approva, args=(u,)) for u in (mondo.a.responsabile, mondo.admin)]
    for filo in fili:
        filo.start()
    for filo in fili:
        filo.join()
    return errori


def test_without_the_row_lock_the_operation_runs_twice(mondo: Mondo, monkeypatch):
    def senza_lock(richiesta):
        return RichiestaApprovazione.objects.get(pk=richiesta.pk)

    monkeypatch.setattr(services, "_bloccata", senza_lock)
    richiesta = _richiesta(mondo)
    ESECUZIONI.clear()
    _due_approvazioni(mondo, richiesta)
    assert ESECUZIONI.count(richiesta.pk) == 2


def test_two_concurrent_approvals_run_the_operation_once(mondo: Mondo):
    richiesta = _richiesta(mondo)
    ESECUZIONI.clear()
    errori = _due_approvazioni(mondo, richiesta)
    assert ESECUZIONI.count(richiesta.pk) == 1
    assert len(errori) == 1 and isinstance(errori[0], Conflitto)
    with scopes_disabled():
        assert RichiestaApprovazione.objects.get(pk=richiesta.pk).stato == StatoRichiesta.APPROVATA
