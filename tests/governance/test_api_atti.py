"""The acts API: list and filters per role, create, update, PDF upload and download, publish, links."""

from __future__ import annotations

import datetime as dt

import pytest

from ambito.atti.models import Atto, AttoCollegamento
from ambito.formato import oggi
from ambito.tenancy import ambito_scope
from tests.governance.helpers import PDF, crea_assemblea, crea_atto, non_pdf, pdf

pytestmark = pytest.mark.django_db
API = "/api/v1/a/lodi/atti/"


def json(c, metodo, url, dati=None):
    return getattr(c, metodo)(url, dati or {}, content_type="application/json")


def test_the_list_shows_staff_every_act_and_the_mayor_only_published_ones(mondo, client_per):
    crea_atto(mondo.a, numero="1", oggetto="Bozza")
    crea_atto(mondo.a, numero="2", oggetto="Pubblicato", pubblicato=True)
    staff = client_per(mondo.a.operatore).get(API).json()
    sindaco = client_per(mondo.a.sindaco).get(API).json()
    assert staff["count"] == 2 and sindaco["count"] == 1
    assert sindaco["results"][0]["oggetto"] == "Pubblicato"
    assert sindaco["results"][0]["documento"].endswith("/documento/")


def test_the_list_filters_and_rejects_bad_filters_in_the_common_error_shape(mondo, client_per):
    crea_atto(mondo.a, numero="1", oggetto="Riparto FNA")
    c = client_per(mondo.a.operatore)
    assert c.get(API, {"testo": "fna"}).json()["count"] == 1
    assert c.get(API, {"anno": 2025}).json()["count"] == 0
    errore = c.get(API, {"tipo": "pergamena"}).json()["errore"]
    assert errore["codice"] == "validazione" and "tipo" in errore["campi"]


def test_the_operatore_creates_uploads_publishes_and_the_partner_downloads(mondo, client_per):
    organo = crea_assemblea(mondo.a).organo
    c = client_per(mondo.a.operatore)
    r = json(c, "post", API, {"tipo": "deliberazione_assemblea", "numero": "7", "data": "2026-03-16",
                              "oggetto": "Approvazione PdZ", "organo": organo.pk})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["organo"]["nome"] == "Assemblea dei Sindaci" and r.json()["documento"] is None
    r = c.post(f"{API}{pk}/documento/", {"documento": pdf()})
    assert r.status_code == 200 and r.json()["documento"] == f"{API}{pk}/documento/"
    assert json(c, "post", f"{API}{pk}/pubblica/").json()["pubblicato"] is True
    scaricato = client_per(mondo.a.partner).get(f"{API}{pk}/documento/")
    assert scaricato.status_code == 200 and b"".join(scaricato.streaming_content) == PDF


def test_an_upload_that_is_not_a_pdf_is_refused_and_changes_nothing(mondo, client_per):
    atto = crea_atto(mondo.a, allegato=False)
    r = client_per(mondo.a.operatore).post(f"{API}{atto.pk}/documento/", {"documento": non_pdf()})
    assert r.status_code == 400
    assert r.json()["errore"] == {"codice": "tipo_file_non_ammesso", "messaggio": r.json()["errore"]["messaggio"],
                                  "campi": {"allegato": [r.json()["errore"]["messaggio"]]}}
    assert "non è un PDF" in r.json()["errore"]["messaggio"]
    with ambito_scope(mondo.a.ambito):  # refresh_from_db reads through the base manager: the database wants a scope
        atto.refresh_from_db()
    assert not atto.allegato


def test_a_patch_changes_only_the_given_fields(mondo, client_per):
    atto = crea_atto(mondo.a, numero="12")
    r = json(client_per(mondo.a.responsabile), "patch", f"{API}{atto.pk}/", {"numero": "12-bis"})
    assert r.status_code == 200 and r.json()["numero"] == "12-bis"
    assert r.json()["oggetto"] == atto.oggetto


def test_an_organo_of_another_ambito_is_not_found_in_input(mondo, client_per):
    organo_b = crea_assemblea(mondo.b).organo
    r = json(client_per(mondo.a.operatore), "post", API, {"tipo": "avviso", "numero": "1", "data": "2026-01-01",
                                                           "oggetto": "x", "organo": organo_b.pk})
    assert r.status_code == 400 and "organo" in r.json()["errore"]["campi"]
    with ambito_scope(mondo.a.ambito):
        assert not Atto.objects.exists()


def test_an_act_links_an_object_of_its_ambito_but_not_one_of_another(mondo, client_per):
    atto = crea_atto(mondo.a)
    seduta_a = crea_assemblea(mondo.a).seduta
    seduta_b = crea_assemblea(mondo.b).seduta
    c = client_per(mondo.a.operatore)
    r = json(c, "post", f"{API}{atto.pk}/collegamenti/", {"modello": "ambito.seduta", "oggetto_id": seduta_a.pk,
                                                          "descrizione": "verbale"})
    assert r.status_code == 201 and r.json()["modello"] == "ambito.seduta"
    r = json(c, "post", f"{API}{atto.pk}/collegamenti/", {"modello": "ambito.seduta", "oggetto_id": seduta_b.pk})
    assert r.status_code == 400 and "oggetto_id" in r.json()["errore"]["campi"]
    dettaglio = c.get(f"{API}{atto.pk}/").json()
    assert [x["oggetto_id"] for x in dettaglio["collegamenti"]] == [seduta_a.pk]
    with ambito_scope(mondo.a.ambito):
        assert AttoCollegamento.objects.count() == 1


def test_an_unpublished_act_does_not_exist_for_the_mayor(mondo, client_per):
    atto = crea_atto(mondo.a)
    c = client_per(mondo.a.sindaco)
    assert c.get(f"{API}{atto.pk}/").status_code == 404
    assert c.get(f"{API}{atto.pk}/documento/").status_code == 404


def test_the_mayor_cannot_write(mondo, client_per):
    atto = crea_atto(mondo.a)
    c = client_per(mondo.a.sindaco)
    assert json(c, "post", API, {"tipo": "avviso", "numero": "1", "data": "2026-01-01", "oggetto": "x"}
                ).status_code == 403
    assert json(c, "post", f"{API}{atto.pk}/pubblica/").status_code == 403
    assert c.post(f"{API}{atto.pk}/documento/", {"documento": pdf()}).status_code == 403
    with ambito_scope(mondo.a.ambito):
        assert Atto.objects.get().history.count() == 1 and not Atto.objects.get().pubblicato


def test_an_act_dated_in_the_future_is_refused_in_the_api_and_on_the_page(mondo, client_per):
    """Issue 14, defect 6: an act dated 2035 was accepted. An act bears the date it was adopted."""
    c = client_per(mondo.a.operatore)
    domani = (oggi() + dt.timedelta(days=1)).isoformat()
    r = json(c, "post", API, {"tipo": "determina_capofila", "numero": "7", "data": domani, "oggetto": "Futuro"})
    assert r.status_code == 400
    assert "successivo a oggi" in r.json()["errore"]["campi"]["data"][0]
    pagina = c.post("/a/lodi/atti/nuovo/", {"tipo": "determina_capofila", "numero": "7", "data": "01/01/2035",
                                            "oggetto": "Futuro"})
    assert pagina.status_code == 400
    assert "il 01/01/2035 è successivo a oggi" in pagina.content.decode()
    with ambito_scope(mondo.a.ambito):
        assert not Atto.objects.filter(oggetto="Futuro").exists()
    assert json(c, "post", API, {"tipo": "determina_capofila", "numero": "7", "data": oggi().isoformat(),
                                 "oggetto": "Oggi"}).status_code == 201
