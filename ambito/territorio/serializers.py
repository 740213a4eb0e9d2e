"""Input and output shapes of the territory API (one serializer per direction, named for the schema)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from ambito.tenancy.models import Ambito, RegolaVoto, TipoISEE
from ambito.territorio.models import TipoEnte


class FiltroComuniInput(serializers.Serializer):
    data = serializers.DateField(required=False, help_text="Data di riferimento (AAAA-MM-GG); oggi se omessa.",
                                 error_messages={"invalid": "Data non valida: usare il formato AAAA-MM-GG."})


class FiltroEntiInput(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="",
                              help_text="Parte della denominazione o codice fiscale.")
    tipo = serializers.CharField(required=False, allow_blank=True, default="", help_text="Tipo di ente.")

    def validate_tipo(self, tipo: str) -> str:
        """An unknown kind filters nothing (as on the page), it is not an error."""
        return tipo if tipo in TipoEnte.values else ""


class ComuneOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    codice_istat = serializers.CharField(read_only=True, help_text="Codice ISTAT a 6 cifre (testo: zeri iniziali).")
    codice_catastale = serializers.CharField(read_only=True, help_text="Codice catastale (Belfiore).")
    denominazione = serializers.CharField(read_only=True)
    sigla_provincia = serializers.CharField(read_only=True)
    provincia = serializers.CharField(read_only=True)
    popolazione = serializers.IntegerField(read_only=True, allow_null=True)
    popolazione_anno = serializers.IntegerField(read_only=True, allow_null=True)
    popolazione_fonte = serializers.CharField(read_only=True)


class SubAmbitoOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    nome = serializers.CharField(read_only=True)


class AppartenenzaOutput(serializers.Serializer):
    comune = ComuneOutput(read_only=True)
    sub_ambito = SubAmbitoOutput(read_only=True, allow_null=True)
    valido_dal = serializers.DateField(read_only=True)
    valido_al = serializers.DateField(read_only=True, allow_null=True)


class EnteOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    tipo = serializers.ChoiceField(choices=TipoEnte.choices, read_only=True)
    tipo_descrizione = serializers.CharField(source="get_tipo_display", read_only=True)
    denominazione = serializers.CharField(read_only=True)
    codice_fiscale = serializers.CharField(read_only=True)
    partita_iva = serializers.CharField(read_only=True)
    pec = serializers.CharField(read_only=True)
    legale_rappresentante = serializers.CharField(read_only=True)
    numero_runts = serializers.CharField(read_only=True)
    comune = serializers.IntegerField(source="comune_id", read_only=True, allow_null=True,
                                      help_text="Id del comune, se l'ente è un comune.")
    registrato_da_questo_ambito = serializers.SerializerMethodField(
        help_text="Vero se l'ente è stato registrato da questo Ambito (che quindi può modificarlo).")

    def get_registrato_da_questo_ambito(self, ente: Any) -> bool:
        return ente.registrato_da_id is not None and ente.registrato_da_id == self.context["ambito"].pk


class EnteInput(serializers.Serializer):
    """Format checks only; codice fiscale, partita IVA and PEC are validated by the service."""

    tipo = serializers.ChoiceField(choices=TipoEnte.choices)
    denominazione = serializers.CharField(max_length=250)
    codice_fiscale = serializers.CharField(max_length=16, required=False, allow_blank=True,
                                           help_text="11 cifre (16 caratteri per una ditta individuale).")
    partita_iva = serializers.CharField(max_length=13, required=False, allow_blank=True)
    pec = serializers.CharField(max_length=254, required=False, allow_blank=True)
    legale_rappresentante = serializers.CharField(max_length=200, required=False, allow_blank=True)
    numero_runts = serializers.CharField(max_length=30, required=False, allow_blank=True)
    comune = serializers.IntegerField(required=False, allow_null=True,
                                      help_text="Id del comune, se l'ente è un comune dell'Ambito.")


class ImpostazioniOutput(serializers.Serializer):
    regola_voto = serializers.ChoiceField(choices=RegolaVoto.choices, read_only=True)
    quorum_componenti_percento = serializers.IntegerField(read_only=True)
    quorum_popolazione_percento = serializers.IntegerField(read_only=True)
    mese_inizio_esercizio = serializers.IntegerField(read_only=True)
    tipi_isee_default = serializers.ListField(child=serializers.ChoiceField(choices=TipoISEE.choices),
                                              read_only=True)
    logo = serializers.SerializerMethodField(help_text="URL del logo (solo per utenti dell'Ambito), o null.")

    def get_logo(self, ambito: Ambito) -> str | None:
        if not ambito.logo:
            return None
        indirizzo = reverse("territorio:ambito_logo", kwargs={"ambito_slug": ambito.slug})
        return self.context["request"].build_absolute_uri(indirizzo)


class ImpostazioniInput(serializers.Serializer):
    regola_voto = serializers.ChoiceField(choices=RegolaVoto.choices, required=False)
    quorum_componenti_percento = serializers.IntegerField(min_value=0, max_value=100, required=False)
    quorum_popolazione_percento = serializers.IntegerField(min_value=0, max_value=100, required=False)
    mese_inizio_esercizio = serializers.IntegerField(min_value=1, max_value=12, required=False)
    tipi_isee_default = serializers.ListField(child=serializers.ChoiceField(choices=TipoISEE.choices),
                                              required=False)
