"""Deadlines API of one Ambito: /api/v1/a/<ambito_slug>/scadenze/"""

from __future__ import annotations

import datetime as dt

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from ambito.api.base import AmbitoAPIView
from ambito.api.pagination import Paginazione
from ambito.api.schema import ERRORI_LETTURA
from ambito.formato import oggi
from ambito.scadenze import selectors
from ambito.scadenze.serializers import FiltroScadenzeInput, ScadenzaCalendarioOutput

TAG = ["Scadenze"]


class ScadenzeAPI(AmbitoAPIView):
    capacita = "ambito.scadenze.vedi"
    pagination_class = Paginazione

    @extend_schema(tags=TAG, operation_id="scadenze_list", summary="Scadenze dell'Ambito",
                   description="Le scadenze di ogni modulo che l'utente può vedere, dalla più vicina; "
                               "al massimo 400 giorni per richiesta.",
                   parameters=[FiltroScadenzeInput],
                   responses={200: ScadenzaCalendarioOutput(many=True), **ERRORI_LETTURA})
    def get(self, request: Request, ambito_slug: str) -> Response:
        filtro = self.valida(FiltroScadenzeInput, request.query_params)
        adesso = oggi()
        dal = filtro.get("dal") or adesso
        al = filtro.get("al") or dal + dt.timedelta(days=60)
        if (al - dal).days > 400 or al < dal:
            self.valida(FiltroScadenzeInput, {"dal": dal, "al": al})  # the same message as an explicit range
        scadenze = selectors.scadenza_list(ambito=self.ambito, dal=dal, al=al, oggi=adesso, contesto=self.contesto,
                                           solo_mie=filtro["solo_mie"])
        return self.pagina(ScadenzaCalendarioOutput, scadenze)
