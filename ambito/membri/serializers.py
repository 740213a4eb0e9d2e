"""Input and output shapes of the members API (one serializer per direction, named for the schema)."""

from __future__ import annotations

from rest_framework import serializers

from ambito.accounts.models import Ruolo
from ambito.territorio.selectors import comuni_tutti, enti_rappresentabili


class UtenteBreveOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(read_only=True)
    nome = serializers.CharField(source="first_name", read_only=True)
    cognome = serializers.CharField(source="last_name", read_only=True)


class ComuneBreveOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    codice_istat = serializers.CharField(read_only=True)
    denominazione = serializers.CharField(read_only=True)


class EnteBreveOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    denominazione = serializers.CharField(read_only=True)
    tipo = serializers.CharField(read_only=True)


class MembroOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    utente = UtenteBreveOutput(read_only=True)
    ruolo = serializers.ChoiceField(choices=Ruolo.choices, read_only=True)
    ruolo_descrizione = serializers.CharField(source="get_ruolo_display", read_only=True)
    comuni = ComuneBreveOutput(many=True, read_only=True)
    ente = EnteBreveOutput(read_only=True, allow_null=True)
    creato_il = serializers.DateTimeField(read_only=True)


class InvitoOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(read_only=True)
    ruolo = serializers.ChoiceField(choices=Ruolo.choices, read_only=True)
    comuni = ComuneBreveOutput(many=True, read_only=True)
    ente = EnteBreveOutput(read_only=True, allow_null=True)
    invitato_da = UtenteBreveOutput(read_only=True)
    creato_il = serializers.DateTimeField(read_only=True)
    scade_il = serializers.DateTimeField(read_only=True)
    valido = serializers.BooleanField(read_only=True, help_text="Falso se scaduto.")


class RuoloInput(serializers.Serializer):
    """Role and bindings; whether the comuni belong to the Ambito is the service's rule."""

    ruolo = serializers.ChoiceField(choices=Ruolo.choices)
    comuni = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=comuni_tutti(),
        help_text="Id dei comuni: almeno uno per un'assistente sociale, esattamente uno per un componente "
                  "dell'Assemblea, nessuno per gli altri ruoli.",
    )
    ente = serializers.PrimaryKeyRelatedField(
        required=False, allow_null=True, queryset=enti_rappresentabili(),
        help_text="Id dell'ente rappresentato: obbligatorio per un referente partner, vuoto per gli altri ruoli.",
    )


class InvitoInput(RuoloInput):
    email = serializers.EmailField()


class MembroUpdateInput(RuoloInput):
    pass
