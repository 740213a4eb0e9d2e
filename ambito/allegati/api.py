"""Attachments API of one Ambito, under /api/v1/a/<ambito_slug>/allegati/.

Same rules as the pages: the owning object as the caller may see it (404 otherwise), then the capability its
module registered for reading or writing attachments (403). Uploads are multipart (field ``file``), checked by
content. Every download is recorded.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.allegati import accesso, selectors, services
from ambito.allegati.models import Allegato
from ambito.allegati.serializers import AllegatoDetailOutput, AllegatoOutput, NuovaVersioneInput, NuovoAllegatoInput
from ambito.allegati.views import risposta_scaricamento
from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA

TAG = ["Allegati"]
USA = "ambito.allegati.usa"


class _Allegati(AmbitoAPIView):
    capacita = USA
    capacita_scrittura = USA

    def dettaglio(self, allegato: Allegato, *, status: int = 200) -> Response:
        allegato.versioni_lette = list(selectors.versione_list(allegato=allegato))
        return self.risposta(AllegatoDetailOutput, allegato, status=status)


class AllegatiOggettoAPI(_Allegati):
    pagination_class = Paginazione
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(tags=TAG, operation_id="allegati_list", summary="Gli allegati di un oggetto",
                   description="modello = \"app_label.modelname\" (es. \"ambito.atto\"); dal più vecchio.",
                   responses={200: AllegatoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, modello: str, oggetto_pk: int) -> Response:
        trovato = accesso.per_oggetto(self.contesto, modello=modello, pk=oggetto_pk)
        return self.pagina(AllegatoOutput, selectors.allegato_list(oggetto=trovato.oggetto))

    @extend_schema(tags=TAG, operation_id="allegati_create", summary="Allega un file a un oggetto",
                   request={"multipart/form-data": NuovoAllegatoInput},
                   responses={201: AllegatoDetailOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, modello: str, oggetto_pk: int) -> Response:
        trovato = accesso.per_oggetto(self.contesto, modello=modello, pk=oggetto_pk, scrittura=True)
        dati = self.valida(NuovoAllegatoInput, request.data)
        allegato = services.allegato_create(oggetto=trovato.oggetto, actor=request.user, file=dati["file"],
                                            titolo=dati.get("titolo", ""))
        return self.dettaglio(allegato, status=status.HTTP_201_CREATED)


class AllegatoDetailAPI(_Allegati):
    @extend_schema(tags=TAG, operation_id="allegati_retrieve", summary="Un allegato, con tutte le sue versioni",
                   responses={200: AllegatoDetailOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, allegato_pk: int) -> Response:
        _trovato, allegato = accesso.per_allegato(self.contesto, pk=allegato_pk)
        return self.dettaglio(allegato)


class AllegatoVersioniAPI(_Allegati):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(tags=TAG, operation_id="allegati_replace", summary="Sostituisce il file (nuova versione)",
                   description="La versione precedente resta e si può ancora scaricare.",
                   request={"multipart/form-data": NuovaVersioneInput},
                   responses={201: AllegatoDetailOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, allegato_pk: int) -> Response:
        _trovato, allegato = accesso.per_allegato(self.contesto, pk=allegato_pk, scrittura=True)
        dati = self.valida(NuovaVersioneInput, request.data)
        allegato = services.allegato_replace(allegato=allegato, actor=request.user, file=dati["file"])
        return self.dettaglio(allegato, status=status.HTTP_201_CREATED)


class AllegatoFileAPI(_Allegati):
    @extend_schema(tags=TAG, operation_id="allegati_download", summary="Scarica la versione corrente",
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, allegato_pk: int) -> Any:
        _trovato, allegato = accesso.per_allegato(self.contesto, pk=allegato_pk)
        return risposta_scaricamento(request, allegato.versione_corrente)


class VersioneFileAPI(_Allegati):
    @extend_schema(tags=TAG, operation_id="allegati_versione_download", summary="Scarica una versione",
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, versione_pk: int) -> Any:
        _trovato, versione = accesso.per_versione(self.contesto, pk=versione_pk)
        return risposta_scaricamento(request, versione)
