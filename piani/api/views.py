"""API of the Piano di Zona, under /api/v1/a/<ambito_slug>/piani/.

Reads of the plan need ``piani.vedi`` (staff, the Assemblea: approved plans and closed periods only); the
projects ``piani.progetti`` (a partner: only the projects granted); writes ``piani.gestisci``; closing and
reopening a period ``piani.chiudi_periodo`` (the responsabile). Objects in the URL are fetched through the
selectors that decide visibility (another Ambito's object, or one the user may not see, is a 404).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from ambito.indicatori import indicatori_registrati
from piani import selectors, services
from piani.api import serializers as s

TAG = ["Piano di Zona"]


class PianiAPIView(AmbitoAPIView):
    capacita = "piani.vedi"
    capacita_scrittura = "piani.gestisci"
    pagination_class = Paginazione

    def piano(self, piano_pk: int) -> Any:
        return selectors.piano_get(ambito=self.ambito, pk=piano_pk,
                                   solo_approvati=selectors.solo_approvati_per(self.contesto))

    def valida_nel_piano(self, serializer: type, dati: Any, piano: Any) -> dict[str, Any]:
        serializzatore = serializer(data=dati, context={**self.contesto_serializer(), "piano": piano})
        serializzatore.is_valid(raise_exception=True)
        return dict(serializzatore.validated_data)


class PianiAPI(PianiAPIView):
    @extend_schema(tags=TAG, operation_id="piani_list", summary="Piani di Zona dell'Ambito",
                   responses={200: s.PianoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(s.PianoOutput, selectors.piano_list(
            ambito=self.ambito, solo_approvati=selectors.solo_approvati_per(self.contesto)))

    @extend_schema(tags=TAG, operation_id="piani_create", summary="Registra un Piano di Zona (in bozza)",
                   request=s.PianoInput, responses={201: s.PianoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        piano = services.piano_create(ambito=self.ambito, actor=request.user, responsabile=request.user,
                                      **self.valida(s.PianoInput, request.data))
        return self.risposta(s.PianoOutput, piano, status=status.HTTP_201_CREATED)


class PianoAPI(PianiAPIView):
    @extend_schema(tags=TAG, operation_id="piani_retrieve", summary="Un Piano di Zona",
                   responses={200: s.PianoOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, piano_pk: int) -> Response:
        return self.risposta(s.PianoOutput, self.piano(piano_pk))


class PianoStatoAPI(PianiAPIView):
    @extend_schema(tags=TAG, operation_id="piani_transition", summary="Cambia lo stato del piano",
                   description="bozza → in_consultazione → approvato_assemblea (con l'atto) → adp_sottoscritto → "
                               "vigente ⇄ in_aggiornamento → chiuso. Una transizione non ammessa è un 409.",
                   request=s.TransizioneInput, responses={200: s.PianoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, piano_pk: int) -> Response:
        piano = self.piano(piano_pk)
        piano = services.piano_transition(piano=piano, actor=request.user, **self.valida(s.TransizioneInput,
                                                                                          request.data))
        return self.risposta(s.PianoOutput, piano)


class MacroAreeAPI(PianiAPIView):
    @extend_schema(tags=TAG, operation_id="piani_macroaree_list", summary="Macro-aree del triennio del piano",
                   responses={200: s.MacroAreaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, piano_pk: int) -> Response:
        piano = self.piano(piano_pk)
        return self.pagina(s.MacroAreaOutput, selectors.macroarea_list(ambito=self.ambito, triennio=piano.triennio))


class SpesaAreeAPI(PianiAPIView):
    @extend_schema(tags=TAG, operation_id="piani_spesa_aree", summary="Previsto e speso per macro-area",
                   description="Budget dei progetti e quote dei fondi a loro assegnate, per macro-area.",
                   responses={200: s.RigaAreaOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, piano_pk: int) -> Response:
        return self.risposta(s.RigaAreaOutput, selectors.spesa_per_area(piano=self.piano(piano_pk)), many=True)


class ObiettiviAPI(PianiAPIView):
    @extend_schema(tags=TAG, operation_id="piani_obiettivi_list", summary="Obiettivi del piano",
                   responses={200: s.ObiettivoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, piano_pk: int) -> Response:
        return self.pagina(s.ObiettivoOutput, selectors.obiettivo_list(piano=self.piano(piano_pk)))

    @extend_schema(tags=TAG, operation_id="piani_obiettivi_create", summary="Registra un obiettivo",
                   request=s.ObiettivoInput, responses={201: s.ObiettivoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, piano_pk: int) -> Response:
        piano = self.piano(piano_pk)
        obiettivo = services.obiettivo_create(piano=piano, actor=request.user,
                                              **self.valida_nel_piano(s.ObiettivoInput, request.data, piano))
        return self.risposta(s.ObiettivoOutput, obiettivo, status=status.HTTP_201_CREATED)


class ProgettiAPI(PianiAPIView):
    capacita = "piani.progetti"

    @extend_schema(tags=TAG, operation_id="piani_progetti_list", summary="Progetti visibili all'utente",
                   description="Il partner vede solo i progetti che gli sono stati concessi.",
                   responses={200: s.ProgettoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(s.ProgettoOutput, selectors.progetto_list(ambito=self.ambito, contesto=self.contesto))


class ProgettiDelPianoAPI(PianiAPIView):
    @extend_schema(tags=TAG, operation_id="piani_progetti_create", summary="Registra un progetto del piano",
                   request=s.ProgettoInput, responses={201: s.ProgettoDetailOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, piano_pk: int) -> Response:
        piano = self.piano(piano_pk)
        progetto = services.progetto_create(piano=piano, actor=request.user,
                                            **self.valida_nel_piano(s.ProgettoInput, request.data, piano))
        return self.risposta(s.ProgettoDetailOutput, progetto, status=status.HTTP_201_CREATED)


class _DelProgetto(PianiAPIView):
    capacita = "piani.progetti"

    def progetto(self, progetto_pk: int) -> Any:
        return selectors.progetto_get(ambito=self.ambito, contesto=self.contesto, pk=progetto_pk)


class ProgettoAPI(_DelProgetto):
    @extend_schema(tags=TAG, operation_id="piani_progetti_retrieve", summary="La scheda di un progetto",
                   responses={200: s.ProgettoDetailOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, progetto_pk: int) -> Response:
        return self.risposta(s.ProgettoDetailOutput, self.progetto(progetto_pk))

    @extend_schema(tags=TAG, operation_id="piani_progetti_update", summary="Modifica la scheda di un progetto",
                   request=s.ProgettoInput, responses={200: s.ProgettoDetailOutput, **ERRORI_SCRITTURA})
    def put(self, request: Request, ambito_slug: str, progetto_pk: int) -> Response:
        progetto = self.progetto(progetto_pk)
        dati = self.valida_nel_piano(s.ProgettoInput, request.data, progetto.piano)
        return self.risposta(s.ProgettoDetailOutput,
                             services.progetto_update(progetto=progetto, actor=request.user, **dati))


class BudgetAPI(_DelProgetto):
    @extend_schema(tags=TAG, operation_id="piani_progetti_budget", summary="Imposta una voce di budget",
                   request=s.BudgetInput, responses={200: s.BudgetOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, progetto_pk: int) -> Response:
        voce = services.budget_set(progetto=self.progetto(progetto_pk), actor=request.user,
                                   **self.valida(s.BudgetInput, request.data))
        return self.risposta(s.BudgetOutput, voce)


def _target(dati: dict[str, Any]) -> dict[str, Any]:
    dati["target"] = {t["anno"]: t["valore"] for t in dati.get("target", [])}
    return dati


class IndicatoriObiettivoAPI(PianiAPIView):
    @extend_schema(tags=TAG, operation_id="piani_indicatori_obiettivo_create",
                   summary="Registra un indicatore di un obiettivo",
                   request=s.IndicatoreInput, responses={201: s.IndicatoreOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, obiettivo_pk: int) -> Response:
        obiettivo = selectors.obiettivo_get(ambito=self.ambito, pk=obiettivo_pk)
        indicatore = services.indicatore_create(actor=request.user, obiettivo=obiettivo,
                                                **_target(self.valida(s.IndicatoreInput, request.data)))
        return self.risposta(s.IndicatoreOutput, indicatore, status=status.HTTP_201_CREATED)


class IndicatoriProgettoAPI(PianiAPIView):
    capacita = "piani.progetti"

    @extend_schema(tags=TAG, operation_id="piani_indicatori_progetto_list", summary="Indicatori di un progetto",
                   responses={200: s.IndicatoreOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, progetto_pk: int) -> Response:
        progetto = selectors.progetto_get(ambito=self.ambito, contesto=self.contesto, pk=progetto_pk)
        return self.pagina(s.IndicatoreOutput, progetto.indicatori.prefetch_related("target").order_by("nome", "pk"))

    @extend_schema(tags=TAG, operation_id="piani_indicatori_progetto_create",
                   summary="Registra un indicatore di un progetto",
                   request=s.IndicatoreInput, responses={201: s.IndicatoreOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, progetto_pk: int) -> Response:
        progetto = selectors.progetto_get(ambito=self.ambito, contesto=self.contesto, pk=progetto_pk)
        indicatore = services.indicatore_create(actor=request.user, progetto=progetto,
                                                **_target(self.valida(s.IndicatoreInput, request.data)))
        return self.risposta(s.IndicatoreOutput, indicatore, status=status.HTTP_201_CREATED)


class IndicatoriCalcolatiAPI(PianiAPIView):
    @extend_schema(tags=TAG, operation_id="piani_indicatori_calcolati", summary="Indicatori calcolati disponibili",
                   responses={200: s.IndicatoreCalcolatoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.risposta(s.IndicatoreCalcolatoOutput, indicatori_registrati(), many=True)


class PeriodiAPI(PianiAPIView):
    @extend_schema(tags=TAG, operation_id="piani_periodi_list", summary="Periodi di monitoraggio del piano",
                   responses={200: s.PeriodoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, piano_pk: int) -> Response:
        return self.pagina(s.PeriodoOutput, selectors.periodo_list(
            piano=self.piano(piano_pk), solo_chiusi=selectors.solo_chiusi_per(self.contesto)))

    @extend_schema(tags=TAG, operation_id="piani_periodi_create", summary="Apre un periodo di monitoraggio",
                   request=s.PeriodoInput, responses={201: s.PeriodoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, piano_pk: int) -> Response:
        periodo = services.periodo_create(piano=self.piano(piano_pk), actor=request.user,
                                          **self.valida(s.PeriodoInput, request.data))
        return self.risposta(s.PeriodoOutput, periodo, status=status.HTTP_201_CREATED)


class _DelPeriodo(PianiAPIView):
    def periodo(self, periodo_pk: int) -> Any:
        return selectors.periodo_get(ambito=self.ambito, pk=periodo_pk,
                                     solo_chiusi=selectors.solo_chiusi_per(self.contesto))


class ValoreAPI(_DelPeriodo):
    @extend_schema(tags=TAG, operation_id="piani_valori_set", summary="Registra il valore di un indicatore",
                   description="Un periodo chiuso non si modifica: 409 «periodo_chiuso».",
                   request=s.ValoreInput, responses={200: s.ValoreOutput, **ERRORI_SCRITTURA})
    def put(self, request: Request, ambito_slug: str, periodo_pk: int, indicatore_pk: int) -> Response:
        periodo = self.periodo(periodo_pk)
        indicatore = selectors.indicatore_get(ambito=self.ambito, pk=indicatore_pk, contesto=self.contesto)
        valore = services.valore_set(indicatore=indicatore, periodo=periodo, actor=request.user,
                                     **self.valida(s.ValoreInput, request.data))
        return self.risposta(s.ValoreOutput, valore)


class PeriodoChiusuraAPI(_DelPeriodo):
    capacita = "piani.chiudi_periodo"
    capacita_scrittura = "piani.chiudi_periodo"

    @extend_schema(tags=TAG, operation_id="piani_periodi_close", summary="Chiude il periodo (dati congelati)",
                   request=None, responses={200: s.PeriodoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, periodo_pk: int) -> Response:
        return self.risposta(s.PeriodoOutput, services.periodo_close(periodo=self.periodo(periodo_pk),
                                                                     actor=request.user))


class PeriodoRiaperturaAPI(PeriodoChiusuraAPI):
    @extend_schema(tags=TAG, operation_id="piani_periodi_reopen", summary="Riapre il periodo con un motivo",
                   request=s.RiaperturaInput, responses={200: s.PeriodoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, periodo_pk: int) -> Response:
        periodo = services.periodo_reopen(periodo=self.periodo(periodo_pk), actor=request.user,
                                          **self.valida(s.RiaperturaInput, request.data))
        return self.risposta(s.PeriodoOutput, periodo)


class ProfiloAPI(PianiAPIView):
    @extend_schema(tags=TAG, operation_id="piani_profilo_list", summary="Dati del profilo di comunità",
                   description="?anno=AAAA per un solo anno.", responses={200: s.DatoComunitaOutput(many=True),
                                                                        **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        anno = request.query_params.get("anno", "")
        return self.pagina(s.DatoComunitaOutput, selectors.dato_comunita_list(
            ambito=self.ambito, anno=int(anno) if anno.isdigit() and len(anno) == 4 else None))

    @extend_schema(tags=TAG, operation_id="piani_profilo_set", summary="Registra o aggiorna un dato del profilo",
                   request=s.DatoComunitaInput, responses={200: s.DatoComunitaOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        dato = services.dato_comunita_set(ambito=self.ambito, actor=request.user,
                                          **self.valida(s.DatoComunitaInput, request.data))
        return self.risposta(s.DatoComunitaOutput, dato)


class CoprogettazioniAPI(PianiAPIView):
    @extend_schema(tags=TAG, operation_id="piani_coprogettazioni_list",
                   summary="Procedure di co-programmazione e co-progettazione",
                   responses={200: s.CoprogettazioneOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.pagina(s.CoprogettazioneOutput, selectors.coprogettazione_list(ambito=self.ambito))


class CoprogettazioneAPI(PianiAPIView):
    @extend_schema(tags=TAG, operation_id="piani_coprogettazioni_retrieve", summary="Una procedura",
                   responses={200: s.CoprogettazioneOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, coprogettazione_pk: int) -> Response:
        return self.risposta(s.CoprogettazioneOutput,
                             selectors.coprogettazione_get(ambito=self.ambito, pk=coprogettazione_pk))
