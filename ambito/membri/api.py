"""Members API of one Ambito, under /api/v1/a/<ambito_slug>/membri/.

Staff read (``ambito.membri.vedi``); only the responsabile writes (``ambito.membri.gestisci``).
Every object comes from a selector filtered by the URL's Ambito (another Ambito's id is a 404)
and every change goes through ``ambito.membri.services``; refusals come out in the one error
shape of ``ambito.api.errors``.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.membri import services as servizi
from ambito.membri.selectors import invito_get, invito_list, membro_get, membro_list
from ambito.membri.serializers import InvitoInput, InvitoOutput, MembroOutput, MembroUpdateInput

TAG = ["Utenti e ruoli"]
VEDI = "ambito.membri.vedi"
GESTISCI = "ambito.membri.gestisci"
ERRORE = OpenApiResponse(description="Errore nel formato comune: {\"errore\": {\"codice\", \"messaggio\", \"campi\"}}")


class MembriListAPI(AmbitoAPIView):
    capacita = VEDI
    pagination_class = Paginazione

    @extend_schema(tags=TAG, operation_id="membri_list", summary="Elenco degli utenti dell'Ambito",
                   description="Membri attivi con ruolo, comuni ed ente rappresentato.",
                   responses={200: MembroOutput(many=True), 403: ERRORE})
    def get(self, request: Request, ambito_slug: str) -> Response:
        paginatore = self.pagination_class()
        pagina = paginatore.paginate_queryset(membro_list(ambito=self.ambito), request, view=self)
        return paginatore.get_paginated_response(MembroOutput(pagina, many=True).data)


class MembroDetailAPI(AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = GESTISCI

    @extend_schema(tags=TAG, operation_id="membri_retrieve", summary="Un utente dell'Ambito",
                   responses={200: MembroOutput, 404: ERRORE})
    def get(self, request: Request, ambito_slug: str, membro_pk: int) -> Response:
        return Response(MembroOutput(membro_get(ambito=self.ambito, pk=membro_pk)).data)

    @extend_schema(
        tags=TAG, operation_id="membri_update", summary="Cambia ruolo, comuni o ente di un utente",
        description="I campi omessi restano invariati. Non si può togliere il ruolo all'ultimo responsabile.",
        request=MembroUpdateInput, responses={200: MembroOutput, 400: ERRORE, 403: ERRORE, 404: ERRORE},
    )
    def patch(self, request: Request, ambito_slug: str, membro_pk: int) -> Response:
        membro = membro_get(ambito=self.ambito, pk=membro_pk)
        dati = MembroUpdateInput(data=request.data, partial=True)
        dati.is_valid(raise_exception=True)
        attuali = {"ruolo": membro.ruolo, "comuni": list(membro.comuni.all()), "ente": membro.ente}
        nuovi = {k: v for k, v in dati.validated_data.items() if k in attuali}
        membro = servizi.membro_update(membro=membro, actor=request.user, **{**attuali, **nuovi})
        return Response(MembroOutput(membro_get(ambito=self.ambito, pk=membro.pk)).data)


class MembroRevokeAPI(AmbitoAPIView):
    capacita = GESTISCI

    @extend_schema(
        tags=TAG, operation_id="membri_revoke", summary="Revoca l'accesso di un utente all'Ambito",
        description="Vale dalla prossima richiesta dell'utente. Non si può revocare l'ultimo responsabile.",
        request=None, responses={204: None, 400: ERRORE, 403: ERRORE, 404: ERRORE, 409: ERRORE},
    )
    def post(self, request: Request, ambito_slug: str, membro_pk: int) -> Response:
        membro = membro_get(ambito=self.ambito, pk=membro_pk)
        servizi.membro_revoke(membro=membro, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitiAPI(AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = GESTISCI
    pagination_class = Paginazione

    @extend_schema(tags=TAG, operation_id="inviti_list", summary="Inviti in attesa",
                   description="Inviti non ancora accettati né annullati (anche scaduti).",
                   responses={200: InvitoOutput(many=True), 403: ERRORE})
    def get(self, request: Request, ambito_slug: str) -> Response:
        paginatore = self.pagination_class()
        pagina = paginatore.paginate_queryset(invito_list(ambito=self.ambito), request, view=self)
        return paginatore.get_paginated_response(InvitoOutput(pagina, many=True).data)

    @extend_schema(
        tags=TAG, operation_id="inviti_create", summary="Invita un utente con un ruolo",
        description="Invia un'e-mail con un link personale che scade dopo INVITO_VALIDITA_GIORNI giorni.",
        request=InvitoInput, responses={201: InvitoOutput, 400: ERRORE, 403: ERRORE},
    )
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = InvitoInput(data=request.data)
        dati.is_valid(raise_exception=True)
        invito = servizi.invito_create(ambito=self.ambito, actor=request.user, **dati.to_service_kwargs())
        invito = invito_get(ambito=self.ambito, pk=invito.pk)
        return Response(InvitoOutput(invito).data, status=status.HTTP_201_CREATED)


class InvitoCancelAPI(AmbitoAPIView):
    capacita = GESTISCI

    @extend_schema(
        tags=TAG, operation_id="inviti_cancel", summary="Annulla un invito non ancora accettato",
        request=None, responses={204: None, 403: ERRORE, 404: ERRORE, 409: ERRORE},
    )
    def post(self, request: Request, ambito_slug: str, invito_pk: int) -> Response:
        invito = invito_get(ambito=self.ambito, pk=invito_pk)
        servizi.invito_cancel(invito=invito, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
