"""The isolation matrix (pretix's permission tests, derived from the URLconf instead of a list).

For every tenant route, pages and API alike:
* a user of another Ambito, an outsider and an anonymous user cannot reach Ambito A's URL;
* a user of Ambito B asking, through their own Ambito's URL, for an object of Ambito A gets 404;
* every role that lacks the capability the view declares gets 403;
and no refused request writes anything (no row of any table inserted, updated or deleted).
Template rendering is patched out for speed (pretix's perf_patch): we test access, not HTML.
"""

from __future__ import annotations

import logging

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.template.backends.django import Template as DjangoTemplate
from django_scopes import scopes_disabled

from ambito.accounts.models import Membro
from ambito.accounts.permissions import capacita_del_ruolo
from tests.conftest import RUOLI_CHIAVE, Mondo, login
from tests.tenancy.oggetti import FACTORIES
from tests.tenancy.routes import Route, ambito_routes

ROUTES = ambito_routes()
API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
PAGE_METHODS = ("GET", "POST")  # pages answer other methods with 405 after the same checks


def methods(path: str) -> tuple[str, ...]:
    return API_METHODS if path.startswith("/api/") else PAGE_METHODS


@pytest.fixture
def perf_patch(monkeypatch, settings, caplog):
    """What a refused request costs, minus what the matrix does not look at: every template renders as
    the empty string (pages, error pages, template responses; the status code and Location stay), the
    session is not re-saved on every request, and the expected 403/404 warnings are not logged."""
    monkeypatch.setattr(DjangoTemplate, "render", lambda self, context=None, request=None: "")
    settings.SESSION_SAVE_EVERY_REQUEST = False
    caplog.set_level(logging.ERROR, logger="django.request")


def rows_written() -> dict[str, int]:
    """Rows inserted, updated or deleted so far in this test's transaction, per table (PostgreSQL's own
    counters: every table, audit history and jobs included, rolled-back savepoints too), except the
    sessions that ``login`` writes. Two queries, where counting the audit tables and the jobs took 29."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('track_counts')")
        assert cursor.fetchone()[0] == "on", "PostgreSQL's track_counts is off: the matrix would not see writes"
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
            "WHERE relname <> %s AND n_tup_ins + n_tup_upd + n_tup_del > 0", [Session._meta.db_table])
        return dict(cursor.fetchall())


def build_values(route: Route, world) -> dict:
    values = {"ambito_slug": world.ambito.slug}
    for kwarg in route.kwargs:
        if kwarg == "ambito_slug":
            continue
        assert kwarg in FACTORIES, (
            f"{route.pattern}: no factory for URL kwarg {kwarg!r}; add one to tests/tenancy/oggetti.py "
            "(or tests/<app>/oggetti.py)"
        )
        with scopes_disabled():
            values[kwarg] = FACTORIES[kwarg](world)
    return values


def request(client, method: str, path: str):
    kwargs = {"content_type": "application/json", "data": "{}"} if method != "GET" else {}
    return getattr(client, method.lower())(path, **kwargs)


def ids(route: Route) -> str:
    return route.pattern


def check_other_ambito_and_outsiders_get_404(path_a: str, mondo: Mondo, client) -> None:
    for user in (mondo.b.responsabile, mondo.b.assistente_1, mondo.estraneo):
        c = login(client.__class__(), user)
        for method in methods(path_a):
            response = request(c, method, path_a)
            assert response.status_code == 404, f"{method} {path_a} as {user.email}: {response.status_code}"


def check_anonymous_users_are_refused(route: Route, path_a: str, client) -> None:
    for method in methods(path_a):
        response = request(client.__class__(), method, path_a)
        if route.is_api:
            assert response.status_code in (401, 403), f"{method} {path_a}: {response.status_code}"
        else:
            assert response.status_code in (302, 404, 405), f"{method} {path_a}: {response.status_code}"
            if response.status_code == 302:
                assert "/account/login" in response["Location"]


def check_objects_of_another_ambito_are_404_through_ones_own_ambito(path: str, mondo: Mondo, client) -> None:
    for user in (mondo.b.responsabile, mondo.admin):
        c = login(client.__class__(), user)
        for method in methods(path):
            response = request(c, method, path)
            assert response.status_code in (404, 405), f"{method} {path} as {user.email}: {response.status_code}"


def check_roles_without_the_capability_get_403(route: Route, path: str, mondo: Mondo, client) -> None:
    for chiave in RUOLI_CHIAVE:
        user = mondo.a.utente(chiave)
        with scopes_disabled():
            ruolo = Membro.objects.get(ambito=mondo.a.ambito, utente=user).ruolo
        held = capacita_del_ruolo(ruolo)
        c = None
        for method in methods(path):
            needed = route.capacita(method)
            if needed and not set(needed) <= held:
                c = c or login(client.__class__(), user)
                response = request(c, method, path)
                assert response.status_code in (403, 405), f"{method} {path} as {chiave}: {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=ids)
def test_tenant_route_is_isolated(route, mondo: Mondo, client, perf_patch):
    """Other Ambito/outsider → 404; anonymous → login/401; foreign object → 404; missing
    capability → 403; and nothing changed in the database."""
    values = build_values(route, mondo.a)
    path_a = route.path(values)
    path_foreign_object = route.path({**values, "ambito_slug": mondo.b.ambito.slug})
    before = rows_written()
    check_other_ambito_and_outsiders_get_404(path_a, mondo, client)
    check_anonymous_users_are_refused(route, path_a, client)
    if any(k.endswith(("_pk", "_uuid")) for k in route.kwargs):
        check_objects_of_another_ambito_are_404_through_ones_own_ambito(path_foreign_object, mondo, client)
    check_roles_without_the_capability_get_403(route, path_a, mondo, client)
    assert rows_written() == before, "a refused request wrote to the database"


@pytest.mark.parametrize("route", ROUTES, ids=ids)
def test_every_tenant_route_declares_a_capability(route):
    """A page or endpoint without a declared capability would be open to every member."""
    assert route.capacita("GET") or route.capacita("POST"), f"{route.pattern} declares no capability"
