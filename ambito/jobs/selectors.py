"""Reads about background jobs (elaborazioni).

Visibility: everyone sees the jobs they started; whoever holds ``ambito.elaborazioni.avvia`` (the
Ufficio di Piano staff) sees every job of the Ambito. Another Ambito's job does not exist (404).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ambito.accounts.permissions import ContestoAccesso
from ambito.jobs.models import Job
from ambito.tenancy.models import Ambito

VEDE_TUTTE = "ambito.elaborazioni.avvia"


def job_list(*, ambito: Ambito, contesto: ContestoAccesso) -> QuerySet[Job]:
    """The jobs the user may see, newest first (one query whatever the number of rows)."""
    qs = Job.objects.filter(ambito=ambito).select_related("richiesto_da", "ambito")
    if not contesto.puo(VEDE_TUTTE):
        qs = qs.filter(richiesto_da=contesto.utente)
    return qs.order_by("-creato_il", "-pk")


def job_get(*, ambito: Ambito, job_uuid: str) -> Job:
    """One job of this Ambito (another Ambito's job is a 404); visibility is checked by :func:`job_visibile`."""
    return get_object_or_404(Job.objects.filter(ambito=ambito).select_related("richiesto_da", "ambito"),
                             uuid=job_uuid)


def job_visibile(*, job: Job, contesto: ContestoAccesso) -> bool:
    """The requester, or staff of the Ambito, may see a job and download its result."""
    return job.richiesto_da_id == contesto.utente.pk or contesto.puo(VEDE_TUTTE)
