"""API of imports: /api/v1/a/<ambito_slug>/importazioni/…

* ``GET  /``                 the imports of the kinds the caller may import;
* ``POST /``                 upload (multipart: ``tipo``, ``file``) → 201, with the guessed mapping;
* ``GET  /<pk>/``            state, mapping and the last dry run (errors by row and field);
* ``POST /<pk>/verifica/``   dry run, optionally with a new ``mappatura``;
* ``POST /<pk>/salva/``      save: all rows or nothing; ``solo_valide`` + ``conferma`` for the valid ones;
  202 with the job when the file is large.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from ambito.importazioni import selectors, services
from ambito.importazioni.models import Importazione
from ambito.importazioni.registry import tipi_importabili, tipo_importazione_get
from ambito.importazioni.serializers import CaricamentoInput, ImportazioneOutput, SalvataggioInput, VerificaInput

VEDI = "ambito.importazioni.vedi"
TAG = ["Importazioni"]


class ImportazioneMixin:
    def importazione(self, pk: int) -> Importazione:
        importazione = selectors.importazione_get(ambito=self.ambito, pk=pk)
        self.contesto.richiedi(tipo_importazione_get(importazione.tipo).capacita)
        return importazione


class ImportazioneListCreateAPI(AmbitoAPIView):
    capacita = VEDI
    pagination_class = Paginazione
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id="importazioni_list", tags=TAG, summary="Elenco delle importazioni",
                   responses={200: ImportazioneOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        tipi = [t.codice for t in tipi_importabili(self.contesto)]
        return self.pagina(ImportazioneOutput, selectors.importazione_list(ambito=self.ambito, tipi=tipi))

    @extend_schema(operation_id="importazioni_create", tags=TAG, summary="Carica un file da importare",
                   description="multipart/form-data: «tipo» e «file». Nulla viene salvato finché non si chiama "
                               "/salva/: prima la verifica.",
                   request={"multipart/form-data": CaricamentoInput},
                   responses={201: ImportazioneOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = self.valida(CaricamentoInput, request.data)
        self.contesto.richiedi(tipo_importazione_get(dati["tipo"]).capacita)
        importazione = services.importazione_create(ambito=self.ambito, actor=request.user, tipo=dati["tipo"],
                                                    file=dati["file"])
        return self.risposta(ImportazioneOutput, importazione, status=status.HTTP_201_CREATED)


class ImportazioneDetailAPI(ImportazioneMixin, AmbitoAPIView):
    capacita = VEDI

    @extend_schema(operation_id="importazioni_retrieve", tags=TAG, summary="Stato ed esito di un'importazione",
                   responses={200: ImportazioneOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, importazione_pk: int) -> Response:
        return self.risposta(ImportazioneOutput, self.importazione(importazione_pk))


class ImportazioneVerifyAPI(ImportazioneMixin, AmbitoAPIView):
    capacita = VEDI

    @extend_schema(operation_id="importazioni_verify", tags=TAG, summary="Verifica (prova senza salvare)",
                   description="Controlla ogni riga e restituisce gli errori per riga e colonna. Non salva dati.",
                   request=VerificaInput, responses={200: ImportazioneOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, importazione_pk: int) -> Response:
        importazione = self.importazione(importazione_pk)
        dati = self.valida(VerificaInput, request.data)
        importazione = services.importazione_verify(importazione=importazione, actor=request.user,
                                                    mappatura=dati.get("mappatura") or importazione.mappatura)
        return self.risposta(ImportazioneOutput, importazione)


class ImportazioneSaveAPI(ImportazioneMixin, AmbitoAPIView):
    capacita = VEDI

    @extend_schema(operation_id="importazioni_save", tags=TAG, summary="Salva l'importazione verificata",
                   description="Tutte le righe o nessuna; con solo_valide e conferma, solo le righe valide. Un file "
                               "grande è salvato da un'elaborazione: risposta 202 con il suo uuid in «job».",
                   request=SalvataggioInput, responses={200: ImportazioneOutput, 202: ImportazioneOutput,
                                                        **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, importazione_pk: int) -> Response:
        importazione = self.importazione(importazione_pk)
        dati = self.valida(SalvataggioInput, request.data)
        importazione = services.importazione_save(importazione=importazione, actor=request.user, **dati)
        importazione.refresh_from_db()  # the job runs after commit: in-process it may have ended already
        codice = status.HTTP_202_ACCEPTED if importazione.job_id else status.HTTP_200_OK
        return self.risposta(ImportazioneOutput, importazione, status=codice)
