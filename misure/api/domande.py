"""API of the misure module: domande (mounted by misure/api/urls.py), under /api/v1/a/<slug>/misure/domande/.

The same operations as the pages: list (the user's comuni only), draft, correct, upload a required document,
submit, the workflow transitions, re-evaluate, the office's eligibility decision, assessments and progetto,
bulk "prendi in istruttoria". Reads need ``misure.domande.vedi``; the services check the rest (capability,
state, comune) and answer in the common error shape. The declared special-category data are returned only to
holders of ``misure.sensibili.vedi``, through a logged read.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from ambito.audit.sensibili import leggi_sensibili, leggi_sensibili_elenco
from ambito.errors import NonTrovato
from ambito.formato import oggi
from misure.domande import serializers as s
from misure.models import Domanda
from misure.selectors import domande as selectors
from misure.services import domande as services
from misure.services import valutazioni as servizi_valutazioni

TAG = ["Misure — domande"]
SENSIBILI = "misure.sensibili.vedi"


class DomandeAPIView(AmbitoAPIView):
    capacita = services.VEDI
    capacita_scrittura = services.VEDI  # the transitions: each service checks presenta/istruisci itself (403)

    def contesto_serializer(self) -> dict[str, Any]:
        return {**super().contesto_serializer(), "contesto": self.contesto, "oggi": oggi()}

    def domanda(self, pk: int) -> Domanda:
        return selectors.domanda_get(ambito=self.ambito, pk=pk, comuni=self.contesto.comuni)

    def dettaglio(self, domanda: Domanda, *, status_code: int = 200) -> Response:
        domanda = self.domanda(domanda.pk)
        dati_sensibili = (leggi_sensibili(domanda, utente=self.request.user, motivo="API: dettaglio della domanda")
                          if self.contesto.puo(SENSIBILI) else None)
        contesto = {**self.contesto_serializer(), "esiti": list(selectors.esito_list(domanda=domanda)),
                    "dati_sensibili": dati_sensibili}
        return Response(s.DomandaDettaglioOutput(domanda, context=contesto).data, status=status_code)


class DomandeAPI(DomandeAPIView):
    pagination_class = Paginazione
    capacita_scrittura = services.PRESENTA

    @extend_schema(tags=TAG, operation_id="misure_domande_list", summary="Domande (dei propri comuni)",
                   parameters=[s.FiltriDomandeInput], responses={200: s.DomandaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        filtri = self.valida(s.FiltriDomandeInput, request.query_params)
        domande = selectors.domanda_list(ambito=self.ambito, comuni=self.contesto.comuni,
                                         filtri=selectors.FiltriDomande(**filtri), oggi=oggi()).order_by("pk")
        return self.pagina(s.DomandaOutput, domande)

    @extend_schema(tags=TAG, operation_id="misure_domande_create", summary="Compila una bozza di domanda",
                   request=s.DomandaSensibiliInput, responses={201: s.DomandaDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = self.valida(s.DomandaSensibiliInput, request.data)
        strumento = dati.pop("strumento")
        domanda = services.domanda_create(ambito=self.ambito, actor=request.user, bando=strumento.bando,
                                          strumento=strumento, beneficiario=dati.pop("beneficiario"), **dati)
        return self.dettaglio(domanda, status_code=status.HTTP_201_CREATED)


class DomandaAPI(DomandeAPIView):
    capacita_scrittura = services.PRESENTA

    @extend_schema(tags=TAG, operation_id="misure_domande_retrieve",
                   summary="Una domanda: stato, cronologia, verifiche, documenti",
                   responses={200: s.DomandaDettaglioOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, domanda_pk: int) -> Response:
        return self.dettaglio(self.domanda(domanda_pk))

    @extend_schema(tags=TAG, operation_id="misure_domande_update", summary="Correggi i dati dichiarati",
                   request=s.DichiaratiSensibiliInput, responses={200: s.DomandaDettaglioOutput, **ERRORI_SCRITTURA})
    def patch(self, request: Request, ambito_slug: str, domanda_pk: int) -> Response:
        domanda = self.domanda(domanda_pk)
        dati = self.valida(s.DichiaratiSensibiliInput, request.data, partial=True)
        return self.dettaglio(services.domanda_update(domanda=domanda, actor=request.user, **dati))

    @extend_schema(tags=TAG, operation_id="misure_domande_delete", summary="Elimina una bozza",
                   responses={204: None, **ERRORI_SCRITTURA})
    def delete(self, request: Request, ambito_slug: str, domanda_pk: int) -> Response:
        services.domanda_delete(domanda=self.domanda(domanda_pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PresentaAPI(DomandeAPIView):
    capacita_scrittura = services.PRESENTA

    @extend_schema(tags=TAG, operation_id="misure_domande_submit",
                   summary="Presenta la domanda (protocollo, verifiche)", request=None,
                   responses={200: s.DomandaDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, domanda_pk: int) -> Response:
        return self.dettaglio(services.domanda_submit(domanda=self.domanda(domanda_pk), actor=request.user))


class AzioneAPI(DomandeAPIView):
    @extend_schema(tags=TAG, operation_id="misure_domande_transition",
                   summary="Un passo dell'istruttoria (integrazione, esito, ritiro…)",
                   request=s.TransizioneDomandaInput, responses={200: s.DomandaDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, domanda_pk: int) -> Response:
        domanda = self.domanda(domanda_pk)
        dati = self.valida(s.TransizioneDomandaInput, request.data)
        return self.dettaglio(services.domanda_transition(domanda=domanda, actor=request.user, **dati))


class AzioneMultiplaAPI(DomandeAPIView):
    capacita_scrittura = services.ISTRUISCI

    @extend_schema(tags=TAG, operation_id="misure_domande_bulk", summary="Prendi in istruttoria più domande",
                   request=s.AzioneMultiplaDomandeInput,
                   responses={200: s.AzioneMultiplaDomandeOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = self.valida(s.AzioneMultiplaDomandeInput, request.data)
        domande = selectors.domanda_list(ambito=self.ambito, comuni=self.contesto.comuni).filter(
            pk__in=dati["domande"])
        fatte, rifiutate = services.domanda_bulk_transition(domande=list(domande), azione=dati["azione"],
                                                            actor=request.user)
        return Response({"fatte": [d.pk for d in fatte],
                         "rifiutate": [{"id": d.pk, "motivo": motivo} for d, motivo in rifiutate]})


class ValutaAPI(DomandeAPIView):
    capacita_scrittura = services.ISTRUISCI

    @extend_schema(tags=TAG, operation_id="misure_domande_evaluate", summary="Valuta di nuovo requisiti e "
                   "incompatibilità", request=None, responses={200: s.DomandaDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, domanda_pk: int) -> Response:
        return self.dettaglio(services.domanda_evaluate(domanda=self.domanda(domanda_pk), actor=request.user))


class DecisioneUfficioAPI(DomandeAPIView):
    capacita_scrittura = services.ISTRUISCI

    @extend_schema(tags=TAG, operation_id="misure_domande_override",
                   summary="Decisione dell'ufficio sull'ammissibilità (con motivazione)",
                   request=s.DecisioneUfficioDomandaInput,
                   responses={200: s.DomandaDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, domanda_pk: int) -> Response:
        domanda = self.domanda(domanda_pk)
        dati = self.valida(s.DecisioneUfficioDomandaInput, request.data)
        return self.dettaglio(services.domanda_override(domanda=domanda, actor=request.user, **dati))


class ProtocolloCapofilaAPI(DomandeAPIView):
    capacita_scrittura = services.PRESENTA

    @extend_schema(tags=TAG, operation_id="misure_domande_protocollo_capofila",
                   summary="Registra il protocollo dell'ente capofila", request=s.ProtocolloCapofilaInput,
                   responses={200: s.DomandaDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, domanda_pk: int) -> Response:
        domanda = self.domanda(domanda_pk)
        dati = self.valida(s.ProtocolloCapofilaInput, request.data)
        return self.dettaglio(services.domanda_set_protocollo_capofila(
            domanda=domanda, actor=request.user, numero=dati["numero"], data=dati.get("data")))


class DocumentoAPI(DomandeAPIView):
    capacita_scrittura = services.PRESENTA
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(tags=TAG, operation_id="misure_domande_documento",
                   summary="Carica il file di un documento richiesto (PDF o immagine, controllato dal contenuto)",
                   request={"multipart/form-data": s.DocumentoDomandaInput},
                   responses={200: s.DomandaDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, domanda_pk: int, documento_pk: int) -> Response:
        domanda = self.domanda(domanda_pk)
        documento = next((d.documento for d in selectors.documenti_della_domanda(domanda=domanda)
                          if d.documento.pk == documento_pk), None)
        if documento is None:
            raise NonTrovato(_("Documento non richiesto per questa domanda."))
        dati = self.valida(s.DocumentoDomandaInput, request.data)
        services.documento_domanda_set(domanda=domanda, documento=documento, file=dati["file"], actor=request.user)
        return self.dettaglio(domanda)


def _con_letture(vista: DomandeAPIView, oggetti: list, motivo: str) -> dict[str, Any]:
    """The serializer context with the logged reads of the objects' special-category fields, by pk."""
    letti = leggi_sensibili_elenco(oggetti, utente=vista.request.user, motivo=motivo) if oggetti else []
    return {**vista.contesto_serializer(), "letti_sensibili": {dati.pk: dati for dati in letti}}


class ValutazioniAPI(DomandeAPIView):
    capacita = capacita_scrittura = SENSIBILI

    @extend_schema(tags=TAG, operation_id="misure_domande_valutazione_list",
                   summary="Le valutazioni della domanda (lettura registrata)",
                   responses={200: s.ValutazioneConSensibiliOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, domanda_pk: int) -> Response:
        valutazioni = list(selectors.valutazione_list(domanda=self.domanda(domanda_pk)))
        contesto = _con_letture(self, valutazioni, "API: valutazioni della domanda")
        return Response(s.ValutazioneConSensibiliOutput(valutazioni, many=True, context=contesto).data)

    @extend_schema(tags=TAG, operation_id="misure_domande_valutazione_create",
                   summary="Registra una valutazione multidimensionale", request=s.ValutazioneSensibiliInput,
                   responses={201: s.ValutazioneDomandaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, domanda_pk: int) -> Response:
        domanda = self.domanda(domanda_pk)
        dati = self.valida(s.ValutazioneSensibiliInput, request.data)
        valutazione = servizi_valutazioni.valutazione_create(domanda=domanda, actor=request.user, **dati)
        return self.risposta(s.ValutazioneDomandaOutput, valutazione, status=status.HTTP_201_CREATED)


class ProgettiAPI(DomandeAPIView):
    capacita = capacita_scrittura = SENSIBILI

    @extend_schema(tags=TAG, operation_id="misure_domande_progetto_list",
                   summary="Il progetto individuale e le sue revisioni (lettura registrata)",
                   responses={200: s.ProgettoConSensibiliOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, domanda_pk: int) -> Response:
        progetti = list(selectors.progetto_list(domanda=self.domanda(domanda_pk)))
        contesto = _con_letture(self, progetti, "API: progetto individuale")
        return Response(s.ProgettoConSensibiliOutput(progetti, many=True, context=contesto).data)

    @extend_schema(tags=TAG, operation_id="misure_domande_progetto_create",
                   summary="Registra il progetto individuale o una sua revisione", request=s.ProgettoSensibiliInput,
                   responses={201: s.ProgettoDomandaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, domanda_pk: int) -> Response:
        domanda = self.domanda(domanda_pk)
        dati = self.valida(s.ProgettoSensibiliInput, request.data)
        ultimo = selectors.progetto_list(domanda=domanda).first() if dati.pop("revisione") else None
        progetto = servizi_valutazioni.progetto_create(domanda=domanda, actor=request.user, revisione_di=ultimo,
                                                       **dati)
        return self.risposta(s.ProgettoDomandaOutput, progetto, status=status.HTTP_201_CREATED)


urlpatterns: list[URLPattern] = [
    path("domande/", DomandeAPI.as_view(), name="domande"),
    path("domande/azioni-multiple/", AzioneMultiplaAPI.as_view(), name="domande_azioni_multiple"),
    path("domande/<int:domanda_pk>/", DomandaAPI.as_view(), name="domanda"),
    path("domande/<int:domanda_pk>/presenta/", PresentaAPI.as_view(), name="domanda_presenta"),
    path("domande/<int:domanda_pk>/azioni/", AzioneAPI.as_view(), name="domanda_azioni"),
    path("domande/<int:domanda_pk>/valuta/", ValutaAPI.as_view(), name="domanda_valuta"),
    path("domande/<int:domanda_pk>/decisione-ufficio/", DecisioneUfficioAPI.as_view(),
         name="domanda_decisione_ufficio"),
    path("domande/<int:domanda_pk>/protocollo-capofila/", ProtocolloCapofilaAPI.as_view(),
         name="domanda_protocollo_capofila"),
    path("domande/<int:domanda_pk>/documenti/<int:documento_pk>/", DocumentoAPI.as_view(), name="domanda_documento"),
    path("domande/<int:domanda_pk>/valutazioni/", ValutazioniAPI.as_view(), name="domanda_valutazioni"),
    path("domande/<int:domanda_pk>/progetti/", ProgettiAPI.as_view(), name="domanda_progetti"),
]
