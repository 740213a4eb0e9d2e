"""The isolation matrix's extra row for piani: a partner (who holds ``piani.progetti``) reaches no project, and
no indicator of a project, that was not granted to them — on every piani route, page or API, every method —
and changes nothing; granted, they read it (GET) and still write nothing."""

from __future__ import annotations

import pytest
from guardian.shortcuts import assign_perm

from ambito.tenancy import ambito_scope
from piani.models import Indicatore, Progetto
from tests.conftest import login
from tests.tenancy.oggetti import FACTORIES
from tests.tenancy.routes import ambito_routes
from tests.tenancy.test_isolation_matrix import methods, perf_patch, request, rows_written  # noqa: F401

# What a granted partner may do besides reading: ask for the project card's PDF (a job of their own).
AZIONI_DEL_PARTNER = {"progetto_pdf"}
ROTTE_PROGETTO = [r for r in ambito_routes() if "/piani/" in r.pattern
                  and ({"progetto_pk", "indicatore_pk"} & set(r.kwargs))]


def _valori(route, w) -> dict:
    valori = {"ambito_slug": w.ambito.slug}
    for kwarg in route.kwargs:
        if kwarg != "ambito_slug":
            valori[kwarg] = FACTORIES[kwarg](w)
    return valori


def _progetto_di(valori: dict) -> Progetto:
    if "progetto_pk" in valori:
        return Progetto.objects.get(pk=valori["progetto_pk"])
    return Indicatore.objects.get(pk=valori["indicatore_pk"]).progetto


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROTTE_PROGETTO, ids=lambda r: r.pattern)
def test_a_partner_reaches_only_granted_projects_and_writes_nothing(route, mondo, client, perf_patch):  # noqa: F811
    w = mondo.a
    valori = _valori(route, w)
    path = route.path(valori)
    c = login(client.__class__(), w.partner)
    prima = rows_written()
    for method in methods(path):
        risposta = request(c, method, path)
        assert risposta.status_code in (403, 404, 405), f"{method} {path}: {risposta.status_code}"
    assert rows_written() == prima

    with ambito_scope(w.ambito):
        assign_perm("piani.view_progetto", w.partner, _progetto_di(valori))
    prima = rows_written()
    c = login(client.__class__(), w.partner)
    azione = route.name in AZIONI_DEL_PARTNER
    for method in methods(path):
        risposta = request(c, method, path)
        legge = (route.view_class is None or hasattr(route.view_class, "get")) and not azione
        if method == "GET" and legge and "piani.progetti" in route.capacita("GET"):
            assert risposta.status_code == 200, f"GET {path} granted: {risposta.status_code}"
        elif method == "POST" and azione:
            assert risposta.status_code == 302, f"POST {path} granted: {risposta.status_code}"
        elif method != "GET":
            assert risposta.status_code in (403, 405), f"{method} {path} granted: {risposta.status_code}"
    if not azione:
        assert rows_written() == prima
