"""Input and output shapes of the attachments API."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ambito.allegati.models import Allegato, VersioneAllegato
from ambito.allegati.tipi import TipoFile


class VersioneAllegatoOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    numero = serializers.IntegerField(read_only=True)
    nome_file = serializers.CharField(read_only=True)
    tipo = serializers.ChoiceField(choices=TipoFile.choices, read_only=True)
    dimensione = serializers.IntegerField(read_only=True, help_text="Byte.")
    sha256 = serializers.CharField(read_only=True)
    caricato_da = serializers.SerializerMethodField()
    caricato_il = serializers.DateTimeField(read_only=True)
    file = serializers.SerializerMethodField(help_text="URL per scaricare questa versione (richiede autenticazione).")

    def get_caricato_da(self, versione: VersioneAllegato) -> str | None:
        return str(versione.caricato_da) if versione.caricato_da_id else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_file(self, versione: VersioneAllegato) -> str:
        return reverse("allegati_api:versione_file", kwargs={"ambito_slug": self.context["ambito_slug"],
                                                             "versione_pk": versione.pk})


class AllegatoOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    modello = serializers.SerializerMethodField(help_text='"app_label.modelname" dell\'oggetto.')
    oggetto_id = serializers.IntegerField(source="object_id", read_only=True)
    chiave = serializers.CharField(read_only=True)
    titolo = serializers.CharField(read_only=True)
    creato_il = serializers.DateTimeField(read_only=True)
    versione_corrente = VersioneAllegatoOutput(read_only=True, allow_null=True)

    def get_modello(self, allegato: Allegato) -> str:
        return f"{allegato.content_type.app_label}.{allegato.content_type.model}"


class AllegatoDetailOutput(AllegatoOutput):
    versioni = VersioneAllegatoOutput(source="versioni_lette", many=True, read_only=True)


class NuovoAllegatoInput(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True,
                                 help_text="Verificato dal contenuto (mai dal nome): i tipi ammessi dipendono "
                                           "dall'oggetto.")
    titolo = serializers.CharField(required=False, allow_blank=True, max_length=250)


class NuovaVersioneInput(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, help_text="La nuova versione del file.")
