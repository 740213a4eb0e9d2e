"""The comune dimension of the isolation matrix, for every beneficiari route with an object in its URL (pages and
API, walked from the URLconf): the object belongs to comuni[0]; the assistente sociale of comuni[1] gets 404 on
every method it may use (a missing method or capability is refused before any lookup) and nothing is written,
while the assistente of comuni[0] reaches it."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from tests.conftest import login
from tests.tenancy.oggetti import FACTORIES
from tests.tenancy.routes import ambito_routes
from tests.tenancy.test_isolation_matrix import methods, perf_patch, request, rows_written  # noqa: F401

OGGETTI = {"beneficiario_pk", "attestazione_pk", "certificazione_pk", "beneficio_pk"}
ROUTES = [r for r in ambito_routes() if "misure/beneficiari/" in r.pattern and set(r.kwargs) & OGGETTI]

pytestmark = pytest.mark.django_db


def test_the_walk_covers_pages_and_api():
    assert sum(r.is_api for r in ROUTES) >= 6 and sum(not r.is_api for r in ROUTES) >= 7


@pytest.mark.usefixtures("perf_patch")
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.pattern)
def test_an_assistente_of_another_comune_gets_404_and_changes_nothing(route, mondo, client):
    w = mondo.a
    valori = {"ambito_slug": w.ambito.slug}
    with scopes_disabled():
        for kwarg in route.kwargs[1:]:
            valori[kwarg] = FACTORIES[kwarg](w)
    percorso = route.path(valori)
    prima = rows_written()
    altro = login(client.__class__(), w.assistente_2)
    stati = {metodo: request(altro, metodo, percorso).status_code for metodo in methods(percorso)}
    # 404 where the method exists and the role holds the capability; 405/403 come before any lookup
    assert set(stati.values()) <= {403, 404, 405}, stati
    assert 404 in stati.values() or set(stati.values()) <= {403, 405}, stati
    if stati.get("GET") != 405 and "trasferimento" not in percorso:
        assert stati["GET"] == 404, stati
    assert rows_written() == prima
    proprio = login(client.__class__(), w.assistente_1)
    stato = request(proprio, "GET", percorso).status_code
    assert stato in (200, 403, 405), f"GET {percorso} as the comune's own assistente: {stato}"
