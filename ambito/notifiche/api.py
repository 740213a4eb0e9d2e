"""Notifications API of one Ambito: /api/v1/a/<ambito_slug>/notifiche/…

The caller's own notifications only (``ambito.notifiche.vedi``): another user's is a 404, like one of another
Ambito.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from ambito.notifiche import selectors, services
from ambito.notifiche.serializers import FiltroNotificheInput, NonLetteOutput, NotificaOutput, SegnateOutput

TAG = ["Notifiche"]
VEDI = "ambito.notifiche.vedi"


class NotificheAPI(AmbitoAPIView):
    capacita = VEDI
    pagination_class = Paginazione

    @extend_schema(tags=TAG, operation_id="notifiche_list", summary="Le mie notifiche",
                   description="Dalla più recente; solo quelle dell'utente autenticato in questo Ambito.",
                   parameters=[FiltroNotificheInput], responses={200: NotificaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        filtro = self.valida(FiltroNotificheInput, request.query_params)
        return self.pagina(NotificaOutput, selectors.notifica_list(
            ambito=self.ambito, utente=request.user, solo_non_lette=filtro["non_lette"]))


class NonLetteAPI(AmbitoAPIView):
    capacita = VEDI

    @extend_schema(tags=TAG, operation_id="notifiche_non_lette", summary="Quante notifiche non ho ancora letto",
                   responses={200: NonLetteOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        n = selectors.notifica_non_lette_count(ambito=self.ambito, utente=request.user)
        return self.risposta(NonLetteOutput, {"non_lette": n})


class NotificaLettaAPI(AmbitoAPIView):
    capacita = VEDI

    @extend_schema(tags=TAG, operation_id="notifiche_mark_read", summary="Segna una notifica come letta",
                   request=None, responses={200: NotificaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, notifica_pk: int) -> Response:
        notifica = selectors.notifica_get(ambito=self.ambito, utente=request.user, pk=notifica_pk)
        return self.risposta(NotificaOutput, services.notifica_mark_read(notifica=notifica, actor=request.user))


class TutteLetteAPI(AmbitoAPIView):
    capacita = VEDI

    @extend_schema(tags=TAG, operation_id="notifiche_mark_all_read", summary="Segna tutte come lette",
                   request=None, responses={200: SegnateOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        n = services.notifica_mark_all_read(ambito=self.ambito, utente=request.user, actor=request.user)
        return self.risposta(SegnateOutput, {"segnate": n})
