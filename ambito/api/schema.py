"""The one error schema of the API, for ``@extend_schema(responses=…)``.

Every refusal has the shape built by :mod:`ambito.api.errors`::

    {"errore": {"codice": "validazione", "messaggio": "…", "campi": {"campo": ["…"]}}}

Use the ready-made sets: ``responses={200: XOutput, **ERRORI_LETTURA}`` on reads and
``responses={201: XOutput, **ERRORI_SCRITTURA}`` on writes.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ERRORE_SERIALIZER = inline_serializer("Errore", {"errore": inline_serializer("ErroreDettaglio", {
    "codice": serializers.CharField(help_text="Codice stabile dell'errore, es. validazione, non_trovato, conflitto."),
    "messaggio": serializers.CharField(help_text="Spiegazione in italiano, da mostrare all'utente."),
    "campi": serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text="Per gli errori di validazione: i messaggi di ogni campo."),
})})

ERRORE = OpenApiResponse(ERRORE_SERIALIZER, description="Errore nel formato comune dell'API.")

# 400: invalid input (or a rule refused it); 403: the role lacks the capability; 404: not in this Ambito;
# 409: the state changed meanwhile (a lost race, an object already closed).
ERRORI_LETTURA = {400: ERRORE, 403: ERRORE, 404: ERRORE}
ERRORI_SCRITTURA = {**ERRORI_LETTURA, 409: ERRORE}
