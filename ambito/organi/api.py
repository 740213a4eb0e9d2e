"""Collegial bodies API of one Ambito, under /api/v1/a/<ambito_slug>/organi/.

Staff and the Assemblea read bodies, members and sessions (``ambito.organi.vedi``); staff record
attendance and votes and close votes (``ambito.organi.gestisci``). Ids in input are resolved
within the URL's Ambito; rules are the services' (:mod:`ambito.organi.services`).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.errors import NonTrovato
from ambito.organi import selectors as sel
from ambito.organi import services as servizi
from ambito.organi.models import Componente, PuntoOdG, Seduta
from ambito.organi.serializers import (
    OrganoDetailOutput,
    OrganoOutput,
    PresenzeInput,
    PuntoOutput,
    SedutaDetailOutput,
    SedutaOutput,
    VotiInput,
)

TAG = ["Organi collegiali e sedute"]
VEDI = "ambito.organi.vedi"
GESTISCI = "ambito.organi.gestisci"
ERRORE = OpenApiResponse(description="Errore nel formato comune: {\"errore\": {\"codice\", \"messaggio\", \"campi\"}}")


class SedutaMixin:
    def seduta_dettaglio(self, seduta: Seduta) -> dict[str, Any]:
        seduta.presenti_letti = sorted(sel.presenti_ids(seduta=seduta))
        seduta.punti_letti = list(sel.punto_list(seduta=seduta))
        return SedutaDetailOutput(seduta).data

    def punto_dettaglio(self, punto_pk: int) -> dict[str, Any]:
        punto = sel.punto_get(ambito=self.ambito, pk=punto_pk)
        return PuntoOutput(sel.punto_list(seduta=punto.seduta).get(pk=punto.pk)).data

    def componenti(self, ids: list[int], campo: str) -> list[Componente]:
        trovati = []
        for pk in ids:
            try:
                trovati.append(sel.componente_get(ambito=self.ambito, pk=pk))
            except NonTrovato as exc:
                raise serializers.ValidationError({campo: [f"Componente {pk} inesistente in questo Ambito."]}) from exc
        return trovati


class OrganiAPI(AmbitoAPIView):
    capacita = VEDI
    pagination_class = Paginazione

    @extend_schema(tags=TAG, operation_id="organi_list", summary="Organi collegiali dell'Ambito",
                   responses={200: OrganoOutput(many=True), 403: ERRORE})
    def get(self, request: Request, ambito_slug: str) -> Response:
        paginatore = self.pagination_class()
        pagina = paginatore.paginate_queryset(sel.organo_list(ambito=self.ambito), request, view=self)
        return paginatore.get_paginated_response(OrganoOutput(pagina, many=True).data)


class OrganoDetailAPI(AmbitoAPIView):
    capacita = VEDI

    @extend_schema(tags=TAG, operation_id="organi_retrieve", summary="Un organo, la sua regola di voto e i componenti",
                   responses={200: OrganoDetailOutput, 404: ERRORE})
    def get(self, request: Request, ambito_slug: str, organo_pk: int) -> Response:
        organo = sel.organo_get(ambito=self.ambito, pk=organo_pk)
        regola, qc, qp = sel.regola_per(organo=organo, ambito=self.ambito)
        organo.regola_di_voto = {"regola": regola, "quorum_componenti_percento": qc, "quorum_popolazione_percento": qp}
        organo.componenti_letti = list(sel.componente_list(organo=organo))
        return Response(OrganoDetailOutput(organo).data)


class SeduteAPI(AmbitoAPIView):
    capacita = VEDI
    pagination_class = Paginazione

    @extend_schema(tags=TAG, operation_id="sedute_list", summary="Sedute di un organo (dalla più recente)",
                   responses={200: SedutaOutput(many=True), 404: ERRORE})
    def get(self, request: Request, ambito_slug: str, organo_pk: int) -> Response:
        organo = sel.organo_get(ambito=self.ambito, pk=organo_pk)
        paginatore = self.pagination_class()
        pagina = paginatore.paginate_queryset(sel.seduta_list(organo=organo), request, view=self)
        return paginatore.get_paginated_response(SedutaOutput(pagina, many=True).data)


class SedutaDetailAPI(SedutaMixin, AmbitoAPIView):
    capacita = VEDI

    @extend_schema(tags=TAG, operation_id="sedute_retrieve",
                   summary="Una seduta: presenze, ordine del giorno, voti ed esiti",
                   responses={200: SedutaDetailOutput, 404: ERRORE})
    def get(self, request: Request, ambito_slug: str, seduta_pk: int) -> Response:
        return Response(self.seduta_dettaglio(sel.seduta_get(ambito=self.ambito, pk=seduta_pk)))


class PresenzeAPI(SedutaMixin, AmbitoAPIView):
    capacita = GESTISCI

    @extend_schema(tags=TAG, operation_id="sedute_presenze", summary="Registra le presenze (elenco completo)",
                   request=PresenzeInput, responses={200: SedutaDetailOutput, 400: ERRORE, 403: ERRORE, 404: ERRORE})
    def post(self, request: Request, ambito_slug: str, seduta_pk: int) -> Response:
        seduta = sel.seduta_get(ambito=self.ambito, pk=seduta_pk)
        dati = PresenzeInput(data=request.data)
        dati.is_valid(raise_exception=True)
        presenti = self.componenti(dati.validated_data["presenti"], "presenti")
        servizi.seduta_presenze_set(seduta=seduta, actor=request.user, presenti=presenti)
        return Response(self.seduta_dettaglio(sel.seduta_get(ambito=self.ambito, pk=seduta_pk)))


class VotiAPI(SedutaMixin, AmbitoAPIView):
    capacita = GESTISCI

    @extend_schema(tags=TAG, operation_id="punti_vota", summary="Registra i voti su un punto",
                   description="Tutti o nessuno. Vota solo chi è presente e in carica alla data della seduta; "
                               "nell'Assemblea un voto per comune (sindaco o delegato). Un voto si può cambiare "
                               "fino alla chiusura.",
                   request=VotiInput, responses={200: PuntoOutput, 400: ERRORE, 403: ERRORE, 404: ERRORE})
    def post(self, request: Request, ambito_slug: str, punto_pk: int) -> Response:
        punto: PuntoOdG = sel.punto_get(ambito=self.ambito, pk=punto_pk)
        dati = VotiInput(data=request.data)
        dati.is_valid(raise_exception=True)
        righe = dati.validated_data["voti"]
        componenti = self.componenti([r["componente"] for r in righe], "voti")
        servizi.voti_record(punto=punto, actor=request.user,
                            voti=[(c, r["valore"]) for c, r in zip(componenti, righe, strict=True)])
        return Response(self.punto_dettaglio(punto_pk))


class VotazioneCloseAPI(SedutaMixin, AmbitoAPIView):
    capacita = GESTISCI

    @extend_schema(tags=TAG, operation_id="punti_chiudi_votazione", summary="Chiude la votazione e calcola l'esito",
                   description="Applica la regola di voto dell'Ambito (Assemblea) o la maggioranza semplice (altri "
                               "organi) con il quorum; un punto approvato produce il suo atto.",
                   request=None, responses={200: PuntoOutput, 400: ERRORE, 403: ERRORE, 404: ERRORE})
    def post(self, request: Request, ambito_slug: str, punto_pk: int) -> Response:
        punto = sel.punto_get(ambito=self.ambito, pk=punto_pk)
        servizi.votazione_close(punto=punto, actor=request.user)
        return Response(self.punto_dettaglio(punto_pk))
