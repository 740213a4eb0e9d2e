"""Fixtures of the job tests: run a job in-process (eager Celery) and read its result."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from ambito.jobs.models import Job
from ambito.jobs.services import job_create
from ambito.tenancy import ambito_scope
from tests.conftest import MondoAmbito
from tests.jobs import tipi_prova  # noqa: F401  (registers the test-only job kinds)


@pytest.fixture
def esegui_job(django_capture_on_commit_callbacks) -> Callable[..., Job]:
    """``esegui_job(world, user, tipo, **parametri)`` → the Job after it ran (eagerly, on commit)."""

    def _esegui(world: MondoAmbito, utente: Any, tipo: str, **parametri: Any) -> Job:
        with django_capture_on_commit_callbacks(execute=True), ambito_scope(world.ambito, actor=utente):
            job = job_create(ambito=world.ambito, actor=utente, tipo=tipo, parametri=parametri)
        with scopes_disabled():
            return Job.objects.get(pk=job.pk)

    return _esegui


def righe_xlsx(contenuto: bytes) -> list[tuple]:
    foglio = load_workbook(io.BytesIO(contenuto)).active
    return [tuple(c.value for c in riga) for riga in foglio.iter_rows()]


def leggi_risultato(job: Job) -> bytes:
    with job.risultato.open("rb") as handle:
        return handle.read()


def file_del_job(job: Job) -> list[str]:
    """Every file stored for the job (there must be exactly one once it is completed)."""
    storage = Job._meta.get_field("risultato").storage
    cartella = f"ambiti/{job.ambito_id}/jobs/{job.uuid}"
    if not storage.exists(cartella):
        return []
    return storage.listdir(cartella)[1]
