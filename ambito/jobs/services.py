"""Starting a job: record the request, then hand its id to the Celery worker once the transaction commits."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ambito.accounts.models import Utente
from ambito.errors import RegolaViolata
from ambito.jobs.esecuzione import MESSAGGIO_CODA_NON_DISPONIBILE
from ambito.jobs.models import Job, StatoJob
from ambito.jobs.registry import sommario_parametri, tipo_get
from ambito.jobs.tasks import esegui_job
from ambito.tenancy.models import Ambito

logger = logging.getLogger(__name__)


@transaction.atomic
def job_create(*, ambito: Ambito, actor: Utente, tipo: str, parametri: dict[str, Any] | None = None) -> Job:
    """Record a job request and enqueue it once the transaction commits.

    The caller checks that ``actor`` holds the kind's capability (:func:`tipi_avviabili`); this service
    validates the parameters with the kind's form and refuses unknown kinds.
    """
    tipo_job_ = tipo_get(tipo)
    parametri = parametri or {}
    form = tipo_job_.crea_form(ambito=ambito, data=parametri)
    if form is None:
        if parametri:
            raise RegolaViolata(gettext("Questa elaborazione non accetta parametri."), campo="parametri")
        valori: dict[str, Any] = {}
    else:
        if not form.is_valid():
            nome, errori = next(iter(form.errors.items()))
            raise RegolaViolata(str(errori[0]), codice="parametri_non_validi",
                                campo=f"parametri.{nome}" if nome != "__all__" else "parametri")
        valori = form.parametri()
    job = Job(ambito=ambito, tipo=tipo_job_.codice, parametri=valori, richiesto_da=actor,
              oggetto=sommario_parametri(tipo=tipo_job_.codice, ambito=ambito, parametri=valori),
              messaggio=gettext("In attesa di essere avviata"))
    job.save()
    transaction.on_commit(lambda: _accoda(job))
    return job


def _accoda(job: Job) -> None:
    """Send the job's uuid to the broker (after commit). A broker that cannot be reached fails the job
    with a clear message instead of leaving it queued forever."""
    try:
        esegui_job.delay(str(job.uuid))
    except Exception:  # the broker (Redis) is down or misconfigured
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
            raise
        logger.exception("could not enqueue job %s", job.uuid)
        Job.objects.filter(pk=job.pk, stato=StatoJob.RICHIESTO).update(
            stato=StatoJob.FALLITO, errore=str(MESSAGGIO_CODA_NON_DISPONIBILE), messaggio="",
            terminato_il=timezone.now())
