"""The register's API: the CPE procedure end to end, the common error shape for bad input and refused
transitions (never a 500), the operations in the OpenAPI schema."""

from __future__ import annotations

import pytest

from ambito.tenancy import ambito_scope
from tests.udos import helpers

pytestmark = pytest.mark.django_db


def api(mondo, *parti: str) -> str:
    return "/".join([f"/api/v1/a/{mondo.a.ambito.slug}/udos", *parti]) + "/"


def post(client, url: str, corpo: dict):
    return client.post(url, corpo, content_type="application/json")


@pytest.fixture
def corpo_avvio(mondo):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        ente = helpers.ente_di(mondo.a)
    return {"tipologia": helpers.tipologia("NIDO").pk, "denominazione": "Nido La Tana", "ente_gestore": ente.pk,
            "comune": mondo.a.comuni[0].pk, "indirizzo": "Via Po 9", "capacita": 24,
            "data_presentazione": "2025-02-03", "canale": "ufficio_piano", "retta_mensile": "480.00"}


def test_the_cpe_procedure_end_to_end_through_the_api(mondo, client_per, corpo_avvio):
    client = client_per(mondo.a.operatore)
    creata = post(client, api(mondo, "cpe"), corpo_avvio)
    assert creata.status_code == 201, creata.content
    cpe = creata.json()
    assert (cpe["stato"], cpe["tipo"], cpe["tipologia"], cpe["capacita"]) == ("presentata", "avvio", "NIDO", 24)
    assert len(cpe["verifiche"]) == 10
    url = api(mondo, "cpe", str(cpe["id"]))
    refuso = post(client, url + "transizioni/", {"azione": "esito", "esito": "esito_positivo",
                                                 "data_sopralluogo": "2025-03-01", "data_esito": "2025-03-02"})
    assert refuso.status_code == 400
    assert refuso.json()["errore"]["codice"] == "transizione_non_ammessa"
    assert "«Presentata» non può passare a «Esito positivo»" in refuso.json()["errore"]["messaggio"]
    assert post(client, url + "transizioni/", {"azione": "verifica", "data": "2025-02-05"}).json()["stato"] == (
        "verifica_documentale")
    esiti = [{"id": v["id"], "esito": "conforme"} for v in cpe["verifiche"]]
    assert post(client, url + "requisiti/", {"esiti": esiti}).status_code == 200
    assert post(client, url + "transizioni/", {"azione": "vigilanza", "data": "2025-02-20"}).json()["stato"] == (
        "vigilanza_richiesta")
    finale = post(client, url + "transizioni/", {"azione": "esito", "esito": "inibita",
                                                 "data_sopralluogo": "2025-04-01", "data_esito": "2025-04-10"})
    assert finale.status_code == 200 and finale.json()["stato"] == "inibita"
    unita = client.get(api(mondo, "unita", str(cpe["unita"]))).json()
    assert (unita["stato"], unita["retta_mensile"], unita["capacita_autorizzata"]) == ("inibita", "480.00", 24)
    visite = client.get(api(mondo, "vigilanza")).json()["results"]
    assert [(v["esito"], v["cpe"]) for v in visite] == [("inibizione", cpe["id"])]


def test_bad_input_gets_the_common_error_shape_and_nothing_is_saved(mondo, client_per, corpo_avvio):
    client = client_per(mondo.a.operatore)
    errato = post(client, api(mondo, "cpe"), {**corpo_avvio, "capacita": 0, "data_presentazione": "ieri",
                                              "comune": 999999})
    assert errato.status_code == 400
    campi = errato.json()["errore"]["campi"]
    assert set(campi) == {"capacita", "data_presentazione", "comune"}
    fuori = post(client, api(mondo, "cpe"), {**corpo_avvio, "capacita": 61})
    assert fuori.status_code == 400
    assert fuori.json()["errore"]["campi"] == {"capacita": [
        "Per un «Asilo nido» la capacità massima è 60 bambini: ne sono dichiarati 61."]}
    altrui = post(client, api(mondo, "cpe"), {**corpo_avvio, "comune": mondo.b.comuni[0].pk})
    assert altrui.status_code == 400 and "comune" in altrui.json()["errore"]["campi"]
    assert client.get(api(mondo, "cpe")).json()["count"] == 0


@pytest.mark.parametrize("corpo", [
    None, [], "x", {"esiti": "no"}, {"esiti": [{"id": "x"}]}, {"esiti": [{"id": 1, "esito": "forse"}]},
    {"azione": "boh"}, {"azione": "esito"}, {"azione": "prescrizioni", "data": "2025-01-01"},
    {"anno": "duemila"}, {"tipo": "avvio", "data_presentazione": "2025-13-01"},
])
def test_garbage_bodies_never_cause_a_500(mondo, client_per, corpo):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        cpe = helpers.cpe_avvio(mondo.a)
    client = client_per(mondo.a.operatore)
    for url in ("cpe", f"cpe/{cpe.pk}/transizioni", f"cpe/{cpe.pk}/requisiti", f"unita/{cpe.unita_id}/cpe",
                f"unita/{cpe.unita_id}/fsr", f"unita/{cpe.unita_id}/visite", f"unita/{cpe.unita_id}/comunicazioni"):
        risposta = client.post(api(mondo, url), corpo, content_type="application/json")
        assert risposta.status_code == 400, (url, corpo, risposta.status_code)
        assert "errore" in risposta.json()


def test_a_variation_a_notice_and_fsr_accounts_through_the_api(mondo, client_per):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        cpe = helpers.cpe_positiva(mondo.a, codice_afam="AFAM-API-1")
    client = client_per(mondo.a.operatore)
    variazione = post(client, api(mondo, "unita", str(cpe.unita_id), "cpe"), {
        "tipo": "trasferimento", "indirizzo": "Piazza Vittoria 1", "data_presentazione": "2025-09-01",
        "canale": "suap"})
    assert variazione.status_code == 201 and variazione.json()["precedente"] == cpe.pk
    avviso = post(client, api(mondo, "unita", str(cpe.unita_id), "comunicazioni"), {
        "tipo": "legale_rappresentante", "data": "2025-09-02", "testo": "Nuova presidente"})
    assert avviso.status_code == 201
    consuntivo = post(client, api(mondo, "unita", str(cpe.unita_id), "fsr"), {
        "anno": 2025, "utenti": 30, "giornate": 215, "costi": "210000.00", "ricavi": "180000.00"})
    assert consuntivo.status_code == 201 and consuntivo.json()["sbilancio"] == "30000.00"
    unita = client.get(api(mondo, "unita", str(cpe.unita_id))).json()
    assert unita["indirizzo"] == "Piazza Vittoria 1"


def test_the_operations_are_in_the_openapi_schema(mondo, client_per):
    schema = client_per(mondo.a.operatore).get("/api/schema/", {"format": "json"}).json()
    operazioni = {op["operationId"] for percorso in schema["paths"].values() for op in percorso.values()
                  if isinstance(op, dict) and "operationId" in op}
    assert {"udos_unita_list", "udos_cpe_avvio_create", "udos_cpe_transizione", "udos_cpe_requisiti_update",
            "udos_vigilanza_list", "udos_accreditamenti_list", "udos_fsr_create",
            "udos_tipologie_list"} <= operazioni


def test_accreditation_contracts_vigilance_follow_up_and_the_fsr_contribution_through_the_api(mondo, client_per):
    from tests.fondi.helpers import assegnazione, atto

    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        cpe = helpers.cpe_positiva(mondo.a, codice_afam="AFAM-API-2", capacita=30)
        determina = atto(mondo.a.ambito)
        fsr = assegnazione(mondo.a.ambito, mondo.a.operatore, codice="FSR", importo="100000.00")
        committente = helpers.ente_di(mondo.a, "c")
    client = client_per(mondo.a.operatore)
    unita = str(cpe.unita_id)
    modificata = client.patch(api(mondo, "unita", unita), {"telefono": "0371 111222", "retta_mensile": "499.90"},
                              content_type="application/json")
    assert modificata.status_code == 200 and modificata.json()["telefono"] == "0371 111222"
    vietata = client.patch(api(mondo, "unita", unita), {"capacita_autorizzata": 50}, content_type="application/json")
    assert vietata.status_code == 400
    assert vietata.json()["errore"]["campi"]["capacita_autorizzata"] == [
        "Non modificabile qui: tipologia, capacità, sede e gestore cambiano solo con una CPE."]
    bando = post(client, api(mondo, "accreditamenti", "bandi"), {
        "titolo": "Accreditamento nidi 2025", "requisiti": "Requisiti comuni",
        "data_apertura": "2025-05-01",
        "data_chiusura": "2025-04-01"})
    assert bando.status_code == 400 and "data_chiusura" in bando.json()["errore"]["campi"]
    bando = post(client, api(mondo, "accreditamenti", "bandi"), {
        "titolo": "Accreditamento nidi 2025", "requisiti": "Requisiti comuni", "data_apertura": "2025-05-01"})
    assert bando.status_code == 201
    acc = post(client, api(mondo, "unita", unita, "accreditamenti"), {"data_domanda": "2025-06-01", "posti": 20,
                                                                       "bando": bando.json()["id"]})
    assert acc.status_code == 201
    url = api(mondo, "accreditamenti", str(acc.json()["id"]))
    salto = post(client, url + "transizioni/", {"stato": "accreditata", "data": "2025-06-02"})
    assert salto.status_code == 400 and salto.json()["errore"]["codice"] == "transizione_non_ammessa"
    for stato in ("istruttoria", "sopralluogo"):
        assert post(client, url + "transizioni/", {"stato": stato, "data": "2025-06-03"}).status_code == 200
    fatto = post(client, url + "transizioni/", {"stato": "accreditata", "data": "2025-06-10", "atto": determina.pk,
                                                "retta_patto": "520.00"})
    assert fatto.status_code == 200 and fatto.json()["stato"] == "accreditata"
    contratto = post(client, url + "contratti/", {"committente": committente.pk, "data_inizio": "2025-09-01",
                                                  "data_fine": "2026-07-31", "posti": 8, "tariffa": "35.00"})
    assert contratto.status_code == 201 and [c["posti"] for c in contratto.json()["contratti"]] == [8]
    visita = post(client, api(mondo, "unita", unita, "visite"), {
        "data": "2025-10-01", "esito": "prescrizioni", "prescrizioni": "Aggiornare il piano di evacuazione",
        "termine": "2025-12-01"})
    assert visita.status_code == 201
    chiusa = post(client, api(mondo, "vigilanza", str(visita.json()["id"]), "ottemperanza"), {"data": "2025-11-15"})
    assert chiusa.status_code == 200 and chiusa.json()["ottemperata_il"] == "2025-11-15"
    consuntivo = post(client, api(mondo, "unita", unita, "fsr"), {"anno": 2025, "utenti": 25, "giornate": 210,
                                                                   "costi": "150000.00", "ricavi": "140000.00"})
    contributo = post(client, api(mondo, "fsr", str(consuntivo.json()["id"]), "contributo"), {
        "assegnazione": fsr.pk, "importo": "10000.01", "atto": determina.pk, "data_contabile": "2025-11-20"})
    assert contributo.status_code == 400 and contributo.json()["errore"]["codice"] == "oltre_sbilancio"
    contributo = post(client, api(mondo, "fsr", str(consuntivo.json()["id"]), "contributo"), {
        "assegnazione": fsr.pk, "importo": "10000.00", "atto": determina.pk, "data_contabile": "2025-11-20"})
    assert contributo.status_code == 200 and contributo.json()["contributo"] == "10000.00"


ROUTE_API = [r for r in __import__("tests.tenancy.routes", fromlist=["ambito_routes"]).ambito_routes()
             if r.is_api and "/udos/" in r.pattern]


@pytest.mark.parametrize("route", ROUTE_API, ids=lambda r: r.pattern)
def test_every_udos_endpoint_answers_garbage_with_a_4xx_in_the_common_shape(route, mondo, client_per):
    from django_scopes import scopes_disabled

    from tests.tenancy.oggetti import FACTORIES

    with scopes_disabled():
        valori = {"ambito_slug": mondo.a.ambito.slug,
                  **{k: FACTORIES[k](mondo.a) for k in route.kwargs if k != "ambito_slug"}}
    client = client_per(mondo.a.operatore)
    path = route.path(valori)
    for corpo in ({"x": "\x00"}, {"data": "31/02/2025", "posti": -1, "esiti": {}, "azione": None}, [1, 2]):
        for metodo in ("post", "patch", "put"):
            risposta = getattr(client, metodo)(path, corpo, content_type="application/json")
            assert risposta.status_code in (400, 405), (metodo, path, corpo, risposta.status_code)
            assert "errore" in risposta.json()
    assert client.get(path + "?stato=%00&comune=-1&q=" + "x" * 500).status_code in (200, 400, 405)
