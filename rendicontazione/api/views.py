"""API of the data returns, under /api/v1/a/<ambito_slug>/rendicontazione/: the registered returns, productions
(start one: 202 with the production; poll it or its job), the submitted mark, the mapping table."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from rendicontazione import selectors, services
from rendicontazione.api.serializers import (
    CruscottoMisureInput,
    CruscottoMisureOutput,
    InviatoInput,
    InvioInput,
    InvioOutput,
    RitornoOutput,
    TermineInput,
    TermineOutput,
    VoceMappaturaInput,
    VoceMappaturaOutput,
)
from rendicontazione.cruscotto_misure import cruscotto_misure
from rendicontazione.registry import ritorni

TAG = ["rendicontazione"]


class RendicontazioneAPIView(AmbitoAPIView):
    capacita = "rendicontazione.vedi"
    capacita_scrittura = "rendicontazione.gestisci"


class RitorniAPI(RendicontazioneAPIView):
    @extend_schema(tags=TAG, operation_id="rendicontazione_ritorni_list",
                   summary="I debiti informativi registrati, con il tracciato documentato",
                   responses={200: RitornoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.risposta(RitornoOutput, sorted(ritorni().values(), key=lambda r: r.codice), many=True)


class TermineAPI(RendicontazioneAPIView):
    @extend_schema(tags=TAG, operation_id="rendicontazione_termine_set",
                   summary="Fissa il termine dell'Ambito per un debito informativo (giorni dopo la fine del periodo)",
                   request=TermineInput, responses={200: TermineOutput, **ERRORI_SCRITTURA})
    def put(self, request: Request, ambito_slug: str, ritorno_codice: str) -> Response:
        termine = services.termine_debito_set(ambito=self.ambito, actor=request.user, codice=ritorno_codice,
                                              **self.valida(TermineInput, request.data))
        return self.risposta(TermineOutput, termine)


class InviiAPI(RendicontazioneAPIView):
    @extend_schema(tags=TAG, operation_id="rendicontazione_invii_list", summary="Le produzioni, dalla più recente",
                   responses={200: InvioOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(InvioOutput, selectors.invio_list(ambito=self.ambito))

    @extend_schema(tags=TAG, operation_id="rendicontazione_invii_create",
                   summary="Produce un debito informativo per un periodo (controlli, poi il file)",
                   request=InvioInput, responses={202: InvioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        invio = services.invio_create(ambito=self.ambito, actor=request.user,
                                      **self.valida(InvioInput, request.data))
        invio = selectors.invio_get(ambito=self.ambito, pk=invio.pk)  # the job may have run already
        return self.risposta(InvioOutput, invio, status=status.HTTP_202_ACCEPTED)


class InvioAPI(RendicontazioneAPIView):
    @extend_schema(tags=TAG, operation_id="rendicontazione_invii_retrieve",
                   summary="Una produzione, con l'esito dei controlli",
                   responses={200: InvioOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, invio_pk: int) -> Response:
        return self.risposta(InvioOutput, selectors.invio_get(ambito=self.ambito, pk=invio_pk))


class InvioInviatoAPI(RendicontazioneAPIView):
    @extend_schema(tags=TAG, operation_id="rendicontazione_invii_inviato",
                   summary="Segna il file come inviato, con il protocollo della ricevuta",
                   request=InviatoInput, responses={200: InvioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, invio_pk: int) -> Response:
        invio = selectors.invio_get(ambito=self.ambito, pk=invio_pk)
        invio = services.invio_mark_inviato(invio=invio, actor=request.user,
                                            **self.valida(InviatoInput, request.data))
        return self.risposta(InvioOutput, invio)


class MappaturaAPI(RendicontazioneAPIView):
    @extend_schema(tags=TAG, operation_id="rendicontazione_mappatura_list", summary="La tabella di mappatura",
                   responses={200: VoceMappaturaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(VoceMappaturaOutput, selectors.voce_mappatura_list(ambito=self.ambito))

    @extend_schema(tags=TAG, operation_id="rendicontazione_mappatura_create", summary="Registra una voce",
                   request=VoceMappaturaInput, responses={201: VoceMappaturaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        voce = services.voce_mappatura_create(ambito=self.ambito, actor=request.user,
                                              **self.valida(VoceMappaturaInput, request.data))
        return self.risposta(VoceMappaturaOutput, voce, status=status.HTTP_201_CREATED)


class VoceMappaturaAPI(RendicontazioneAPIView):
    @extend_schema(tags=TAG, operation_id="rendicontazione_mappatura_retrieve", summary="Una voce di mappatura",
                   responses={200: VoceMappaturaOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, voce_mappatura_pk: int) -> Response:
        return self.risposta(VoceMappaturaOutput,
                             selectors.voce_mappatura_get(ambito=self.ambito, pk=voce_mappatura_pk))

    @extend_schema(tags=TAG, operation_id="rendicontazione_mappatura_update", summary="Modifica i codici di una voce",
                   request=VoceMappaturaInput, responses={200: VoceMappaturaOutput, **ERRORI_SCRITTURA})
    def put(self, request: Request, ambito_slug: str, voce_mappatura_pk: int) -> Response:
        voce = selectors.voce_mappatura_get(ambito=self.ambito, pk=voce_mappatura_pk)
        dati = self.valida(VoceMappaturaInput, request.data)
        dati.pop("tipo_oggetto", None)
        dati.pop("chiave_oggetto", None)
        return self.risposta(VoceMappaturaOutput,
                             services.voce_mappatura_update(voce=voce, actor=request.user, **dati))

    @extend_schema(tags=TAG, operation_id="rendicontazione_mappatura_delete", summary="Elimina una voce",
                   responses={204: None, **ERRORI_SCRITTURA})
    def delete(self, request: Request, ambito_slug: str, voce_mappatura_pk: int) -> Response:
        voce = selectors.voce_mappatura_get(ambito=self.ambito, pk=voce_mappatura_pk)
        services.voce_mappatura_delete(voce=voce, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CruscottoMisureAPI(RendicontazioneAPIView):
    @extend_schema(tags=TAG, operation_id="rendicontazione_cruscotto_misure",
                   summary="Domande, beneficiari, liste d'attesa e tempi di decisione per misura, area e comune",
                   parameters=[CruscottoMisureInput], responses={200: CruscottoMisureOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        filtri = self.valida(CruscottoMisureInput, request.query_params)
        dati = cruscotto_misure(ambito=self.ambito, anno=filtri["anno"], misura=filtri["misura"],
                                sopprimi=not self.contesto.puo(self.capacita_scrittura))
        return self.risposta(CruscottoMisureOutput, dati)
