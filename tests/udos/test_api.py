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
