"""Celery tasks of the module (autodiscovered): the daily ISEE-expiry warnings (``avvisi.py``) and the daily clean-up
of the compact rows of superseded productions (``services.righe_superate_delete``), each fanned out per Ambito."""

from __future__ import annotations

from celery import shared_task

from ambito.jobs.tasks import AmbitoTask, per_ogni_ambito_attivo
from ambito.tenancy.models import Ambito
from rendicontazione.avvisi import avvisi_isee, avvisi_isee_ambito  # noqa: F401


@shared_task(name="rendicontazione.pulisci_righe_invio")
def pulisci_righe_invio() -> int:
    """Beat task: fan out the clean-up of superseded productions' compact rows, one task per active Ambito."""
    return per_ogni_ambito_attivo(pulisci_righe_invio_ambito)


@shared_task(base=AmbitoTask, name="rendicontazione.pulisci_righe_invio_ambito")
def pulisci_righe_invio_ambito(*, ambito: Ambito) -> int:
    """One Ambito's clean-up, in its scope, by the system (``actor=None``)."""
    from rendicontazione.services import righe_superate_delete

    return righe_superate_delete(ambito=ambito, actor=None)
