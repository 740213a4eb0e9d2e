"""Input and output shapes of the funds API. Amounts are decimal strings ("1234.56")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from ambito.atti.models import Atto
from ambito.territorio.models import Comune, Ente
from ambito.territorio.selectors import comune_list
from fondi import selectors
from fondi.models import (
    AreaIntervento,
    Assegnazione,
    FonteFinanziamento,
    MetodoRiparto,
    TipoDestinazione,
    TipoMovimento,
)

Importo = serializers.DecimalField
_IMP = {"max_digits": 14, "decimal_places": 2}


class _Modello:
    """Stands in for a queryset until validation time (drf-spectacular only reads ``.model``)."""

    def __init__(self, model: type) -> None:
        self.model = model


class OggettoDellAmbito(serializers.PrimaryKeyRelatedField):
    """An id resolved through a selector with the view's Ambito (``context["ambito"]``), at
    validation time and inside the scope: an object of another Ambito is "not found"."""

    def __init__(self, modello: type, selettore: Callable[..., QuerySet], **kwargs: Any) -> None:
        self.selettore = selettore
        super().__init__(queryset=_Modello(modello), **kwargs)

    def get_queryset(self) -> QuerySet:
        ambito = self.context.get("ambito")
        return self.selettore(ambito=ambito) if ambito is not None else self.selettore()


def _atto(required: bool = True) -> OggettoDellAmbito:
    return OggettoDellAmbito(Atto, selectors.atto_list_scelte, required=required, allow_null=not required)


class SaldiOutput(serializers.Serializer):
    assegnato = Importo(**_IMP)
    allocato = Importo(**_IMP)
    impegnato = Importo(**_IMP)
    liquidato = Importo(**_IMP)
    da_allocare = Importo(**_IMP)
    disponibile = Importo(**_IMP)
    residuo = Importo(**_IMP)
    da_liquidare = Importo(**_IMP)


class FonteOutput(serializers.Serializer):
    id = serializers.IntegerField()
    codice = serializers.CharField()
    denominazione = serializers.CharField()
    categoria = serializers.CharField()
    padre = serializers.CharField(source="padre.codice", allow_null=True, default=None)
    riferimento_normativo = serializers.CharField()


class AttoBreveOutput(serializers.Serializer):
    id = serializers.IntegerField()
    descrizione = serializers.CharField(source="__str__")


class AssegnazioneOutput(serializers.Serializer):
    id = serializers.IntegerField()
    fonte = serializers.CharField(source="fonte.codice")
    descrizione = serializers.CharField()
    annualita = serializers.IntegerField()
    esercizio = serializers.IntegerField()
    importo = Importo(**_IMP)
    data_assegnazione = serializers.DateField()
    atto = AttoBreveOutput()
    scadenza_impegno = serializers.DateField(allow_null=True)
    scadenza_spesa = serializers.DateField(allow_null=True)
    scadenza_rendicontazione = serializers.DateField(allow_null=True)
    rendicontata_il = serializers.DateField(allow_null=True)
    saldi = SaldiOutput()


class AssegnazioneInput(serializers.Serializer):
    fonte = OggettoDellAmbito(FonteFinanziamento, selectors.fonte_list_per_api)
    descrizione = serializers.CharField(max_length=250)
    annualita = serializers.IntegerField(min_value=2000, max_value=2100)
    esercizio = serializers.IntegerField(min_value=2000, max_value=2100)
    importo = Importo(**_IMP)
    data_assegnazione = serializers.DateField()
    atto = _atto()
    ente_finanziatore = OggettoDellAmbito(Ente, selectors.ente_list_per_api, required=False, allow_null=True)
    scadenza_impegno = serializers.DateField(required=False, allow_null=True)
    scadenza_spesa = serializers.DateField(required=False, allow_null=True)
    scadenza_rendicontazione = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class AssegnazioneModificaInput(serializers.Serializer):
    descrizione = serializers.CharField(max_length=250, required=False)
    scadenza_impegno = serializers.DateField(required=False, allow_null=True)
    scadenza_spesa = serializers.DateField(required=False, allow_null=True)
    scadenza_rendicontazione = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class QuotaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    assegnazione = serializers.IntegerField(source="assegnazione_id")
    tipo_destinazione = serializers.CharField()
    descrizione = serializers.CharField()
    area = serializers.CharField()
    comune = serializers.CharField(source="comune.codice_istat", allow_null=True, default=None)
    atto = AttoBreveOutput()
    riparto = serializers.IntegerField(source="riparto_id", allow_null=True)
    saldi = SaldiOutput()


class VincoloOutput(serializers.Serializer):
    descrizione = serializers.CharField()
    tipo = serializers.CharField()
    percentuale = serializers.DecimalField(max_digits=5, decimal_places=2)
    limite = Importo(**_IMP)
    allocato = Importo(**_IMP)
    rispettato = serializers.BooleanField()


class AssegnazioneDetailOutput(AssegnazioneOutput):
    quote = QuotaOutput(many=True, source="quote_lette")
    vincoli = VincoloOutput(many=True, source="vincoli_verificati")


class QuotaInput(serializers.Serializer):
    tipo_destinazione = serializers.ChoiceField(choices=TipoDestinazione.choices)
    descrizione = serializers.CharField(max_length=250)
    area = serializers.ChoiceField(choices=AreaIntervento.choices, required=False, allow_blank=True, default="")
    comune = OggettoDellAmbito(Comune, comune_list, required=False, allow_null=True)
    importo = Importo(**_IMP)
    data_contabile = serializers.DateField()
    atto = _atto()


class QuotaRimodulaInput(serializers.Serializer):
    nuovo_importo = Importo(**_IMP, min_value=0)
    data_contabile = serializers.DateField()
    atto = _atto()
    motivo = serializers.CharField()


class MovimentoInput(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=[TipoMovimento.IMPEGNO, TipoMovimento.LIQUIDAZIONE,
                                            TipoMovimento.DISIMPEGNO])
    importo = Importo(**_IMP)
    data_contabile = serializers.DateField()
    atto = _atto(required=False)
    comune = OggettoDellAmbito(Comune, comune_list, required=False, allow_null=True)
    descrizione = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")


class MovimentoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    assegnazione = serializers.IntegerField(source="assegnazione_id")
    quota = serializers.IntegerField(source="quota_id", allow_null=True)
    tipo = serializers.CharField()
    voce = serializers.CharField()
    importo = Importo(**_IMP)
    effetto = Importo(**_IMP)
    data_contabile = serializers.DateField()
    atto = serializers.IntegerField(source="atto_id", allow_null=True)
    comune = serializers.IntegerField(source="comune_id", allow_null=True)
    descrizione = serializers.CharField()
    motivo = serializers.CharField()
    rettifica_di = serializers.IntegerField(source="rettifica_di_id", allow_null=True)
    collegato = serializers.IntegerField(source="collegato_id", allow_null=True)
    creato_il = serializers.DateTimeField()


class FiltroMovimentiInput(serializers.Serializer):
    assegnazione = serializers.IntegerField(required=False)
    quota = serializers.IntegerField(required=False)
    fonte = serializers.IntegerField(required=False)
    annualita = serializers.IntegerField(required=False)
    tipo_destinazione = serializers.ChoiceField(choices=TipoDestinazione.choices, required=False)
    comune = serializers.IntegerField(required=False)
    voce = serializers.CharField(required=False)
    tipo = serializers.ChoiceField(choices=TipoMovimento.choices, required=False)
    data = serializers.DateField(required=False)


class RettificaInput(serializers.Serializer):
    importo = Importo(**_IMP)
    data_contabile = serializers.DateField()
    motivo = serializers.CharField()
    atto = _atto(required=False)


class RiportoInput(serializers.Serializer):
    destinazione = OggettoDellAmbito(Assegnazione, selectors.assegnazione_list)
    importo = Importo(**_IMP)
    data_contabile = serializers.DateField()
    motivo = serializers.CharField()
    atto = _atto(required=False)


class RipartoCalcoloInput(serializers.Serializer):
    metodo = serializers.ChoiceField(choices=MetodoRiparto.choices)
    totale = Importo(**_IMP)
    data_riferimento = serializers.DateField()
    anno_popolazione = serializers.IntegerField(required=False, allow_null=True)
    percentuale_fissa = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)
    valori = serializers.DictField(child=serializers.DecimalField(max_digits=16, decimal_places=4), required=False,
                                   help_text="codice ISTAT → peso o importo (metodi con valori importati)")


class RipartoInput(RipartoCalcoloInput):
    descrizione = serializers.CharField(max_length=250)
    data_contabile = serializers.DateField()
    atto = _atto()
    area = serializers.ChoiceField(choices=AreaIntervento.choices, required=False, allow_blank=True, default="")


class RigaRipartoOutput(serializers.Serializer):
    chiave = serializers.CharField(help_text="codice ISTAT")
    etichetta = serializers.CharField()
    peso = serializers.CharField()
    quota_esatta = serializers.CharField()
    centesimo_extra = serializers.BooleanField()
    parte_fissa = serializers.CharField()
    parte_variabile = serializers.CharField()
    importo = serializers.CharField()


class CalcoloOutput(serializers.Serializer):
    metodo = serializers.CharField()
    totale = serializers.CharField()
    regola = serializers.CharField()
    note = serializers.ListField(child=serializers.CharField())
    righe = RigaRipartoOutput(many=True)


class RipartoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    assegnazione = serializers.IntegerField(source="assegnazione_id")
    descrizione = serializers.CharField()
    metodo = serializers.CharField()
    totale = Importo(**_IMP)
    anno_popolazione = serializers.IntegerField(allow_null=True)
    percentuale_fissa = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    data_riferimento = serializers.DateField()
    data_contabile = serializers.DateField()
    atto = AttoBreveOutput()
    calcolo = CalcoloOutput()


class DataInput(serializers.Serializer):
    data = serializers.DateField(required=False)


class PosizioneInput(DataInput):
    per = serializers.ListField(child=serializers.ChoiceField(
        choices=["fonte", "annualita", "assegnazione", "destinazione", "quota", "comune"]), required=False)
    fonte = serializers.IntegerField(required=False)
    annualita = serializers.IntegerField(required=False)


class RigaPosizioneOutput(serializers.Serializer):
    chiavi = serializers.DictField()
    etichette = serializers.ListField(child=serializers.CharField())
    saldi = SaldiOutput()
    filtri = serializers.DictField(help_text="Parametri per /movimenti/ (drill-down)")


class PosizioneOutput(serializers.Serializer):
    data = serializers.DateField()
    dimensioni = serializers.ListField(child=serializers.CharField())
    righe = RigaPosizioneOutput(many=True)
    totale = SaldiOutput()


class ScadenzaOutput(serializers.Serializer):
    assegnazione = serializers.IntegerField(source="assegnazione.pk")
    descrizione = serializers.CharField(source="assegnazione.__str__")
    tipo = serializers.CharField()
    data = serializers.DateField()
    scaduta = serializers.BooleanField()
    importo_aperto = Importo(**_IMP)


class CofinanziamentoInput(serializers.Serializer):
    descrizione = serializers.CharField(max_length=250)
    anno = serializers.IntegerField(min_value=2000, max_value=2100)
    quota_per_abitante = serializers.DecimalField(max_digits=8, decimal_places=4)
    anno_popolazione = serializers.IntegerField(min_value=2000, max_value=2100)
    data_riferimento = serializers.DateField()
    scadenza = serializers.DateField(required=False, allow_null=True)
    atto = _atto()


class QuotaComunaleOutput(serializers.Serializer):
    id = serializers.IntegerField()
    comune = serializers.CharField(source="comune.codice_istat")
    denominazione = serializers.CharField(source="comune.denominazione")
    popolazione = serializers.IntegerField()
    importo_atteso = Importo(**_IMP)
    ricevuto = Importo(**_IMP)
    da_ricevere = Importo(**_IMP)


class CofinanziamentoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    descrizione = serializers.CharField()
    anno = serializers.IntegerField()
    quota_per_abitante = serializers.DecimalField(max_digits=8, decimal_places=4)
    anno_popolazione = serializers.IntegerField()
    scadenza = serializers.DateField(allow_null=True)
    atto = AttoBreveOutput()


class CofinanziamentoDetailOutput(CofinanziamentoOutput):
    quote_comunali = QuotaComunaleOutput(many=True, source="quote_comunali_lette")


class VersamentoInput(serializers.Serializer):
    data = serializers.DateField()
    importo = Importo(**_IMP)
    riferimento = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class VersamentoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    quota_comunale = serializers.IntegerField(source="quota_comunale_id")
    data = serializers.DateField()
    importo = Importo(**_IMP)
    riferimento = serializers.CharField()


class RendicontoInput(serializers.Serializer):
    formato = serializers.ChoiceField(choices=["xlsx", "pdf"], default="xlsx")
    data = serializers.DateField(required=False)


class RendicontoJobOutput(serializers.Serializer):
    uuid = serializers.UUIDField()
    stato = serializers.CharField()


