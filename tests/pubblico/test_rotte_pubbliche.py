"""The public area's routes, walked from the URLconf (tests/tenancy/routes.py, class ``pubblica_ambito``).

For every route under /p/<slug>/: an anonymous visitor reaches what is published; nothing unpublished,
expired, not yet started or of another Ambito is reachable (404), through one's own slug or another's;
only safe methods; ``noindex`` where the view declares it; a logged-in user gets the very same page; and no
request writes anything.
"""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from tests.conftest import Mondo, login
from tests.pubblico.helpers import atti_non_online, atto_online
from tests.tenancy.routes import Route, public_ambito_routes
from tests.tenancy.test_isolation_matrix import rows_written

ROUTES = public_ambito_routes()
# URL kwarg → (a published object of the Ambito, the objects of the Ambito that must stay unreachable).
PROVIDERS = {
    "atto_pk": (lambda ambito: atto_online(ambito).pk,
                lambda ambito: {nome: a.pk for nome, a in atti_non_online(ambito).items()}),
    "graduatoria_pk": (lambda ambito: _graduatorie().graduatoria_pubblicata(ambito, _comuni(ambito)).pk,
                       lambda ambito: _graduatorie().graduatorie_non_pubblicate(ambito, _comuni(ambito))),
}


def _graduatorie():
    from tests.misure.graduatorie import oggetti

    return oggetti


def _comuni(ambito):
    from ambito.territorio.selectors import comune_list

    return list(comune_list(ambito=ambito, data=__import__("datetime").date.today()).order_by("pk")[:2])


# Opt-in sections (off by default, 404): switched on in both Ambiti before walking their route.
ATTIVA = {"statistiche": lambda ambito: _statistiche(ambito)}


def _statistiche(ambito) -> None:
    from ambito.tenancy import ambito_scope
    from rendicontazione.services import statistiche_pubbliche_set

    with ambito_scope(ambito):
        statistiche_pubbliche_set(ambito=ambito, actor=None, attiva=True)


def _valori(route: Route, mondo: Mondo) -> tuple[dict, dict[str, dict]]:
    valori = {"slug_pubblico": mondo.a.ambito.slug}
    for ambito in (mondo.a.ambito, mondo.b.ambito):
        ATTIVA.get(route.name, lambda _a: None)(ambito)
    nascosti: dict[str, dict] = {}
    with scopes_disabled():
        for kwarg in route.kwargs:
            if kwarg == "slug_pubblico":
                continue
            assert kwarg in PROVIDERS, f"{route.pattern}: no provider for {kwarg!r} in tests/pubblico/"
            pubblicato, non_pubblicati = PROVIDERS[kwarg]
            valori[kwarg] = pubblicato(mondo.a.ambito)
            for nome, pk in non_pubblicati(mondo.a.ambito).items():
                nascosti[nome] = {**valori, kwarg: pk}
    if len(route.kwargs) == 1:  # a list or a page of the Ambito: plant what it must not show
        with scopes_disabled():
            atto_online(mondo.a.ambito, numero="70", oggetto="Pubblicato MARCATORE-VISIBILE")
            atti_non_online(mondo.a.ambito)
            atto_online(mondo.b.ambito, numero="71", oggetto="Di Sesto MARCATORE-ALTRO-AMBITO")
    return valori, nascosti


# Subjects of the acts planted by atti_non_online and of another Ambito's act: never in a public page of Lodi.
MAI_PUBBLICI = ("Solo interno", "Periodo concluso", "Periodo non iniziato", "MARCATORE-ALTRO-AMBITO")


def test_the_public_area_has_routes():
    assert {r.name for r in ROUTES} >= {"home", "privacy", "accessibilita", "atti_list", "atto_detail"}


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.pattern)
def test_public_route_shows_only_what_is_published(route: Route, mondo: Mondo, client):
    valori, nascosti = _valori(route, mondo)
    percorso = route.path(valori)
    prima = rows_written()

    anonimo = client.get(percorso)
    assert anonimo.status_code == 200, f"{percorso}: {anonimo.status_code}"
    if not anonimo.streaming:
        corpo = anonimo.content.decode()
        for marcatore in MAI_PUBBLICI:
            assert marcatore not in corpo, f"{percorso} shows {marcatore!r}"
        if route.name in ("atti_list", "atti_json"):  # the lists do show what is published
            assert "MARCATORE-VISIBILE" in corpo, percorso
    assert not anonimo.cookies.get("sessionid"), "a public page opened a session"
    if getattr(route.callback, "noindex", False):
        assert anonimo["X-Robots-Tag"].startswith("noindex")
        if anonimo["Content-Type"].startswith("text/html"):
            assert '<meta name="robots" content="noindex' in anonimo.content.decode()

    for metodo in ("post", "put", "patch", "delete"):
        assert getattr(client, metodo)(percorso).status_code == 405, f"{metodo.upper()} {percorso}"

    for nome, valori_nascosti in nascosti.items():
        assert client.get(route.path(valori_nascosti)).status_code == 404, f"{nome}: {route.path(valori_nascosti)}"

    # The same object through another Ambito's public area, and an unknown Ambito.
    assert client.get(route.path({**valori, "slug_pubblico": mondo.b.ambito.slug})).status_code == \
        (200 if len(route.kwargs) == 1 else 404)
    assert client.get(route.path({**valori, "slug_pubblico": "inesistente"})).status_code == 404

    # A logged-in member (of either Ambito) sees exactly what the public sees.
    for utente in (mondo.a.responsabile, mondo.b.operatore):
        connesso = login(client.__class__(), utente).get(percorso)
        assert connesso.status_code == 200
        if connesso["Content-Type"].startswith("text/html"):
            assert connesso.content == anonimo.content, f"{percorso} differs for {utente.email}"

    assert rows_written() == prima, "a public request wrote to the database"


@pytest.mark.django_db
def test_an_inactive_ambito_has_no_public_area(mondo: Mondo, client):
    with scopes_disabled():
        atto = atto_online(mondo.a.ambito)
        mondo.a.ambito.attivo = False
        mondo.a.ambito.save()
    for percorso in ("/p/lodi/", "/p/lodi/privacy/", f"/p/lodi/atti/{atto.pk}/"):
        assert client.get(percorso).status_code == 404, percorso


@pytest.mark.django_db
def test_a_session_still_to_verify_the_second_factor_reads_the_public_area(mondo: Mondo):
    from django.test import Client

    c = login(Client(), mondo.a.responsabile)
    sessione = c.session
    sessione.pop("otp_device_id", None)
    sessione.save()
    assert c.get("/a/lodi/").status_code == 302  # inside the Ambito: first the second factor
    assert c.get("/p/lodi/").status_code == 200
