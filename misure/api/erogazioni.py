"""API of the erogazioni part, under /api/v1/a/<slug>/misure/erogazioni/: plans (assistenti see only their comuni's),
their payments, events and indebiti; runs with their lines and exclusions; create a plan, prepare a run (the core
job), send it to the two-person approval (decided through the approvals API), record an event, recover an
indebito; the run's files (payment list CSV/XLSX, draft determina PDF, SEPA pain.001) as on the run page. Reads
need ``misure.erogazioni.vedi``; writes and the run's files ``misure.erogazioni.gestisci``."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from ambito.errors import NonTrovato
from ambito.formato import oggi
from misure.models import TipoDestinatario, TipoEventoBeneficio
from misure.selectors import domande as selectors_domande
from misure.selectors import erogazioni as selectors
from misure.services import erogazioni as services

TAG = ["Misure — erogazioni"]
IMPORTO = {"max_digits": 12, "decimal_places": 2}


class PianoErogazioneOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    domanda = serializers.IntegerField(source="domanda_id")
    beneficiario = serializers.IntegerField(source="beneficiario_id")
    comune = serializers.IntegerField(source="comune_id")
    mese_inizio = serializers.DateField()
    mese_fine = serializers.DateField()
    importo_mensile = serializers.DecimalField(**IMPORTO)
    totale = serializers.DecimalField(**IMPORTO)
    tipo_destinatario = serializers.CharField()
    ente = serializers.IntegerField(source="ente_id", allow_null=True)
    intestatario = serializers.CharField()
    iban = serializers.CharField()
    stato = serializers.CharField()
    cessato_dal = serializers.DateField(allow_null=True)


class PagamentoOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    distinta = serializers.IntegerField(source="distinta_id")
    mese = serializers.DateField()
    importo = serializers.DecimalField(**IMPORTO)
    giorni = serializers.IntegerField()
    tipo_destinatario = serializers.CharField()


class EventoOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    tipo = serializers.CharField()
    dal = serializers.DateField()
    al = serializers.DateField(allow_null=True)
    motivo = serializers.CharField()


class IndebitoOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    pagamento = serializers.IntegerField(source="pagamento_id")
    mese = serializers.DateField(source="pagamento.mese")
    importo = serializers.DecimalField(**IMPORTO)
    stato = serializers.CharField()
    recuperato_il = serializers.DateField(allow_null=True)


class PianoErogazioneDettaglioOutput(PianoErogazioneOutput):
    pagamenti = PagamentoOutput(many=True, source="pagamenti_letti")
    eventi = EventoOutput(many=True, source="eventi_letti")
    indebiti = IndebitoOutput(many=True, source="indebiti_letti")


class DistintaOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    bando = serializers.IntegerField(source="bando_id")
    mese = serializers.DateField()
    chiave = serializers.CharField()
    stato = serializers.CharField()
    totale = serializers.DecimalField(**IMPORTO)
    righe_incluse = serializers.IntegerField()
    righe_escluse = serializers.IntegerField()
    atto = serializers.IntegerField(source="atto_id", allow_null=True)


class RigaOutput(serializers.Serializer):
    piano = serializers.IntegerField(source="piano_id")
    domanda = serializers.IntegerField(source="piano.domanda_id")
    comune = serializers.IntegerField(source="comune_id")
    importo = serializers.DecimalField(**IMPORTO)
    giorni = serializers.IntegerField()
    esclusa = serializers.BooleanField()
    motivo_esclusione = serializers.CharField()


class PianoErogazioneInput(serializers.Serializer):
    domanda = serializers.IntegerField(min_value=1)
    mese_inizio = serializers.DateField()
    tipo_destinatario = serializers.ChoiceField(choices=TipoDestinatario.choices, default="beneficiario")
    iban = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    intestatario = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    ente = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    importo_mensile = serializers.DecimalField(required=False, allow_null=True, default=None, min_value=0, **IMPORTO)
    mesi = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=60)


class DistintaInput(serializers.Serializer):
    bando = serializers.IntegerField(min_value=1)
    mese = serializers.DateField()


class ConfermaInput(serializers.Serializer):
    atto = serializers.IntegerField(min_value=1)


class EventoInput(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=TipoEventoBeneficio.choices)
    dal = serializers.DateField()
    al = serializers.DateField(required=False, allow_null=True, default=None)
    motivo = serializers.CharField(max_length=2000)


class RecuperoInput(serializers.Serializer):
    data = serializers.DateField(required=False, default=oggi)
    motivo = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ErogazioniAPIView(AmbitoAPIView):
    capacita = services.VEDI
    capacita_scrittura = services.GESTISCI

    def piano(self, pk: int) -> Any:
        return selectors.piano_get(ambito=self.ambito, pk=pk, comuni=self.contesto.comuni)

    def distinta(self, pk: int) -> Any:
        if self.contesto.comuni is not None:  # runs span every comune: office only
            raise NonTrovato()
        return selectors.distinta_get(ambito=self.ambito, pk=pk)

    def dettaglio_piano(self, piano: Any, status: int = 200) -> Response:
        piano.pagamenti_letti = list(selectors.pagamento_list(ambito=self.ambito, piano=piano))
        piano.eventi_letti = list(selectors.evento_list(piano=piano))
        piano.indebiti_letti = list(selectors.indebito_list(ambito=self.ambito, piano=piano))
        return self.risposta(PianoErogazioneDettaglioOutput, piano, status=status)


class PianiAPI(ErogazioniAPIView):
    @extend_schema(tags=TAG, operation_id="misure_erogazioni_piani_list", summary="Piani di erogazione",
                   responses={200: PianoErogazioneOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(PianoErogazioneOutput, selectors.piano_list(ambito=self.ambito, comuni=self.contesto.comuni)
                           .order_by("pk"))

    @extend_schema(tags=TAG, operation_id="misure_erogazioni_piani_create",
                   summary="Crea il piano di erogazione di una domanda finanziata", request=PianoErogazioneInput,
                   responses={201: PianoErogazioneDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = self.valida(PianoErogazioneInput, request.data)
        domanda = selectors_domande.domanda_get(ambito=self.ambito, pk=dati.pop("domanda"),
                                                comuni=self.contesto.comuni)
        ente_pk = dati.pop("ente")
        ente = selectors.ente_get(pk=ente_pk) if ente_pk else None
        piano = services.piano_create(domanda=domanda, actor=request.user, ente=ente, **dati)
        return self.dettaglio_piano(self.piano(piano.pk), status=201)


class PianoAPI(ErogazioniAPIView):
    @extend_schema(tags=TAG, operation_id="misure_erogazioni_piano_get",
                   summary="Piano con pagamenti, eventi e indebiti",
                   responses={200: PianoErogazioneDettaglioOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, piano_pk: int) -> Response:
        return self.dettaglio_piano(self.piano(piano_pk))


class EventiAPI(ErogazioniAPIView):
    @extend_schema(tags=TAG, operation_id="misure_erogazioni_eventi_create",
                   summary="Registra un evento (sospensione, ripresa, decadenza, rinuncia, cambio di strumento)",
                   request=EventoInput, responses={201: PianoErogazioneDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, piano_pk: int) -> Response:
        piano = self.piano(piano_pk)
        dati = self.valida(EventoInput, request.data)
        services.evento_create(piano=piano, actor=request.user, **dati)
        return self.dettaglio_piano(self.piano(piano.pk), status=201)


class RecuperoAPI(ErogazioniAPIView):
    @extend_schema(tags=TAG, operation_id="misure_erogazioni_indebito_recupera",
                   summary="Registra il recupero di un indebito", request=RecuperoInput,
                   responses={200: IndebitoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, indebito_pk: int) -> Response:
        indebito = selectors.indebito_get(ambito=self.ambito, pk=indebito_pk, comuni=self.contesto.comuni)
        dati = self.valida(RecuperoInput, request.data)
        indebito = services.indebito_recupera(indebito=indebito, actor=request.user, **dati)
        return self.risposta(IndebitoOutput, selectors.indebito_get(ambito=self.ambito, pk=indebito.pk))


class DistinteAPI(ErogazioniAPIView):
    @extend_schema(tags=TAG, operation_id="misure_erogazioni_distinte_list", summary="Distinte mensili",
                   responses={200: DistintaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        if self.contesto.comuni is not None:
            return self.pagina(DistintaOutput, selectors.distinta_list(ambito=self.ambito).none())
        return self.pagina(DistintaOutput, selectors.distinta_list(ambito=self.ambito).order_by("pk"))

    @extend_schema(tags=TAG, operation_id="misure_erogazioni_distinte_prepara",
                   summary="Prepara (o ricalcola) la distinta di un bando e un mese", request=DistintaInput,
                   responses={201: DistintaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = self.valida(DistintaInput, request.data)
        bando = selectors.bando_get(ambito=self.ambito, pk=dati["bando"])
        distinta = services.distinta_prepara(bando=bando, mese=dati["mese"], actor=request.user)
        return self.risposta(DistintaOutput, distinta, status=201)


class DistintaAPI(ErogazioniAPIView):
    @extend_schema(tags=TAG, operation_id="misure_erogazioni_distinta_get",
                   summary="Distinta con le righe e le esclusioni",
                   responses={200: RigaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, distinta_pk: int) -> Response:
        distinta = self.distinta(distinta_pk)
        return self.pagina(RigaOutput, selectors.riga_list(distinta=distinta))


class DistintaConfermaAPI(ErogazioniAPIView):
    @extend_schema(tags=TAG, operation_id="misure_erogazioni_distinta_richiedi_conferma",
                   summary="Invia la distinta all'approvazione a due persone con l'atto di liquidazione",
                   request=ConfermaInput, responses={200: DistintaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, distinta_pk: int) -> Response:
        distinta = self.distinta(distinta_pk)
        dati = self.valida(ConfermaInput, request.data)
        atto = selectors.atto_get(ambito=self.ambito, pk=dati["atto"])
        services.distinta_richiedi_conferma(distinta=distinta, actor=request.user, atto=atto)
        return self.risposta(DistintaOutput, self.distinta(distinta.pk))


class SepaInput(serializers.Serializer):
    debitore = serializers.CharField(max_length=70)
    iban = serializers.CharField(max_length=60)


class DistintaFileAPI(ErogazioniAPIView):
    capacita = services.GESTISCI

    @extend_schema(tags=TAG, operation_id="misure_erogazioni_distinta_file",
                   summary="Elenco dei pagamenti (csv, xlsx) o bozza di determina di liquidazione (pdf)",
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, distinta_pk: int, formato: str) -> Any:
        from misure.erogazioni_uscite import file_distinta

        return file_distinta(self.distinta(distinta_pk), formato, self.ambito)


class DistintaSepaAPI(ErogazioniAPIView):
    @extend_schema(tags=TAG, operation_id="misure_erogazioni_distinta_sepa",
                   summary="File SEPA pain.001 della distinta confermata (validato con lo schema XSD)",
                   request=SepaInput,
                   responses={(200, "application/xml"): OpenApiTypes.BINARY, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, distinta_pk: int) -> Any:
        from misure.erogazioni_uscite import file_sepa

        distinta = self.distinta(distinta_pk)  # another Ambito's run: 404 before the input is read
        dati = self.valida(SepaInput, request.data)
        return file_sepa(distinta, debitore=dati["debitore"], iban=dati["iban"])


urlpatterns: list[URLPattern] = [
    path("erogazioni/piani/", PianiAPI.as_view(), name="erogazioni_piani"),
    path("erogazioni/piani/<int:piano_pk>/", PianoAPI.as_view(), name="erogazioni_piano"),
    path("erogazioni/piani/<int:piano_pk>/eventi/", EventiAPI.as_view(), name="erogazioni_eventi"),
    path("erogazioni/indebiti/<int:indebito_pk>/recupero/", RecuperoAPI.as_view(), name="erogazioni_recupero"),
    path("erogazioni/distinte/", DistinteAPI.as_view(), name="erogazioni_distinte"),
    path("erogazioni/distinte/<int:distinta_pk>/", DistintaAPI.as_view(), name="erogazioni_distinta"),
    path("erogazioni/distinte/<int:distinta_pk>/conferma/", DistintaConfermaAPI.as_view(),
         name="erogazioni_distinta_conferma"),
    path("erogazioni/distinte/<int:distinta_pk>/file/<str:formato>/", DistintaFileAPI.as_view(),
         name="erogazioni_distinta_file"),
    path("erogazioni/distinte/<int:distinta_pk>/sepa/", DistintaSepaAPI.as_view(), name="erogazioni_distinta_sepa"),
]
