"""API of the misure module: measures, bandi and their rules (mounted by misure/api/urls.py).

Reads need ``misure.vedi`` (drafts only for ``misure.bandi.gestisci``, like the pages), writes
``misure.bandi.gestisci``. Objects in the URL come from selectors filtered by the Ambito (another Ambito's
object is a 404); ids in bodies are resolved inside the Ambito. Invalid rules answer 400 ``regole_non_valide``
with one entry per path in ``campi``.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from misure.api import bandi_serializers as s
from misure.models import StatoBando
from misure.regole import valida_regole
from misure.selectors import bandi as selettori
from misure.services import bandi as servizi

TAG = ["Misure: bandi"]
VEDI = "misure.vedi"
GESTISCI = "misure.bandi.gestisci"


def _regole_non_valide(errori: list) -> Response:
    campi: dict[str, list[str]] = {}
    for errore in errori:
        campi.setdefault(errore.percorso, []).append(errore.messaggio)
    return Response({"errore": {"codice": "regole_non_valide",
                                "messaggio": _("Le regole non sono valide: %(n)s errori.") % {"n": len(errori)},
                                "campi": campi}}, status=status.HTTP_400_BAD_REQUEST)


class BandiAPIView(AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = GESTISCI
    bando_corrente: Any = None

    def contesto_serializer(self) -> dict[str, Any]:
        contesto = super().contesto_serializer()
        if self.bando_corrente is not None:
            contesto["bando"] = self.bando_corrente  # ids in the body resolved within this bando
        return contesto

    def bando(self, bando_pk: int) -> Any:
        return selettori.bando_get(ambito=self.ambito, pk=bando_pk,
                                   solo_pubblicati=selettori.solo_pubblicati_per(self.contesto))

    def dettaglio(self, bando: Any, stato: int = 200) -> Response:
        bando = selettori.bando_get(ambito=self.ambito, pk=bando.pk, solo_pubblicati=False)
        return self.risposta(s.BandoDetailOutput, bando, status=stato)


class MisureAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_misure_list", summary="Misure dell'Ambito e benefici esterni",
                   responses={200: s.MisuraOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        return self.risposta(s.MisuraOutput, selettori.misura_list(ambito=self.ambito), many=True)

    @extend_schema(tags=TAG, operation_id="misure_misure_create",
                   summary="Registra una misura (o un beneficio esterno)",
                   request=s.MisuraInput, responses={201: s.MisuraOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = self.valida(s.MisuraInput, request.data)
        misura = servizi.misura_create(ambito=self.ambito, actor=request.user, **dati)
        return self.risposta(s.MisuraOutput, misura, status=status.HTTP_201_CREATED)


class MisuraAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_misure_retrieve", summary="Una misura con edizioni e strumenti",
                   responses={200: s.MisuraDetailOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, misura_pk: int) -> Response:
        misura = selettori.misura_get(ambito=self.ambito, pk=misura_pk)
        misura.edizioni_lette = list(selettori.edizione_list(ambito=self.ambito, misura=misura))
        return self.risposta(s.MisuraDetailOutput, misura)

    @extend_schema(tags=TAG, operation_id="misure_misure_update", summary="Modifica una misura",
                   request=s.MisuraModificaInput, responses={200: s.MisuraOutput, **ERRORI_SCRITTURA})
    def patch(self, request: Request, ambito_slug: str, misura_pk: int) -> Response:
        misura = selettori.misura_get(ambito=self.ambito, pk=misura_pk)
        servizi.misura_update(misura=misura, actor=request.user, **self.valida(s.MisuraModificaInput, request.data))
        return self.risposta(s.MisuraOutput, misura)


def _regole_edizione(esegui: Any) -> Any:
    try:
        return esegui()
    except servizi.RegoleNonValide as exc:
        return _regole_non_valide(exc.errori)


class EdizioniAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_edizioni_create",
                   summary="Aggiunge un'edizione con le regole predefinite dei suoi bandi",
                   request=s.EdizioneInput, responses={201: s.EdizioneMisuraOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, misura_pk: int) -> Response:
        misura = selettori.misura_get(ambito=self.ambito, pk=misura_pk)
        dati = self.valida(s.EdizioneInput, request.data)
        esito = _regole_edizione(lambda: servizi.edizione_create(misura=misura, actor=request.user, **dati))
        if isinstance(esito, Response):
            return esito
        return self.risposta(s.EdizioneMisuraOutput, esito, status=status.HTTP_201_CREATED)


class EdizioneAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_edizioni_update",
                   summary="Modifica un'edizione (vale per i bandi creati da ora)",
                   request=s.EdizioneModificaInput, responses={200: s.EdizioneMisuraOutput, **ERRORI_SCRITTURA})
    def patch(self, request: Request, ambito_slug: str, edizione_pk: int) -> Response:
        edizione = selettori.edizione_get(ambito=self.ambito, pk=edizione_pk)
        dati = self.valida(s.EdizioneModificaInput, request.data)
        esito = _regole_edizione(lambda: servizi.edizione_update(edizione=edizione, actor=request.user, **dati))
        if isinstance(esito, Response):
            return esito
        return self.risposta(s.EdizioneMisuraOutput, esito)


class StrumentiEdizioneAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_strumenti_create", summary="Aggiunge uno strumento all'edizione",
                   request=s.StrumentoInput, responses={201: s.StrumentoEdizioneOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, edizione_pk: int) -> Response:
        edizione = selettori.edizione_get(ambito=self.ambito, pk=edizione_pk)
        strumento = servizi.strumento_create(edizione=edizione, actor=request.user,
                                             **self.valida(s.StrumentoInput, request.data))
        return self.risposta(s.StrumentoEdizioneOutput, strumento, status=status.HTTP_201_CREATED)


class StrumentoEdizioneAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_strumenti_update",
                   summary="Modifica importi e fasce di uno strumento",
                   request=s.StrumentoModificaInput, responses={200: s.StrumentoEdizioneOutput, **ERRORI_SCRITTURA})
    def patch(self, request: Request, ambito_slug: str, strumento_edizione_pk: int) -> Response:
        strumento = selettori.strumento_get(ambito=self.ambito, pk=strumento_edizione_pk)
        servizi.strumento_update(strumento=strumento, actor=request.user,
                                 **self.valida(s.StrumentoModificaInput, request.data))
        return self.risposta(s.StrumentoEdizioneOutput, strumento)


class BandiAPI(BandiAPIView):
    pagination_class = Paginazione

    @extend_schema(tags=TAG, operation_id="misure_bandi_list", summary="Bandi (i non gestori vedono i pubblicati)",
                   parameters=[OpenApiParameter("stato", str, enum=StatoBando.values, required=False)],
                   responses={200: s.BandoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        stato = request.query_params.get("stato", "")
        bandi = selettori.bando_list(ambito=self.ambito, solo_pubblicati=selettori.solo_pubblicati_per(self.contesto),
                                     stato=stato if stato in StatoBando.values else "")
        return self.pagina(s.BandoOutput, bandi)

    @extend_schema(tags=TAG, operation_id="misure_bandi_create", summary="Crea un bando in bozza",
                   description="Le regole (versione 1) partono da quelle dell'edizione.",
                   request=s.BandoInput, responses={201: s.BandoDetailOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        bando = servizi.bando_create(actor=request.user, **self.valida(s.BandoInput, request.data))
        return self.dettaglio(bando, status.HTTP_201_CREATED)


class BandoAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_bandi_retrieve", summary="Un bando con strumenti, documenti e regole",
                   responses={200: s.BandoDetailOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        return self.risposta(s.BandoDetailOutput, self.bando(bando_pk))

    @extend_schema(tags=TAG, operation_id="misure_bandi_update", summary="Modifica un bando",
                   description="In bozza ogni campo; pubblicato solo descrizione e chiusura.",
                   request=s.BandoModificaInput, responses={200: s.BandoDetailOutput, **ERRORI_SCRITTURA})
    def patch(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        bando = self.bando(bando_pk)
        servizi.bando_update(bando=bando, actor=request.user, **self.valida(s.BandoModificaInput, request.data))
        return self.dettaglio(bando)


class RegoleAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_bandi_regole_retrieve",
                   summary="Le regole in vigore (o in bozza se il bando non è pubblicato)",
                   responses={200: s.VersioneRegoleOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        return self.risposta(s.VersioneRegoleOutput, selettori.versione_corrente(self.bando(bando_pk)))

    @extend_schema(tags=TAG, operation_id="misure_bandi_regole_update",
                   summary="Sostituisce gli insiemi di regole della versione in preparazione",
                   description="Solo una versione non ancora in vigore; insiemi omessi restano invariati. Regole non "
                               "valide: 400 regole_non_valide con un errore per percorso.",
                   request=s.RegoleBandoInput, responses={200: s.VersioneRegoleOutput, **ERRORI_SCRITTURA})
    def put(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        from ambito.errors import RegolaViolata

        bando = self.bando(bando_pk)
        versione = selettori.versione_in_bozza(bando)
        if versione is None:
            raise RegolaViolata(_("Le regole in vigore sono congelate: preparare una nuova versione."),
                                codice="regole_congelate")
        try:
            versione = servizi.versione_update(versione=versione, actor=request.user,
                                               **self.valida(s.RegoleBandoInput, request.data))
        except servizi.RegoleNonValide as exc:
            return _regole_non_valide(exc.errori)
        return self.risposta(s.VersioneRegoleOutput, versione)


class RegoleVerificaAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_bandi_regole_verifica",
                   summary="Verifica delle regole senza salvarle (insiemi omessi: quelli della versione corrente)",
                   request=s.RegoleBandoInput, responses={200: s.VerificaRegoleOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        bando = self.bando(bando_pk)
        base = selettori.versione_in_bozza(bando) or selettori.versione_corrente(bando)
        dati = self.valida(s.RegoleBandoInput, request.data)
        errori = valida_regole(ammissibilita=dati.get("ammissibilita", base.regole_ammissibilita),
                               punteggio=dati.get("punteggio", base.regole_punteggio),
                               incompatibilita=dati.get("incompatibilita", base.regole_incompatibilita))
        return self.risposta(s.VerificaRegoleOutput, {"valide": not errori, "errori": errori})


class VersioneNuovaAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_bandi_regole_nuova_versione",
                   summary="Prepara una nuova versione delle regole di un bando pubblicato",
                   request=None, responses={201: s.VersioneRegoleOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        versione = servizi.versione_new(bando=self.bando(bando_pk), actor=request.user)
        return self.risposta(s.VersioneRegoleOutput, versione, status=status.HTTP_201_CREATED)


class VersioneApprovaAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_bandi_regole_approva",
                   summary="Mette in vigore la nuova versione delle regole con l'atto che la approva",
                   request=s.AttoApprovazioneInput, responses={200: s.VersioneRegoleOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        from ambito.errors import RegolaViolata

        bando = self.bando(bando_pk)
        versione = selettori.versione_in_bozza(bando)
        if versione is None:
            raise RegolaViolata(_("Nessuna nuova versione delle regole in preparazione."), codice="senza_bozza")
        versione = servizi.versione_approve(versione=versione, actor=request.user,
                                            **self.valida(s.AttoApprovazioneInput, request.data))
        return self.risposta(s.VersioneRegoleOutput, versione)


class PubblicaAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_bandi_pubblica", summary="Pubblica il bando",
                   description="Serve l'atto di approvazione (nel corpo o già sul bando), almeno uno strumento e "
                               "regole valide; le regole sono poi congelate.",
                   request=s.BandoPubblicaInput, responses={200: s.BandoDetailOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        bando = servizi.bando_publish(bando=self.bando(bando_pk), actor=request.user,
                                      **self.valida(s.BandoPubblicaInput, request.data))
        return self.dettaglio(bando)


class ChiudiAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_bandi_chiudi", summary="Chiude un bando pubblicato",
                   request=None, responses={200: s.BandoDetailOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        return self.dettaglio(servizi.bando_close(bando=self.bando(bando_pk), actor=request.user))


class StrumentiBandoAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_bandi_strumenti_create",
                   summary="Offre uno strumento dell'edizione (solo in bozza)",
                   request=s.StrumentoBandoInput, responses={201: s.StrumentoBandoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        bando = self.bando(bando_pk)
        self.bando_corrente = bando
        dati = self.valida(s.StrumentoBandoInput, request.data)
        offerto = servizi.strumento_bando_add(bando=bando, actor=request.user, **dati)
        return self.risposta(s.StrumentoBandoOutput, offerto, status=status.HTTP_201_CREATED)


class DocumentiAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_bandi_documenti_create",
                   summary="Richiede un documento alle domande del bando (solo in bozza)",
                   request=s.DocumentoRichiestoInput, responses={201: s.DocumentoRichiestoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        bando = self.bando(bando_pk)
        self.bando_corrente = bando
        dati = self.valida(s.DocumentoRichiestoInput, request.data)
        documento = servizi.documento_create(bando=bando, actor=request.user, **dati)
        return self.risposta(s.DocumentoRichiestoOutput, documento, status=status.HTTP_201_CREATED)


class StrumentoBandoAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_bandi_strumenti_delete",
                   summary="Toglie uno strumento (solo in bozza)",
                   request=None, responses={204: None, **ERRORI_SCRITTURA})
    def delete(self, request: Request, ambito_slug: str, bando_pk: int, offerto_pk: int) -> Response:
        offerto = selettori.strumento_bando_get(bando=self.bando(bando_pk), pk=offerto_pk)
        servizi.strumento_bando_remove(offerto=offerto, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DocumentoAPI(BandiAPIView):
    @extend_schema(tags=TAG, operation_id="misure_bandi_documenti_delete",
                   summary="Non richiede più un documento (solo in bozza)",
                   request=None, responses={204: None, **ERRORI_SCRITTURA})
    def delete(self, request: Request, ambito_slug: str, bando_pk: int, documento_pk: int) -> Response:
        documento = selettori.documento_get(bando=self.bando(bando_pk), pk=documento_pk)
        servizi.documento_delete(documento=documento, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BudgetAPI(BandiAPIView):
    capacita = GESTISCI

    @extend_schema(tags=TAG, operation_id="misure_bandi_budget_list", summary="Quote dei fondi che finanziano il bando",
                   responses={200: s.QuotaBandoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        return self.risposta(s.QuotaBandoOutput, selettori.quote_del_bando(bando=self.bando(bando_pk)), many=True)

    @extend_schema(tags=TAG, operation_id="misure_bandi_budget_create",
                   summary="Finanzia il bando con una quota di un'assegnazione dei fondi",
                   description="La quota è registrata dal registro dei fondi (controllo del disponibile a ogni data).",
                   request=s.BudgetBandoInput, responses={201: s.QuotaBandoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, bando_pk: int) -> Response:
        bando = self.bando(bando_pk)
        dati = self.valida(s.BudgetBandoInput, request.data)
        quota = servizi.bando_budget_add(bando=bando, actor=request.user, **dati)
        quote = {q.pk: q for q in selettori.quote_del_bando(bando=bando)}
        return self.risposta(s.QuotaBandoOutput, quote.get(quota.pk, quota), status=status.HTTP_201_CREATED)


urlpatterns = [
    path("misure/", MisureAPI.as_view(), name="misure"),
    path("misure/<int:misura_pk>/", MisuraAPI.as_view(), name="misura"),
    path("misure/<int:misura_pk>/edizioni/", EdizioniAPI.as_view(), name="misura_edizioni"),
    path("edizioni/<int:edizione_pk>/", EdizioneAPI.as_view(), name="edizione"),
    path("edizioni/<int:edizione_pk>/strumenti/", StrumentiEdizioneAPI.as_view(), name="edizione_strumenti"),
    path("strumenti/<int:strumento_edizione_pk>/", StrumentoEdizioneAPI.as_view(), name="strumento"),
    path("bandi/", BandiAPI.as_view(), name="bandi"),
    path("bandi/<int:bando_pk>/", BandoAPI.as_view(), name="bando"),
    path("bandi/<int:bando_pk>/regole/", RegoleAPI.as_view(), name="bando_regole"),
    path("bandi/<int:bando_pk>/regole/verifica/", RegoleVerificaAPI.as_view(), name="bando_regole_verifica"),
    path("bandi/<int:bando_pk>/regole/nuova-versione/", VersioneNuovaAPI.as_view(), name="bando_versione_nuova"),
    path("bandi/<int:bando_pk>/regole/approva/", VersioneApprovaAPI.as_view(), name="bando_versione_approva"),
    path("bandi/<int:bando_pk>/pubblica/", PubblicaAPI.as_view(), name="bando_pubblica"),
    path("bandi/<int:bando_pk>/chiudi/", ChiudiAPI.as_view(), name="bando_chiudi"),
    path("bandi/<int:bando_pk>/strumenti/", StrumentiBandoAPI.as_view(), name="bando_strumenti"),
    path("bandi/<int:bando_pk>/strumenti/<int:offerto_pk>/", StrumentoBandoAPI.as_view(), name="bando_strumento"),
    path("bandi/<int:bando_pk>/documenti/", DocumentiAPI.as_view(), name="bando_documenti"),
    path("bandi/<int:bando_pk>/documenti/<int:documento_pk>/", DocumentoAPI.as_view(), name="bando_documento"),
    path("bandi/<int:bando_pk>/budget/", BudgetAPI.as_view(), name="bando_budget"),
]
