"""Members API of one Ambito, under /api/v1/a/<ambito_slug>/membri/.

Staff read (``ambito.membri.vedi``); only the responsabile writes (``ambito.membri.gestisci``).
Every object comes from a selector filtered by the URL's Ambito (another Ambito's id is a 404)
and every change goes through ``ambito.membri.services``; refusals come out in the one error
shape of ``ambito.api.errors``.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from ambito.membri import selectors, services
from ambito.membri.serializers import InvitoInput, InvitoOutput, MembroOutput, MembroUpdateInput

TAG = ["Utenti e ruoli"]
VEDI = "ambito.membri.vedi"
GESTISCI = "ambito.membri.gestisci"


class MembriListAPI(AmbitoAPIView):
    capacita = VEDI
    pagination_class = Paginazione

    @extend_schema(tags=TAG, operation_id="membri_list", summary="Elenco degli utenti dell'Ambito",
                   description="Membri attivi con ruolo, comuni ed ente rappresentato.",
                   responses={200: MembroOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(MembroOutput, selectors.membro_list(ambito=self.ambito))


class MembroDetailAPI(AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = GESTISCI

    @extend_schema(tags=TAG, operation_id="membri_retrieve", summary="Un utente dell'Ambito",
                   responses={200: MembroOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, membro_pk: int) -> Response:
        return self.risposta(MembroOutput, selectors.membro_get(ambito=self.ambito, pk=membro_pk))

    @extend_schema(
        tags=TAG, operation_id="membri_update", summary="Cambia ruolo, comuni o ente di un utente",
        description="I campi omessi restano invariati. Non si può togliere il ruolo all'ultimo responsabile.",
        request=MembroUpdateInput, responses={200: MembroOutput, **ERRORI_SCRITTURA},
    )
    def patch(self, request: Request, ambito_slug: str, membro_pk: int) -> Response:
        membro = selectors.membro_get(ambito=self.ambito, pk=membro_pk)
        attuali = {"ruolo": membro.ruolo, "comuni": list(membro.comuni.all()), "ente": membro.ente}
        nuovi = self.valida(MembroUpdateInput, request.data, partial=True)
        services.membro_update(membro=membro, actor=request.user, **{**attuali, **nuovi})
        return self.risposta(MembroOutput, selectors.membro_get(ambito=self.ambito, pk=membro_pk))


class MembroRevokeAPI(AmbitoAPIView):
    capacita = GESTISCI

    @extend_schema(
        tags=TAG, operation_id="membri_revoke", summary="Revoca l'accesso di un utente all'Ambito",
        description="Vale dalla prossima richiesta dell'utente. Non si può revocare l'ultimo responsabile.",
        request=None, responses={204: None, **ERRORI_SCRITTURA},
    )
    def post(self, request: Request, ambito_slug: str, membro_pk: int) -> Response:
        membro = selectors.membro_get(ambito=self.ambito, pk=membro_pk)
        services.membro_revoke(membro=membro, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitiAPI(AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = GESTISCI
    pagination_class = Paginazione

    @extend_schema(tags=TAG, operation_id="inviti_list", summary="Inviti in attesa",
                   description="Inviti non ancora accettati né annullati (anche scaduti).",
                   responses={200: InvitoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(InvitoOutput, selectors.invito_list(ambito=self.ambito))

    @extend_schema(
        tags=TAG, operation_id="inviti_create", summary="Invita un utente con un ruolo",
        description="Invia un'e-mail con un link personale che scade dopo INVITO_VALIDITA_GIORNI giorni.",
        request=InvitoInput, responses={201: InvitoOutput, **ERRORI_SCRITTURA},
    )
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = self.valida(InvitoInput, request.data)
        invito = services.invito_create(ambito=self.ambito, actor=request.user, email=dati["email"],
                                        ruolo=dati["ruolo"], comuni=dati.get("comuni", []), ente=dati.get("ente"))
        invito = selectors.invito_get(ambito=self.ambito, pk=invito.pk)
        return self.risposta(InvitoOutput, invito, status=status.HTTP_201_CREATED)


class InvitoCancelAPI(AmbitoAPIView):
    capacita = GESTISCI

    @extend_schema(
        tags=TAG, operation_id="inviti_cancel", summary="Annulla un invito non ancora accettato",
        request=None, responses={204: None, **ERRORI_SCRITTURA},
    )
    def post(self, request: Request, ambito_slug: str, invito_pk: int) -> Response:
        invito = selectors.invito_get(ambito=self.ambito, pk=invito_pk)
        services.invito_cancel(invito=invito, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
