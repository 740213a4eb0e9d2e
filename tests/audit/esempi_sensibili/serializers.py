"""A planted module for the checker: every line marked VIOLAZIONE reads a sensitive field unlawfully."""
from rest_framework import serializers


class ValutazioneOutput(serializers.Serializer):
    descrizione = serializers.CharField()
    valore_isee = serializers.DecimalField(max_digits=10, decimal_places=2)  # VIOLAZIONE
    invalidita = serializers.IntegerField(source="percentuale_invalidita")  # VIOLAZIONE


class ValutazioneModelOutput(serializers.ModelSerializer):
    class Meta:
        model = ValutazioneDiProva  # noqa: F821
        fields = "__all__"  # VIOLAZIONE


class ValutazioneSensibiliOutput(serializers.Serializer):
    """Serializes a DatiSensibili: lawful."""
    valore_isee = serializers.DecimalField(max_digits=10, decimal_places=2)


def righe(valutazioni, dati_sensibili):
    for valutazione in valutazioni:
        yield [valutazione.descrizione, valutazione.diagnosi]  # VIOLAZIONE
        yield [getattr(valutazione, "valore_isee")]  # noqa: B009  VIOLAZIONE
    yield from valutazioni.values_list("descrizione", "percentuale_invalidita")  # VIOLAZIONE
    yield [dati_sensibili.diagnosi]
