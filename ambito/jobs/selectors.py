"""Reads about background jobs (elaborazioni).

Visibility: everyone sees the jobs they started; whoever holds ``ambito.jobs.avvia`` (the
Ufficio di Piano staff) sees every job of the Ambito. Another Ambito's job does not exist (404).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ambito.accounts.permissions import ContestoAccesso
from ambito.errors import uno
from ambito.jobs.models import Job
from ambito.tenancy.models import Ambito

VEDE_TUTTE = "ambito.jobs.avvia"


def job_list(*, ambito: Ambito, contesto: ContestoAccesso) -> QuerySet[Job]:
    """The jobs the user may see, newest first (one query whatever the number of rows)."""
    qs = Job.objects.filter(ambito=ambito).select_related("richiesto_da", "ambito")
    if not contesto.puo(VEDE_TUTTE):
        qs = qs.filter(richiesto_da=contesto.utente)
    return qs.order_by("-creato_il", "-pk")


def job_get(*, ambito: Ambito, uuid: str) -> Job:
    """One job of this Ambito, or :class:`~ambito.errors.NonTrovato` (another Ambito's job does not exist here).

    A job is named by its ``uuid`` (the id in its URLs and in the task), not by its database key. Visibility is
    checked afterwards by :func:`job_visibile`: someone else's job exists, so it is refused (403), not hidden.
    """
    jobs = Job.objects.filter(ambito=ambito).select_related("richiesto_da", "ambito")
    return uno(jobs, messaggio=_("Elaborazione inesistente."), uuid=uuid)


def job_visibile(*, job: Job, contesto: ContestoAccesso) -> bool:
    """The requester, or staff of the Ambito, may see a job and download its result."""
    return job.richiesto_da_id == contesto.utente.pk or contesto.puo(VEDE_TUTTE)
