"""Input and output shapes of the imports API."""

from __future__ import annotations

from rest_framework import serializers

from ambito.importazioni.models import StatoImportazione


class CaricamentoInput(serializers.Serializer):
    tipo = serializers.CharField(help_text="Codice del tipo di importazione, es. territorio.popolazione.")
    file = serializers.FileField(help_text="CSV (UTF-8 o Windows-1252, separato da ; o ,) o XLSX; verificato dal "
                                           "contenuto, non dal nome.")


class VerificaInput(serializers.Serializer):
    mappatura = serializers.DictField(
        child=serializers.IntegerField(min_value=0, allow_null=True), required=False,
        help_text="Colonna di destinazione → indice (da 0) della colonna del file, o null se assente. Senza, "
                  "si usa l'associazione attuale (indovinata dalle intestazioni).")


class SalvataggioInput(serializers.Serializer):
    solo_valide = serializers.BooleanField(default=False, help_text="Salva solo le righe valide.")
    conferma = serializers.BooleanField(default=False, help_text="Obbligatoria con solo_valide: conferma esplicita.")


class ErroreOutput(serializers.Serializer):
    riga = serializers.IntegerField(help_text="Numero della riga nel file (l'intestazione è la riga 1).")
    colonna = serializers.CharField()
    valore = serializers.CharField()
    messaggio = serializers.CharField()


class EsitoOutput(serializers.Serializer):
    totale = serializers.IntegerField(default=0)
    valide = serializers.IntegerField(default=0)
    righe_con_errori = serializers.IntegerField(default=0)
    errori_totali = serializers.IntegerField(default=0)
    errori = ErroreOutput(many=True, default=list)


class ImportazioneOutput(serializers.Serializer):
    id = serializers.IntegerField()
    tipo = serializers.CharField()
    etichetta = serializers.CharField()
    nome_file = serializers.CharField()
    formato = serializers.CharField()
    intestazioni = serializers.ListField(child=serializers.CharField())
    mappatura = serializers.DictField(child=serializers.IntegerField(allow_null=True))
    righe_totali = serializers.IntegerField()
    stato = serializers.ChoiceField(choices=StatoImportazione.choices)
    esito = EsitoOutput()
    solo_valide = serializers.BooleanField()
    righe_salvate = serializers.IntegerField()
    errore = serializers.CharField()
    job = serializers.UUIDField(source="job.uuid", allow_null=True, default=None,
                                help_text="L'elaborazione che salva un file grande (vedi /elaborazioni/<uuid>/).")
    creata_il = serializers.DateTimeField()
