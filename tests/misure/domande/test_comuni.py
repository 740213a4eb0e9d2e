"""Comune scoping on every domande route, pages and API: an assistente sociale of another comune of the same
Ambito asking for a domanda of a resident of comune X gets 404 on every method, and nothing is written."""

from __future__ import annotations

import pytest

from ambito.accounts.models import Ruolo
from ambito.accounts.permissions import capacita_del_ruolo
from tests.conftest import login
from tests.tenancy.routes import ambito_routes
from tests.tenancy.test_isolation_matrix import build_values, methods, perf_patch, request, rows_written  # noqa: F401

ROUTES = [r for r in ambito_routes() if "domanda_pk" in r.kwargs and "/misure/" in f"/{r.pattern}"]


def test_every_domanda_route_is_walked():
    assert len(ROUTES) >= 20  # pages and API


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.pattern)
def test_an_assistente_of_another_comune_gets_404_and_writes_nothing(route, mondo, client, perf_patch):  # noqa: F811
    w = mondo.a  # the factories file the domanda for a resident of comuni[0] (assistente_1's)
    percorso = route.path(build_values(route, w))
    prima = rows_written()
    c = login(client.__class__(), w.assistente_2)
    tiene = capacita_del_ruolo(Ruolo.ASSISTENTE_SOCIALE)
    for metodo in methods(percorso):
        risposta = request(c, metodo, percorso)
        # What an assistente may do anywhere is a 404 here; what they may never do is refused before (403).
        attesi = (404, 405) if set(route.capacita(metodo) or ()) <= tiene else (403, 405)
        assert risposta.status_code in attesi, f"{metodo} {percorso}: {risposta.status_code}"
    assert rows_written() == prima
