"""API of the misure module: beneficiari (mounted by misure/api/urls.py, /api/v1/a/<slug>/misure/beneficiari/…).

Same rules as the pages: the scope restricts an assistente sociale to their comuni (another comune's resident is
404), the services validate (codice fiscale, IBAN, dates, the duplicate refusal that reveals nothing), every error
comes back in the common shape. ISEE, certifications and external benefits need ``misure.sensibili.vedi`` and every
read is logged; their outputs are built from the ``DatiSensibili`` of ``ambito.audit.sensibili``.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA, ERRORI_SCRITTURA
from ambito.audit.sensibili import CategoriaSensibile, leggi_sensibili, leggi_sensibili_elenco
from ambito.audit.services import registra_lettura_sensibile
from ambito.errors import RegolaViolata
from ambito.tenancy.models import TipoISEE
from ambito.territorio.models import Comune
from ambito.territorio.selectors import comune_list
from misure.codice_fiscale import maschera_codice_fiscale
from misure.models import Sesso, TipoCertificazione
from misure.selectors import beneficiari as selectors
from misure.services import beneficiari as services

TAG = ["Beneficiari"]
VEDI = "misure.beneficiari.vedi"
GESTISCI = "misure.beneficiari.gestisci"
SENSIBILI = "misure.sensibili.vedi"
UFFICIO = "misure.beneficiari.ufficio"
_IMP = {"max_digits": 14, "decimal_places": 2}


# --- Shapes ---------------------------------------------------------------------------------------------------

class ComponenteNucleo(serializers.Serializer):
    cognome = serializers.CharField(max_length=200)
    nome = serializers.CharField(max_length=200)
    codice_fiscale = serializers.CharField(max_length=30, allow_blank=True, required=False)
    relazione = serializers.CharField(max_length=200, allow_blank=True, required=False)


class BeneficiarioModificaInput(serializers.Serializer):
    codice_fiscale = serializers.CharField(max_length=30)
    cognome = serializers.CharField(max_length=500)
    nome = serializers.CharField(max_length=500)
    sesso = serializers.ChoiceField(choices=Sesso.choices)
    data_nascita = serializers.DateField()
    luogo_nascita_belfiore = serializers.CharField(max_length=10, help_text="Codice catastale, es. E648 (Lodi)")
    cittadinanza = serializers.CharField(max_length=500, required=False, allow_blank=True)
    residente_dal = serializers.DateField(required=False, allow_null=True)
    indirizzo = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    domicilio = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    telefono = serializers.CharField(max_length=500, required=False, allow_blank=True)
    email = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    caregiver_nome = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    caregiver_codice_fiscale = serializers.CharField(max_length=30, required=False, allow_blank=True)
    caregiver_relazione = serializers.CharField(max_length=500, required=False, allow_blank=True)
    iban = serializers.CharField(max_length=50, required=False, allow_blank=True)
    intestatario_iban = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    nucleo_familiare = ComponenteNucleo(many=True, required=False, max_length=30)


class BeneficiarioInput(BeneficiarioModificaInput):
    comune = serializers.IntegerField(min_value=1, max_value=2**62, help_text="Id del comune di residenza")


class TrasferimentoInput(serializers.Serializer):
    comune = serializers.IntegerField(min_value=1, max_value=2**62)
    residente_dal = serializers.DateField()


class FiltroInput(serializers.Serializer):
    cerca = serializers.CharField(required=False, allow_blank=True, max_length=100)
    comune = serializers.IntegerField(required=False, min_value=1, max_value=2**62)


class ComuneBeneficiarioOutput(serializers.Serializer):
    id = serializers.IntegerField()
    denominazione = serializers.CharField()
    codice_istat = serializers.CharField()


class BeneficiarioOutput(serializers.Serializer):
    id = serializers.IntegerField()
    codice_fiscale = serializers.CharField()
    cognome = serializers.CharField()
    nome = serializers.CharField()
    sesso = serializers.CharField()
    data_nascita = serializers.DateField()
    luogo_nascita_belfiore = serializers.CharField()
    cittadinanza = serializers.CharField()
    comune = ComuneBeneficiarioOutput()
    residente_dal = serializers.DateField(allow_null=True)
    indirizzo = serializers.CharField()
    domicilio = serializers.CharField()
    telefono = serializers.CharField()
    email = serializers.CharField()
    caregiver_nome = serializers.CharField()
    caregiver_codice_fiscale = serializers.CharField()
    caregiver_relazione = serializers.CharField()
    iban = serializers.CharField()
    intestatario_iban = serializers.CharField()
    nucleo_familiare = ComponenteNucleo(many=True)


class AttestazioneISEESensibiliInput(serializers.Serializer):
    # A plain string checked by the service: the choice set is the Ambito's too (one OpenAPI enum per set).
    tipo_isee = serializers.CharField(max_length=20, help_text=", ".join(TipoISEE.values))
    valore_isee = serializers.DecimalField(**_IMP)
    protocollo_dsu = serializers.CharField(max_length=200, required=False, allow_blank=True)
    anno_dsu = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=9999)
    rilasciata_il = serializers.DateField()
    scade_il = serializers.DateField()
    difforme = serializers.BooleanField(required=False)


class AttestazioneISEESensibiliOutput(serializers.Serializer):
    id = serializers.IntegerField()
    tipo_isee = serializers.CharField()
    valore_isee = serializers.DecimalField(**_IMP)
    protocollo_dsu = serializers.CharField()
    anno_dsu = serializers.IntegerField(allow_null=True)
    rilasciata_il = serializers.DateField()
    scade_il = serializers.DateField()
    difforme = serializers.BooleanField()


class CertificazioneSensibiliInput(serializers.Serializer):
    tipo_certificazione = serializers.ChoiceField(choices=TipoCertificazione.choices)
    percentuale_invalidita = serializers.IntegerField(required=False, allow_null=True, min_value=-1000,
                                                      max_value=1000)
    data = serializers.DateField()
    revisione_il = serializers.DateField(required=False, allow_null=True)
    note_certificazione = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class CertificazioneSensibiliOutput(serializers.Serializer):
    id = serializers.IntegerField()
    tipo_certificazione = serializers.CharField()
    percentuale_invalidita = serializers.IntegerField(allow_null=True)
    data = serializers.DateField()
    revisione_il = serializers.DateField(allow_null=True)
    note_certificazione = serializers.CharField()


class BeneficioEsternoInput(serializers.Serializer):
    codice = serializers.CharField(max_length=100, help_text="Es. b1, hcp, rsa_definitivo, rsa_aperta")
    descrizione = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    dal = serializers.DateField()
    al = serializers.DateField(required=False, allow_null=True)
    importo_mensile = serializers.DecimalField(required=False, allow_null=True, **_IMP)
    costo_coperto = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class BeneficioEsternoSensibiliOutput(serializers.Serializer):
    id = serializers.IntegerField()
    codice = serializers.CharField()
    descrizione = serializers.CharField()
    dal = serializers.DateField()
    al = serializers.DateField(allow_null=True)
    importo_mensile = serializers.DecimalField(allow_null=True, **_IMP)
    costo_coperto = serializers.CharField()


class TentativoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    quando = serializers.DateTimeField()
    codice_fiscale = serializers.CharField()
    beneficiario = serializers.IntegerField(source="beneficiario_id")
    comune_richiedente = ComuneBeneficiarioOutput()
    utente = serializers.EmailField(source="utente.email")
    gestito = serializers.BooleanField()
    gestito_il = serializers.DateTimeField(allow_null=True)
    nota_gestione = serializers.CharField()


class GestitoInput(serializers.Serializer):
    nota = serializers.CharField(required=False, allow_blank=True, max_length=5000)


# --- Helpers ----------------------------------------------------------------------------------------------------

def _comune(ambito: Any, pk: int) -> Comune:
    comune = comune_list(ambito=ambito).filter(pk=pk).first()
    if comune is None:
        raise RegolaViolata(_("Comune inesistente o non dell'Ambito."), campo="comune", codice="comune_fuori_ambito")
    return comune


def _riga_sensibile(oggetto: Any, dati_sensibili: Any, **altri: Any) -> dict[str, Any]:
    """The output row: the id and non-sensitive fields, plus the sensitive fields as read (and logged)."""
    return {"id": oggetto.pk, **altri, **dict(dati_sensibili)}


def _riga_isee(attestazione: Any, dati_sensibili: Any) -> dict[str, Any]:
    return _riga_sensibile(attestazione, dati_sensibili, rilasciata_il=attestazione.rilasciata_il,
                           scade_il=attestazione.scade_il)


def _riga_certificazione(certificazione: Any, dati_sensibili: Any) -> dict[str, Any]:
    return _riga_sensibile(certificazione, dati_sensibili, data=certificazione.data)


class _Base(AmbitoAPIView):
    capacita = VEDI
    capacita_scrittura = GESTISCI

    def ip(self) -> str | None:
        return self.request.META.get("REMOTE_ADDR")

    def log_benefici(self, beneficiario: Any, motivo: str) -> None:
        registra_lettura_sensibile(ambito=self.ambito, utente=self.request.user, oggetto=beneficiario,
                                   interessato=maschera_codice_fiscale(beneficiario.codice_fiscale),
                                   categoria=str(CategoriaSensibile.SALUTE.label), contesto=motivo,
                                   indirizzo_ip=self.ip())


# --- Beneficiari ------------------------------------------------------------------------------------------------

class BeneficiariAPI(_Base):
    pagination_class = Paginazione

    @extend_schema(tags=TAG, operation_id="misure_beneficiari_list", summary="Beneficiari visibili",
                   description="L'assistente sociale vede solo i residenti dei propri comuni. ?cerca= (codice "
                               "fiscale o nome), ?comune=<id>.",
                   parameters=[FiltroInput], responses={200: BeneficiarioOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        filtri = self.valida(FiltroInput, request.query_params)
        return self.pagina(BeneficiarioOutput, selectors.beneficiario_list(ambito=self.ambito, **filtri))

    @extend_schema(tags=TAG, operation_id="misure_beneficiari_create", summary="Registra un beneficiario",
                   description="Codice fiscale (anche omocodico) concorde con sesso, data e luogo di nascita; IBAN "
                               "valido. Un codice fiscale già registrato da un altro comune è rifiutato senza rivelare "
                               "nulla (codice `codice_fiscale_gia_registrato`) e l'Ufficio di Piano riceve la "
                               "segnalazione.",
                   request=BeneficiarioInput, responses={201: BeneficiarioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str) -> Response:
        dati = self.valida(BeneficiarioInput, request.data)
        comune = _comune(self.ambito, dati.pop("comune"))
        beneficiario = services.beneficiario_create(ambito=self.ambito, comune=comune, actor=request.user, **dati)
        return self.risposta(BeneficiarioOutput, beneficiario, status=status.HTTP_201_CREATED)


class BeneficiarioAPI(_Base):
    @extend_schema(tags=TAG, operation_id="misure_beneficiari_retrieve", summary="Un beneficiario",
                   responses={200: BeneficiarioOutput, **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, beneficiario_pk: int) -> Response:
        return self.risposta(BeneficiarioOutput, selectors.beneficiario_get(ambito=self.ambito, pk=beneficiario_pk))

    @extend_schema(tags=TAG, operation_id="misure_beneficiari_update", summary="Corregge i dati di un beneficiario",
                   description="Lo storico conserva ogni versione. Il comune si cambia con il trasferimento.",
                   request=BeneficiarioModificaInput, responses={200: BeneficiarioOutput, **ERRORI_SCRITTURA})
    def patch(self, request: Request, ambito_slug: str, beneficiario_pk: int) -> Response:
        beneficiario = selectors.beneficiario_get(ambito=self.ambito, pk=beneficiario_pk)
        dati = self.valida(BeneficiarioModificaInput, request.data, partial=True)
        services.beneficiario_update(beneficiario=beneficiario, actor=request.user, **dati)
        return self.risposta(BeneficiarioOutput, beneficiario)


class TrasferimentoAPI(_Base):
    capacita = UFFICIO
    capacita_scrittura = UFFICIO

    @extend_schema(tags=TAG, operation_id="misure_beneficiari_trasferisci",
                   summary="Cambio di residenza in un altro comune dell'Ambito (Ufficio di Piano)",
                   request=TrasferimentoInput, responses={200: BeneficiarioOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, beneficiario_pk: int) -> Response:
        beneficiario = selectors.beneficiario_get(ambito=self.ambito, pk=beneficiario_pk)
        dati = self.valida(TrasferimentoInput, request.data)
        services.beneficiario_trasferisci(beneficiario=beneficiario, comune=_comune(self.ambito, dati["comune"]),
                                          residente_dal=dati["residente_dal"], actor=request.user)
        return self.risposta(BeneficiarioOutput, beneficiario)


# --- ISEE, certifications, external benefits (sensitive: every read logged) -------------------------------------

class _Sensibili(_Base):
    capacita = SENSIBILI

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.contesto.richiedi(SENSIBILI)  # writes too: an edit shows the data


class AttestazioniISEEAPI(_Sensibili):
    @extend_schema(tags=TAG, operation_id="misure_beneficiari_isee_list", 
                   summary="Attestazioni ISEE (lettura registrata)",
                   responses={200: AttestazioneISEESensibiliOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, beneficiario_pk: int) -> Response:
        beneficiario = selectors.beneficiario_get(ambito=self.ambito, pk=beneficiario_pk)
        attestazioni = list(selectors.attestazione_isee_list(beneficiario=beneficiario))
        letti = leggi_sensibili_elenco(attestazioni, utente=request.user, motivo=_("API: attestazioni ISEE"),
                                       indirizzo_ip=self.ip())
        righe = [_riga_isee(a, d) for a, d in zip(attestazioni, letti, strict=True)]
        return self.risposta(AttestazioneISEESensibiliOutput, righe, many=True)

    @extend_schema(tags=TAG, operation_id="misure_beneficiari_isee_create", summary="Registra un'attestazione ISEE",
                   request=AttestazioneISEESensibiliInput,
                   responses={201: AttestazioneISEESensibiliOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, beneficiario_pk: int) -> Response:
        beneficiario = selectors.beneficiario_get(ambito=self.ambito, pk=beneficiario_pk)
        attestazione = services.attestazione_isee_create(beneficiario=beneficiario, actor=request.user,
                                                         **self.valida(AttestazioneISEESensibiliInput, request.data))
        letti = leggi_sensibili(attestazione, utente=request.user, motivo=_("API: attestazione ISEE registrata"),
                                indirizzo_ip=self.ip())
        return self.risposta(AttestazioneISEESensibiliOutput, _riga_isee(attestazione, letti),
                             status=status.HTTP_201_CREATED)


class AttestazioneISEEAPI(_Sensibili):
    @extend_schema(tags=TAG, operation_id="misure_beneficiari_isee_update", summary="Corregge un'attestazione ISEE",
                   request=AttestazioneISEESensibiliInput,
                   responses={200: AttestazioneISEESensibiliOutput, **ERRORI_SCRITTURA})
    def patch(self, request: Request, ambito_slug: str, attestazione_pk: int) -> Response:
        attestazione = selectors.attestazione_isee_get(ambito=self.ambito, pk=attestazione_pk)
        services.attestazione_isee_update(attestazione=attestazione, actor=request.user,
                                          **self.valida(AttestazioneISEESensibiliInput, request.data, partial=True))
        letti = leggi_sensibili(attestazione, utente=request.user, motivo=_("API: attestazione ISEE corretta"),
                                indirizzo_ip=self.ip())
        return self.risposta(AttestazioneISEESensibiliOutput, _riga_isee(attestazione, letti))


class CertificazioniAPI(_Sensibili):
    @extend_schema(tags=TAG, operation_id="misure_beneficiari_certificazioni_list",
                   summary="Certificazioni (lettura registrata)",
                   responses={200: CertificazioneSensibiliOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, beneficiario_pk: int) -> Response:
        beneficiario = selectors.beneficiario_get(ambito=self.ambito, pk=beneficiario_pk)
        certificazioni = list(selectors.certificazione_list(beneficiario=beneficiario))
        letti = leggi_sensibili_elenco(certificazioni, utente=request.user, motivo=_("API: certificazioni"),
                                       indirizzo_ip=self.ip())
        righe = [_riga_certificazione(c, d) for c, d in zip(certificazioni, letti, strict=True)]
        return self.risposta(CertificazioneSensibiliOutput, righe, many=True)

    @extend_schema(tags=TAG, operation_id="misure_beneficiari_certificazioni_create",
                   summary="Registra una certificazione",
                   request=CertificazioneSensibiliInput,
                   responses={201: CertificazioneSensibiliOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, beneficiario_pk: int) -> Response:
        beneficiario = selectors.beneficiario_get(ambito=self.ambito, pk=beneficiario_pk)
        certificazione = services.certificazione_create(beneficiario=beneficiario, actor=request.user,
                                                        **self.valida(CertificazioneSensibiliInput, request.data))
        letti = leggi_sensibili(certificazione, utente=request.user, motivo=_("API: certificazione registrata"),
                                indirizzo_ip=self.ip())
        return self.risposta(CertificazioneSensibiliOutput, _riga_certificazione(certificazione, letti),
                             status=status.HTTP_201_CREATED)


class CertificazioneAPI(_Sensibili):
    @extend_schema(tags=TAG, operation_id="misure_beneficiari_certificazioni_update",
                   summary="Corregge una certificazione",
                   request=CertificazioneSensibiliInput,
                   responses={200: CertificazioneSensibiliOutput, **ERRORI_SCRITTURA})
    def patch(self, request: Request, ambito_slug: str, certificazione_pk: int) -> Response:
        certificazione = selectors.certificazione_get(ambito=self.ambito, pk=certificazione_pk)
        services.certificazione_update(certificazione=certificazione, actor=request.user,
                                       **self.valida(CertificazioneSensibiliInput, request.data, partial=True))
        letti = leggi_sensibili(certificazione, utente=request.user, motivo=_("API: certificazione corretta"),
                                indirizzo_ip=self.ip())
        return self.risposta(CertificazioneSensibiliOutput, _riga_certificazione(certificazione, letti))


class BeneficiEsterniAPI(_Sensibili):
    @extend_schema(tags=TAG, operation_id="misure_beneficiari_benefici_list",
                   summary="Benefici esterni dichiarati (lettura registrata)",
                   responses={200: BeneficioEsternoSensibiliOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str, beneficiario_pk: int) -> Response:
        beneficiario = selectors.beneficiario_get(ambito=self.ambito, pk=beneficiario_pk)
        benefici = list(selectors.beneficio_esterno_list(beneficiario=beneficiario))
        if benefici:
            self.log_benefici(beneficiario, _("API: benefici esterni dichiarati"))
        return self.risposta(BeneficioEsternoSensibiliOutput, benefici, many=True)

    @extend_schema(tags=TAG, operation_id="misure_beneficiari_benefici_create",
                   summary="Dichiara un beneficio esterno (es. Misura B1)",
                   request=BeneficioEsternoInput, responses={201: BeneficioEsternoSensibiliOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, beneficiario_pk: int) -> Response:
        beneficiario = selectors.beneficiario_get(ambito=self.ambito, pk=beneficiario_pk)
        beneficio = services.beneficio_esterno_create(beneficiario=beneficiario, actor=request.user,
                                                      **self.valida(BeneficioEsternoInput, request.data))
        return self.risposta(BeneficioEsternoSensibiliOutput, beneficio, status=status.HTTP_201_CREATED)


class BeneficioEsternoAPI(_Sensibili):
    @extend_schema(tags=TAG, operation_id="misure_beneficiari_benefici_update", summary="Corregge un beneficio esterno",
                   request=BeneficioEsternoInput, responses={200: BeneficioEsternoSensibiliOutput, **ERRORI_SCRITTURA})
    def patch(self, request: Request, ambito_slug: str, beneficio_pk: int) -> Response:
        beneficio = selectors.beneficio_esterno_get(ambito=self.ambito, pk=beneficio_pk)
        services.beneficio_esterno_update(beneficio=beneficio, actor=request.user,
                                          **self.valida(BeneficioEsternoInput, request.data, partial=True))
        return self.risposta(BeneficioEsternoSensibiliOutput, beneficio)


# --- The office's duplicate attempts --------------------------------------------------------------------------

class TentativiAPI(_Base):
    capacita = UFFICIO
    pagination_class = Paginazione

    @extend_schema(tags=TAG, operation_id="misure_beneficiari_tentativi_list",
                   summary="Tentativi di registrazione duplicata (Ufficio di Piano)",
                   parameters=[OpenApiParameter("da_gestire", bool, required=False)],
                   responses={200: TentativoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        solo = str(request.query_params.get("da_gestire", "")).lower() in ("1", "true", "si", "sì")
        return self.pagina(TentativoOutput, selectors.tentativo_duplicato_list(ambito=self.ambito,
                                                                               solo_da_gestire=solo))


class TentativoGestitoAPI(_Base):
    capacita = UFFICIO
    capacita_scrittura = UFFICIO

    @extend_schema(tags=TAG, operation_id="misure_beneficiari_tentativi_gestito", summary="Segna come gestito",
                   request=GestitoInput, responses={200: TentativoOutput, **ERRORI_SCRITTURA})
    def post(self, request: Request, ambito_slug: str, tentativo_pk: int) -> Response:
        tentativo = selectors.tentativo_duplicato_get(ambito=self.ambito, pk=tentativo_pk)
        nota = self.valida(GestitoInput, request.data).get("nota", "")
        services.tentativo_duplicato_mark_gestito(tentativo=tentativo, actor=request.user, nota=nota)
        return self.risposta(TentativoOutput, tentativo)


urlpatterns = [
    path("beneficiari/", BeneficiariAPI.as_view(), name="beneficiari"),
    path("beneficiari/<int:beneficiario_pk>/", BeneficiarioAPI.as_view(), name="beneficiario"),
    path("beneficiari/<int:beneficiario_pk>/trasferimento/", TrasferimentoAPI.as_view(),
         name="beneficiario_trasferimento"),
    path("beneficiari/<int:beneficiario_pk>/isee/", AttestazioniISEEAPI.as_view(), name="beneficiario_isee"),
    path("beneficiari/isee/<int:attestazione_pk>/", AttestazioneISEEAPI.as_view(), name="attestazione_isee"),
    path("beneficiari/<int:beneficiario_pk>/certificazioni/", CertificazioniAPI.as_view(),
         name="beneficiario_certificazioni"),
    path("beneficiari/certificazioni/<int:certificazione_pk>/", CertificazioneAPI.as_view(), name="certificazione"),
    path("beneficiari/<int:beneficiario_pk>/benefici-esterni/", BeneficiEsterniAPI.as_view(),
         name="beneficiario_benefici"),
    path("beneficiari/benefici-esterni/<int:beneficio_pk>/", BeneficioEsternoAPI.as_view(), name="beneficio_esterno"),
    path("beneficiari/doppie-registrazioni/", TentativiAPI.as_view(), name="tentativi_duplicati"),
    path("beneficiari/doppie-registrazioni/<int:tentativo_pk>/gestito/", TentativoGestitoAPI.as_view(),
         name="tentativo_duplicato_gestito"),
]
