"""Funds API of one Ambito, under /api/v1/a/<ambito_slug>/fondi/.

Reads need ``fondi.vedi`` (staff and the Assemblea dei Sindaci), writes ``fondi.gestisci``
(staff). Every object in the URL is fetched through a selector filtered by the Ambito (another
Ambito's object is a 404); ids in request bodies are resolved inside the Ambito's scope. A rule
violation comes back in the common error shape, a lost race as 409 ``conflitto``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from ambito.errors import RegolaViolata
from ambito.formato import oggi
from ambito.jobs.services import job_create
from fondi import selectors, services
from fondi.api import serializers as s
from fondi.riparto import RipartoNonValido

TAG = ["Fondi"]
VEDI = "fondi.vedi"
GESTISCI = "fondi.gestisci"


class FondiAPIView(AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = GESTISCI

    def data(self, request: Request) -> Any:
        """The ``?data=`` of the request (balances at that date), today if omitted."""
        return self.valida(s.DataInput, request.query_params).get("data") or oggi()


class FontiAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_fonti_list", summary="Catalogo delle fonti di finanziamento",
                   description="Dati di riferimento condivisi da tutti gli Ambiti.",
                   responses={200: s.FonteOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.risposta(s.FonteOutput, selectors.fonte_list(), many=True)


class AssegnazioniAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_assegnazioni_list", summary="Assegnazioni con i saldi a una data",
                   description="?data=AAAA-MM-GG (oggi se omessa): assegnato, allocato, impegnato, liquidato.",
                   responses={200: s.AssegnazioneOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        assegnazioni = selectors.con_saldi(selectors.assegnazione_list(ambito=self.ambito, data=self.data(request)))
        return self.risposta(s.AssegnazioneOutput, assegnazioni, many=True)

    @extend_schema(tags=TAG, operation_id="fondi_assegnazioni_create", summary="Registra un'assegnazione",
                   request=s.AssegnazioneInput, responses={201: s.AssegnazioneDetailOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = self.valida(s.AssegnazioneInput, request.data)
        assegnazione = services.assegnazione_create(ambito=self.ambito, actor=request.user, **dati)
        dettaglio = selectors.assegnazione_dettaglio(ambito=self.ambito, pk=assegnazione.pk, data=oggi())
        return self.risposta(s.AssegnazioneDetailOutput, dettaglio, status=status.HTTP_201_CREATED)


class AssegnazioneDetailAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_assegnazioni_retrieve", summary="Un'assegnazione con quote e vincoli",
                   responses={200: s.AssegnazioneDetailOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, assegnazione_pk: int) -> Response:
        dettaglio = selectors.assegnazione_dettaglio(ambito=self.ambito, pk=assegnazione_pk, data=self.data(request))
        return self.risposta(s.AssegnazioneDetailOutput, dettaglio)

    @extend_schema(tags=TAG, operation_id="fondi_assegnazioni_update", summary="Modifica descrizione e scadenze",
                   description="Importo, fonte e atto non cambiano: una variazione è una rettifica.",
                   request=s.AssegnazioneModificaInput, responses={200: s.AssegnazioneDetailOutput, **ERRORI_LETTURA})
    def patch(self, request: Request, ambito_slug: str, assegnazione_pk: int) -> Response:
        assegnazione = selectors.assegnazione_get(ambito=self.ambito, pk=assegnazione_pk)
        services.assegnazione_update(assegnazione=assegnazione, actor=request.user,
                                     **self.valida(s.AssegnazioneModificaInput, request.data))
        dettaglio = selectors.assegnazione_dettaglio(ambito=self.ambito, pk=assegnazione.pk, data=oggi())
        return self.risposta(s.AssegnazioneDetailOutput, dettaglio)


class QuoteAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_quote_list", summary="Quote di un'assegnazione con i saldi",
                   responses={200: s.QuotaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, assegnazione_pk: int) -> Response:
        assegnazione = selectors.assegnazione_get(ambito=self.ambito, pk=assegnazione_pk)
        quote = selectors.con_saldi(selectors.quota_list(ambito=self.ambito, assegnazione=assegnazione,
                                                         data=self.data(request)))
        return self.risposta(s.QuotaOutput, quote, many=True)

    @extend_schema(tags=TAG, operation_id="fondi_quote_create", summary="Alloca una quota",
                   description="Allocato ≤ assegnato a questa e a ogni data successiva; rispetta i vincoli massimi.",
                   request=s.QuotaInput, responses={201: s.QuotaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, assegnazione_pk: int) -> Response:
        assegnazione = selectors.assegnazione_get(ambito=self.ambito, pk=assegnazione_pk)
        quota = services.quota_create(assegnazione=assegnazione, actor=request.user,
                                      **self.valida(s.QuotaInput, request.data))
        return self.risposta(s.QuotaOutput, selectors.quota_dettaglio(ambito=self.ambito, pk=quota.pk),
                             status=status.HTTP_201_CREATED)


class QuotaAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_quote_resize", summary="Rimodula l'importo di una quota",
                   request=s.QuotaRimodulaInput, responses={200: s.QuotaOutput, **ERRORI_SCRITTURA})
    def patch(self, request: Request, ambito_slug: str, quota_pk: int) -> Response:
        quota = selectors.quota_get(ambito=self.ambito, pk=quota_pk)
        services.quota_resize(quota=quota, actor=request.user, **self.valida(s.QuotaRimodulaInput, request.data))
        return self.risposta(s.QuotaOutput, selectors.quota_dettaglio(ambito=self.ambito, pk=quota.pk))


class MovimentiQuotaAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_movimenti_create",
                   summary="Registra impegno, liquidazione o disimpegno su una quota",
                   description="Impegnato ≤ allocato e liquidato ≤ impegnato a ogni data. Impegni concorrenti "
                               "sulla stessa quota sono serializzati: chi non trova più disponibilità riceve 409.",
                   request=s.MovimentoInput, responses={201: s.MovimentoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, quota_pk: int) -> Response:
        quota = selectors.quota_get(ambito=self.ambito, pk=quota_pk)
        movimento = services.movimento_create(quota=quota, actor=request.user,
                                              **self.valida(s.MovimentoInput, request.data))
        return self.risposta(s.MovimentoOutput, movimento, status=status.HTTP_201_CREATED)


class MovimentiAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_movimenti_list", summary="Movimenti (drill-down della posizione)",
                   parameters=[s.FiltroMovimentiInput], responses={200: s.MovimentoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        filtri = selectors.FiltriMovimenti(**self.valida(s.FiltroMovimentiInput, request.query_params))
        return self.pagina(s.MovimentoOutput, selectors.movimento_list(ambito=self.ambito, filtri=filtri))


class MovimentoAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_movimenti_retrieve", summary="Un movimento",
                   responses={200: s.MovimentoOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, movimento_pk: int) -> Response:
        return self.risposta(s.MovimentoOutput, selectors.movimento_get(ambito=self.ambito, pk=movimento_pk))


class RettificheAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_rettifiche_create", summary="Rettifica un movimento",
                   description="Importo con segno (negativo se l'originale era troppo alto) e motivo obbligatorio. "
                               "Il movimento originale non cambia mai.",
                   request=s.RettificaInput, responses={201: s.MovimentoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, movimento_pk: int) -> Response:
        movimento = selectors.movimento_get(ambito=self.ambito, pk=movimento_pk)
        rettifica = services.rettifica_create(movimento=movimento, actor=request.user,
                                              **self.valida(s.RettificaInput, request.data))
        return self.risposta(s.MovimentoOutput, rettifica, status=status.HTTP_201_CREATED)


class RiportiAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_riporti_create", summary="Riporta residui a un'annualità successiva",
                   request=s.RiportoInput, responses={201: s.MovimentoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, assegnazione_pk: int) -> Response:
        assegnazione = selectors.assegnazione_get(ambito=self.ambito, pk=assegnazione_pk)
        riporto = services.riporto_create(assegnazione=assegnazione, actor=request.user,
                                          **self.valida(s.RiportoInput, request.data))
        return self.risposta(s.MovimentoOutput, riporto, status=status.HTTP_201_CREATED)


class RipartoAnteprimaAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_riparti_preview", summary="Calcola un riparto senza registrarlo",
                   request=s.RipartoCalcoloInput, responses={200: s.CalcoloOutput, **ERRORI_LETTURA})
    def post(self, request: Request, ambito_slug: str, assegnazione_pk: int) -> Response:
        selectors.assegnazione_get(ambito=self.ambito, pk=assegnazione_pk)
        try:
            risultato = selectors.riparto_calcola(ambito=self.ambito,
                                                  **self.valida(s.RipartoCalcoloInput, request.data))
        except RipartoNonValido as exc:
            raise RegolaViolata(str(exc)) from exc
        return self.risposta(s.CalcoloOutput, risultato.come_dict())


class RipartiAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_riparti_create", summary="Registra un riparto tra comuni",
                   description="Una quota per comune, importi esatti al centesimo (resti maggiori).",
                   request=s.RipartoInput, responses={201: s.RipartoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, assegnazione_pk: int) -> Response:
        assegnazione = selectors.assegnazione_get(ambito=self.ambito, pk=assegnazione_pk)
        riparto = services.riparto_create(assegnazione=assegnazione, actor=request.user,
                                          **self.valida(s.RipartoInput, request.data))
        return self.risposta(s.RipartoOutput, riparto, status=status.HTTP_201_CREATED)


class RipartoAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_riparti_retrieve", summary="Un riparto con il calcolo",
                   responses={200: s.RipartoOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, riparto_pk: int) -> Response:
        return self.risposta(s.RipartoOutput, selectors.riparto_get(ambito=self.ambito, pk=riparto_pk))


class PosizioneAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_posizione", summary="Posizione dei fondi a una data",
                   description="Raggruppata per fonte, annualità, assegnazione, destinazione, quota, comune.",
                   parameters=[s.PosizioneInput], responses={200: s.PosizioneOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        dati = {k: v for k, v in request.query_params.lists()}
        dati = {k: (v if k == "per" else v[0]) for k, v in dati.items()}
        filtri = self.valida(s.PosizioneInput, dati)
        posizione = selectors.posizione_get(ambito=self.ambito, data=filtri.get("data") or oggi(),
                                        per=filtri.get("per") or ["fonte", "annualita"], fonte=filtri.get("fonte"),
                                        annualita=filtri.get("annualita"))
        return self.risposta(s.PosizioneOutput, posizione)


class ScadenzeAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_scadenze", summary="Scadenze vicine o superate",
                   responses={200: s.ScadenzaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.risposta(s.ScadenzaOutput, selectors.scadenza_list(ambito=self.ambito, data=self.data(request)),
                             many=True)


class CofinanziamentiAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_cofinanziamenti_list", summary="Cofinanziamenti comunali",
                   responses={200: s.CofinanziamentoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.risposta(s.CofinanziamentoOutput, selectors.cofinanziamento_list(ambito=self.ambito), many=True)

    @extend_schema(tags=TAG, operation_id="fondi_cofinanziamenti_create",
                   summary="Fissa la quota per abitante dei comuni", request=s.CofinanziamentoInput,
                   responses={201: s.CofinanziamentoDetailOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        cofinanziamento = services.cofinanziamento_create(ambito=self.ambito, actor=request.user,
                                                          **self.valida(s.CofinanziamentoInput, request.data))
        dettaglio = selectors.cofinanziamento_dettaglio(ambito=self.ambito, pk=cofinanziamento.pk, data=None)
        return self.risposta(s.CofinanziamentoDetailOutput, dettaglio, status=status.HTTP_201_CREATED)


class CofinanziamentoAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_cofinanziamenti_retrieve",
                   summary="Atteso e ricevuto per comune",
                   responses={200: s.CofinanziamentoDetailOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, cofinanziamento_pk: int) -> Response:
        dettaglio = selectors.cofinanziamento_dettaglio(ambito=self.ambito, pk=cofinanziamento_pk,
                                                        data=self.data(request))
        return self.risposta(s.CofinanziamentoDetailOutput, dettaglio)


class VersamentiAPI(FondiAPIView):
    @extend_schema(tags=TAG, operation_id="fondi_versamenti_create", summary="Registra un versamento di un comune",
                   request=s.VersamentoInput, responses={201: s.VersamentoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, quota_comunale_pk: int) -> Response:
        quota_comunale = selectors.quota_comunale_get(ambito=self.ambito, pk=quota_comunale_pk)
        versamento = services.versamento_create(quota_comunale=quota_comunale, actor=request.user,
                                                **self.valida(s.VersamentoInput, request.data))
        return self.risposta(s.VersamentoOutput, versamento, status=status.HTTP_201_CREATED)


class RendicontoAPI(FondiAPIView):
    capacita = GESTISCI

    @extend_schema(tags=TAG, operation_id="fondi_rendiconto_create",
                   summary="Avvia il rendiconto dell'assegnazione (XLSX o PDF) in background",
                   description="Segui l'elaborazione con /elaborazioni/<uuid>/.",
                   request=s.RendicontoInput, responses={202: s.RendicontoJobOutput, **ERRORI_LETTURA})
    def post(self, request: Request, ambito_slug: str, assegnazione_pk: int) -> Response:
        assegnazione = selectors.assegnazione_get(ambito=self.ambito, pk=assegnazione_pk)
        dati = self.valida(s.RendicontoInput, request.data)
        job = job_create(ambito=self.ambito, actor=request.user, tipo="fondi.rendiconto_assegnazione",
                         parametri={"assegnazione": assegnazione.pk, "formato": dati["formato"],
                                    "data": (dati.get("data") or oggi()).isoformat()})
        job.refresh_from_db()  # enqueued on commit: in-process (eager Celery) it has already run
        return self.risposta(s.RendicontoJobOutput, job, status=status.HTTP_202_ACCEPTED)
