"""Approval requests for the tests: the acts' publication kind, and a test-only kind that counts its runs."""

from __future__ import annotations

import datetime as dt
import threading
import time

from django.utils import timezone

from ambito.approvazioni.models import RichiestaApprovazione
from ambito.approvazioni.registry import registra_tipo_approvazione
from ambito.atti import services as atti
from ambito.atti.models import Atto, TipoAtto
from ambito.tenancy import ambito_scope

TIPO_PROVA = "prova.conteggio"
ESECUZIONI: list[int] = []
_lock = threading.Lock()


def _conta(richiesta: RichiestaApprovazione, actor) -> None:
    time.sleep(0.3)  # widen the window in which a second approval could run
    with _lock:
        ESECUZIONI.append(richiesta.pk)


registra_tipo_approvazione(TIPO_PROVA, etichetta="Prova", capacita="ambito.atti.pubblicazione_online",
                           modello="ambito.atto", esegui=_conta)


def richiesta_pubblicazione(mondo_ambito, *, preparata_da=None) -> RichiestaApprovazione:
    """A pending request to publish a new act online for 15 days, prepared by the operatore."""
    oggi = timezone.localdate()
    with ambito_scope(mondo_ambito.ambito):
        atto = Atto.objects.create(ambito=mondo_ambito.ambito, tipo=TipoAtto.DETERMINA_CAPOFILA, numero="33",
                                   data=oggi - dt.timedelta(days=2), oggetto="Graduatoria provvisoria")
        return atti.atto_online_request(atto=atto, actor=preparata_da or mondo_ambito.operatore, dal=oggi,
                                        al=oggi + dt.timedelta(days=15))
