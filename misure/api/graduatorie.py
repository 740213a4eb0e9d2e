"""API of the graduatorie part, under /api/v1/a/<slug>/misure/: the graduatorie of a bando (list, compute),
a graduatoria with its rows (per-criterion points, esito, amounts), recompute, what-if simulations (list, create,
promote), provisional approval with its act, request of the definitive two-person approval (answers the id of the
core approval request, decided through the approvals API), scorrimenti (list, create), the publication PDF/CSV and
the internal export with names. Everything needs ``misure.graduatorie.gestisci`` (the internal export also
``misure.beneficiari.vedi``); services answer rule errors in the common shape."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from ambito.errors import NonTrovato
from misure.api.bandi_serializers import _atto, _DellAmbito
from misure.models import Graduatoria, StrumentoBando
from misure.selectors import bandi as selettori_bandi
from misure.selectors import graduatorie as selectors
from misure.services import graduatorie as services

TAG = ["Misure — graduatorie"]
_IMP = {"max_digits": 12, "decimal_places": 2}


def _strumenti(contesto: dict) -> Any:
    return selectors.strumenti_del_bando(bando=contesto["bando"])


class CalcolaInput(serializers.Serializer):
    strumento = _DellAmbito(StrumentoBando, _strumenti, required=False, allow_null=True)
    fino_al = serializers.DateField(required=False, allow_null=True)
    budget = serializers.DecimalField(required=False, allow_null=True, min_value=0, **_IMP)


class PosizioneOutput(serializers.Serializer):
    domanda = serializers.IntegerField(source="domanda_id")
    codice = serializers.CharField(source="domanda.codice_pubblico")
    comune = serializers.CharField(source="domanda.comune.denominazione")
    strumento = serializers.CharField(source="domanda.strumento.strumento.nome")
    posizione = serializers.IntegerField(allow_null=True)
    esito = serializers.CharField()
    punti = serializers.DictField(child=serializers.CharField())
    punteggio = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    importo_richiesto = serializers.DecimalField(allow_null=True, **_IMP)
    importo_assegnato = serializers.DecimalField(**_IMP)
    mesi_finanziati = serializers.IntegerField()
    motivo = serializers.CharField()


class GraduatoriaOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    bando = serializers.IntegerField(source="bando_id")
    strumento = serializers.IntegerField(source="strumento_id", allow_null=True)
    titolo = serializers.CharField()
    stato = serializers.CharField()
    politica = serializers.CharField()
    fino_al = serializers.DateField(allow_null=True)
    budget = serializers.DecimalField(**_IMP)
    finanziato = serializers.DecimalField(**_IMP)
    hash_calcolo = serializers.CharField()
    atto_provvisoria = serializers.IntegerField(source="atto_provvisoria_id", allow_null=True)
    atto_definitiva = serializers.IntegerField(source="atto_definitiva_id", allow_null=True)
    pubblicata_dal = serializers.DateField(allow_null=True)
    pubblicata_al = serializers.DateField(allow_null=True)


class GraduatoriaDettaglioOutput(GraduatoriaOutput):
    posizioni = serializers.SerializerMethodField()

    def get_posizioni(self, g: Graduatoria) -> list[dict]:
        return PosizioneOutput(selectors.posizione_list(graduatoria=g), many=True).data


class SimulaInput(serializers.Serializer):
    nome = serializers.CharField(max_length=120)
    budget = serializers.DecimalField(required=False, allow_null=True, min_value=0, **_IMP)
    soglia = serializers.DecimalField(required=False, allow_null=True, min_value=0, max_digits=10,
                                      decimal_places=2)
    importo_mensile = serializers.DecimalField(required=False, allow_null=True, min_value=0, **_IMP)
    pesi = serializers.DictField(child=serializers.DecimalField(min_value=0, max_value=100, max_digits=6,
                                                                decimal_places=2), required=False)


class SimulazioneOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    nome = serializers.CharField()
    parametri = serializers.JSONField()
    risultato = serializers.JSONField()


class AttoGraduatoriaInput(serializers.Serializer):
    atto = _atto()


class ScorrimentoInput(AttoGraduatoriaInput):
    somma = serializers.DecimalField(required=False, min_value=0, default=0, **_IMP)
    usa_residui = serializers.BooleanField(required=False, default=True)


class ScorrimentoOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    atto = serializers.IntegerField(source="atto_id")
    disponibile = serializers.DecimalField(**_IMP)
    finanziato = serializers.DecimalField(**_IMP)
    domande = serializers.ListField(child=serializers.IntegerField())
    da_residui = serializers.ListField(child=serializers.IntegerField())
    quando = serializers.DateTimeField()


class RichiestaDefinitivaOutput(serializers.Serializer):
    graduatoria = GraduatoriaOutput()
    richiesta = serializers.IntegerField(help_text="Richiesta di approvazione (API approvazioni) da decidere.")


class StrumentoConfigurazioneInput(serializers.Serializer):
    strumento = serializers.IntegerField()
    budget = serializers.DecimalField(required=False, allow_null=True, min_value=0, **_IMP)
    residui_verso = serializers.IntegerField(required=False, allow_null=True)


class ConfigurazioneInput(serializers.Serializer):
    graduatoria_per = serializers.ChoiceField(choices=["unica", "strumento"])
    politica_finanziamento = serializers.ChoiceField(choices=["ordine", "riempimento"])
    finanziamento_parziale = serializers.BooleanField(required=False, default=False)
    giorni_pubblicazione = serializers.IntegerField(min_value=1, max_value=3650)
    strumenti = StrumentoConfigurazioneInput(many=True, required=False)


class ConfigurazioneOutput(serializers.Serializer):
    graduatoria_per = serializers.CharField()
    politica_finanziamento = serializers.CharField()
    finanziamento_parziale = serializers.BooleanField()
    giorni_pubblicazione = serializers.IntegerField()


class GraduatorieAPIView(AmbitoAPIView):
    capacita = services.GESTISCI
    capacita_scrittura = services.GESTISCI

    def graduatoria(self, pk: int) -> Graduatoria:
        return selectors.graduatoria_get(ambito=self.ambito, pk=pk)

    def dettaglio(self, g: Graduatoria, status_code: int = 200) -> Response:
        return self.risposta(GraduatoriaDettaglioOutput, self.graduatoria(g.pk), status=status_code)


class GraduatorieBandoAPI(GraduatorieAPIView):
    @extend_schema(tags=TAG, operation_id="misure_graduatorie_list", summary="Graduatorie di un bando",
                   responses={200: GraduatoriaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        bando = selettori_bandi.bando_get(ambito=self.ambito, pk=bando_pk, solo_pubblicati=False)
        return self.risposta(GraduatoriaOutput, list(selectors.graduatoria_list(bando=bando)), many=True)

    @extend_schema(tags=TAG, operation_id="misure_graduatorie_compute", summary="Calcola una graduatoria",
                   request=CalcolaInput, responses={201: GraduatoriaDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        bando = selettori_bandi.bando_get(ambito=self.ambito, pk=bando_pk, solo_pubblicati=False)
        serializer = CalcolaInput(data=request.data, context={**self.contesto_serializer(), "bando": bando})
        serializer.is_valid(raise_exception=True)
        g = services.graduatoria_compute(bando=bando, actor=request.user, **serializer.validated_data)
        return self.dettaglio(g, status.HTTP_201_CREATED)


class ConfigurazioneAPI(GraduatorieAPIView):
    @extend_schema(tags=TAG, operation_id="misure_graduatorie_configure",
                   summary="Configurazione delle graduatorie del bando", request=ConfigurazioneInput,
                   responses={200: ConfigurazioneOutput, **ERRORI_SCRITTURA})
    def put(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        bando = selettori_bandi.bando_get(ambito=self.ambito, pk=bando_pk, solo_pubblicati=False)
        dati = self.valida(ConfigurazioneInput, request.data)
        strumenti = {r["strumento"]: (r.get("budget"), r.get("residui_verso")) for r in dati.pop("strumenti", [])}
        bando = services.configurazione_set(bando=bando, actor=request.user, strumenti=strumenti, **dati)
        return self.risposta(ConfigurazioneOutput, bando)


class GraduatoriaAPI(GraduatorieAPIView):
    @extend_schema(tags=TAG, operation_id="misure_graduatoria_get", summary="Graduatoria con le posizioni",
                   responses={200: GraduatoriaDettaglioOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, graduatoria_pk: int) -> Response:
        return self.dettaglio(self.graduatoria(graduatoria_pk))


class RicalcolaAPI(GraduatorieAPIView):
    @extend_schema(tags=TAG, operation_id="misure_graduatoria_recompute", summary="Ricalcola la bozza",
                   request=None, responses={200: GraduatoriaDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, graduatoria_pk: int) -> Response:
        g = self.graduatoria(graduatoria_pk)
        return self.dettaglio(services.graduatoria_compute(bando=g.bando, actor=request.user, graduatoria=g))


class SimulazioniAPI(GraduatorieAPIView):
    @extend_schema(tags=TAG, operation_id="misure_graduatoria_simulations", summary="Simulazioni salvate",
                   responses={200: SimulazioneOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, graduatoria_pk: int) -> Response:
        g = self.graduatoria(graduatoria_pk)
        return self.risposta(SimulazioneOutput, list(g.simulazioni.order_by("-creata_il", "-pk")), many=True)

    @extend_schema(tags=TAG, operation_id="misure_graduatoria_simulate", summary="Simulazione (what-if)",
                   request=SimulaInput, responses={201: SimulazioneOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, graduatoria_pk: int) -> Response:
        g = self.graduatoria(graduatoria_pk)
        dati = self.valida(SimulaInput, request.data)
        nome = dati.pop("nome")
        s = services.simulazione_create(graduatoria=g, actor=request.user, nome=nome, modifiche=dati)
        return self.risposta(SimulazioneOutput, s, status=status.HTTP_201_CREATED)


class PromuoviAPI(GraduatorieAPIView):
    @extend_schema(tags=TAG, operation_id="misure_simulazione_promote", summary="Applica la simulazione alla bozza",
                   request=None, responses={200: GraduatoriaDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, graduatoria_pk: int, simulazione_pk: int) -> Response:
        g = self.graduatoria(graduatoria_pk)
        s = selectors.simulazione_get(graduatoria=g, pk=simulazione_pk)
        return self.dettaglio(services.simulazione_promuovi(simulazione=s, actor=request.user))


class ProvvisoriaAPI(GraduatorieAPIView):
    @extend_schema(tags=TAG, operation_id="misure_graduatoria_provisional",
                   summary="Approva la graduatoria provvisoria (con l'atto) e la pubblica",
                   request=AttoGraduatoriaInput, responses={200: GraduatoriaDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, graduatoria_pk: int) -> Response:
        g = self.graduatoria(graduatoria_pk)
        dati = self.valida(AttoGraduatoriaInput, request.data)
        return self.dettaglio(services.graduatoria_approva_provvisoria(graduatoria=g, atto=dati["atto"],
                                                                       actor=request.user))


class DefinitivaAPI(GraduatorieAPIView):
    @extend_schema(tags=TAG, operation_id="misure_graduatoria_final_request",
                   summary="Chiede l'approvazione definitiva (decide una seconda persona)",
                   request=AttoGraduatoriaInput, responses={202: RichiestaDefinitivaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, graduatoria_pk: int) -> Response:
        g = self.graduatoria(graduatoria_pk)
        dati = self.valida(AttoGraduatoriaInput, request.data)
        richiesta = services.graduatoria_richiedi_definitiva(graduatoria=g, atto=dati["atto"], actor=request.user)
        return self.risposta(RichiestaDefinitivaOutput, {"graduatoria": g, "richiesta": richiesta.pk},
                             status=status.HTTP_202_ACCEPTED)


class ScorrimentoAPI(GraduatorieAPIView):
    @extend_schema(tags=TAG, operation_id="misure_graduatoria_scrolls", summary="Scorrimenti registrati",
                   responses={200: ScorrimentoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, graduatoria_pk: int) -> Response:
        g = self.graduatoria(graduatoria_pk)
        return self.risposta(ScorrimentoOutput, list(g.scorrimenti.order_by("quando", "pk")), many=True)

    @extend_schema(tags=TAG, operation_id="misure_graduatoria_scroll", summary="Scorrimento della graduatoria",
                   request=ScorrimentoInput, responses={201: ScorrimentoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, graduatoria_pk: int) -> Response:
        g = self.graduatoria(graduatoria_pk)
        dati = self.valida(ScorrimentoInput, request.data)
        s = services.scorrimento_create(graduatoria=g, actor=request.user, **dati)
        return self.risposta(ScorrimentoOutput, s, status=status.HTTP_201_CREATED)


def _file(contenuto: bytes, tipo: str, nome: str) -> HttpResponse:
    risposta = HttpResponse(contenuto, content_type=tipo)
    risposta["Content-Disposition"] = f'attachment; filename="{nome}"'
    return risposta


class PubblicazioneAPI(GraduatorieAPIView):
    @extend_schema(tags=TAG, operation_id="misure_graduatoria_publication",
                   summary="PDF o CSV per la pubblicazione (senza dati personali)",
                   description="formato: «pdf» o «csv» (stessi byte della pagina pubblica, anche prima della "
                               "pubblicazione).",
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, graduatoria_pk: int, formato: str) -> HttpResponse:
        from misure import graduatorie_pubblico as pubblico

        g = self.graduatoria(graduatoria_pk)
        if formato not in ("pdf", "csv"):
            raise NonTrovato()
        dati = pubblico.dati_pubblici(g)
        if formato == "pdf":
            return _file(pubblico.pdf_pubblico(dati, self.ambito), "application/pdf", f"graduatoria-{g.pk}.pdf")
        return _file(pubblico.csv_pubblico(dati, self.ambito), "text/csv; charset=utf-8", f"graduatoria-{g.pk}.csv")


class EsportazioneInternaAPI(GraduatorieAPIView):
    @extend_schema(tags=TAG, operation_id="misure_graduatoria_internal_export",
                   summary="Esportazione interna con nomi e codice fiscale (CSV, mai pubblicata)",
                   responses={(200, "text/csv"): OpenApiTypes.BINARY, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, graduatoria_pk: int) -> HttpResponse:
        from misure.graduatorie_uscite import csv_interno

        self.contesto.richiedi("misure.beneficiari.vedi")
        g = self.graduatoria(graduatoria_pk)
        return _file(csv_interno(g), "text/csv; charset=utf-8", f"graduatoria-{g.pk}-interna.csv")


urlpatterns: list[URLPattern] = [
    path("bandi/<int:bando_pk>/graduatorie/", GraduatorieBandoAPI.as_view(), name="graduatorie"),
    path("bandi/<int:bando_pk>/graduatorie/configurazione/", ConfigurazioneAPI.as_view(),
         name="graduatorie_configurazione"),
    path("graduatorie/<int:graduatoria_pk>/", GraduatoriaAPI.as_view(), name="graduatoria"),
    path("graduatorie/<int:graduatoria_pk>/ricalcola/", RicalcolaAPI.as_view(), name="graduatoria_ricalcola"),
    path("graduatorie/<int:graduatoria_pk>/simulazioni/", SimulazioniAPI.as_view(), name="graduatoria_simulazioni"),
    path("graduatorie/<int:graduatoria_pk>/simulazioni/<int:simulazione_pk>/promuovi/", PromuoviAPI.as_view(),
         name="simulazione_promuovi"),
    path("graduatorie/<int:graduatoria_pk>/provvisoria/", ProvvisoriaAPI.as_view(), name="graduatoria_provvisoria"),
    path("graduatorie/<int:graduatoria_pk>/definitiva/", DefinitivaAPI.as_view(), name="graduatoria_definitiva"),
    path("graduatorie/<int:graduatoria_pk>/scorrimento/", ScorrimentoAPI.as_view(), name="graduatoria_scorrimento"),
    path("graduatorie/<int:graduatoria_pk>/pubblicazione/<str:formato>/", PubblicazioneAPI.as_view(),
         name="graduatoria_pubblicazione"),
    path("graduatorie/<int:graduatoria_pk>/esportazione-interna/", EsportazioneInternaAPI.as_view(),
         name="graduatoria_esportazione_interna"),
]
