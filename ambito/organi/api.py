"""Collegial bodies API of one Ambito, under /api/v1/a/<ambito_slug>/organi/.

Staff and the Assemblea read bodies, members and sessions (``ambito.organi.vedi``); staff record
attendance and votes and close votes (``ambito.organi.gestisci``). Ids in input are resolved
within the URL's Ambito; rules are the services' (:mod:`ambito.organi.services`).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from ambito.errors import NonTrovato
from ambito.organi import selectors, services
from ambito.organi.models import Componente
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


class SedutaMixin:
    def seduta_dettaglio(self, seduta_pk: int) -> Response:
        """The session as it is now: attendance, agenda, votes and outcomes."""
        seduta = selectors.seduta_get(ambito=self.ambito, pk=seduta_pk)
        seduta.presenti_letti = sorted(selectors.presenti_ids(seduta=seduta))
        seduta.punti_letti = list(selectors.punto_list(seduta=seduta))
        return self.risposta(SedutaDetailOutput, seduta)

    def punto_dettaglio(self, punto_pk: int) -> Response:
        """The agenda item as it is now, with its votes."""
        punto = selectors.punto_get(ambito=self.ambito, pk=punto_pk)
        return self.risposta(PuntoOutput, selectors.punto_list(seduta=punto.seduta).get(pk=punto.pk))

    def componenti(self, ids: list[int], campo: str) -> list[Componente]:
        """The members named in the input, each of this Ambito (else a validation error on ``campo``)."""
        trovati = []
        for pk in ids:
            try:
                trovati.append(selectors.componente_get(ambito=self.ambito, pk=pk))
            except NonTrovato as exc:
                raise serializers.ValidationError({campo: [f"Componente {pk} inesistente in questo Ambito."]}) from exc
        return trovati


class OrganiAPI(AmbitoAPIView):
    capacita = VEDI
    pagination_class = Paginazione

    @extend_schema(tags=TAG, operation_id="organi_list", summary="Organi collegiali dell'Ambito",
                   responses={200: OrganoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(OrganoOutput, selectors.organo_list(ambito=self.ambito))


class OrganoDetailAPI(AmbitoAPIView):
    capacita = VEDI

    @extend_schema(tags=TAG, operation_id="organi_retrieve", summary="Un organo, la sua regola di voto e i componenti",
                   responses={200: OrganoDetailOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, organo_pk: int) -> Response:
        organo = selectors.organo_get(ambito=self.ambito, pk=organo_pk)
        regola, quorum_componenti, quorum_popolazione = selectors.regola_per(organo=organo, ambito=self.ambito)
        organo.regola_di_voto = {"regola": regola, "quorum_componenti_percento": quorum_componenti,
                                 "quorum_popolazione_percento": quorum_popolazione}
        organo.componenti_letti = list(selectors.componente_list(organo=organo))
        return self.risposta(OrganoDetailOutput, organo)


class SeduteAPI(AmbitoAPIView):
    capacita = VEDI
    pagination_class = Paginazione

    @extend_schema(tags=TAG, operation_id="sedute_list", summary="Sedute di un organo (dalla più recente)",
                   responses={200: SedutaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, organo_pk: int) -> Response:
        organo = selectors.organo_get(ambito=self.ambito, pk=organo_pk)
        return self.pagina(SedutaOutput, selectors.seduta_list(organo=organo))


class SedutaDetailAPI(SedutaMixin, AmbitoAPIView):
    capacita = VEDI

    @extend_schema(tags=TAG, operation_id="sedute_retrieve",
                   summary="Una seduta: presenze, ordine del giorno, voti ed esiti",
                   responses={200: SedutaDetailOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, seduta_pk: int) -> Response:
        return self.seduta_dettaglio(seduta_pk)


class PresenzeAPI(SedutaMixin, AmbitoAPIView):
    capacita = GESTISCI

    @extend_schema(tags=TAG, operation_id="sedute_presenze", summary="Registra le presenze (elenco completo)",
                   request=PresenzeInput, responses={200: SedutaDetailOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, seduta_pk: int) -> Response:
        seduta = selectors.seduta_get(ambito=self.ambito, pk=seduta_pk)
        dati = self.valida(PresenzeInput, request.data)
        presenti = self.componenti(dati["presenti"], "presenti")
        services.seduta_presenze_set(seduta=seduta, actor=request.user, presenti=presenti)
        return self.seduta_dettaglio(seduta_pk)


class VotiAPI(SedutaMixin, AmbitoAPIView):
    capacita = GESTISCI

    @extend_schema(tags=TAG, operation_id="punti_vota", summary="Registra i voti su un punto",
                   description="Tutti o nessuno. Vota solo chi è presente e in carica alla data della seduta; "
                               "nell'Assemblea un voto per comune (sindaco o delegato). Un voto si può cambiare "
                               "fino alla chiusura.",
                   request=VotiInput, responses={200: PuntoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, punto_pk: int) -> Response:
        punto = selectors.punto_get(ambito=self.ambito, pk=punto_pk)
        righe = self.valida(VotiInput, request.data)["voti"]
        componenti = self.componenti([riga["componente"] for riga in righe], "voti")
        services.voti_record(punto=punto, actor=request.user,
                             voti=[(componente, riga["valore"]) for componente, riga in zip(componenti, righe,
                                                                                            strict=True)])
        return self.punto_dettaglio(punto_pk)


class VotazioneCloseAPI(SedutaMixin, AmbitoAPIView):
    capacita = GESTISCI

    @extend_schema(tags=TAG, operation_id="punti_chiudi_votazione", summary="Chiude la votazione e calcola l'esito",
                   description="Applica la regola di voto dell'Ambito (Assemblea) o la maggioranza semplice (altri "
                               "organi) con il quorum; un punto approvato produce il suo atto.",
                   request=None, responses={200: PuntoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, punto_pk: int) -> Response:
        punto = selectors.punto_get(ambito=self.ambito, pk=punto_pk)
        services.votazione_close(punto=punto, actor=request.user)
        return self.punto_dettaglio(punto_pk)
