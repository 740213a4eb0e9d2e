"""Jobs on a REAL Celery worker (Redis broker, prefork pool), against the test database.

The worker is a subprocess started once per module with the test settings, ``CELERY_TASK_ALWAYS_EAGER=0``, the
test database, a Redis database chosen from the xdist worker id and a queue of its own (so parallel runs
never steal each other's messages), and the test-only job kinds (``-I tests.jobs.tipi_prova``). This
process publishes to the same broker and queue. The worker is always terminated in the fixture, and every
key of its queue is removed from the broker.

Celery reads ``CELERY_BROKER_URL`` from the environment *before* its configuration (``conf.broker_url``), so
the test broker is put in this process's environment too while the worker runs: whatever the documented
variables say, the jobs go where the worker listens.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.conf import settings
from django.db import connection
from django_scopes import scopes_disabled
from kombu import pools

from ambito.celery import app as celery_app
from ambito.jobs.models import Job, StatoJob
from ambito.jobs.services import job_create
from ambito.tenancy import ambito_scope
from tests.jobs.conftest import file_del_job, leggi_risultato
from tests.jobs.tipi_prova import MESSAGGIO_FALLIMENTO

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).parent / "celery"


# Broker variables Celery reads from the environment ahead of its configuration (celery.app.utils.Settings).
VARIABILI_BROKER = ("CELERY_BROKER_URL", "CELERY_BROKER_READ_URL", "CELERY_BROKER_WRITE_URL")


def redis_url(database: int | None = None) -> str:
    """The configured broker's server with a database per xdist worker (gw0 → 10, gw1 → 11, …), away from
    development's db 0; ``database`` picks another one."""
    if database is None:
        database = 10 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0) % 6
    return urlunsplit(urlsplit(settings.CELERY_BROKER_URL)._replace(path=f"/{database}"))


@contextmanager
def ambiente_broker(broker: str) -> Iterator[None]:
    """This process's environment names ``broker`` (and no separate read/write broker) until the end."""
    precedenti = {nome: os.environ.get(nome) for nome in VARIABILI_BROKER}
    for nome in VARIABILI_BROKER:
        os.environ.pop(nome, None)
    os.environ["CELERY_BROKER_URL"] = broker
    try:
        yield
    finally:
        for nome, valore in precedenti.items():
            if valore is None:
                os.environ.pop(nome, None)
            else:
                os.environ[nome] = valore


def chiavi_della_coda(broker: str, coda: str) -> list[bytes]:
    """Every key of ``broker`` that belongs to the queue: messages, bindings, reply and pidbox queues."""
    return list(redis.Redis.from_url(broker).scan_iter(match=f"*{coda}*", count=1000))


def ripulisci_broker(broker: str, coda: str) -> None:
    client = redis.Redis.from_url(broker)
    chiavi = chiavi_della_coda(broker, coda)
    if chiavi:
        client.delete(*chiavi)


def _azzera_connessioni(app) -> None:
    """Forget the broker connections and routing built from the previous configuration."""
    pools.reset()  # kombu's global pools are keyed by broker URL: close and forget them all
    app._pool = None
    app.__dict__.pop("amqp", None)


class WorkerReale:
    def __init__(self, processo: subprocess.Popen, log: Path, coda: str) -> None:
        self.processo = processo
        self.log = log
        self.coda = coda

    def figli(self) -> list[int]:
        """Pids of the pool processes (children of the main worker process)."""
        figli = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                campi = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(campi[1]) == self.processo.pid:
                figli.append(int(stat.parent.name))
        return figli

    def testo_log(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def aspetta(condizione: Callable[[], object], *, secondi: float, messaggio: str, worker: WorkerReale) -> object:
    scadenza = time.monotonic() + secondi
    while time.monotonic() < scadenza:
        risultato = condizione()
        if risultato:
            return risultato
        if worker.processo.poll() is not None:
            pytest.fail(f"the worker exited: {worker.testo_log()[-3000:]}")
        time.sleep(0.05)
    pytest.fail(f"timed out: {messaggio}\n--- worker log ---\n{worker.testo_log()[-3000:]}")


@contextmanager
def worker_celery(cartella: Path, *, importa: tuple[str, ...] = ("tests.jobs.tipi_prova",),
                  ambiente: dict[str, str] | None = None) -> Iterator[WorkerReale]:
    """A real worker on a queue of its own; this process publishes there until the block ends. ``importa``:
    modules the worker imports (``-I``, test-only kinds); ``ambiente``: more environment for it."""
    coda = f"ambito-test-{uuid.uuid4().hex[:10]}"
    broker = redis_url()
    env = {
        **{nome: valore for nome, valore in os.environ.items() if nome not in VARIABILI_BROKER},
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DATABASE_URL": (f"postgres://{connection.settings_dict['USER']}@{connection.settings_dict['HOST']}:"
                         f"{connection.settings_dict['PORT']}/{connection.settings_dict['NAME']}"),
        "CELERY_BROKER_URL": broker,
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
        "CELERY_TASK_DEFAULT_QUEUE": coda,  # what its tasks enqueue stays on this queue (tests/settings.py)
        **(ambiente or {}),
    }
    log = cartella / "worker.log"
    comando = [str(CELERY), "-A", "ambito", "worker", "-P", "prefork", "-c", "1", "-Q", coda,
               "-I", ",".join(importa), "-n", f"{coda}@%h", "-l", "INFO",
               "--without-gossip", "--without-mingle", "--without-heartbeat"]
    with log.open("wb") as uscita:
        processo = subprocess.Popen(comando, cwd=ROOT, env=env, stdout=uscita, stderr=subprocess.STDOUT,
                                    start_new_session=True)
    worker = WorkerReale(processo, log, coda)
    conf = celery_app.conf
    # conf.get(): the configured value, not the property (which prefers the environment's).
    precedente = {"task_always_eager": conf.task_always_eager, "broker_url": conf.get("broker_url"),
                  "task_default_queue": conf.task_default_queue}
    try:
        with ambiente_broker(broker):
            conf.update(task_always_eager=False, broker_url=broker, task_default_queue=coda)
            _azzera_connessioni(celery_app)
            try:
                aspetta(lambda: " ready." in worker.testo_log(), secondi=20, messaggio="worker start", worker=worker)
                yield worker
            finally:
                conf.update(precedente)
                _azzera_connessioni(celery_app)
    finally:
        ferma(processo)
        ripulisci_broker(broker, coda)


def ferma(processo: subprocess.Popen) -> None:
    if processo.poll() is None:
        os.killpg(processo.pid, signal.SIGQUIT)  # cold shutdown: nothing to finish
        try:
            processo.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(processo.pid, signal.SIGKILL)
            processo.wait(timeout=10)


@pytest.fixture(scope="module")
def worker_reale(django_db_setup, tmp_path_factory) -> Iterator[WorkerReale]:
    """One worker for the module (starting one takes seconds); each test still gets a clean database."""
    with worker_celery(tmp_path_factory.mktemp("worker")) as worker:
        yield worker


def leggi(job: Job) -> Job:
    with scopes_disabled():
        return Job.objects.get(pk=job.pk)


def avvia(world, tipo: str, **parametri) -> Job:
    with ambito_scope(world.ambito, actor=world.operatore):
        return job_create(ambito=world.ambito, actor=world.operatore, tipo=tipo, parametri=parametri)


def test_a_job_killed_mid_run_is_redelivered_and_completes_with_a_single_result(mondo, worker_reale):
    uccisi_prima = worker_reale.testo_log().count("WorkerLostError")
    passi = 50
    job = avvia(mondo.a, "prova.lento", passi=passi, pausa_ms=80)

    visti: list[int] = []

    def a_un_terzo() -> bool:
        corrente = leggi(job)
        if not visti or visti[-1] != corrente.progresso:
            visti.append(corrente.progresso)
        return corrente.stato == StatoJob.IN_CORSO and corrente.progresso >= 30

    aspetta(a_un_terzo, secondi=20, messaggio="progress to 30 %", worker=worker_reale)
    assert len(visti) >= 3 and visti == sorted(visti), visti  # progress moves, and only forward
    assert leggi(job).tentativi == 1

    figli = worker_reale.figli()
    assert len(figli) == 1, figli
    os.kill(figli[0], signal.SIGKILL)

    finito = aspetta(lambda: (j := leggi(job)).terminato and j, secondi=25, messaggio="completion after the kill",
                     worker=worker_reale)
    assert finito.stato == StatoJob.COMPLETATO, (finito.errore, worker_reale.testo_log()[-2000:])
    assert finito.tentativi == 2
    assert file_del_job(finito) == ["lento.txt"]
    righe = leggi_risultato(finito).decode().splitlines()
    assert len(righe) == passi
    assert all(r.endswith("(tentativo 2)") for r in righe)  # the second attempt started from scratch
    assert worker_reale.testo_log().count("WorkerLostError") > uccisi_prima  # the worker saw its child die


def test_a_failing_job_on_the_worker_ends_as_failed_with_its_message(mondo, worker_reale):
    job = avvia(mondo.a, "prova.fallisce")
    finito = aspetta(lambda: (j := leggi(job)).terminato and j, secondi=20, messaggio="failure",
                     worker=worker_reale)
    assert finito.stato == StatoJob.FALLITO
    assert finito.errore == MESSAGGIO_FALLIMENTO
    assert finito.tentativi == 1
    assert file_del_job(finito) == []


def test_an_export_runs_on_the_worker_and_its_file_is_attached(mondo, worker_reale):
    job = avvia(mondo.a, "ambito.esporta_membri", formato="xlsx")
    finito = aspetta(lambda: (j := leggi(job)).terminato and j, secondi=20, messaggio="export",
                     worker=worker_reale)
    assert finito.stato == StatoJob.COMPLETATO, finito.errore
    assert len(file_del_job(finito)) == 1 and finito.nome_risultato.endswith(".xlsx")


def test_the_worker_gets_the_jobs_whatever_the_broker_variable_says_and_leaves_no_key_behind(
        mondo, monkeypatch, tmp_path):
    altrove = redis_url(database=9)  # where a developer's CELERY_BROKER_URL might point
    monkeypatch.setenv("CELERY_BROKER_URL", altrove)
    with worker_celery(tmp_path) as worker:
        broker = redis_url()
        job = avvia(mondo.a, "prova.fallisce")
        finito = aspetta(lambda: (j := leggi(job)).terminato and j, secondi=20, messaggio="the job on the worker",
                         worker=worker)
        assert finito.stato == StatoJob.FALLITO and finito.errore == MESSAGGIO_FALLIMENTO
        assert not chiavi_della_coda(altrove, worker.coda)  # nothing was published to the other broker
    assert os.environ["CELERY_BROKER_URL"] == altrove  # the developer's variable is given back
    assert not chiavi_della_coda(broker, worker.coda)
    assert not chiavi_della_coda(altrove, worker.coda)
