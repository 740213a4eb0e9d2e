"""The beneficiari API: the same rules as the pages, errors in the common shape, never a 500."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ambito.audit.models import AccessoDatiSensibili
from ambito.tenancy import ambito_scope
from misure.models import Beneficiario
from misure.services import beneficiari as services
from tests.misure.beneficiari.helpers import isee, persona, registra

pytestmark = pytest.mark.django_db

BASE = "/api/v1/a/lodi/misure/beneficiari/"


def corpo(w, comune, **dati):
    valori = persona(**dati)
    valori["data_nascita"] = valori["data_nascita"].isoformat()
    return {"comune": comune.pk, **valori}


def post(client, url, dati, metodo="post"):
    return getattr(client, metodo)(url, data=json.dumps(dati), content_type="application/json")


def test_an_assistente_registers_and_lists_only_residents_of_their_comuni(mondo, client_per):
    w = mondo.a
    registra(w, comune=w.comuni[1], **persona("Bianchi", "Luigi", "M"))
    client = client_per(w.assistente_1)
    risposta = post(client, BASE, corpo(w, w.comuni[0], iban="IT60 X054 2811 1010 0000 0123 456"))
    assert risposta.status_code == 201, risposta.content
    assert risposta.json()["iban"] == "IT60X0542811101000000123456"
    assert risposta.json()["comune"]["denominazione"] == w.comuni[0].denominazione
    elenco = client.get(BASE).json()
    assert [b["cognome"] for b in elenco["results"]] == ["Rossi"]
    assert [b["cognome"] for b in client_per(w.operatore).get(BASE, {"cerca": "bian"}).json()["results"]] == [
        "Bianchi"]


def test_a_wrong_code_comes_back_in_the_common_shape_next_to_its_field(mondo, client_per):
    w = mondo.a
    risposta = post(client_per(w.operatore), BASE, {**corpo(w, w.comuni[0]), "codice_fiscale": "RSSMRA45C12F205"})
    errore = risposta.json()["errore"]
    assert risposta.status_code == 400
    assert errore["codice"] == "codice_fiscale_lunghezza" and "16 caratteri" in errore["campi"]["codice_fiscale"][0]


def test_a_duplicate_of_another_comune_is_refused_without_revealing_anything(mondo, client_per):
    w = mondo.a
    registra(w, comune=w.comuni[0], **persona("Bianchi", "Giuseppina"))
    risposta = post(client_per(w.assistente_2), BASE, corpo(w, w.comuni[1], cognome="Bianchi", nome="Giuseppina"))
    assert risposta.status_code == 400
    errore = risposta.json()["errore"]
    assert errore["codice"] == services.CODICE_DUPLICATO
    assert errore["messaggio"] == str(services.MESSAGGIO_DUPLICATO)
    testo = risposta.content.decode()
    assert "Giuseppina" not in testo and w.comuni[0].denominazione not in testo
    tentativi = client_per(w.operatore).get(BASE + "doppie-registrazioni/").json()["results"]
    assert [t["comune_richiedente"]["id"] for t in tentativi] == [w.comuni[1].pk]
    gestito = post(client_per(w.operatore), BASE + f"doppie-registrazioni/{tentativi[0]['id']}/gestito/", {})
    assert gestito.status_code == 200 and gestito.json()["gestito"] is True
    assert client_per(w.assistente_2).get(BASE + "doppie-registrazioni/").status_code == 403


def test_another_comunes_resident_is_404_and_nothing_changes(mondo, client_per):
    w = mondo.a
    b = registra(w, comune=w.comuni[0])
    client = client_per(w.assistente_2)
    assert client.get(BASE + f"{b.pk}/").status_code == 404
    assert post(client, BASE + f"{b.pk}/", {"indirizzo": "Via X"}, "patch").status_code == 404
    assert client.get(BASE + f"{b.pk}/isee/").status_code == 404
    assert post(client, BASE + f"{b.pk}/isee/", {"tipo_isee": "ordinario", "valore_isee": "1.00",
                                                 "rilasciata_il": "2026-01-01", "scade_il": "2026-12-31"}
                ).status_code == 404
    with ambito_scope(w.ambito):
        assert Beneficiario.objects.get().indirizzo == "" and not AccessoDatiSensibili.objects.exists()


def test_isee_is_read_with_a_log_row_and_corrected_with_history(mondo, client_per):
    w = mondo.a
    a = isee(registra(w), w, valore="24500.00")
    client = client_per(w.assistente_1)
    righe = client.get(BASE + f"{a.beneficiario_id}/isee/").json()
    assert [(r["tipo_isee"], r["valore_isee"]) for r in righe] == [("sociosanitario", "24500.00")]
    risposta = post(client, BASE + f"isee/{a.pk}/", {"valore_isee": "-3"}, "patch")
    assert risposta.status_code == 400 and "valore_isee" in risposta.json()["errore"]["campi"]
    risposta = post(client, BASE + f"isee/{a.pk}/", {"valore_isee": "25000.00"}, "patch")
    assert risposta.json()["valore_isee"] == "25000.00"
    with ambito_scope(w.ambito):
        assert AccessoDatiSensibili.objects.filter(utente=w.assistente_1).count() == 2
        assert a.history.count() == 2


def test_certifications_and_external_benefits_through_the_api(mondo, client_per):
    w = mondo.a
    b = registra(w)
    client = client_per(w.operatore)
    risposta = post(client, BASE + f"{b.pk}/certificazioni/", {"tipo_certificazione": "invalidita",
                                                               "percentuale_invalidita": 101, "data": "2020-01-01"})
    assert risposta.status_code == 400 and "percentuale_invalidita" in risposta.json()["errore"]["campi"]
    assert post(client, BASE + f"{b.pk}/certificazioni/", {"tipo_certificazione": "l104_c3", "data": "2020-01-01"}
                ).status_code == 201
    assert post(client, BASE + f"{b.pk}/benefici-esterni/", {"codice": "b1", "dal": "2025-01-01",
                                                             "importo_mensile": "650.00"}).status_code == 201
    assert [c["tipo_certificazione"] for c in client.get(BASE + f"{b.pk}/certificazioni/").json()] == ["l104_c3"]
    assert [x["codice"] for x in client.get(BASE + f"{b.pk}/benefici-esterni/").json()] == ["b1"]


def test_the_office_transfers_through_the_api(mondo, client_per):
    w = mondo.a
    b = registra(w, comune=w.comuni[0])
    risposta = post(client_per(w.operatore), BASE + f"{b.pk}/trasferimento/",
                    {"comune": w.comuni[1].pk, "residente_dal": dt.date.today().isoformat()})
    assert risposta.status_code == 200 and risposta.json()["comune"]["id"] == w.comuni[1].pk
    assert post(client_per(w.assistente_2), BASE + f"{b.pk}/trasferimento/",
                {"comune": w.comuni[0].pk, "residente_dal": "2026-01-01"}).status_code == 403


@pytest.mark.parametrize("dati", [
    {}, [], "testo", {"comune": "x"}, {"comune": 10**30}, {"comune": -1},
    {"codice_fiscale": None, "cognome": 5, "data_nascita": "31/02/2020"},
    {"codice_fiscale": "\x00" * 16, "cognome": "a\x00", "nome": "b", "sesso": "X", "data_nascita": "2020-01-01",
     "luogo_nascita_belfiore": "E648", "comune": 1},
    {"nucleo_familiare": "non una lista"}, {"nucleo_familiare": [{"cognome": "x"}]},
])
def test_garbage_is_a_400_never_a_500(mondo, client_per, dati):
    w = mondo.a
    risposta = post(client_per(w.operatore), BASE, dati if not isinstance(dati, dict) else
                    {**corpo(w, w.comuni[0]), **dati} if dati.get("comune") == 1 else dati)
    assert risposta.status_code == 400, risposta.content
    assert "errore" in risposta.json()


def test_the_openapi_schema_documents_the_beneficiari_operations(mondo, client_per):
    schema = client_per(mondo.a.operatore).get("/api/schema/", {"format": "json"}).json()
    operazioni = {op.get("operationId") for voce in schema["paths"].values() for op in voce.values()
                  if isinstance(op, dict)}
    assert {"misure_beneficiari_list", "misure_beneficiari_create", "misure_beneficiari_isee_list",
            "misure_beneficiari_tentativi_gestito"} <= operazioni


def test_the_api_list_runs_the_same_queries_whatever_the_number_of_beneficiari(mondo, client_per):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = mondo.a
    client = client_per(w.operatore)
    registra(w, **persona("Rossi", "Anna"))
    client.get(BASE)
    with CaptureQueriesContext(connection) as poche:
        client.get(BASE)
    for cognome in ("Verdi", "Neri", "Galli", "Conti"):
        registra(w, comune=w.comuni[1], **persona(cognome, "Anna"))
    with CaptureQueriesContext(connection) as tante:
        assert client.get(BASE).json()["count"] == 5
    assert len(tante) == len(poche)
