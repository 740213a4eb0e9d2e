"""The referente of an ente gestore (Ruolo.GESTORE): sees and files only for their own ente's units.

The gestore matrix walks every udos route, pages and API, with the objects of ``tests/udos/oggetti.py`` (all of
ente "a"): a referente of ente "b" gets 404 on every one of them where the role has the capability (403 where it has
none), with every method, and nothing is written; the
referente of ente "a" reaches them where the role has the capability. Lists never show another ente's units.
"""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from ambito.accounts.models import Ruolo
from ambito.accounts.permissions import capacita_del_ruolo
from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from tests.conftest import login
from tests.tenancy.oggetti import FACTORIES
from tests.tenancy.routes import ambito_routes
from tests.tenancy.test_isolation_matrix import methods, perf_patch, request, rows_written  # noqa: F401
from tests.udos import helpers
from udos.models import CPE, UnitaOfferta

pytestmark = pytest.mark.django_db
ROUTES = [r for r in ambito_routes() if "/udos/" in r.pattern and any(k.endswith("_pk") for k in r.kwargs)]
ROUTES_ELENCHI = [r for r in ambito_routes() if "/udos/" in r.pattern and r.kwargs == ["ambito_slug"]]


def test_the_gestore_role_holds_only_the_udos_read_and_filing_capabilities():
    assert {c for c in capacita_del_ruolo(Ruolo.GESTORE) if c.startswith("udos.")} == {"udos.vedi", "udos.presenta"}
    assert "fondi.vedi" not in capacita_del_ruolo(Ruolo.GESTORE)
    assert "udos.gestisci" not in capacita_del_ruolo(Ruolo.GESTORE)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.pattern)
def test_a_gestore_never_reaches_another_gestores_unit_or_filing(route, mondo, client, perf_patch):  # noqa: F811
    with scopes_disabled():
        valori = {"ambito_slug": mondo.a.ambito.slug,
                  **{k: FACTORIES[k](mondo.a) for k in route.kwargs if k != "ambito_slug"}}
        altro = helpers.gestore(mondo.a, helpers.ente_di(mondo.a, "b"))
        proprio = helpers.gestore(mondo.a, helpers.ente_di(mondo.a, "a"))
    path = route.path(valori)
    prima = rows_written()
    c = login(client.__class__(), altro)
    ruolo = capacita_del_ruolo(Ruolo.GESTORE)
    for method in methods(path):
        risposta = request(c, method, path)
        # where the role may act, the other ente's object does not exist (404); elsewhere the role is refused (403)
        attesi = (404, 405) if set(route.capacita(method)) <= ruolo else (403, 405)
        assert risposta.status_code in attesi, f"{method} {path} as another gestore: {risposta.status_code}"
    assert rows_written() == prima, "a refused request wrote to the database"
    # the owner's referente gets past the object lookup (200, or 405 on a POST-only endpoint; 403 without the right)
    mio = login(client.__class__(), proprio)
    risposta = request(mio, "GET", path)
    attesi = (200, 405) if set(route.capacita("GET")) <= capacita_del_ruolo(Ruolo.GESTORE) else (403, 405)
    assert risposta.status_code in attesi, f"GET {path} as the owner's gestore: {risposta.status_code}"


def test_lists_and_the_api_show_a_gestore_only_their_own_units(mondo, client_per):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        mia = helpers.unita_attiva(mondo.a, ente=helpers.ente_di(mondo.a, "a"), denominazione="Nido della Coop A")
        helpers.unita_attiva(mondo.a, ente=helpers.ente_di(mondo.a, "b"), denominazione="Nido della Coop B")
        referente = helpers.gestore(mondo.a, helpers.ente_di(mondo.a, "a"))
    client = client_per(referente)
    slug = mondo.a.ambito.slug
    pagina = client.get(f"/a/{slug}/udos/").content.decode()
    assert "Nido della Coop A" in pagina and "Nido della Coop B" not in pagina
    for elenco in ("cpe/", "vigilanza/", "accreditamenti/", "fsr/"):
        assert "Coop B" not in client.get(f"/a/{slug}/udos/{elenco}").content.decode()
    api = client.get(f"/api/v1/a/{slug}/udos/unita/").json()
    assert [u["denominazione"] for u in api["results"]] == ["Nido della Coop A"]
    cpe = client.get(f"/api/v1/a/{slug}/udos/cpe/").json()
    assert {c["unita"] for c in cpe["results"]} == {mia.pk}


def test_a_gestore_files_a_cpe_only_for_their_own_ente(mondo, client_per):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        ente_a, ente_b = helpers.ente_di(mondo.a, "a"), helpers.ente_di(mondo.a, "b")
        referente = helpers.gestore(mondo.a, ente_a)
    client = client_per(referente)
    corpo = {"tipologia": helpers.tipologia("MICRONIDO").pk, "denominazione": "Micronido Coccinella",
             "comune": mondo.a.comuni[0].pk, "indirizzo": "Via Verdi 3", "capacita": 8,
             "data_presentazione": "2025-04-01", "canale": "suap"}
    url = f"/api/v1/a/{mondo.a.ambito.slug}/udos/cpe/"
    rifiutata = client.post(url, {**corpo, "ente_gestore": ente_b.pk}, content_type="application/json")
    assert rifiutata.status_code == 400 and set(rifiutata.json()["errore"]["campi"]) == {"ente_gestore"}
    with ambito_scope(mondo.a.ambito, actor=referente), pytest.raises(RegolaViolata, match="solo per l'ente che"):
        helpers.cpe_avvio(mondo.a, ente=ente_b, solo_ente=ente_a.pk)  # the service holds the line too
    creata = client.post(url, {**corpo, "ente_gestore": ente_a.pk}, content_type="application/json")
    assert creata.status_code == 201, creata.content
    with ambito_scope(mondo.a.ambito):
        cpe = CPE.objects.get(pk=creata.json()["id"])
        assert (cpe.presentata_da, cpe.unita.ente_gestore) == (referente, ente_a)
        assert UnitaOfferta.objects.filter(ambito=mondo.a.ambito, ente_gestore=ente_b).count() == 0
    # the procedure itself is the office's
    passo = client.post(f"{url}{cpe.pk}/transizioni/", {"azione": "verifica", "data": "2025-04-02"},
                        content_type="application/json")
    assert passo.status_code == 403 and passo.json()["errore"]["codice"] == "permesso_negato"


@pytest.mark.parametrize("route", ROUTES_ELENCHI, ids=lambda r: r.pattern)
def test_a_gestore_of_another_ambito_gets_404(route, mondo, client, perf_patch):  # noqa: F811
    with scopes_disabled():
        estraneo = helpers.gestore(mondo.b, helpers.ente_di(mondo.b, "a"))
    path = route.path({"ambito_slug": mondo.a.ambito.slug})
    c = login(client.__class__(), estraneo)
    assert request(c, "GET", path).status_code == 404


def test_the_home_page_box_shows_a_gestore_only_their_open_cpe(mondo, client_per):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        helpers.cpe_avvio(mondo.a, ente=helpers.ente_di(mondo.a, "a"), denominazione="Nido Mio")
        helpers.cpe_avvio(mondo.a, ente=helpers.ente_di(mondo.a, "b"), denominazione="Nido Altrui")
        referente = helpers.gestore(mondo.a, helpers.ente_di(mondo.a, "a"))
    home = client_per(referente).get(f"/a/{mondo.a.ambito.slug}/").content.decode()
    assert "widget-udos" in home and "Nido Mio" in home and "Nido Altrui" not in home
    ufficio = client_per(mondo.a.operatore).get(f"/a/{mondo.a.ambito.slug}/").content.decode()
    assert "Nido Mio" in ufficio and "Nido Altrui" in ufficio


def test_a_gestore_attaches_documents_to_their_own_cpe_only(mondo, client_per):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        mia = helpers.cpe_avvio(mondo.a, ente=helpers.ente_di(mondo.a, "a"))
        altrui = helpers.cpe_avvio(mondo.a, ente=helpers.ente_di(mondo.a, "b"))
        referente = helpers.gestore(mondo.a, helpers.ente_di(mondo.a, "a"))
    client = client_per(referente)
    slug = mondo.a.ambito.slug

    def carica(cpe):
        return client.post(f"/a/{slug}/allegati/oggetti/udos.cpe/{cpe.pk}/", {
            "file": SimpleUploadedFile("autocertificazione.pdf", b"%PDF-1.4\n%%EOF\n"),
            "titolo": "Autocertificazione dei requisiti", "ritorno": f"/a/{slug}/udos/cpe/{cpe.pk}/"})

    assert carica(mia).status_code == 302
    assert "Autocertificazione dei requisiti" in client.get(f"/a/{slug}/udos/cpe/{mia.pk}/").content.decode()
    assert carica(altrui).status_code == 404
    assert client.get(f"/a/{slug}/allegati/oggetti/udos.cpe/{altrui.pk}/").status_code == 404


def test_the_responsabile_invites_a_gestore_bound_to_one_ente(mondo):
    from ambito.membri.services import invito_create

    with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
        ente = helpers.ente_di(mondo.a, "a")
        with pytest.raises(RegolaViolata, match="Indica l'ente che il referente rappresenta") as e:
            invito_create(ambito=mondo.a.ambito, actor=mondo.a.responsabile, email="coop@esempio.test",
                          ruolo=Ruolo.GESTORE)
        assert e.value.campo == "ente"
        invito = invito_create(ambito=mondo.a.ambito, actor=mondo.a.responsabile, email="coop@esempio.test",
                               ruolo=Ruolo.GESTORE, ente=ente)
    assert (invito.ruolo, invito.ente) == (Ruolo.GESTORE, ente)
