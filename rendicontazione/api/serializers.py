"""Input and output of each API operation."""

from __future__ import annotations

from rest_framework import serializers

from rendicontazione.registry import FORMATI_RITORNO


class CampoTracciatoOutput(serializers.Serializer):
    nome = serializers.CharField()
    etichetta = serializers.CharField()
    tipo = serializers.CharField()
    obbligatorio = serializers.BooleanField()
    descrizione = serializers.CharField()


class RitornoOutput(serializers.Serializer):
    codice = serializers.CharField()
    etichetta = serializers.CharField()
    descrizione = serializers.CharField()
    destinatario = serializers.CharField()
    periodicita = serializers.CharField()
    formati = serializers.ListField(child=serializers.CharField())
    separatore = serializers.CharField()
    codifica = serializers.CharField()
    tracciato = CampoTracciatoOutput(many=True)


class InvioInput(serializers.Serializer):
    codice = serializers.CharField(max_length=80)
    anno = serializers.IntegerField(min_value=2000, max_value=2100)
    periodo = serializers.IntegerField(min_value=1, max_value=4)
    formato = serializers.ChoiceField(choices=list(FORMATI_RITORNO))
    parametri = serializers.DictField(child=serializers.CharField(max_length=100), required=False)


class AnomaliaOutput(serializers.Serializer):
    messaggio = serializers.CharField()
    riga = serializers.IntegerField(allow_null=True)
    campo = serializers.CharField()
    url = serializers.CharField()
    gravita = serializers.CharField()
    codice = serializers.CharField()


class InvioOutput(serializers.Serializer):
    id = serializers.IntegerField()
    codice = serializers.CharField()
    anno = serializers.IntegerField()
    periodo = serializers.IntegerField()
    formato = serializers.CharField()
    parametri = serializers.DictField()
    job = serializers.UUIDField(source="job.uuid", allow_null=True)
    stato_job = serializers.CharField(source="job.stato", allow_null=True)
    esito_controlli = serializers.CharField()
    anomalie = AnomaliaOutput(many=True)
    prodotto_da = serializers.CharField(source="prodotto_da.email", allow_null=True)
    creato_il = serializers.DateTimeField()
    inviato_il = serializers.DateField(allow_null=True)
    protocollo = serializers.CharField()


class InviatoInput(serializers.Serializer):
    inviato_il = serializers.DateField()
    protocollo = serializers.CharField(max_length=100)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class VoceMappaturaInput(serializers.Serializer):
    tipo_oggetto = serializers.CharField(max_length=60)
    chiave_oggetto = serializers.CharField(max_length=60, required=False, allow_blank=True)
    descrizione = serializers.CharField(max_length=250)
    siuss_codice_prestazione = serializers.CharField(max_length=10, required=False, allow_blank=True)
    siuss_area_utenza = serializers.CharField(max_length=1, required=False, allow_blank=True)
    istat_area = serializers.CharField(max_length=10, required=False, allow_blank=True)
    istat_servizio = serializers.CharField(max_length=20, required=False, allow_blank=True)
    voce_regionale = serializers.CharField(max_length=40, required=False, allow_blank=True)
    macroarea_pdz = serializers.CharField(max_length=10, required=False, allow_blank=True)
    ddn_intervento = serializers.CharField(max_length=4, required=False, allow_blank=True)
    b2_strumento = serializers.CharField(max_length=10, required=False, allow_blank=True)


class VoceMappaturaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    tipo_oggetto = serializers.CharField()
    chiave_oggetto = serializers.CharField()
    descrizione = serializers.CharField()
    siuss_codice_prestazione = serializers.CharField()
    siuss_area_utenza = serializers.CharField()
    istat_area = serializers.CharField()
    istat_servizio = serializers.CharField()
    voce_regionale = serializers.CharField()
    macroarea_pdz = serializers.CharField()
    ddn_intervento = serializers.CharField()
    b2_strumento = serializers.CharField()


class TermineInput(serializers.Serializer):
    giorni = serializers.IntegerField(min_value=1, max_value=365)
    note = serializers.CharField(max_length=250, required=False, allow_blank=True)


class TermineOutput(serializers.Serializer):
    codice = serializers.CharField()
    giorni = serializers.IntegerField()
    note = serializers.CharField()


class CruscottoMisureInput(serializers.Serializer):
    anno = serializers.IntegerField(min_value=2000, max_value=2100)
    misura = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class RigaCruscottoOutput(serializers.Serializer):
    etichetta = serializers.CharField()
    domande = serializers.CharField(help_text="Un numero, o «< N» se piccolo e l'utente non gestisce i debiti")
    beneficiari = serializers.CharField()
    in_attesa = serializers.CharField()
    popolazione = serializers.IntegerField(allow_null=True)
    beneficiari_per_mille = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    giorni_medi = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    giorni_mediani = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    decise = serializers.IntegerField()


class CruscottoMisureOutput(serializers.Serializer):
    anno = serializers.IntegerField()
    misura = serializers.IntegerField(allow_null=True)
    soppressione = serializers.BooleanField()
    soglia = serializers.IntegerField()
    per_misura = RigaCruscottoOutput(many=True)
    per_area = RigaCruscottoOutput(many=True)
    per_comune = RigaCruscottoOutput(many=True)
