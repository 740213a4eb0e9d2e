"""Celery tasks of the core and the :class:`AmbitoTask` base, the Celery entry point of the tenant scope.

Tasks receive ids only (JSON-serialisable, and nothing stale): the base class loads the Ambito and the
actor and runs the body inside ``ambito_scope`` (pretix's ``EventTask``). ``acks_late`` and
``task_reject_on_worker_lost`` are set in settings: a message is acknowledged only after its task
returns, and one whose worker process died is delivered again.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from ambito.accounts.models import Utente
from ambito.errors import RegolaViolata
from ambito.jobs.esecuzione import (
    MESSAGGIO_ERRORE_IMPREVISTO,
    ContestoJob,
    JobSuperato,
    job_claim,
    job_fail,
    job_finish,
    job_risultati_scaduti_delete,
)
from ambito.jobs.models import Job
from ambito.jobs.registry import tipo_get
from ambito.tenancy import ambito_scope, cross_ambito
from ambito.tenancy.attori import current_actor
from ambito.tenancy.models import Ambito

logger = logging.getLogger(__name__)

# Errors worth another attempt: the database went away for a moment.
ERRORI_TRANSITORI = (OperationalError, InterfaceError)


class AmbitoTask(Task):
    """Base of every task that touches tenant data.

    Called with ``ambito_id=`` (and optionally ``utente_id=``, the actor for the audit trail); the body
    receives ``ambito=`` (the loaded Ambito) instead and runs inside its scope. Subclasses that find the
    Ambito another way override :meth:`risolvi`.
    """

    abstract = True
    # The caller passes ``ambito_id`` while the body declares ``ambito``: skip Celery's signature check.
    typing = False

    def risolvi(self, args: tuple, kwargs: dict[str, Any]) -> tuple[Ambito, Utente | None, tuple, dict] | None:
        """Return (ambito, actor, args, kwargs) for the body, or None to skip it."""
        kwargs = dict(kwargs)
        ambito = Ambito.objects.filter(pk=kwargs.pop("ambito_id")).first()
        if ambito is None:
            return None
        utente_id = kwargs.pop("utente_id", None)
        actor = Utente.objects.filter(pk=utente_id).first() if utente_id else None
        return ambito, actor, args, {**kwargs, "ambito": ambito}

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        risolto = self.risolvi(args, kwargs)
        if risolto is None:
            logger.warning("%s: nothing to run for %s %s", self.name, args, kwargs)
            return None
        ambito, actor, args, kwargs = risolto
        with ambito_scope(ambito, actor=actor):
            # Call run() directly: the worker (and apply() in eager mode) has already pushed the request
            # context; Task.__call__ would push a second one without retries/delivery info.
            return self.run(*args, **kwargs)


class JobTask(AmbitoTask):
    """Runs one :class:`~ambito.jobs.models.Job`: the message carries only the job's uuid."""

    abstract = True

    def risolvi(self, args: tuple, kwargs: dict[str, Any]) -> tuple[Ambito, Utente | None, tuple, dict] | None:
        job_uuid = kwargs.get("job_uuid") or args[0]
        with cross_ambito("job task: find the Ambito of the job being run"):
            trovato = Job.objects.filter(uuid=job_uuid).values_list("ambito_id", "richiesto_da_id").first()
        if trovato is None:
            return None
        ambito_id, utente_id = trovato
        ambito = Ambito.objects.get(pk=ambito_id)
        actor = Utente.objects.filter(pk=utente_id).first() if utente_id else None
        return ambito, actor, args, kwargs


@shared_task(base=JobTask, bind=True, name="ambito.esegui_job", max_retries=2)
def esegui_job(self: JobTask, job_uuid: str) -> str:
    """Claim the job, run its kind's function, attach the result — or record why it failed.

    * :class:`~ambito.errors.RegolaViolata`: the job fails with the function's Italian message.
    * A transient database error: retried (up to ``max_retries``) with a back-off; each retry is a new
      attempt that starts from scratch.
    * Anything else is a bug: logged with its traceback, and the user sees a generic message.
    """
    actor = current_actor()
    job = job_claim(job_uuid=job_uuid, actor=actor)
    if job is None:
        return "nessuna azione"
    contesto = None
    try:
        contesto = ContestoJob(job=job, tipo=tipo_get(job.tipo), actor=actor)
        contesto.verifica_permessi()
        nome_file, contenuto = contesto.tipo.funzione(contesto)
        completato = job_finish(job=job, actor=actor, nome_file=nome_file, contenuto=contenuto)
        return "completato" if completato else "superato"
    except JobSuperato:
        logger.info("job %s: attempt %d stopped, a newer attempt is running", job.uuid, job.tentativi)
        return "superato"
    except RegolaViolata as exc:
        job_fail(job=job, actor=actor, errore=exc.messaggio)
        return "fallito"
    except ERRORI_TRANSITORI as exc:
        if self.request.retries < self.max_retries:
            logger.warning("job %s: transient error, retrying: %s", job.uuid, exc)
            if self.request.is_eager:
                # In-process (tests, development without Redis): no broker to re-queue on, start again now.
                return self.apply(args=[job_uuid], retries=self.request.retries + 1).result
            raise self.retry(exc=exc, countdown=10 * 2 ** self.request.retries) from exc
        logger.exception("job %s: transient error, no retries left", job.uuid)
        job_fail(job=job, actor=actor, errore=str(MESSAGGIO_ERRORE_IMPREVISTO))
        return "fallito"
    except Exception:
        logger.exception("job %s (%s) failed unexpectedly", job.uuid, job.tipo)
        job_fail(job=job, actor=actor, errore=str(MESSAGGIO_ERRORE_IMPREVISTO))
        return "fallito"
    finally:
        if contesto is not None:
            contesto.pulisci()


def per_ogni_ambito_attivo(task: Any) -> int:
    """Fan a beat task out: enqueue ``task`` (an :class:`AmbitoTask`, so each run is in its Ambito's scope) once
    per active Ambito; returns how many were enqueued."""
    ids = list(Ambito.objects.filter(attivo=True).values_list("pk", flat=True))
    for ambito_id in ids:
        task.delay(ambito_id=ambito_id)
    return len(ids)


@shared_task(name="ambito.pulisci_risultati_job")
def pulisci_risultati_job() -> int:
    """Beat task: fan out the clean-up of expired job results, one task per Ambito (each in its scope)."""
    return per_ogni_ambito_attivo(pulisci_risultati_ambito)


@shared_task(base=AmbitoTask, name="ambito.pulisci_risultati_ambito")
def pulisci_risultati_ambito(*, ambito: Ambito) -> int:
    return job_risultati_scaduti_delete(ambito=ambito, actor=None)
