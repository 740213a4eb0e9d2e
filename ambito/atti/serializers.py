"""Input and output shapes of the acts API (one serializer per direction, named for the schema).

Related objects in input are plain ids resolved by the view through selectors of the URL's
Ambito: no serializer holds a queryset of a scoped model (none may be built at import time).
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ambito.atti.models import Atto, AttoCollegamento, TipoAtto
from ambito.membri.serializers import EnteBreveOutput


class OrganoBreveOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    nome = serializers.CharField(read_only=True)
    tipo = serializers.CharField(read_only=True)


class AttoOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    tipo = serializers.ChoiceField(choices=TipoAtto.choices, read_only=True)
    tipo_descrizione = serializers.CharField(source="get_tipo_display", read_only=True)
    numero = serializers.CharField(read_only=True)
    data = serializers.DateField(read_only=True)
    oggetto = serializers.CharField(read_only=True)
    organo = OrganoBreveOutput(read_only=True, allow_null=True)
    ente_emittente = EnteBreveOutput(read_only=True, allow_null=True)
    pubblicato = serializers.BooleanField(read_only=True)
    pubblicato_il = serializers.DateTimeField(read_only=True, allow_null=True)
    pubblicazione_dal = serializers.DateField(read_only=True, allow_null=True,
                                              help_text="Nell'area pubblica (senza accesso) dal…")
    pubblicazione_al = serializers.DateField(read_only=True, allow_null=True, help_text="…fino al (compreso).")
    documento = serializers.SerializerMethodField(help_text="URL del PDF (richiede autenticazione), o null.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_documento(self, atto: Atto) -> str | None:
        if not atto.ha_documento:
            return None
        return reverse("atti_api:atto_documento",
                       kwargs={"ambito_slug": self.context["ambito_slug"], "atto_pk": atto.pk})


class CollegamentoOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    modello = serializers.SerializerMethodField(help_text='"app_label.modelname" dell\'oggetto approvato.')
    oggetto_id = serializers.IntegerField(source="object_id", read_only=True)
    oggetto = serializers.SerializerMethodField(help_text="Descrizione leggibile dell'oggetto.")
    descrizione = serializers.CharField(read_only=True)

    def get_modello(self, collegamento: AttoCollegamento) -> str:
        return f"{collegamento.content_type.app_label}.{collegamento.content_type.model}"

    def get_oggetto(self, collegamento: AttoCollegamento) -> str:
        return str(collegamento.oggetto) if collegamento.oggetto is not None else ""


class AttoDetailOutput(AttoOutput):
    collegamenti = CollegamentoOutput(source="collegamenti_letti", many=True, read_only=True)


class AttoInput(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=TipoAtto.choices)
    numero = serializers.CharField(max_length=40)
    data = serializers.DateField()
    oggetto = serializers.CharField()
    organo = serializers.IntegerField(required=False, allow_null=True, help_text="Id dell'organo che l'ha adottato.")
    ente_emittente = serializers.IntegerField(required=False, allow_null=True, help_text="Id dell'ente emittente.")


class AllegatoInput(serializers.Serializer):
    documento = serializers.FileField(allow_empty_file=True,
                                      help_text="Il documento dell'atto: PDF, PDF/A o PDF firmato .p7m "
                                                "(verificato dal contenuto, non dal nome).")


class CollegamentoInput(serializers.Serializer):
    modello = serializers.CharField(help_text='"app_label.modelname", es. "fondi.assegnazione".')
    oggetto_id = serializers.IntegerField()
    descrizione = serializers.CharField(required=False, allow_blank=True, max_length=250)


class FiltroAttiInput(serializers.Serializer):
    tipo = serializers.ChoiceField(choices=TipoAtto.choices, required=False)
    anno = serializers.IntegerField(required=False, min_value=1900, max_value=2999)
    testo = serializers.CharField(required=False, max_length=100)


class PubblicazioneOnlineInput(serializers.Serializer):
    dal = serializers.DateField(help_text="Primo giorno di pubblicazione nell'area pubblica.")
    al = serializers.DateField(help_text="Ultimo giorno (al massimo cinque anni dopo l'inizio).")
