"""Territory API of one Ambito, under /api/v1/a/<ambito_slug>/territorio/.

* ``GET   comuni/?data=AAAA-MM-GG``  the Ambito's comuni at a date (default today), paginated;
* ``GET   enti/`` · ``POST enti/``    the enti the Ambito works with; register one (staff);
* ``GET   enti/<ente_pk>/`` · ``PATCH``  one ente; only the Ambito that registered it edits it;
* ``GET   impostazioni/`` · ``PATCH``   settings of the Ambito (the responsabile changes them).

Same rules as the pages: objects come from selectors filtered by the URL's Ambito (another
Ambito's ente is a 404); changes go through ``ambito.territorio.services``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView, AmbitoGenericAPIView
from ambito.api.pagination import Paginazione
from ambito.errors import RegolaViolata
from ambito.territorio import selectors as sel
from ambito.territorio import services as servizi
from ambito.territorio.models import AppartenenzaComune, Comune, Ente, TipoEnte
from ambito.territorio.selectors import comune_list
from ambito.territorio.serializers import (
    AppartenenzaOutput,
    EnteInput,
    EnteOutput,
    ImpostazioniInput,
    ImpostazioniOutput,
)

TAG = ["Territorio"]
VEDI = "ambito.territorio.vedi"
ENTI = "ambito.enti.gestisci"
IMPOSTAZIONI = "ambito.impostazioni.gestisci"
ERRORE = OpenApiResponse(description="Errore nel formato comune: {\"errore\": {\"codice\", \"messaggio\", \"campi\"}}")


class ComuniAPI(AmbitoGenericAPIView):
    capacita = VEDI
    pagination_class = Paginazione
    serializer_class = AppartenenzaOutput
    filter_backends: list = []  # filters are explicit query parameters, handled by the selector

    def data_richiesta(self) -> dt.date:
        valore = self.request.query_params.get("data")
        if not valore:
            return timezone.localdate()
        try:
            return dt.date.fromisoformat(valore)
        except ValueError as exc:
            raise RegolaViolata("Data non valida: usare il formato AAAA-MM-GG.", campo="data") from exc

    def get_queryset(self) -> QuerySet[AppartenenzaComune]:
        return sel.appartenenza_list(ambito=self.ambito, data=self.data_richiesta())

    @extend_schema(
        tags=TAG, operation_id="territorio_comuni_list", summary="Comuni dell'Ambito a una data",
        description="Comuni che appartengono all'Ambito alla data indicata (oggi se omessa), con provincia, "
                    "popolazione e sub-ambito. Un Ambito può comprendere comuni di più province.",
        parameters=[OpenApiParameter("data", OpenApiTypes.DATE, description="Data di riferimento (AAAA-MM-GG).")],
        responses={200: AppartenenzaOutput(many=True), 400: ERRORE, 403: ERRORE, 404: ERRORE},
    )
    def get(self, request: Request, ambito_slug: str) -> Response:
        pagina = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(AppartenenzaOutput(pagina, many=True).data)


def _dati_ente(view: AmbitoAPIView, dati: dict[str, Any]) -> dict[str, Any]:
    """Validated input → service arguments (the comune id must be a comune of the Ambito)."""
    dati = dict(dati)
    if dati.get("comune") is not None:
        comune: Comune | None = comune_list(ambito=view.ambito).filter(pk=dati["comune"]).first()
        if comune is None:
            raise RegolaViolata("Il comune indicato non appartiene all'Ambito.", campo="comune")
        dati["comune"] = comune
    return dati


class EntiAPI(AmbitoGenericAPIView):
    capacita = VEDI
    capacita_scrittura = ENTI
    pagination_class = Paginazione
    serializer_class = EnteOutput
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Ente]:
        tipo = self.request.query_params.get("tipo", "")
        return sel.ente_list(ambito=self.ambito, q=self.request.query_params.get("q", "").strip(),
                             tipo=tipo if tipo in TipoEnte.values else "")

    @extend_schema(
        tags=TAG, operation_id="territorio_enti_list", summary="Enti dell'Ambito",
        description="Ente capofila, ATS, ASST, comuni dell'Ambito ed enti registrati dall'Ambito.",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Parte della denominazione o codice fiscale."),
                    OpenApiParameter("tipo", OpenApiTypes.STR, enum=TipoEnte.values, description="Tipo di ente.")],
        responses={200: EnteOutput(many=True), 403: ERRORE, 404: ERRORE},
    )
    def get(self, request: Request, ambito_slug: str) -> Response:
        pagina = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(EnteOutput(pagina, many=True, context={"ambito": self.ambito}).data)

    @extend_schema(
        tags=TAG, operation_id="territorio_enti_create", summary="Registra un ente",
        description="Codice fiscale e partita IVA sono verificati (cifra di controllo); un codice fiscale si "
                    "registra una sola volta. L'ente resta modificabile solo da questo Ambito.",
        request=EnteInput, responses={201: EnteOutput, 400: ERRORE, 403: ERRORE, 404: ERRORE},
    )
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = EnteInput(data=request.data)
        dati.is_valid(raise_exception=True)
        ente = servizi.ente_create(ambito=self.ambito, actor=request.user, dati=_dati_ente(self, dati.validated_data))
        return Response(EnteOutput(ente, context={"ambito": self.ambito}).data, status=status.HTTP_201_CREATED)


class EnteDetailAPI(AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = ENTI

    @extend_schema(tags=TAG, operation_id="territorio_enti_retrieve", summary="Un ente",
                   responses={200: EnteOutput, 403: ERRORE, 404: ERRORE})
    def get(self, request: Request, ambito_slug: str, ente_pk: int) -> Response:
        ente = sel.ente_get(ambito=self.ambito, pk=ente_pk)
        return Response(EnteOutput(ente, context={"ambito": self.ambito}).data)

    @extend_schema(
        tags=TAG, operation_id="territorio_enti_update", summary="Modifica un ente",
        description="I campi omessi restano invariati. Solo l'Ambito che ha registrato l'ente (o un "
                    "amministratore della piattaforma) può modificarlo: altrimenti 403.",
        request=EnteInput(partial=True), responses={200: EnteOutput, 400: ERRORE, 403: ERRORE, 404: ERRORE},
    )
    def patch(self, request: Request, ambito_slug: str, ente_pk: int) -> Response:
        ente = sel.ente_get(ambito=self.ambito, pk=ente_pk)
        if not sel.ente_modificabile(ente=ente, ambito=self.ambito, utente=request.user):
            raise PermissionDenied("ente registrato da un altro Ambito")
        dati = EnteInput(data=request.data, partial=True)
        dati.is_valid(raise_exception=True)
        ente = servizi.ente_update(ente=ente, ambito=self.ambito, actor=request.user,
                                   dati=_dati_ente(self, dati.validated_data))
        return Response(EnteOutput(ente, context={"ambito": self.ambito}).data)


class ImpostazioniAPI(AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = IMPOSTAZIONI

    @extend_schema(tags=TAG, operation_id="territorio_impostazioni_retrieve", summary="Impostazioni dell'Ambito",
                   responses={200: ImpostazioniOutput, 403: ERRORE, 404: ERRORE})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return Response(ImpostazioniOutput(self.ambito, context={"request": request}).data)

    @extend_schema(
        tags=TAG, operation_id="territorio_impostazioni_update", summary="Modifica le impostazioni",
        description="Regola di voto e quorum dell'Assemblea dei Sindaci, mese di inizio dell'esercizio, tipi di "
                    "ISEE predefiniti. Solo il responsabile dell'Ufficio di Piano. Il logo si carica dalla pagina "
                    "Impostazioni.",
        request=ImpostazioniInput, responses={200: ImpostazioniOutput, 400: ERRORE, 403: ERRORE, 404: ERRORE},
    )
    def patch(self, request: Request, ambito_slug: str) -> Response:
        dati = ImpostazioniInput(data=request.data, partial=True)
        dati.is_valid(raise_exception=True)
        ambito = servizi.ambito_impostazioni_update(ambito=self.ambito, actor=request.user,
                                                    dati=dict(dati.validated_data))
        return Response(ImpostazioniOutput(ambito, context={"request": request}).data)
