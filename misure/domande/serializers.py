"""Input and output shapes of the domande API. Amounts are decimal strings ("1234.56"), dates ISO.

The declared special-category data (ISEE value, disability) travel only in serializers whose name says
``Sensibili``: outputs serialize the :class:`~ambito.audit.sensibili.DatiSensibili` of a logged read.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ambito.tenancy.models import TipoISEE
from misure.models import AreaReddituale, Beneficiario, Domanda, StrumentoBando, StrumentoValutazione
from misure.selectors import domande as selectors
from misure.services.domande import TRANSIZIONI

_IMP = {"max_digits": 12, "decimal_places": 2}


class _Modello:
    """Stands in for a queryset until validation time (drf-spectacular only reads ``.model``)."""

    def __init__(self, model: type) -> None:
        self.model = model


class BeneficiarioVisibile(serializers.PrimaryKeyRelatedField):
    """A beneficiary id resolved among those this user may file for (their comuni): another is "not found"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=_Modello(Beneficiario), **kwargs)

    def get_queryset(self) -> Any:
        contesto = self.context["contesto"]
        return selectors.beneficiario_visibile_list(ambito=contesto.ambito, comuni=contesto.comuni)


class StrumentoAperto(serializers.PrimaryKeyRelatedField):
    """A strumento of a published bando of the Ambito."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=_Modello(StrumentoBando), **kwargs)

    def get_queryset(self) -> Any:
        return selectors.strumento_aperto_list(ambito=self.context["ambito"])


class DichiaratiSensibiliInput(serializers.Serializer):
    """The declared data (all optional): the ISEE and disability fields are special-category data."""

    isee_tipo = serializers.ChoiceField(choices=TipoISEE.choices, required=False, allow_blank=True)
    isee_valore = serializers.DecimalField(required=False, allow_null=True, min_value=0, **_IMP)
    isee_scadenza = serializers.DateField(required=False, allow_null=True)
    l104_c3 = serializers.BooleanField(required=False, allow_null=True)
    l104_c1 = serializers.BooleanField(required=False, allow_null=True)
    indennita_accompagnamento = serializers.BooleanField(required=False, allow_null=True)
    invalidita_percentuale = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    vive_al_domicilio = serializers.BooleanField(required=False, allow_null=True)
    condizioni = serializers.DictField(child=serializers.BooleanField(), required=False)
    benefici_dichiarati = serializers.ListField(child=serializers.SlugField(max_length=40), required=False,
                                                max_length=50)
    costo_effettivo_mensile = serializers.DecimalField(required=False, allow_null=True, min_value=0, **_IMP)
    parametro_fasce = serializers.DecimalField(required=False, allow_null=True, min_value=0, max_digits=8,
                                               decimal_places=2)
    protocollo_capofila = serializers.CharField(required=False, allow_blank=True, max_length=40)
    data_protocollo_capofila = serializers.DateField(required=False, allow_null=True)


class DomandaSensibiliInput(DichiaratiSensibiliInput):
    beneficiario = BeneficiarioVisibile(help_text="Id di un beneficiario dei comuni dell'utente.")
    strumento = StrumentoAperto(help_text="Id di uno strumento (StrumentoBando) di un bando pubblicato.")


class TransizioneDomandaInput(serializers.Serializer):
    azione = serializers.ChoiceField(choices=sorted(TRANSIZIONI))
    motivo = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AzioneMultiplaDomandeInput(serializers.Serializer):
    azione = serializers.ChoiceField(choices=["prendi_in_istruttoria"])
    domande = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**62), min_length=1,
                                    max_length=100)


class DecisioneUfficioDomandaInput(serializers.Serializer):
    ammissibile = serializers.BooleanField(allow_null=True, help_text="null: torna alla valutazione automatica.")
    motivo = serializers.CharField(max_length=2000)


class ProtocolloCapofilaInput(serializers.Serializer):
    numero = serializers.CharField(allow_blank=True, max_length=40)
    data = serializers.DateField(allow_null=True, required=False)


class DocumentoDomandaInput(serializers.Serializer):
    file = serializers.FileField()


class ValutazioneSensibiliInput(serializers.Serializer):
    strumento = serializers.ChoiceField(choices=StrumentoValutazione.choices)
    punteggio = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0)
    punteggio_massimo = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0, required=False,
                                                 allow_null=True)
    data = serializers.DateField()
    equipe = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    uvm_asst = serializers.BooleanField(required=False, default=False)
    sina_mobilita = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=4)
    sina_attivita_quotidiane = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=4)
    sina_disturbi_cognitivi = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=4)
    sina_bisogni_sanitari = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=4)
    sina_rete_supporto = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=4)
    sina_area_reddituale = serializers.ChoiceField(choices=AreaReddituale.choices, required=False, allow_blank=True,
                                                   help_text="Area reddituale SINA (codici del tracciato SIUSS).")
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ProgettoSensibiliInput(serializers.Serializer):
    obiettivi = serializers.CharField(max_length=5000)
    interventi = serializers.CharField(max_length=5000)
    durata_mesi = serializers.IntegerField(min_value=1, max_value=120)
    firmato_il = serializers.DateField(required=False, allow_null=True)
    revisione = serializers.BooleanField(required=False, default=False,
                                         help_text="true: una revisione del progetto più recente.")


class FiltriDomandeInput(serializers.Serializer):
    bando = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    comune = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    stato = serializers.ChoiceField(choices=Domanda._meta.get_field("stato").choices, required=False)
    termine = serializers.ChoiceField(choices=["in_scadenza", "scaduto", "sospeso"], required=False)


# --- outputs ---------------------------------------------------------------------------------------------------


class DomandaOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    protocollo = serializers.SerializerMethodField()
    stato = serializers.CharField()
    stato_etichetta = serializers.CharField(source="get_stato_display")
    bando = serializers.IntegerField(source="bando_id")
    bando_titolo = serializers.CharField(source="bando.titolo")
    strumento = serializers.IntegerField(source="strumento_id")
    strumento_nome = serializers.CharField(source="strumento.strumento.nome")
    beneficiario = serializers.IntegerField(source="beneficiario_id")
    beneficiario_nome = serializers.CharField(source="beneficiario.__str__")
    comune = serializers.IntegerField(source="comune_id")
    assistente_sociale = serializers.IntegerField(source="assistente_sociale_id", allow_null=True)
    presentata_il = serializers.DateTimeField(allow_null=True)
    scadenza_istruttoria = serializers.DateField(allow_null=True)
    giorni_sospensione = serializers.IntegerField()
    termine = serializers.SerializerMethodField()
    punteggio = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_protocollo(self, domanda: Domanda) -> str | None:
        return f"{domanda.protocollo_numero}/{domanda.protocollo_anno}" if domanda.protocollo_numero else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_termine(self, domanda: Domanda) -> str | None:
        return selectors.stato_termine(domanda, self.context["oggi"])


class EsitoRegolaOutput(serializers.Serializer):
    tipo = serializers.CharField()
    codice = serializers.CharField()
    descrizione = serializers.CharField()
    esito = serializers.CharField()
    dettaglio = serializers.CharField()
    valutata_il = serializers.DateTimeField()


class EventoDomandaOutput(serializers.Serializer):
    da_stato = serializers.CharField()
    a_stato = serializers.CharField()
    quando = serializers.DateTimeField()
    utente = serializers.IntegerField(source="utente_id", allow_null=True)
    motivo = serializers.CharField()


class DocumentoDomandaOutput(serializers.Serializer):
    id = serializers.IntegerField(source="documento.pk")
    codice = serializers.CharField(source="documento.codice")
    descrizione = serializers.CharField(source="documento.descrizione")
    obbligatorio = serializers.BooleanField(source="documento.obbligatorio")
    presente = serializers.BooleanField()


class DichiaratiSensibiliOutput(serializers.Serializer):
    isee_valore = serializers.DecimalField(allow_null=True, **_IMP)
    isee_scadenza = serializers.DateField(allow_null=True)
    l104_c3 = serializers.BooleanField(allow_null=True)
    l104_c1 = serializers.BooleanField(allow_null=True)
    indennita_accompagnamento = serializers.BooleanField(allow_null=True)
    invalidita_percentuale = serializers.IntegerField(allow_null=True)


class DomandaDettaglioOutput(DomandaOutput):
    isee_tipo = serializers.CharField()
    vive_al_domicilio = serializers.BooleanField(allow_null=True)
    condizioni = serializers.DictField(child=serializers.BooleanField())
    benefici_dichiarati = serializers.ListField(child=serializers.CharField())
    protocollo_capofila = serializers.CharField()
    data_protocollo_capofila = serializers.DateField(allow_null=True)
    ammissibilita_forzata = serializers.BooleanField(allow_null=True)
    motivo_forzatura = serializers.CharField()
    motivo_esito = serializers.CharField()
    punteggio_dettaglio = serializers.ListField(child=serializers.DictField())
    ammissibile = serializers.SerializerMethodField()
    esiti = serializers.SerializerMethodField()
    eventi = serializers.SerializerMethodField()
    documenti = serializers.SerializerMethodField()
    dati_sensibili = serializers.SerializerMethodField()

    @extend_schema_field(serializers.BooleanField())
    def get_ammissibile(self, domanda: Domanda) -> bool:
        return selectors.ammissibilita_effettiva(domanda, self.context["esiti"])

    @extend_schema_field(EsitoRegolaOutput(many=True))
    def get_esiti(self, domanda: Domanda) -> Any:
        return EsitoRegolaOutput(self.context["esiti"], many=True).data

    @extend_schema_field(EventoDomandaOutput(many=True))
    def get_eventi(self, domanda: Domanda) -> Any:
        return EventoDomandaOutput(selectors.evento_list(domanda=domanda), many=True).data

    @extend_schema_field(DocumentoDomandaOutput(many=True))
    def get_documenti(self, domanda: Domanda) -> Any:
        return DocumentoDomandaOutput(selectors.documenti_della_domanda(domanda=domanda), many=True).data

    @extend_schema_field(DichiaratiSensibiliOutput(allow_null=True))
    def get_dati_sensibili(self, domanda: Domanda) -> Any:
        dati_sensibili = self.context.get("dati_sensibili")
        return DichiaratiSensibiliOutput(dati_sensibili).data if dati_sensibili is not None else None


class ValutazioneDomandaOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    strumento = serializers.CharField()
    punteggio = serializers.DecimalField(max_digits=7, decimal_places=2)
    data = serializers.DateField()


class ValutazioneSensibiliOutput(serializers.Serializer):
    """An assessment with its special-category fields (from a logged read)."""

    id = serializers.IntegerField(source="pk")
    equipe = serializers.CharField()
    sina_mobilita = serializers.IntegerField(allow_null=True)
    sina_attivita_quotidiane = serializers.IntegerField(allow_null=True)
    sina_disturbi_cognitivi = serializers.IntegerField(allow_null=True)
    sina_bisogni_sanitari = serializers.IntegerField(allow_null=True)
    sina_rete_supporto = serializers.IntegerField(allow_null=True)
    sina_area_reddituale = serializers.CharField(help_text="Area reddituale SINA: 1, 2, 3 o vuoto.")


class ValutazioneConSensibiliOutput(ValutazioneDomandaOutput):
    uvm_asst = serializers.BooleanField()
    punteggio_massimo = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    dati_sensibili = serializers.SerializerMethodField()

    @extend_schema_field(ValutazioneSensibiliOutput)
    def get_dati_sensibili(self, valutazione: Any) -> Any:
        return ValutazioneSensibiliOutput(self.context["letti_sensibili"][valutazione.pk]).data


class ProgettoSensibiliOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    obiettivi_individuali = serializers.CharField()
    interventi_individuali = serializers.CharField()


class ProgettoConSensibiliOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    durata_mesi = serializers.IntegerField()
    firmato_il = serializers.DateField(allow_null=True)
    revisione_di = serializers.IntegerField(source="revisione_di_id", allow_null=True)
    dati_sensibili = serializers.SerializerMethodField()

    @extend_schema_field(ProgettoSensibiliOutput)
    def get_dati_sensibili(self, progetto: Any) -> Any:
        return ProgettoSensibiliOutput(self.context["letti_sensibili"][progetto.pk]).data


class ProgettoDomandaOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    durata_mesi = serializers.IntegerField()
    firmato_il = serializers.DateField(allow_null=True)
    revisione_di = serializers.IntegerField(source="revisione_di_id", allow_null=True)


class AzioneMultiplaDomandeOutput(serializers.Serializer):
    fatte = serializers.ListField(child=serializers.IntegerField())
    rifiutate = serializers.ListField(child=serializers.DictField())
