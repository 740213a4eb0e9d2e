"""Review of issue 20 — a *keyed* return (one that writes its compact per-row summary, ``RigaInvio``, in blocks while
it reads its rows) on a real Celery worker killed once a block is written: the retried attempt ends with one file
and exactly one compact row per row of the file, not the killed attempt's rows plus its own. (test_worker.py kills
an unkeyed return.)

The return yields a first block of rows at once and then slows down, so the kill lands after the first block was
written whether the checks run before the file (one pass to check, one to write) or while it is written (one pass).
The worker imports this module (``importa``) to register it."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django_scopes import scopes_disabled

from ambito.jobs.models import Job, StatoJob
from ambito.tenancy import ambito_scope
from rendicontazione import services
from rendicontazione.models import EsitoControlli, Invio, RigaInvio
from rendicontazione.registry import CampoTracciato, Destinatario, EsportatoreRitorno, Periodicita, registra_ritorno
from rendicontazione.sintesi_db import BLOCCO
from tests.jobs.conftest import file_del_job, leggi_risultato
from tests.jobs.test_worker import WorkerReale, aspetta, worker_celery
from tests.rendicontazione.helpers import righe_csv

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LENTE = 30
RIGHE = BLOCCO + LENTE


@registra_ritorno
class RitornoLentoConChiave(EsportatoreRitorno):
    codice = "prova_lento_chiave"
    etichetta = "Ritorno lento con chiave (prova)"
    destinatario = Destinatario.INPS
    periodicita = Periodicita.ANNUALE
    formati = ("csv",)
    tracciato = (CampoTracciato("n", "Numero", "intero", obbligatorio=True),
                 CampoTracciato("importo", "Importo", "euro"))
    chiave = ("n",)
    non_diminuibili = ("importo",)

    def conta_righe(self) -> int:
        return RIGHE

    def righe(self) -> Iterator[Any]:  # the rows on their way into the file: the last LENTE ones slowly
        for numero, riga in enumerate(super().righe()):
            if numero > BLOCCO:  # (the first item is the total)
                time.sleep(0.1)
            yield riga

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        for n in range(RIGHE):
            yield {"n": n, "importo": 100 + n, "_url": f"/riga/{n}/"}


@pytest.fixture(scope="module")
def worker_reale(django_db_setup, tmp_path_factory) -> Iterator[WorkerReale]:
    with worker_celery(tmp_path_factory.mktemp("worker"),
                       importa=("tests.rendicontazione.test_revisione_worker",)) as w:
        yield w


def _job(invio: Invio) -> Job:
    with scopes_disabled():
        return Job.objects.get(pk=Invio.objects.get(pk=invio.pk).job_id)


def test_a_keyed_export_killed_while_writing_keeps_one_compact_row_per_row(mondo, worker_reale):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        invio = services.invio_create(ambito=w.ambito, actor=w.operatore, codice="prova_lento_chiave", anno=2025,
                                      periodo=1, formato="csv")
    def righe_compatte() -> int:
        with scopes_disabled():
            return RigaInvio.objects.filter(invio_id=invio.pk).count()

    aspetta(lambda: _job(invio).stato == StatoJob.IN_CORSO and righe_compatte() >= BLOCCO, secondi=60,
            messaggio="a first block of compact rows written", worker=worker_reale)
    assert _job(invio).tentativi == 1
    [figlio] = worker_reale.figli()
    os.kill(figlio, signal.SIGKILL)
    finito = aspetta(lambda: (j := _job(invio)).terminato and j, secondi=40, messaggio="completion after the kill",
                     worker=worker_reale)
    assert finito.stato == StatoJob.COMPLETATO and finito.tentativi == 2, finito.errore
    assert len(file_del_job(finito)) == 1
    assert [int(r["n"]) for r in righe_csv(leggi_risultato(finito))] == list(range(RIGHE))
    with scopes_disabled():
        compatte = list(RigaInvio.objects.filter(invio_id=invio.pk).values_list("chiave", flat=True))
        assert sorted(compatte, key=int) == [str(n) for n in range(RIGHE)]
        riletto = Invio.objects.get(pk=invio.pk)
    assert riletto.esito_controlli == EsitoControlli.SUPERATI
