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
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView, AmbitoGenericAPIView
from ambito.files import risposta_file_privato
from ambito.jobs import selectors as selettori
from ambito.jobs.models import Job, StatoJob
from ambito.jobs.registry import tipo_get, tipo_mime
from ambito.jobs.services import job_create

VEDI = "ambito.elaborazioni.vedi"
TAG = ["Elaborazioni"]

ERRORE = inline_serializer("Errore", {"errore": inline_serializer("ErroreDettaglio", {
    "codice": serializers.CharField(),
    "messaggio": serializers.CharField(),
    "campi": serializers.DictField(required=False),
})})


class JobOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    tipo = serializers.CharField(help_text="Codice del tipo di elaborazione, es. ambito.esporta_atti.")
    etichetta = serializers.CharField(help_text="Nome del tipo di elaborazione.")
    parametri = serializers.JSONField()
    stato = serializers.ChoiceField(choices=StatoJob.choices)
    progresso = serializers.IntegerField(min_value=0, max_value=100, help_text="Percentuale di avanzamento.")
    messaggio = serializers.CharField(help_text="Ultimo messaggio di avanzamento.")
    errore = serializers.CharField(help_text="Motivo del fallimento (vuoto se non è fallita).")
    tentativi = serializers.IntegerField(help_text="Quante volte è stata avviata (più di 1 dopo un'interruzione).")
    richiesto_da = serializers.EmailField(source="richiesto_da.email", allow_null=True, default=None)
    creato_il = serializers.DateTimeField()
    iniziato_il = serializers.DateTimeField(allow_null=True)
    terminato_il = serializers.DateTimeField(allow_null=True)
    risultato = serializers.SerializerMethodField(help_text="URL di download del file, se disponibile.")

    def get_risultato(self, job: Job) -> str | None:
        if not job.risultato:
            return None
        percorso = reverse("jobs_api:job_download", kwargs={"ambito_slug": job.ambito.slug, "job_uuid": job.uuid})
        return self.context["request"].build_absolute_uri(percorso)


def _job_per(view: AmbitoAPIView, job_uuid: Any) -> Job:
    """The job, if it belongs to the URL's Ambito (else 404) and the caller may see it (else 403)."""
    job = selettori.job_get(ambito=view.ambito, uuid=job_uuid)
    if not selettori.job_visibile(job=job, contesto=view.contesto):
        raise PermissionDenied("not the requester")
    return job


class JobListCreateAPI(AmbitoGenericAPIView):
    """List the jobs the caller may see; start a new one."""

    capacita = VEDI
    serializer_class = JobOutputSerializer
    filter_backends: list = []  # no filters (and nothing for the schema generator to query outside a scope)

    class InputSerializer(serializers.Serializer):
        tipo = serializers.CharField(help_text="Codice del tipo di elaborazione, es. ambito.esporta_atti.")
        parametri = serializers.DictField(required=False, default=dict,
                                          help_text="Parametri del tipo scelto, es. {\"formato\": \"xlsx\"}.")

    def get_queryset(self) -> QuerySet[Job]:
        return selettori.job_list(ambito=self.ambito, contesto=self.contesto)

    @extend_schema(operation_id="elaborazioni_elenco", tags=TAG, summary="Elenco delle elaborazioni",
                   description="Le elaborazioni avviate dall'utente; il personale dell'Ufficio di Piano le vede tutte.",
                   responses={200: JobOutputSerializer(many=True), 403: ERRORE, 404: ERRORE})
    def get(self, request: Request, ambito_slug: str) -> Response:
        pagina = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(JobOutputSerializer(pagina, many=True, context={"request": request}).data)

    @extend_schema(operation_id="elaborazioni_avvia", tags=TAG, summary="Avvia un'elaborazione",
                   description="Registra la richiesta e la mette in coda; rispondere 202 non significa che sia "
                               "terminata: interrogare lo stato finché `stato` è `completato` o `fallito`.",
                   request=InputSerializer,
                   responses={202: JobOutputSerializer, 400: ERRORE, 403: ERRORE, 404: ERRORE})
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = self.InputSerializer(data=request.data)
        dati.is_valid(raise_exception=True)
        tipo = tipo_get(dati.validated_data["tipo"])
        self.contesto.richiedi(tipo.capacita)
        job = job_create(ambito=self.ambito, actor=request.user, tipo=tipo.codice,
                         parametri=dati.validated_data["parametri"])
        job.refresh_from_db()  # enqueued on commit: in-process (eager Celery) it has already run
        return Response(JobOutputSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


class JobDetailAPI(AmbitoAPIView):
    """Status and progress of one job."""

    capacita = VEDI

    @extend_schema(operation_id="elaborazioni_stato", tags=TAG, summary="Stato di un'elaborazione",
                   responses={200: JobOutputSerializer, 403: ERRORE, 404: ERRORE})
    def get(self, request: Request, ambito_slug: str, job_uuid: Any) -> Response:
        job = _job_per(self, job_uuid)
        return Response(JobOutputSerializer(job, context={"request": request}).data)


class JobDownloadAPI(AmbitoAPIView):
    """The result file of a completed job."""

    capacita = VEDI

    @extend_schema(operation_id="elaborazioni_risultato", tags=TAG, summary="Scarica il risultato",
                   description="Il file prodotto (XLSX, CSV, PDF…), come allegato. 404 se non è (più) disponibile.",
                   responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
                              403: ERRORE, 404: ERRORE})
    def get(self, request: Request, ambito_slug: str, job_uuid: Any) -> FileResponse:
        job = _job_per(self, job_uuid)
        if not job.risultato:
            raise Http404("no result")
        return risposta_file_privato(job.risultato, nome=job.nome_risultato,
                                     content_type=tipo_mime(job.nome_risultato))
