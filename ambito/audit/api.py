"""API of the sensitive-data read log: /api/v1/a/<ambito_slug>/storico/accessi/

* ``GET /accessi/?utente=&dal=&al=``  who read whose sensitive data (health, disability, ISEE, minors), newest
  first, paginated — the same log as the page, for the same capability (the responsabile: ambito.audit.accessi).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA
from ambito.audit import selectors

TAG = ["Registro accessi ai dati sensibili"]


class FiltroAccessiInput(serializers.Serializer):
    utente = serializers.IntegerField(required=False, min_value=1, help_text="Id dell'utente che ha letto.")
    dal = serializers.DateField(required=False, help_text="Dal giorno (incluso).")
    al = serializers.DateField(required=False, help_text="Al giorno (incluso).")

    def validate(self, dati: dict) -> dict:
        if dati.get("dal") and dati.get("al") and dati["al"] < dati["dal"]:
            raise serializers.ValidationError({"al": ["La data finale precede quella iniziale."]})
        return dati


class AccessoOutput(serializers.Serializer):
    avvenuto_il = serializers.DateTimeField(read_only=True)
    utente = serializers.EmailField(source="utente_email", read_only=True, help_text="Chi ha letto.")
    tipo_oggetto = serializers.CharField(source="content_type.model", read_only=True)
    oggetto_id = serializers.CharField(source="object_id", read_only=True)
    interessato = serializers.CharField(read_only=True,
                                        help_text="La persona a cui i dati si riferiscono (mascherata).")
    categoria = serializers.CharField(read_only=True)
    campi = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="I campi letti.")
    contesto = serializers.CharField(read_only=True, help_text="Perché (la pagina o l'operazione).")


class AccessoListAPI(AmbitoAPIView):
    capacita = "ambito.audit.accessi"
    pagination_class = Paginazione

    @extend_schema(operation_id="accessi_sensibili_list", tags=TAG, summary="Registro delle letture di dati sensibili",
                   parameters=[FiltroAccessiInput], responses={200: AccessoOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        filtro = self.valida(FiltroAccessiInput, request.query_params)
        utente = None
        if filtro.get("utente"):
            utente = selectors.utenti_negli_accessi(ambito=self.ambito).filter(pk=filtro["utente"]).first()
            if utente is None:  # nobody with that id read anything here: an empty log, not another Ambito's
                return self.pagina(AccessoOutput, selectors.accesso_sensibile_list(ambito=self.ambito).none())
        return self.pagina(AccessoOutput, selectors.accesso_sensibile_list(
            ambito=self.ambito, utente=utente, dal=filtro.get("dal"), al=filtro.get("al")))
