"""Input and output shapes of the approvals API."""

from __future__ import annotations

from rest_framework import serializers

from ambito.approvazioni.models import RichiestaApprovazione, StatoRichiesta
from ambito.approvazioni.registry import tipo_approvazione
from ambito.membri.serializers import UtenteBreveOutput


class RichiestaOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    tipo = serializers.CharField(read_only=True)
    tipo_descrizione = serializers.SerializerMethodField()
    modello = serializers.SerializerMethodField(help_text='"app_label.modelname" dell\'oggetto.')
    oggetto_id = serializers.IntegerField(source="object_id", read_only=True)
    oggetto = serializers.SerializerMethodField(help_text="Descrizione leggibile dell'oggetto.")
    descrizione = serializers.CharField(read_only=True)
    parametri = serializers.JSONField(read_only=True)
    stato = serializers.ChoiceField(choices=StatoRichiesta.choices, read_only=True)
    preparata_da = UtenteBreveOutput(read_only=True)
    preparata_il = serializers.DateTimeField(read_only=True)
    decisa_da = UtenteBreveOutput(read_only=True, allow_null=True)
    decisa_il = serializers.DateTimeField(read_only=True, allow_null=True)
    motivo_rifiuto = serializers.CharField(read_only=True)

    def get_tipo_descrizione(self, richiesta: RichiestaApprovazione) -> str:
        tipo = tipo_approvazione(richiesta.tipo)
        return str(tipo.etichetta) if tipo else richiesta.tipo

    def get_modello(self, richiesta: RichiestaApprovazione) -> str:
        return f"{richiesta.content_type.app_label}.{richiesta.content_type.model}"

    def get_oggetto(self, richiesta: RichiestaApprovazione) -> str:
        return str(richiesta.oggetto) if richiesta.oggetto is not None else ""


class RifiutoInput(serializers.Serializer):
    motivo = serializers.CharField(max_length=2000, help_text="Perché la richiesta è rifiutata (obbligatorio).")


class FiltroRichiesteInput(serializers.Serializer):
    stato = serializers.ChoiceField(choices=StatoRichiesta.choices, required=False)
