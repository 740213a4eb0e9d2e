"""Acts API of one Ambito, under /api/v1/a/<ambito_slug>/atti/.

Everybody with ``ambito.atti.vedi_pubblicati`` reads published acts; staff read all of them and
write (``ambito.atti.gestisci``): create, update, attach the PDF (multipart), publish, link the
objects an act approves. An act the caller may not see is a 404, like one of another Ambito.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.allegati.views import risposta_scaricamento
from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from ambito.approvazioni.serializers import RichiestaOutput
from ambito.atti import selectors, services
from ambito.atti.models import Atto
from ambito.atti.serializers import (
    AllegatoInput,
    AttoDetailOutput,
    AttoInput,
    AttoOutput,
    CollegamentoInput,
    CollegamentoOutput,
    FiltroAttiInput,
    PubblicazioneOnlineInput,
)
from ambito.audit.selectors import oggetto_tenant_get
from ambito.errors import NonTrovato

TAG = ["Atti"]
VEDI = "ambito.atti.vedi_pubblicati"
GESTISCI = "ambito.atti.gestisci"
NON_TROVATO = "Non esiste in questo Ambito."


class AttoMixin:
    """Fetch the act of the URL as the caller may see it (404 otherwise) and shape the output."""

    def atto(self, atto_pk: int) -> Atto:
        solo_pubblicati = selectors.solo_pubblicati_per(self.contesto)
        return selectors.atto_get(ambito=self.ambito, pk=atto_pk, solo_pubblicati=solo_pubblicati)

    def dettaglio(self, atto_pk: int, *, status: int = 200) -> Response:
        """The act as it is now, with the objects it approves."""
        atto = self.atto(atto_pk)
        atto.collegamenti_letti = selectors.collegamento_list(atto=atto)
        return self.risposta(AttoDetailOutput, atto, status=status)

    def relazioni(self, dati: dict[str, Any]) -> dict[str, Any]:
        """Resolve ``organo`` and ``ente_emittente`` ids among the choices of the URL's Ambito."""
        risolti = dict(dati)
        if dati.get("organo") is not None:
            risolti["organo"] = selectors.organi_per_atti(ambito=self.ambito).filter(pk=dati["organo"]).first()
            if risolti["organo"] is None:
                raise serializers.ValidationError({"organo": [NON_TROVATO]})
        if dati.get("ente_emittente") is not None:
            risolti["ente_emittente"] = selectors.enti_per_atti().filter(pk=dati["ente_emittente"]).first()
            if risolti["ente_emittente"] is None:
                raise serializers.ValidationError({"ente_emittente": ["Ente inesistente."]})
        return risolti


class AttiAPI(AttoMixin, AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = GESTISCI
    pagination_class = Paginazione

    @extend_schema(
        tags=TAG, operation_id="atti_list", summary="Elenco degli atti",
        description="Dal più recente. Lo staff vede tutti gli atti; gli altri ruoli solo quelli pubblicati.",
        parameters=[FiltroAttiInput], responses={200: AttoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        filtro = self.valida(FiltroAttiInput, request.query_params)
        atti = selectors.atto_list(ambito=self.ambito, solo_pubblicati=selectors.solo_pubblicati_per(self.contesto),
                                   tipo=filtro.get("tipo"), anno=filtro.get("anno"), testo=filtro.get("testo"))
        return self.pagina(AttoOutput, atti)

    @extend_schema(
        tags=TAG, operation_id="atti_create", summary="Registra un atto",
        description="L'atto nasce non pubblicato; il PDF si allega con l'operazione atti_upload.",
        request=AttoInput, responses={201: AttoDetailOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = self.relazioni(self.valida(AttoInput, request.data))
        atto = services.atto_create(ambito=self.ambito, actor=request.user, **dati)
        return self.dettaglio(atto.pk, status=status.HTTP_201_CREATED)


class AttoDetailAPI(AttoMixin, AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = GESTISCI

    @extend_schema(tags=TAG, operation_id="atti_retrieve", summary="Un atto, con gli oggetti che approva",
                   responses={200: AttoDetailOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, atto_pk: int) -> Response:
        return self.dettaglio(atto_pk)

    @extend_schema(tags=TAG, operation_id="atti_update", summary="Modifica un atto",
                   description="I campi omessi restano invariati. Ogni modifica resta nello storico.",
                   request=AttoInput(partial=True), responses={200: AttoDetailOutput, **ERRORI_SCRITTURA})
    def patch(self, request: Request, ambito_slug: str, atto_pk: int) -> Response:
        atto = self.atto(atto_pk)
        dati = self.relazioni(self.valida(AttoInput, request.data, partial=True))
        services.atto_update(atto=atto, actor=request.user, **dati)
        return self.dettaglio(atto_pk)


class AttoDocumentoAPI(AttoMixin, AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = GESTISCI
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(tags=TAG, operation_id="atti_download", summary="Scarica il documento dell'atto",
                   description="La versione corrente (PDF, PDF/A o PDF firmato .p7m). Lo scaricamento è registrato.",
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, atto_pk: int) -> Any:
        atto = self.atto(atto_pk)
        return risposta_scaricamento(request, atto.documento, nome=selectors.nome_documento(atto))

    @extend_schema(tags=TAG, operation_id="atti_upload", summary="Allega (o sostituisce) il documento dell'atto",
                   description="multipart/form-data, campo «documento». PDF, PDF/A o PDF firmato (.p7m), "
                               "verificato dal contenuto, entro AMBITO_MAX_UPLOAD_MB. Sostituire aggiunge una "
                               "versione: la precedente resta tra le versioni dell'allegato.",
                   request={"multipart/form-data": AllegatoInput},
                   responses={200: AttoDetailOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, atto_pk: int) -> Response:
        atto = self.atto(atto_pk)
        dati = self.valida(AllegatoInput, request.data)
        services.atto_allegato_set(atto=atto, actor=request.user, allegato=dati["documento"])
        return self.dettaglio(atto_pk)


class AttoPublishAPI(AttoMixin, AmbitoAPIView):
    capacita = GESTISCI

    @extend_schema(tags=TAG, operation_id="atti_publish", summary="Pubblica l'atto",
                   description="Da quel momento è visibile all'Assemblea, ai partner e alle assistenti sociali.",
                   request=None, responses={200: AttoDetailOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, atto_pk: int) -> Response:
        services.atto_publish(atto=self.atto(atto_pk), actor=request.user)
        return self.dettaglio(atto_pk)


class AttoLinkAPI(AttoMixin, AmbitoAPIView):
    capacita = GESTISCI

    @extend_schema(tags=TAG, operation_id="atti_link", summary="Collega all'atto un oggetto che approva",
                   description="Qualsiasi oggetto di qualsiasi modulo, purché di questo Ambito.",
                   request=CollegamentoInput, responses={201: CollegamentoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, atto_pk: int) -> Response:
        atto = self.atto(atto_pk)
        dati = self.valida(CollegamentoInput, request.data)
        try:
            oggetto = oggetto_tenant_get(ambito=self.ambito, modello=dati["modello"], pk=dati["oggetto_id"])
        except NonTrovato as exc:
            raise serializers.ValidationError({"oggetto_id": [NON_TROVATO]}) from exc
        collegamento = services.atto_link(atto=atto, actor=request.user, oggetto=oggetto,
                                          descrizione=dati.get("descrizione", ""))
        return self.risposta(CollegamentoOutput, collegamento, status=status.HTTP_201_CREATED)


class AttoOnlineRequestAPI(AttoMixin, AmbitoAPIView):
    capacita = GESTISCI

    @extend_schema(tags=TAG, operation_id="atti_online_request",
                   summary="Chiede di pubblicare l'atto nell'area pubblica",
                   description="Crea una richiesta di approvazione: la pubblicazione avviene quando un'altra persona "
                               "con ambito.atti.pubblicazione_online la approva (approvazioni_approve).",
                   request=PubblicazioneOnlineInput, responses={201: RichiestaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, atto_pk: int) -> Response:
        atto = self.atto(atto_pk)  # another Ambito's act is a 404 before the body is looked at
        dati = self.valida(PubblicazioneOnlineInput, request.data)
        richiesta = services.atto_online_request(atto=atto, actor=request.user, **dati)
        return self.risposta(RichiestaOutput, richiesta, status=status.HTTP_201_CREATED)


class AttoOnlineWithdrawAPI(AttoMixin, AmbitoAPIView):
    capacita = "ambito.atti.pubblicazione_online"

    @extend_schema(tags=TAG, operation_id="atti_online_withdraw", summary="Ritira l'atto dall'area pubblica",
                   request=None, responses={200: AttoDetailOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, atto_pk: int) -> Response:
        services.atto_online_withdraw(atto=self.atto(atto_pk), actor=request.user)
        return self.dettaglio(atto_pk)
