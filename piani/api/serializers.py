"""Input and output of each API operation of the Piano di Zona. Values are decimal strings ("1234.56")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from ambito.atti.models import Atto
from ambito.atti.selectors import atto_list
from ambito.territorio.models import Comune
from ambito.territorio.selectors import comune_list
from piani import selectors
from piani.models import (
    FonteIndicatore,
    MacroArea,
    Obiettivo,
    Periodicita,
    Priorita,
    StatoObiettivo,
    StatoPiano,
    TipoDatoComunita,
    TipoIndicatore,
    TipoObiettivo,
)

_VAL = {"max_digits": 16, "decimal_places": 4}
_IMP = {"max_digits": 14, "decimal_places": 2}


class _Modello:
    """Stands in for a queryset until validation time (drf-spectacular only reads ``.model``)."""

    def __init__(self, model: type) -> None:
        self.model = model


class DelContesto(serializers.PrimaryKeyRelatedField):
    """An id resolved at validation time through a selector given the view's context (``ambito``, ``piano``):
    an object of another Ambito or plan is "not found"."""

    def __init__(self, modello: type, selettore: Callable[[dict], QuerySet], **kwargs: Any) -> None:
        self.selettore = selettore
        super().__init__(queryset=_Modello(modello), **kwargs)

    def get_queryset(self) -> QuerySet:
        return self.selettore(self.context)


def _atto(required: bool = False) -> DelContesto:
    return DelContesto(Atto, lambda c: atto_list(ambito=c["ambito"], solo_pubblicati=False), required=required,
                       allow_null=not required)


def _aree(required: bool = True) -> DelContesto:
    return DelContesto(MacroArea, lambda c: selectors.macroarea_list(ambito=c["ambito"], triennio=c["piano"].triennio),
                       many=True, required=required)


class MacroAreaBreve(serializers.Serializer):
    id = serializers.IntegerField()
    codice = serializers.CharField()


class PianoInput(serializers.Serializer):
    triennio = serializers.IntegerField(min_value=2000, max_value=2100)
    titolo = serializers.CharField(max_length=250)
    atto_linee_guida = _atto()
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class PianoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    triennio = serializers.IntegerField()
    periodo = serializers.CharField()
    titolo = serializers.CharField()
    stato = serializers.CharField(help_text="Uno di: " + ", ".join(StatoPiano.values))
    atto_approvazione = serializers.IntegerField(source="atto_approvazione_id", allow_null=True)
    accordo = serializers.IntegerField(source="accordo_id", allow_null=True)
    accordo_valido_al = serializers.DateField(allow_null=True)


class TransizioneInput(serializers.Serializer):
    stato = serializers.CharField(max_length=30, help_text="Uno di: " + ", ".join(StatoPiano.values))
    atto = _atto()

    def validate_stato(self, valore: str) -> str:
        if valore not in StatoPiano.values:
            raise serializers.ValidationError("Stato del piano sconosciuto.")
        return valore


class MacroAreaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    triennio = serializers.IntegerField()
    codice = serializers.CharField()
    denominazione = serializers.CharField()
    ordine = serializers.IntegerField()


class ObiettivoInput(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=TipoObiettivo.choices, default=TipoObiettivo.STRATEGICO)
    padre = DelContesto(Obiettivo, lambda c: selectors.strategici_scelte(piano=c["piano"]), required=False,
                        allow_null=True)
    codice = serializers.CharField(max_length=20, required=False, allow_blank=True)
    titolo = serializers.CharField(max_length=250)
    descrizione = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    macro_aree = _aree()
    responsabile = serializers.CharField(max_length=200, required=False, allow_blank=True)
    priorita = serializers.ChoiceField(choices=Priorita.choices, default=Priorita.MEDIA)
    integrazione_sociosanitaria = serializers.BooleanField(default=False)
    sovrazonale = serializers.BooleanField(default=False)
    leps = serializers.CharField(max_length=200, required=False, allow_blank=True)
    risorse_previste = serializers.DecimalField(required=False, allow_null=True, min_value=0, **_IMP)


class ObiettivoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    piano = serializers.IntegerField(source="piano_id")
    tipo = serializers.CharField()
    padre = serializers.IntegerField(source="padre_id", allow_null=True)
    codice = serializers.CharField()
    titolo = serializers.CharField()
    macro_aree = MacroAreaBreve(many=True, source="macro_aree.all")
    priorita = serializers.CharField()
    integrazione_sociosanitaria = serializers.BooleanField()
    sovrazonale = serializers.BooleanField()
    leps = serializers.CharField()
    stato = serializers.CharField(help_text="Uno di: " + ", ".join(StatoObiettivo.values))
    motivazione_stato = serializers.CharField()


class ProgettoInput(serializers.Serializer):
    titolo = serializers.CharField(max_length=250)
    macro_aree = _aree()
    obiettivi = DelContesto(Obiettivo, lambda c: selectors.obiettivi_scelte(piano=c["piano"]), many=True,
                            required=False)
    contesto = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    obiettivi_generali = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    obiettivi_specifici = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    destinatari = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    utenti_stimati = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False, allow_null=True)
    partner_ruoli = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    responsabile = serializers.CharField(max_length=200, required=False, allow_blank=True)
    data_inizio = serializers.DateField(required=False, allow_null=True)
    data_fine = serializers.DateField(required=False, allow_null=True)
    integrazione_sociosanitaria = serializers.BooleanField(default=False)


class BudgetOutput(serializers.Serializer):
    anno = serializers.IntegerField()
    fonte = serializers.CharField()
    importo = serializers.DecimalField(**_IMP)


class ProgettoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    piano = serializers.IntegerField(source="piano_id")
    titolo = serializers.CharField()
    macro_aree = MacroAreaBreve(many=True, source="macro_aree.all")
    responsabile = serializers.CharField()
    data_inizio = serializers.DateField(allow_null=True)
    data_fine = serializers.DateField(allow_null=True)
    sovrazonale = serializers.IntegerField(source="sovrazonale_id", allow_null=True)


class ProgettoDetailOutput(ProgettoOutput):
    contesto = serializers.CharField()
    obiettivi_generali = serializers.CharField()
    obiettivi_specifici = serializers.CharField()
    destinatari = serializers.CharField()
    utenti_stimati = serializers.IntegerField(allow_null=True)
    partner_ruoli = serializers.CharField()
    budget = BudgetOutput(many=True, source="budget.all")


class BudgetInput(serializers.Serializer):
    anno = serializers.IntegerField(min_value=2000, max_value=2100)
    fonte = serializers.CharField(max_length=120)
    importo = serializers.DecimalField(min_value=0, **_IMP)


class TargetOutput(serializers.Serializer):
    anno = serializers.IntegerField()
    valore = serializers.DecimalField(**_VAL)


class IndicatoreInput(serializers.Serializer):
    nome = serializers.CharField(max_length=250)
    tipo = serializers.ChoiceField(choices=TipoIndicatore.choices, default=TipoIndicatore.OUTPUT)
    unita = serializers.CharField(max_length=60)
    baseline = serializers.DecimalField(required=False, allow_null=True, **_VAL)
    fonte = serializers.ChoiceField(choices=FonteIndicatore.choices, default=FonteIndicatore.MANUALE)
    calcolo = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    periodicita = serializers.ChoiceField(choices=Periodicita.choices, default=Periodicita.ANNUALE)
    crescente = serializers.BooleanField(default=True)
    target = TargetOutput(many=True, required=False)


class IndicatoreOutput(serializers.Serializer):
    id = serializers.IntegerField()
    obiettivo = serializers.IntegerField(source="obiettivo_id", allow_null=True)
    progetto = serializers.IntegerField(source="progetto_id", allow_null=True)
    nome = serializers.CharField()
    tipo = serializers.CharField()
    unita = serializers.CharField()
    baseline = serializers.DecimalField(allow_null=True, **_VAL)
    fonte = serializers.CharField()
    calcolo = serializers.CharField()
    periodicita = serializers.CharField()
    target = TargetOutput(many=True, source="target.all")


class PeriodoInput(serializers.Serializer):
    anno = serializers.IntegerField(min_value=2000, max_value=2100)
    semestre = serializers.ChoiceField(choices=[1, 2], required=False, allow_null=True, default=None)


class PeriodoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    piano = serializers.IntegerField(source="piano_id")
    anno = serializers.IntegerField()
    semestre = serializers.IntegerField(allow_null=True)
    chiuso = serializers.BooleanField()
    chiuso_il = serializers.DateTimeField(allow_null=True)
    motivo_riapertura = serializers.CharField()


class RiaperturaInput(serializers.Serializer):
    motivo = serializers.CharField(max_length=2000)


class ValoreInput(serializers.Serializer):
    valore = serializers.DecimalField(**_VAL)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    evidenza = serializers.CharField(max_length=250, required=False, allow_blank=True)


class ValoreOutput(serializers.Serializer):
    id = serializers.IntegerField()
    indicatore = serializers.IntegerField(source="indicatore_id")
    periodo = serializers.IntegerField(source="periodo_id")
    valore = serializers.DecimalField(**_VAL)
    note = serializers.CharField()
    evidenza = serializers.CharField()
    calcolato = serializers.BooleanField()


class IndicatoreCalcolatoOutput(serializers.Serializer):
    codice = serializers.CharField()
    etichetta = serializers.CharField()
    unita = serializers.CharField()
    per_oggetto = serializers.BooleanField()


class RigaAreaOutput(serializers.Serializer):
    area = serializers.CharField(source="area.codice")
    denominazione = serializers.CharField(source="area.denominazione")
    progetti = serializers.IntegerField()
    previsto = serializers.DecimalField(**_IMP)
    allocato = serializers.DecimalField(**_IMP)
    impegnato = serializers.DecimalField(**_IMP)
    liquidato = serializers.DecimalField(**_IMP)
    obiettivi_per_stato = serializers.DictField(child=serializers.IntegerField())


class DatoComunitaInput(serializers.Serializer):
    anno = serializers.IntegerField(min_value=2000, max_value=2100)
    comune = DelContesto(Comune, lambda c: comune_list(ambito=c["ambito"]), required=False, allow_null=True)
    tipo = serializers.ChoiceField(choices=TipoDatoComunita.choices)
    voce = serializers.CharField(max_length=200)
    valore = serializers.DecimalField(**_VAL)
    unita = serializers.CharField(max_length=60)
    fonte = serializers.CharField(max_length=200)
    macro_area = DelContesto(MacroArea, lambda c: selectors.macroarea_tutte(ambito=c["ambito"]), required=False,
                             allow_null=True)


class DatoComunitaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    anno = serializers.IntegerField()
    comune = serializers.CharField(source="comune.codice_istat", allow_null=True, default=None)
    tipo = serializers.CharField()
    voce = serializers.CharField()
    valore = serializers.DecimalField(**_VAL)
    unita = serializers.CharField()
    fonte = serializers.CharField()
    macro_area = serializers.CharField(source="macro_area.codice", allow_null=True, default=None)


class CoprogettazioneOutput(serializers.Serializer):
    id = serializers.IntegerField()
    tipo = serializers.CharField()
    oggetto = serializers.CharField()
    responsabile_procedimento = serializers.CharField()
    fase = serializers.CharField(source="stato")
    piano = serializers.IntegerField(source="piano_id", allow_null=True)
    avviso = serializers.IntegerField(source="avviso_id", allow_null=True)
    scadenza_candidature = serializers.DateField(allow_null=True)
    tavolo = serializers.IntegerField(source="tavolo_id", allow_null=True)
    convenzione = serializers.IntegerField(source="convenzione_id", allow_null=True)
    esito = serializers.CharField()
