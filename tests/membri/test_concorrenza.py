"""Two responsabili revoke each other at the same moment: the row locks let only one win."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from ambito.accounts.models import Membro, Ruolo
from ambito.errors import RegolaViolata
from ambito.membri.services import membro_revoke
from ambito.tenancy import ambito_scope


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_responsabili_revoking_each_other_at_once_leave_one_responsabile(mondo):
    a = mondo.a
    with ambito_scope(a.ambito):
        secondo = Membro.objects.get(ambito=a.ambito, utente=a.operatore)
        secondo.ruolo = Ruolo.RESPONSABILE
        secondo.save()
        primo = Membro.objects.get(ambito=a.ambito, utente=a.responsabile)

    partenza = threading.Barrier(2)
    esiti: dict[str, str] = {}

    def revoca(nome: str, membro: Membro, actor) -> None:
        try:
            with ambito_scope(a.ambito, actor=actor):
                partenza.wait(timeout=10)
                membro_revoke(membro=membro, actor=actor)
            esiti[nome] = "revocato"
        except RegolaViolata as exc:
            esiti[nome] = exc.codice
        finally:
            connection.close()

    thread = [threading.Thread(target=revoca, args=("primo", primo, a.operatore)),
              threading.Thread(target=revoca, args=("secondo", secondo, a.responsabile))]
    for t in thread:
        t.start()
    for t in thread:
        t.join(timeout=30)

    assert sorted(esiti.values()) == ["revocato", "ultimo_responsabile"]
    with ambito_scope(a.ambito):
        assert Membro.objects.filter(ambito=a.ambito, ruolo=Ruolo.RESPONSABILE, revocato_il__isnull=True).count() == 1
