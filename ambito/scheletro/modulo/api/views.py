"""API of the module, under /api/v1/a/<ambito_slug>/modulo_modello/. ``AmbitoAPIView`` resolves the Ambito,
checks the capability and enters the scope; ``valida``/``risposta``/``pagina`` read and write."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from modulo_modello import selectors, services
from modulo_modello.api.serializers import ElementoInput, ElementoOutput

TAG = ["modulo_modello"]


class ModuloModelloAPIView(AmbitoAPIView):
    capacita = "modulo_modello.vedi"
    capacita_scrittura = "modulo_modello.gestisci"


class ElementiAPI(ModuloModelloAPIView):
    @extend_schema(tags=TAG, operation_id="modulo_modello_elementi_list", summary="Elenco degli elementi",
                   responses={200: ElementoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(ElementoOutput, selectors.elemento_list(ambito=self.ambito))

    @extend_schema(tags=TAG, operation_id="modulo_modello_elementi_create", summary="Registra un elemento",
                   request=ElementoInput, responses={201: ElementoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        elemento = services.elemento_create(ambito=self.ambito, actor=request.user,
                                            **self.valida(ElementoInput, request.data))
        return self.risposta(ElementoOutput, elemento, status=status.HTTP_201_CREATED)


class ElementoAPI(ModuloModelloAPIView):
    @extend_schema(tags=TAG, operation_id="modulo_modello_elementi_retrieve", summary="Un elemento",
                   responses={200: ElementoOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, elemento_pk: int) -> Response:
        return self.risposta(ElementoOutput, selectors.elemento_get(ambito=self.ambito, pk=elemento_pk))
