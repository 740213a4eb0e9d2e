"""Input and output shapes of the collegial bodies API."""

from __future__ import annotations

from rest_framework import serializers

from ambito.atti.serializers import OrganoBreveOutput
from ambito.membri.serializers import ComuneBreveOutput, EnteBreveOutput
from ambito.organi.models import EsitoVotazione, TipoOrgano, ValoreVoto
from ambito.tenancy.models import RegolaVoto


class ComponenteOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    nominativo = serializers.CharField(read_only=True)
    qualifica = serializers.CharField(read_only=True)
    comune = ComuneBreveOutput(read_only=True, allow_null=True)
    ente = EnteBreveOutput(read_only=True, allow_null=True)
    delegato_di = serializers.IntegerField(source="delegato_di_id", read_only=True, allow_null=True,
                                           help_text="Id del componente che il delegato sostituisce.")
    valido_dal = serializers.DateField(read_only=True)
    valido_al = serializers.DateField(read_only=True, allow_null=True)


class OrganoOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    nome = serializers.CharField(read_only=True)
    tipo = serializers.ChoiceField(choices=TipoOrgano.choices, read_only=True)
    tipo_atto = serializers.CharField(read_only=True, help_text="Atto prodotto da un punto approvato ('' = nessuno).")


class RegolaOutput(serializers.Serializer):
    regola = serializers.ChoiceField(choices=RegolaVoto.choices, read_only=True)
    quorum_componenti_percento = serializers.IntegerField(read_only=True)
    quorum_popolazione_percento = serializers.IntegerField(read_only=True)


class OrganoDetailOutput(OrganoOutput):
    regola_di_voto = RegolaOutput(read_only=True)
    componenti = ComponenteOutput(source="componenti_letti", many=True, read_only=True)


class SedutaOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    organo = OrganoBreveOutput(read_only=True)
    data = serializers.DateTimeField(read_only=True)
    luogo = serializers.CharField(read_only=True)
    data_riferimento_popolazione = serializers.DateField(read_only=True, allow_null=True)
    chiusa = serializers.BooleanField(read_only=True)


class VotoOutput(serializers.Serializer):
    componente = serializers.IntegerField(source="componente_id", read_only=True)
    nominativo = serializers.CharField(source="componente.nominativo", read_only=True)
    comune = serializers.IntegerField(source="comune_id", read_only=True, allow_null=True,
                                      help_text="Comune per cui vota (Assemblea dei Sindaci).")
    valore = serializers.ChoiceField(choices=ValoreVoto.choices, read_only=True)


class PuntoOutput(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    numero = serializers.IntegerField(read_only=True)
    oggetto = serializers.CharField(read_only=True)
    richiede_votazione = serializers.BooleanField(read_only=True)
    esito = serializers.ChoiceField(choices=EsitoVotazione.choices, read_only=True)
    dettaglio_esito = serializers.JSONField(
        read_only=True, help_text="Il calcolo: regola, quorum, conteggi, peso e voto di ogni componente, spiegazione.")
    atto = serializers.IntegerField(source="atto_id", read_only=True, allow_null=True,
                                    help_text="Id dell'atto prodotto dall'approvazione.")
    voti = VotoOutput(many=True, read_only=True)


class SedutaDetailOutput(SedutaOutput):
    presenti = serializers.ListField(child=serializers.IntegerField(), source="presenti_letti", read_only=True,
                                     help_text="Id dei componenti presenti.")
    punti = PuntoOutput(source="punti_letti", many=True, read_only=True)


class VotoInput(serializers.Serializer):
    componente = serializers.IntegerField(help_text="Id del componente (presente) che vota.")
    valore = serializers.ChoiceField(choices=ValoreVoto.choices)


class VotiInput(serializers.Serializer):
    voti = VotoInput(many=True, allow_empty=False)


class PresenzeInput(serializers.Serializer):
    presenti = serializers.ListField(child=serializers.IntegerField(), allow_empty=True,
                                     help_text="Id di tutti i componenti presenti (elenco completo).")
