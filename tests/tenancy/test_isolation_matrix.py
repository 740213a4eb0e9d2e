"""The isolation matrix (pretix's permission tests, derived from the URLconf instead of a list).

For every tenant route, pages and API alike:
* a user of another Ambito, an outsider and an anonymous user cannot reach Ambito A's URL;
* a user of Ambito B asking, through their own Ambito's URL, for an object of Ambito A gets 404;
* every role that lacks the capability the view declares gets 403;
and no refused request changes anything (no new audit row, no new job).
Template rendering is patched out for speed (pretix's perf_patch): we test access, not HTML.
"""

from __future__ import annotations

import pytest
from django.template.response import SimpleTemplateResponse
from django_scopes import scopes_disabled

from ambito.accounts.models import Membro
from ambito.accounts.permissions import capacita_del_ruolo
from ambito.audit.services import append_only_models
from ambito.jobs.models import Job
from tests.conftest import RUOLI_CHIAVE, Mondo, login
from tests.tenancy.oggetti import FACTORIES
from tests.tenancy.routes import Route, ambito_routes

ROUTES = ambito_routes()
API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
PAGE_METHODS = ("GET", "POST")  # pages answer other methods with 405 after the same checks


def methods(path: str) -> tuple[str, ...]:
    return API_METHODS if path.startswith("/api/") else PAGE_METHODS


@pytest.fixture
def perf_patch(monkeypatch):
    from django.http import HttpResponse

    monkeypatch.setattr("django.shortcuts.render", lambda request, *a, status=200, **k: HttpResponse(status=status))
    monkeypatch.setattr(SimpleTemplateResponse, "rendered_content", property(lambda self: ""))


def snapshot() -> tuple:
    """A fingerprint of all tenant data: every change of an audited row writes a history row."""
    with scopes_disabled():
        audit_rows = tuple(m._default_manager.count() for m in append_only_models())
        return audit_rows, Job.objects.count()


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
    before = snapshot()
    check_other_ambito_and_outsiders_get_404(path_a, mondo, client)
    check_anonymous_users_are_refused(route, path_a, client)
    if any(k.endswith(("_pk", "_uuid")) for k in route.kwargs):
        check_objects_of_another_ambito_are_404_through_ones_own_ambito(path_foreign_object, mondo, client)
    check_roles_without_the_capability_get_403(route, path_a, mondo, client)
    assert snapshot() == before


@pytest.mark.parametrize("route", ROUTES, ids=ids)
def test_every_tenant_route_declares_a_capability(route):
    """A page or endpoint without a declared capability would be open to every member."""
    assert route.capacita("GET") or route.capacita("POST"), f"{route.pattern} declares no capability"
