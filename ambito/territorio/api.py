"""Territory API of one Ambito, under /api/v1/a/<ambito_slug>/territorio/.

* ``GET   comuni/?data=AAAA-MM-GG``  the Ambito's comuni at a date (default today), paginated;
* ``GET   enti/`` · ``POST enti/``    the enti the Ambito works with; register one (staff);
* ``GET   enti/<ente_pk>/`` · ``PATCH``  one ente; only the Ambito that registered it edits it;
* ``GET   impostazioni/`` · ``PATCH``   settings of the Ambito (the responsabile changes them).

Same rules as the pages: objects come from selectors filtered by the URL's Ambito (another
Ambito's ente is a 404); changes go through ``ambito.territorio.services``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from ambito.errors import RegolaViolata
from ambito.territorio import selectors, services
from ambito.territorio.models import TipoEnte
from ambito.territorio.serializers import (
    AppartenenzaOutput,
    EnteInput,
    EnteOutput,
    FiltroComuniInput,
    FiltroEntiInput,
    ImpostazioniInput,
    ImpostazioniOutput,
)

TAG = ["Territorio"]
VEDI = "ambito.territorio.vedi"
ENTI = "ambito.enti.gestisci"
IMPOSTAZIONI = "ambito.impostazioni.gestisci"


class ComuniAPI(AmbitoAPIView):
    capacita = VEDI
    pagination_class = Paginazione

    @extend_schema(
        tags=TAG, operation_id="territorio_comuni_list", summary="Comuni dell'Ambito a una data",
        description="Comuni che appartengono all'Ambito alla data indicata (oggi se omessa), con provincia, "
                    "popolazione e sub-ambito. Un Ambito può comprendere comuni di più province.",
        parameters=[OpenApiParameter("data", OpenApiTypes.DATE, description="Data di riferimento (AAAA-MM-GG).")],
        responses={200: AppartenenzaOutput(many=True), **ERRORI_LETTURA},
    )
    def get(self, request: Request, ambito_slug: str) -> Response:
        filtro = self.valida(FiltroComuniInput, request.query_params)
        data = filtro.get("data") or timezone.localdate()
        return self.pagina(AppartenenzaOutput, selectors.appartenenza_list(ambito=self.ambito, data=data))


def _dati_ente(view: AmbitoAPIView, dati: dict[str, Any]) -> dict[str, Any]:
    """Validated input → service arguments (the comune id must be a comune of the Ambito)."""
    dati = dict(dati)
    if dati.get("comune") is not None:
        comune = selectors.comune_list(ambito=view.ambito).filter(pk=dati["comune"]).first()
        if comune is None:
            raise RegolaViolata("Il comune indicato non appartiene all'Ambito.", campo="comune")
        dati["comune"] = comune
    return dati


class EntiAPI(AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = ENTI
    pagination_class = Paginazione

    @extend_schema(
        tags=TAG, operation_id="territorio_enti_list", summary="Enti dell'Ambito",
        description="Ente capofila, ATS, ASST, comuni dell'Ambito ed enti registrati dall'Ambito.",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Parte della denominazione o codice fiscale."),
                    OpenApiParameter("tipo", OpenApiTypes.STR, enum=TipoEnte.values, description="Tipo di ente.")],
        responses={200: EnteOutput(many=True), **ERRORI_LETTURA},
    )
    def get(self, request: Request, ambito_slug: str) -> Response:
        filtro = self.valida(FiltroEntiInput, request.query_params)
        return self.pagina(EnteOutput, selectors.ente_list(ambito=self.ambito, q=filtro["q"], tipo=filtro["tipo"]))

    @extend_schema(
        tags=TAG, operation_id="territorio_enti_create", summary="Registra un ente",
        description="Codice fiscale e partita IVA sono verificati (cifra di controllo); un codice fiscale si "
                    "registra una sola volta. L'ente resta modificabile solo da questo Ambito.",
        request=EnteInput, responses={201: EnteOutput, **ERRORI_SCRITTURA},
    )
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = _dati_ente(self, self.valida(EnteInput, request.data))
        ente = services.ente_create(ambito=self.ambito, actor=request.user, dati=dati)
        return self.risposta(EnteOutput, ente, status=status.HTTP_201_CREATED)


class EnteDetailAPI(AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = ENTI

    @extend_schema(tags=TAG, operation_id="territorio_enti_retrieve", summary="Un ente",
                   responses={200: EnteOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, ente_pk: int) -> Response:
        return self.risposta(EnteOutput, selectors.ente_get(ambito=self.ambito, pk=ente_pk))

    @extend_schema(
        tags=TAG, operation_id="territorio_enti_update", summary="Modifica un ente",
        description="I campi omessi restano invariati. Solo l'Ambito che ha registrato l'ente (o un "
                    "amministratore della piattaforma) può modificarlo: altrimenti 403.",
        request=EnteInput(partial=True), responses={200: EnteOutput, **ERRORI_SCRITTURA},
    )
    def patch(self, request: Request, ambito_slug: str, ente_pk: int) -> Response:
        ente = selectors.ente_get(ambito=self.ambito, pk=ente_pk)
        if not selectors.ente_modificabile(ente=ente, ambito=self.ambito, utente=request.user):
            raise PermissionDenied("ente registrato da un altro Ambito")
        dati = _dati_ente(self, self.valida(EnteInput, request.data, partial=True))
        ente = services.ente_update(ente=ente, ambito=self.ambito, actor=request.user, dati=dati)
        return self.risposta(EnteOutput, ente)


class ImpostazioniAPI(AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = IMPOSTAZIONI

    @extend_schema(tags=TAG, operation_id="territorio_impostazioni_retrieve", summary="Impostazioni dell'Ambito",
                   responses={200: ImpostazioniOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.risposta(ImpostazioniOutput, self.ambito)

    @extend_schema(
        tags=TAG, operation_id="territorio_impostazioni_update", summary="Modifica le impostazioni",
        description="Regola di voto e quorum dell'Assemblea dei Sindaci, mese di inizio dell'esercizio, tipi di "
                    "ISEE predefiniti. Solo il responsabile dell'Ufficio di Piano. Il logo si carica dalla pagina "
                    "Impostazioni.",
        request=ImpostazioniInput, responses={200: ImpostazioniOutput, **ERRORI_SCRITTURA},
    )
    def patch(self, request: Request, ambito_slug: str) -> Response:
        dati = self.valida(ImpostazioniInput, request.data, partial=True)
        ambito = services.ambito_impostazioni_update(ambito=self.ambito, actor=request.user, dati=dati)
        return self.risposta(ImpostazioniOutput, ambito)
