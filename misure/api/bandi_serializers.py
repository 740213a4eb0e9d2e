"""Input and output shapes of the bandi API. Amounts are decimal strings ("1234.56"); rules are JSON objects."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from misure.models import EdizioneMisura, GestoreMisura, ModalitaBando, Strumento, StrumentoBando
from misure.selectors import bandi as selettori

Importo = serializers.DecimalField
_IMP = {"max_digits": 12, "decimal_places": 2}


class _Modello:
    def __init__(self, model: type) -> None:
        self.model = model


class _DellAmbito(serializers.PrimaryKeyRelatedField):
    """An id resolved inside the URL's Ambito (``context["ambito"]``) at validation time."""

    def __init__(self, modello: type, trova: Any, **kwargs: Any) -> None:
        self.trova = trova
        super().__init__(queryset=_Modello(modello), **kwargs)

    def get_queryset(self) -> Any:
        return self.trova(self.context)


def _atti(contesto: dict) -> Any:
    from fondi.selectors import atto_list_scelte

    return atto_list_scelte(ambito=contesto["ambito"])


def _atto(required: bool = True) -> _DellAmbito:
    from ambito.atti.models import Atto

    return _DellAmbito(Atto, _atti, required=required, allow_null=not required)


class StrumentoEdizioneOutput(serializers.Serializer):
    id = serializers.IntegerField()
    codice = serializers.CharField()
    nome = serializers.CharField()
    importo_mensile = Importo(**_IMP, allow_null=True)
    importo_mensile_massimo = Importo(**_IMP, allow_null=True)
    importo_annuo_massimo = Importo(**_IMP, allow_null=True)
    importo_una_tantum_massimo = Importo(**_IMP, allow_null=True)
    percentuale_massima_costo = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    mesi = serializers.IntegerField(allow_null=True)
    fasce_importo = serializers.JSONField()
    parametro_fasce = serializers.CharField()


class EdizioneMisuraOutput(serializers.Serializer):
    id = serializers.IntegerField()
    titolo = serializers.CharField()
    atto_regionale = serializers.CharField()
    data_atto_regionale = serializers.DateField(allow_null=True)
    annualita = serializers.IntegerField()
    esercizio = serializers.IntegerField()
    valida_dal = serializers.DateField(allow_null=True)
    valida_al = serializers.DateField(allow_null=True)
    regole_ammissibilita = serializers.JSONField()
    regole_punteggio = serializers.JSONField()
    regole_incompatibilita = serializers.JSONField()
    strumenti = StrumentoEdizioneOutput(many=True, source="strumenti.all")


class MisuraOutput(serializers.Serializer):
    id = serializers.IntegerField()
    codice = serializers.CharField()
    nome = serializers.CharField()
    descrizione = serializers.CharField()
    riferimenti_normativi = serializers.CharField()
    gestore = serializers.CharField()
    esterna = serializers.BooleanField()
    attiva = serializers.BooleanField()
    anni_conservazione = serializers.IntegerField()
    anni_conservazione_non_ammesse = serializers.IntegerField()


class MisuraDetailOutput(MisuraOutput):
    edizioni = EdizioneMisuraOutput(many=True, source="edizioni_lette")


class StrumentoBandoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    strumento = StrumentoEdizioneOutput()
    importo_mensile = Importo(**_IMP, allow_null=True)
    mesi = serializers.IntegerField(allow_null=True)


class DocumentoRichiestoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    codice = serializers.CharField()
    descrizione = serializers.CharField()
    obbligatorio = serializers.BooleanField()
    strumento = serializers.IntegerField(source="strumento_id", allow_null=True)


class VersioneRegoleOutput(serializers.Serializer):
    id = serializers.IntegerField()
    numero = serializers.IntegerField()
    congelata = serializers.BooleanField()
    in_vigore_dal = serializers.DateTimeField(allow_null=True)
    atto = serializers.IntegerField(source="atto_id", allow_null=True)
    ammissibilita = serializers.JSONField(source="regole_ammissibilita")
    punteggio = serializers.JSONField(source="regole_punteggio")
    incompatibilita = serializers.JSONField(source="regole_incompatibilita")


class BandoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    titolo = serializers.CharField()
    misura = serializers.CharField(source="edizione.misura.codice")
    edizione = serializers.IntegerField(source="edizione_id")
    modalita = serializers.CharField()
    apertura = serializers.DateField(allow_null=True)
    chiusura = serializers.DateField(allow_null=True)
    giorno_chiusura_mensile = serializers.IntegerField(allow_null=True)
    giorni_per_decidere = serializers.IntegerField()
    stato = serializers.CharField()
    atto = serializers.IntegerField(source="atto_id", allow_null=True)
    pubblicato_il = serializers.DateTimeField(allow_null=True)


class BandoDetailOutput(BandoOutput):
    descrizione = serializers.CharField()
    strumenti = serializers.SerializerMethodField()
    documenti_richiesti = serializers.SerializerMethodField()
    versioni_regole = serializers.SerializerMethodField()

    def get_strumenti(self, bando: Any) -> list[dict]:
        return StrumentoBandoOutput(selettori.strumento_bando_list(bando=bando), many=True).data

    def get_documenti_richiesti(self, bando: Any) -> list[dict]:
        return DocumentoRichiestoOutput(selettori.documento_list(bando=bando), many=True).data

    def get_versioni_regole(self, bando: Any) -> list[dict]:
        return VersioneRegoleOutput(selettori.versione_list(bando=bando), many=True).data


BandoDetailOutput.get_strumenti.__annotations__["return"] = StrumentoBandoOutput(many=True)
BandoDetailOutput.get_documenti_richiesti.__annotations__["return"] = DocumentoRichiestoOutput(many=True)
BandoDetailOutput.get_versioni_regole.__annotations__["return"] = VersioneRegoleOutput(many=True)


class _BandoCampi(serializers.Serializer):
    descrizione = serializers.CharField(required=False, allow_blank=True)
    modalita = serializers.ChoiceField(choices=ModalitaBando.choices, required=False)
    apertura = serializers.DateField(required=False, allow_null=True)
    chiusura = serializers.DateField(required=False, allow_null=True)
    giorno_chiusura_mensile = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=31)
    giorni_per_decidere = serializers.IntegerField(required=False, min_value=1, max_value=365)
    atto = _atto(required=False)


class BandoInput(_BandoCampi):
    edizione = _DellAmbito(EdizioneMisura, lambda c: selettori.edizione_list(ambito=c["ambito"]))
    titolo = serializers.CharField(max_length=250)


class BandoModificaInput(_BandoCampi):
    titolo = serializers.CharField(max_length=250, required=False)


class RegoleBandoInput(serializers.Serializer):
    ammissibilita = serializers.JSONField(required=False)
    punteggio = serializers.JSONField(required=False)
    incompatibilita = serializers.JSONField(required=False)


class ErroreRegolaOutput(serializers.Serializer):
    percorso = serializers.CharField()
    messaggio = serializers.CharField()


class VerificaRegoleOutput(serializers.Serializer):
    valide = serializers.BooleanField()
    errori = ErroreRegolaOutput(many=True)


class AttoApprovazioneInput(serializers.Serializer):
    atto = _atto()


class BandoPubblicaInput(serializers.Serializer):
    atto = _atto(required=False)


class StrumentoBandoInput(serializers.Serializer):
    strumento = _DellAmbito(Strumento, lambda c: selettori.strumento_list(ambito=c["ambito"],
                                                                          edizione=c["bando"].edizione))
    importo_mensile = Importo(**_IMP, required=False, allow_null=True, min_value=0)
    mesi = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=60)


class DocumentoRichiestoInput(serializers.Serializer):
    codice = serializers.SlugField(max_length=40)
    descrizione = serializers.CharField(max_length=250)
    obbligatorio = serializers.BooleanField(required=False, default=True)
    strumento = _DellAmbito(StrumentoBando, lambda c: selettori.strumento_bando_list(bando=c["bando"]),
                            required=False, allow_null=True)


class MisuraModificaInput(serializers.Serializer):
    nome = serializers.CharField(max_length=200, required=False)
    descrizione = serializers.CharField(required=False, allow_blank=True)
    riferimenti_normativi = serializers.CharField(required=False, allow_blank=True)
    gestore = serializers.ChoiceField(choices=GestoreMisura.choices, required=False)
    esterna = serializers.BooleanField(required=False)
    attiva = serializers.BooleanField(required=False)
    anni_conservazione = serializers.IntegerField(required=False, min_value=1, max_value=100)
    anni_conservazione_non_ammesse = serializers.IntegerField(required=False, min_value=1, max_value=100)


class MisuraInput(MisuraModificaInput):
    codice = serializers.SlugField(max_length=40)
    nome = serializers.CharField(max_length=200)


class EdizioneModificaInput(serializers.Serializer):
    titolo = serializers.CharField(max_length=250, required=False)
    atto_regionale = serializers.CharField(max_length=120, required=False, allow_blank=True)
    data_atto_regionale = serializers.DateField(required=False, allow_null=True)
    annualita = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    esercizio = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    valida_dal = serializers.DateField(required=False, allow_null=True)
    valida_al = serializers.DateField(required=False, allow_null=True)
    regole_ammissibilita = serializers.JSONField(required=False)
    regole_punteggio = serializers.JSONField(required=False)
    regole_incompatibilita = serializers.JSONField(required=False)


class EdizioneInput(EdizioneModificaInput):
    titolo = serializers.CharField(max_length=250)
    annualita = serializers.IntegerField(min_value=2000, max_value=2100)
    esercizio = serializers.IntegerField(min_value=2000, max_value=2100)


class StrumentoModificaInput(serializers.Serializer):
    nome = serializers.CharField(max_length=200, required=False)
    descrizione = serializers.CharField(required=False, allow_blank=True)
    importo_mensile = Importo(**_IMP, required=False, allow_null=True, min_value=0)
    importo_mensile_massimo = Importo(**_IMP, required=False, allow_null=True, min_value=0)
    importo_annuo_massimo = Importo(**_IMP, required=False, allow_null=True, min_value=0)
    importo_una_tantum_massimo = Importo(**_IMP, required=False, allow_null=True, min_value=0)
    percentuale_massima_costo = serializers.DecimalField(max_digits=5, decimal_places=2, required=False,
                                                         allow_null=True, min_value=0, max_value=100)
    mesi = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=60)
    fasce_importo = serializers.JSONField(required=False)
    parametro_fasce = serializers.CharField(max_length=60, required=False, allow_blank=True)


class StrumentoInput(StrumentoModificaInput):
    codice = serializers.SlugField(max_length=40)
    nome = serializers.CharField(max_length=200)


class BudgetBandoInput(serializers.Serializer):
    assegnazione = serializers.IntegerField(help_text="Id di un'assegnazione dei fondi dell'Ambito")
    importo = Importo(max_digits=14, decimal_places=2, min_value=0)
    data_contabile = serializers.DateField()
    descrizione = serializers.CharField(max_length=250, required=False, allow_blank=True)
    atto = _atto()

    def validate_assegnazione(self, valore: int) -> Any:
        from fondi.selectors import assegnazione_list

        trovata = assegnazione_list(ambito=self.context["ambito"]).filter(pk=valore).first()
        if trovata is None:
            raise serializers.ValidationError(_("Assegnazione non trovata in questo Ambito."))
        return trovata


class QuotaBandoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    assegnazione = serializers.IntegerField(source="assegnazione_id")
    descrizione = serializers.CharField()
    allocato = Importo(max_digits=14, decimal_places=2)
    atto = serializers.IntegerField(source="atto_id")
