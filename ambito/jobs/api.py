"""API of background jobs: /api/v1/a/<ambito_slug>/elaborazioni/…

* ``GET  /``                       the jobs the caller may see (own; staff: all), paginated;
* ``POST /``                       start a job ``{"tipo": "...", "parametri": {...}}`` → 202 with its status;
* ``GET  /<job_uuid>/``             status and progress (poll it);
* ``GET  /<job_uuid>/risultato/``   the result file (requester or staff only).

Same rules as the pages: another Ambito's job is a 404, someone else's job a 403 (unless staff), and a
kind can be started only with the capability it declares.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from ambito.files import risposta_file_privato
from ambito.jobs import selectors, services
from ambito.jobs.models import Job
from ambito.jobs.registry import registra_download, tipo_get, tipo_mime
from ambito.jobs.serializers import JobInput, JobOutput

VEDI = "ambito.jobs.vedi"
TAG = ["Elaborazioni"]


def _job_per(view: AmbitoAPIView, job_uuid: Any) -> Job:
    """The job, if it belongs to the URL's Ambito (else 404) and the caller may see it (else 403)."""
    job = selectors.job_get(ambito=view.ambito, uuid=job_uuid)
    if not selectors.job_visibile(job=job, contesto=view.contesto):
        raise PermissionDenied("not the requester")
    return job


class JobListCreateAPI(AmbitoAPIView):
    """List the jobs the caller may see; start a new one."""

    capacita = VEDI
    pagination_class = Paginazione

    @extend_schema(operation_id="jobs_list", tags=TAG, summary="Elenco delle elaborazioni",
                   description="Le elaborazioni avviate dall'utente; il personale dell'Ufficio di Piano le vede tutte.",
                   responses={200: JobOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(JobOutput, selectors.job_list(ambito=self.ambito, contesto=self.contesto))

    @extend_schema(operation_id="jobs_create", tags=TAG, summary="Avvia un'elaborazione",
                   description="Registra la richiesta e la mette in coda; rispondere 202 non significa che sia "
                               "terminata: interrogare lo stato finché `stato` è `completato` o `fallito`.",
                   request=JobInput, responses={202: JobOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = self.valida(JobInput, request.data)
        tipo = tipo_get(dati["tipo"])
        self.contesto.richiedi(tipo.capacita)
        job = services.job_create(ambito=self.ambito, actor=request.user, tipo=tipo.codice, parametri=dati["parametri"])
        job.refresh_from_db()  # enqueued on commit: in-process (eager Celery) it has already run
        return self.risposta(JobOutput, job, status=status.HTTP_202_ACCEPTED)


class JobDetailAPI(AmbitoAPIView):
    """Status and progress of one job."""

    capacita = VEDI

    @extend_schema(operation_id="jobs_retrieve", tags=TAG, summary="Stato di un'elaborazione",
                   responses={200: JobOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, job_uuid: Any) -> Response:
        return self.risposta(JobOutput, _job_per(self, job_uuid))


class JobDownloadAPI(AmbitoAPIView):
    """The result file of a completed job."""

    capacita = VEDI

    @extend_schema(operation_id="jobs_download", tags=TAG, summary="Scarica il risultato",
                   description="Il file prodotto (XLSX, CSV, PDF…), come allegato. 404 se non è (più) disponibile.",
                   responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
                              **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, job_uuid: Any) -> FileResponse:
        job = _job_per(self, job_uuid)
        if not job.risultato:
            raise Http404("no result")
        registra_download(job, request.user)
        return risposta_file_privato(job.risultato, nome=job.nome_risultato,
                                     content_type=tipo_mime(job.nome_risultato))
