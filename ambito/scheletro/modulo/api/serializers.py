"""Input and output of each API operation (one pair per operation, HackSoft style)."""

from __future__ import annotations

from rest_framework import serializers


class ElementoInput(serializers.Serializer):
    nome = serializers.CharField(max_length=200)
    descrizione = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ElementoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    nome = serializers.CharField()
    descrizione = serializers.CharField()
