"""A return's export on a REAL Celery worker, killed in the middle: the job is redelivered, restarts from scratch
and ends with exactly one result file (the pattern and the worker fixture of tests/jobs/test_worker.py)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from django_scopes import scopes_disabled

from ambito.jobs.models import Job, StatoJob
from ambito.tenancy import ambito_scope
from rendicontazione import services
from rendicontazione.models import EsitoControlli, Invio
from tests.jobs.conftest import file_del_job, leggi_risultato
from tests.jobs.test_worker import WorkerReale, aspetta, worker_celery
from tests.rendicontazione import ritorno_prova
from tests.rendicontazione.helpers import righe_csv

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def worker_reale(django_db_setup, tmp_path_factory) -> Iterator[WorkerReale]:
    with worker_celery(tmp_path_factory.mktemp("worker"), importa=("tests.rendicontazione.ritorno_prova",)) as w:
        yield w


def _job(invio: Invio) -> Job:
    with scopes_disabled():
        return Job.objects.get(pk=Invio.objects.get(pk=invio.pk).job_id)


def test_an_export_killed_mid_write_is_retried_with_exactly_one_file(mondo, worker_reale):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        invio = services.invio_create(ambito=w.ambito, actor=w.operatore, codice="prova_lento", anno=2025,
                                      periodo=1, formato="csv")
    # Each row is checked on its way into the file, whose writing reports a percentage.
    aspetta(lambda: (j := _job(invio)).stato == StatoJob.IN_CORSO and j.progresso >= 30, secondi=30,
            messaggio="writing past 30 %", worker=worker_reale)
    assert _job(invio).tentativi == 1
    figli = worker_reale.figli()
    assert len(figli) == 1, figli
    os.kill(figli[0], signal.SIGKILL)

    finito = aspetta(lambda: (j := _job(invio)).terminato and j, secondi=40, messaggio="completion after the kill",
                     worker=worker_reale)
    assert finito.stato == StatoJob.COMPLETATO, (finito.errore, worker_reale.testo_log()[-2000:])
    assert finito.tentativi == 2
    assert len(file_del_job(finito)) == 1
    righe = righe_csv(leggi_risultato(finito))
    assert [int(r["n"]) for r in righe] == list(range(ritorno_prova.RIGHE))
    assert {r["tentativo"] for r in righe} == {"2"}  # the second attempt wrote the whole file
    with scopes_disabled():
        assert Invio.objects.get(pk=invio.pk).esito_controlli == EsitoControlli.SUPERATI
