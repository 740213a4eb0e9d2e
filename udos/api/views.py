"""API of the register, under /api/v1/a/<ambito_slug>/udos/. Reads need ``udos.vedi``; filing a CPE, a notice
or an FSR consuntivo ``udos.presenta`` (staff and the referente of an ente gestore, for their own units);
running the procedure ``udos.gestisci``. A referente of an ente gestore sees only their ente's units: another
gestore's unit or CPE is a 404, like another Ambito's."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from udos import selectors, services
from udos.api import serializers as s
from udos.models import CPE

TAG = ["Unità d'offerta"]
VEDI, PRESENTA, GESTISCI = "udos.vedi", "udos.presenta", "udos.gestisci"


class UdosAPIView(AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = GESTISCI
    pagination_class = Paginazione

    def contesto_serializer(self) -> dict[str, Any]:
        return {**super().contesto_serializer(), "ente_visibile": self.ente}

    @property
    def ente(self) -> int | None:
        return selectors.ente_visibile(self.contesto)

    def unita(self, pk: int) -> Any:
        return selectors.unita_get(ambito=self.ambito, pk=pk, ente=self.ente)

    def cpe(self, pk: int) -> CPE:
        return selectors.cpe_get(ambito=self.ambito, pk=pk, ente=self.ente)

    def cpe_dettaglio(self, cpe: CPE, stato: int = 200) -> Response:
        cpe.verifiche_lette = list(selectors.verifica_list(cpe=cpe))
        return self.risposta(s.CPEDettaglioOutput, cpe, status=stato)


class TipologieAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_tipologie_list", summary="Catalogo regionale delle tipologie",
                   description="Dati di riferimento versionati, uguali per tutti gli Ambiti, con i requisiti.",
                   responses={200: s.TipologiaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        tipologie = selectors.tipologia_list(solo_sociali=False).prefetch_related("requisiti")
        return self.risposta(s.TipologiaOutput, tipologie, many=True)


class UnitaListAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_unita_list", summary="Registro delle unità d'offerta",
                   parameters=[s.FiltroUnitaInput], responses={200: s.UnitaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        filtri = self.valida(s.FiltroUnitaInput, request.query_params)
        return self.pagina(s.UnitaOutput, selectors.unita_list(ambito=self.ambito, ente=self.ente, **filtri))

    @extend_schema(tags=TAG, operation_id="udos_unita_create",
                   summary="Registra un servizio senza struttura o un'unità sperimentale (senza CPE)",
                   request=s.UnitaSenzaCPEInput, responses={201: s.UnitaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = self.valida(s.UnitaSenzaCPEInput, request.data)
        tipologia, atto = dati.pop("tipologia", None), dati.pop("atto_sperimentazione")
        if tipologia is not None:
            unita = services.servizio_create(ambito=self.ambito, actor=request.user, tipologia=tipologia, **dati)
        else:
            unita = services.unita_sperimentale_create(ambito=self.ambito, actor=request.user,
                                                       atto_sperimentazione=atto, **dati)
        return self.risposta(s.UnitaOutput, unita, status=status.HTTP_201_CREATED)


class UnitaAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_unita_retrieve", summary="Un'unità d'offerta",
                   responses={200: s.UnitaOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, unita_pk: int) -> Response:
        return self.risposta(s.UnitaOutput, self.unita(unita_pk))


class CPEListAPI(UdosAPIView):
    capacita_scrittura = PRESENTA

    @extend_schema(tags=TAG, operation_id="udos_cpe_list", summary="CPE", responses={200: s.CPEOutput(many=True),
                                                                                    **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(s.CPEOutput, selectors.cpe_list(ambito=self.ambito, ente=self.ente))

    @extend_schema(tags=TAG, operation_id="udos_cpe_avvio_create",
                   summary="Presenta la CPE di avvio di una nuova unità",
                   request=s.CPEAvvioInput, responses={201: s.CPEDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = self.valida(s.CPEAvvioInput, request.data)
        cpe = services.cpe_avvio_create(ambito=self.ambito, actor=request.user, solo_ente=self.ente, **dati)
        return self.cpe_dettaglio(cpe, status.HTTP_201_CREATED)


class CPEVariazioneAPI(UdosAPIView):
    capacita_scrittura = PRESENTA

    @extend_schema(tags=TAG, operation_id="udos_cpe_variazione_create", summary="Presenta una CPE di variazione",
                   request=s.CPEVariazioneInput, responses={201: s.CPEDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, unita_pk: int) -> Response:
        unita = self.unita(unita_pk)
        dati = self.valida(s.CPEVariazioneInput, request.data)
        cpe = services.cpe_variazione_create(unita=unita, actor=request.user, solo_ente=self.ente, **dati)
        return self.cpe_dettaglio(cpe, status.HTTP_201_CREATED)


class CPEAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_cpe_retrieve", summary="Una CPE con la verifica dei requisiti",
                   responses={200: s.CPEDettaglioOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, cpe_pk: int) -> Response:
        return self.cpe_dettaglio(self.cpe(cpe_pk))


class CPETransizioneAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_cpe_transizione", summary="Fa avanzare la CPE di un passo",
                   description="azione: verifica | integrazioni | integrazioni_ricevute | vigilanza | esito | "
                               "prescrizioni. Un passo non ammesso dallo stato attuale è rifiutato (400, "
                               "codice transizione_non_ammessa).",
                   request=s.TransizioneCPEInput, responses={200: s.CPEDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, cpe_pk: int) -> Response:
        cpe = self.cpe(cpe_pk)
        d = self.valida(s.TransizioneCPEInput, request.data)
        azione, u = d["azione"], request.user
        if azione == "verifica":
            cpe = services.cpe_verifica_start(cpe=cpe, actor=u, data=d["data"])
        elif azione == "integrazioni":
            cpe = services.cpe_integrazioni_request(cpe=cpe, actor=u, data=d["data"], motivo=d["motivo"])
        elif azione == "integrazioni_ricevute":
            cpe = services.cpe_integrazioni_receive(cpe=cpe, actor=u, data=d["data"])
        elif azione == "vigilanza":
            cpe = services.cpe_vigilanza_request(cpe=cpe, actor=u, data=d["data"])
        elif azione == "esito":
            cpe = services.cpe_esito_record(cpe=cpe, actor=u, esito=d["esito"], data_sopralluogo=d["data_sopralluogo"],
                                            data_esito=d["data_esito"], prescrizioni=d["prescrizioni"],
                                            termine_prescrizioni=d.get("termine_prescrizioni"))
        else:
            cpe = services.cpe_prescrizioni_close(cpe=cpe, actor=u, ottemperate=d["ottemperate"], data=d["data"])
        return self.cpe_dettaglio(cpe)


class CPEChecklistAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_cpe_requisiti_update", summary="Registra la verifica dei requisiti",
                   request=s.ChecklistInput, responses={200: s.CPEDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, cpe_pk: int) -> Response:
        cpe = self.cpe(cpe_pk)
        dati = self.valida(s.ChecklistInput, request.data)
        esiti = {e["id"]: (e["esito"], e["nota"]) for e in dati["esiti"]}
        return self.cpe_dettaglio(services.checklist_update(cpe=cpe, actor=request.user, esiti=esiti))


class ComunicazioniAPI(UdosAPIView):
    capacita_scrittura = PRESENTA

    @extend_schema(tags=TAG, operation_id="udos_comunicazioni_create",
                   summary="Comunica un cambiamento che non richiede CPE (o sospensione, ripresa, cessazione)",
                   request=s.ComunicazioneInput, responses={201: s.ComunicazioneOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, unita_pk: int) -> Response:
        unita = self.unita(unita_pk)
        c = services.comunicazione_create(unita=unita, actor=request.user,
                                          **self.valida(s.ComunicazioneInput, request.data))
        return self.risposta(s.ComunicazioneOutput, c, status=status.HTTP_201_CREATED)


class VigilanzaAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_vigilanza_list", summary="Registro della vigilanza ATS",
                   responses={200: s.VisitaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(s.VisitaOutput, selectors.visita_list(ambito=self.ambito, ente=self.ente))


class VisiteUnitaAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_visite_create", summary="Registra una visita di vigilanza",
                   request=s.VisitaInput, responses={201: s.VisitaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, unita_pk: int) -> Response:
        unita = self.unita(unita_pk)
        visita = services.visita_create(unita=unita, actor=request.user, **self.valida(s.VisitaInput, request.data))
        return self.risposta(s.VisitaOutput, visita, status=status.HTTP_201_CREATED)


class AccreditamentiAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_accreditamenti_list", summary="Accreditamenti",
                   responses={200: s.AccreditamentoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(s.AccreditamentoOutput, selectors.accreditamento_list(ambito=self.ambito, ente=self.ente))


class ConsuntiviAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_fsr_list", summary="Consuntivi e contributi FSR per unità",
                   responses={200: s.ConsuntivoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(s.ConsuntivoOutput, selectors.consuntivo_list(ambito=self.ambito, ente=self.ente))


class AvvisiFSRAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_fsr_avvisi_list", summary="Avvisi FSR ai gestori",
                   responses={200: s.AvvisoFSROutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(s.AvvisoFSROutput, selectors.avviso_fsr_list(ambito=self.ambito))

    @extend_schema(tags=TAG, operation_id="udos_fsr_avvisi_create", summary="Registra l'avviso FSR dell'anno",
                   request=s.AvvisoFSRInput, responses={201: s.AvvisoFSROutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        avviso = services.avviso_fsr_create(ambito=self.ambito, actor=request.user,
                                            **self.valida(s.AvvisoFSRInput, request.data))
        return self.risposta(s.AvvisoFSROutput, avviso, status=status.HTTP_201_CREATED)


class CriteriFSRAPI(UdosAPIView):
    capacita = GESTISCI

    @extend_schema(tags=TAG, operation_id="udos_fsr_criteri_list", summary="Criteri FSR dell'Assemblea",
                   responses={200: s.CriterioFSROutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(s.CriterioFSROutput, selectors.criterio_fsr_list(ambito=self.ambito))

    @extend_schema(tags=TAG, operation_id="udos_fsr_criteri_set", summary="Fissa la quota FSR di un'area",
                   request=s.CriterioFSRInput, responses={201: s.CriterioFSROutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        criterio = services.criterio_fsr_set(ambito=self.ambito, actor=request.user,
                                             **self.valida(s.CriterioFSRInput, request.data))
        return self.risposta(s.CriterioFSROutput, criterio, status=status.HTTP_201_CREATED)


class ConsuntiviUnitaAPI(UdosAPIView):
    capacita_scrittura = PRESENTA

    @extend_schema(tags=TAG, operation_id="udos_fsr_create", summary="Presenta il consuntivo FSR di un'unità",
                   request=s.ConsuntivoInput, responses={201: s.ConsuntivoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, unita_pk: int) -> Response:
        unita = self.unita(unita_pk)
        c = services.consuntivo_create(unita=unita, actor=request.user, **self.valida(s.ConsuntivoInput, request.data))
        return self.risposta(s.ConsuntivoOutput, c, status=status.HTTP_201_CREATED)


class UnitaModificaAPI(UnitaAPI):  # GET as UnitaAPI (one path: /unita/<pk>/)
    @extend_schema(tags=TAG, operation_id="udos_unita_update", summary="Modifica i dati che non richiedono una CPE",
                   request=s.UnitaModificaInput, responses={200: s.UnitaOutput, **ERRORI_SCRITTURA})
    def patch(self, request: Request, ambito_slug: str, unita_pk: int) -> Response:
        unita = self.unita(unita_pk)
        unita = services.unita_update(unita=unita, actor=request.user,
                                      **self.valida(s.UnitaModificaInput, request.data))
        return self.risposta(s.UnitaOutput, unita)


class AccreditamentoUnitaAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_accreditamenti_create",
                   summary="Registra una domanda di accreditamento",
                   request=s.AccreditamentoInput, responses={201: s.AccreditamentoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, unita_pk: int) -> Response:
        unita = self.unita(unita_pk)
        acc = services.accreditamento_create(unita=unita, actor=request.user,
                                             **self.valida(s.AccreditamentoInput, request.data))
        return self.risposta(s.AccreditamentoOutput, acc, status=status.HTTP_201_CREATED)


class BandiAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_bandi_list", summary="Bandi di accreditamento dell'Ambito",
                   responses={200: s.BandoAccreditamentoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(s.BandoAccreditamentoOutput, selectors.bando_list(ambito=self.ambito))

    @extend_schema(tags=TAG, operation_id="udos_bandi_create", summary="Registra un bando di accreditamento",
                   request=s.BandoAccreditamentoInput, responses={201: s.BandoAccreditamentoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        bando = services.bando_create(ambito=self.ambito, actor=request.user,
                                      **self.valida(s.BandoAccreditamentoInput, request.data))
        return self.risposta(s.BandoAccreditamentoOutput, bando, status=status.HTTP_201_CREATED)


class _AccreditamentoBase(UdosAPIView):
    def accreditamento(self, pk: int) -> Any:
        return selectors.accreditamento_get(ambito=self.ambito, pk=pk, ente=self.ente)

    def dettaglio(self, acc: Any, stato: int = 200) -> Response:
        acc.contratti_letti = list(selectors.contratto_list(accreditamento=acc))
        return self.risposta(s.AccreditamentoDettaglioOutput, acc, status=stato)


class AccreditamentoAPI(_AccreditamentoBase):
    @extend_schema(tags=TAG, operation_id="udos_accreditamenti_retrieve", summary="Un accreditamento con i contratti",
                   responses={200: s.AccreditamentoDettaglioOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, accreditamento_pk: int) -> Response:
        return self.dettaglio(self.accreditamento(accreditamento_pk))


class AccreditamentoTransizioneAPI(_AccreditamentoBase):
    @extend_schema(tags=TAG, operation_id="udos_accreditamenti_transizione", summary="Fa avanzare l'accreditamento",
                   request=s.AccreditamentoTransizioneInput,
                   responses={200: s.AccreditamentoDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, accreditamento_pk: int) -> Response:
        acc = self.accreditamento(accreditamento_pk)
        acc = services.accreditamento_transition(accreditamento=acc, actor=request.user,
                                                 **self.valida(s.AccreditamentoTransizioneInput, request.data))
        return self.dettaglio(acc)


class ContrattiAPI(_AccreditamentoBase):
    @extend_schema(tags=TAG, operation_id="udos_contratti_create", summary="Registra un contratto",
                   request=s.ContrattoInput, responses={201: s.AccreditamentoDettaglioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, accreditamento_pk: int) -> Response:
        acc = self.accreditamento(accreditamento_pk)
        services.contratto_create(accreditamento=acc, actor=request.user, **self.valida(s.ContrattoInput, request.data))
        return self.dettaglio(self.accreditamento(accreditamento_pk), status.HTTP_201_CREATED)


class OttemperanzaAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_visite_ottemperanza",
                   summary="Registra l'ottemperanza alle prescrizioni",
                   request=s.DataPassoInput, responses={200: s.VisitaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, visita_pk: int) -> Response:
        visita = selectors.visita_get(ambito=self.ambito, pk=visita_pk, ente=self.ente)
        visita = services.visita_ottemperanza_record(visita=visita, actor=request.user,
                                                     **self.valida(s.DataPassoInput, request.data))
        return self.risposta(s.VisitaOutput, visita)


class ContributoAPI(UdosAPIView):
    @extend_schema(tags=TAG, operation_id="udos_fsr_contributo", summary="Assegna e impegna il contributo FSR",
                   request=s.ContributoInput, responses={200: s.ConsuntivoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, consuntivo_pk: int) -> Response:
        consuntivo = selectors.consuntivo_get(ambito=self.ambito, pk=consuntivo_pk, ente=self.ente)
        consuntivo = services.contributo_assign(consuntivo=consuntivo, actor=request.user,
                                                **self.valida(s.ContributoInput, request.data))
        return self.risposta(s.ConsuntivoOutput, consuntivo)
