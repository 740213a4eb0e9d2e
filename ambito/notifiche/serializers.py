"""Input and output shapes of the notifications API."""

from __future__ import annotations

from rest_framework import serializers


class NotificaOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    tipo = serializers.CharField(read_only=True)
    tipo_descrizione = serializers.CharField(source="etichetta_tipo", read_only=True)
    titolo = serializers.CharField(read_only=True)
    testo = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, help_text="Pagina dell'oggetto a cui si riferisce (relativa), o \"\".")
    creata_il = serializers.DateTimeField(read_only=True)
    letta = serializers.BooleanField(read_only=True)
    letta_il = serializers.DateTimeField(read_only=True, allow_null=True)


class FiltroNotificheInput(serializers.Serializer):
    non_lette = serializers.BooleanField(required=False, default=False,
                                         help_text="Solo le notifiche non ancora lette.")


class NonLetteOutput(serializers.Serializer):
    non_lette = serializers.IntegerField(read_only=True)


class SegnateOutput(serializers.Serializer):
    segnate = serializers.IntegerField(read_only=True, help_text="Quante notifiche sono state segnate come lette.")
