"""Input and output shapes of the deadlines API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ambito.scadenze.registry import StatoScadenza

MASSIMO_GIORNI = 400


class FiltroScadenzeInput(serializers.Serializer):
    dal = serializers.DateField(required=False, help_text="Prima data (AAAA-MM-GG); predefinita: oggi.")
    al = serializers.DateField(required=False, help_text="Ultima data (AAAA-MM-GG); predefinita: dal + 60 giorni.")
    solo_mie = serializers.BooleanField(required=False, default=False,
                                        help_text="Solo le scadenze di cui l'utente è titolare.")

    def validate(self, dati: dict) -> dict:
        if dati.get("dal") and dati.get("al"):
            if dati["al"] < dati["dal"]:
                raise serializers.ValidationError({"al": [_("La data finale precede quella iniziale.")]})
            if (dati["al"] - dati["dal"]).days > MASSIMO_GIORNI:
                raise serializers.ValidationError(
                    {"al": [_("Chiedere al massimo %(n)d giorni per volta.") % {"n": MASSIMO_GIORNI}]})
        return dati


class ScadenzaCalendarioOutput(serializers.Serializer):
    tipo = serializers.CharField(read_only=True)
    tipo_descrizione = serializers.CharField(source="etichetta_tipo", read_only=True)
    chiave = serializers.CharField(read_only=True, help_text="Identifica la scadenza all'interno del suo tipo.")
    titolo = serializers.CharField(read_only=True)
    descrizione = serializers.CharField(read_only=True)
    data = serializers.DateField(read_only=True)
    stato = serializers.ChoiceField(choices=StatoScadenza.choices, read_only=True)
    url = serializers.CharField(read_only=True, help_text="Pagina dell'oggetto (relativa), o \"\".")
    responsabile_id = serializers.IntegerField(read_only=True, allow_null=True)
    capacita = serializers.CharField(read_only=True, allow_null=True,
                                     help_text="Titolari: chi ha questa capacità (se non c'è un responsabile).")
    comune_id = serializers.IntegerField(read_only=True, allow_null=True)
