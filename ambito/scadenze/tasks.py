"""Celery beat: deadline reminders, fanned out one task per active Ambito (each in its scope)."""

from __future__ import annotations

from celery import shared_task

from ambito.formato import oggi
from ambito.jobs.tasks import AmbitoTask, per_ogni_ambito_attivo
from ambito.scadenze.services import promemoria_send
from ambito.tenancy.models import Ambito


@shared_task(name="ambito.scadenze.promemoria")
def promemoria() -> int:
    """Beat task: one reminder task per active Ambito."""
    return per_ogni_ambito_attivo(promemoria_ambito)


@shared_task(base=AmbitoTask, name="ambito.scadenze.promemoria_ambito")
def promemoria_ambito(*, ambito: Ambito, data: str | None = None) -> int:
    """The reminders due today (or on ``data``, ISO) in one Ambito; safe to run again: each goes out once."""
    import datetime as dt

    giorno = dt.date.fromisoformat(data) if data else oggi()
    return promemoria_send(ambito=ambito, oggi=giorno, actor=None)
