"""Helpers of the notification tests: a kind of their own, and a sender."""

from __future__ import annotations

import pytest

from ambito.notifiche import services
from ambito.notifiche.registry import registra_tipo_notifica
from ambito.tenancy import ambito_scope

TIPO = "prova.evento"
registra_tipo_notifica(TIPO, "Evento di prova", descrizione="Usato dai test")
registra_tipo_notifica("prova.silenziosa", "Solo nell'applicazione", email_predefinita=False)


def notifica(w, *, utenti=(), capacita=None, comune_id=None, titolo="Nuovo atto da firmare", tipo=TIPO,
             url="/a/lodi/atti/"):
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.notifica_create(ambito=w.ambito, tipo=tipo, titolo=titolo, testo="Riga uno\nRiga due",
                                        url=url, utenti=utenti, capacita=capacita, comune_id=comune_id,
                                        actor=w.operatore)


@pytest.fixture
def invia(django_capture_on_commit_callbacks):
    """``invia(w, ...)`` sends a notification and runs its after-commit e-mails (eager Celery)."""

    def _invia(w, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return notifica(w, **kwargs)

    return _invia
