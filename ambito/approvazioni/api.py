"""Approvals API of one Ambito, under /api/v1/a/<ambito_slug>/approvazioni/.

Staff read every request (``ambito.approvazioni.vedi``). Approving or refusing needs the kind's capability
(403 otherwise), a person other than the preparer, and a session whose second factor is verified: an API
token is not enough (403 ``secondo_fattore_richiesto``), since a token is not a second factor of this session.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from ambito.approvazioni import selectors, services
from ambito.approvazioni.serializers import FiltroRichiesteInput, RichiestaOutput, RifiutoInput
from ambito.approvazioni.views import secondo_fattore_verificato

TAG = ["Approvazioni"]
VEDI = "ambito.approvazioni.vedi"


class RichiesteAPI(AmbitoAPIView):
    capacita = VEDI
    pagination_class = Paginazione

    @extend_schema(tags=TAG, operation_id="approvazioni_list", summary="Richieste di approvazione",
                   parameters=[FiltroRichiesteInput], responses={200: RichiestaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        filtro = self.valida(FiltroRichiesteInput, request.query_params)
        return self.pagina(RichiestaOutput, selectors.richiesta_list(ambito=self.ambito, stato=filtro.get("stato")))


class RichiestaDetailAPI(AmbitoAPIView):
    capacita = VEDI

    @extend_schema(tags=TAG, operation_id="approvazioni_retrieve", summary="Una richiesta di approvazione",
                   responses={200: RichiestaOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, richiesta_pk: int) -> Response:
        return self.risposta(RichiestaOutput, selectors.richiesta_get(ambito=self.ambito, pk=richiesta_pk))


class RichiestaApproveAPI(AmbitoAPIView):
    capacita = VEDI

    @extend_schema(tags=TAG, operation_id="approvazioni_approve", summary="Approva ed esegue la richiesta",
                   description="Solo chi ha la capacità del tipo di richiesta, non chi l'ha preparata, da una "
                               "sessione con il secondo fattore verificato.",
                   request=None, responses={200: RichiestaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, richiesta_pk: int) -> Response:
        richiesta = selectors.richiesta_get(ambito=self.ambito, pk=richiesta_pk)
        services.richiesta_approve(richiesta=richiesta, actor=request.user,
                                   secondo_fattore_verificato=secondo_fattore_verificato(request))
        return self.risposta(RichiestaOutput, selectors.richiesta_get(ambito=self.ambito, pk=richiesta_pk))


class RichiestaRejectAPI(AmbitoAPIView):
    capacita = VEDI

    @extend_schema(tags=TAG, operation_id="approvazioni_reject", summary="Rifiuta la richiesta, con il motivo",
                   request=RifiutoInput, responses={200: RichiestaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, richiesta_pk: int) -> Response:
        richiesta = selectors.richiesta_get(ambito=self.ambito, pk=richiesta_pk)
        dati = self.valida(RifiutoInput, request.data)
        services.richiesta_reject(richiesta=richiesta, actor=request.user, motivo=dati["motivo"],
                                  secondo_fattore_verificato=secondo_fattore_verificato(request))
        return self.risposta(RichiestaOutput, selectors.richiesta_get(ambito=self.ambito, pk=richiesta_pk))


class RichiestaCancelAPI(AmbitoAPIView):
    capacita = VEDI

    @extend_schema(tags=TAG, operation_id="approvazioni_cancel", summary="Annulla la propria richiesta in attesa",
                   request=None, responses={200: RichiestaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, richiesta_pk: int) -> Response:
        richiesta = selectors.richiesta_get(ambito=self.ambito, pk=richiesta_pk)
        services.richiesta_cancel(richiesta=richiesta, actor=request.user)
        return self.risposta(RichiestaOutput, selectors.richiesta_get(ambito=self.ambito, pk=richiesta_pk))
