"""The domande API: the same operations as the pages, the common error shape, comune scoping, logged reads."""

from __future__ import annotations

import pytest

from ambito.audit.models import AccessoDatiSensibili
from ambito.tenancy import ambito_scope
from misure.models import Domanda, StatoDomanda
from tests.misure.domande.helpers import domanda, pdf, presentata

pytestmark = pytest.mark.django_db


def api(w, resto: str = "") -> str:
    return f"/api/v1/a/{w.ambito.slug}/misure/domande/{resto}"


def test_a_social_worker_files_and_submits_through_the_api(mondo, prova, ben_x, client_per):
    w = mondo.a
    c = client_per(w.assistente_1)
    risposta = c.post(api(w), {"beneficiario": ben_x.pk, "strumento": prova.assistente.pk,
                               "isee_tipo": "sociosanitario", "isee_valore": "9800.00", "l104_c3": True},
                      content_type="application/json")
    assert risposta.status_code == 201, risposta.json()
    corpo = risposta.json()
    assert corpo["stato"] == "bozza" and corpo["dati_sensibili"]["isee_valore"] == "9800.00"
    assert corpo["documenti"] == [{"id": prova.contratto.pk, "codice": "contratto",
                                   "descrizione": "Contratto di lavoro registrato INPS", "obbligatorio": True,
                                   "presente": False}]
    pk = corpo["id"]
    rifiuto = c.post(api(w, f"{pk}/presenta/"))
    assert rifiuto.status_code == 400
    assert rifiuto.json()["errore"]["messaggio"].startswith("Mancano documenti richiesti dal bando")
    caricato = c.post(api(w, f"{pk}/documenti/{prova.contratto.pk}/"), {"file": pdf()})
    assert caricato.status_code == 200 and caricato.json()["documenti"][0]["presente"] is True
    presentata_ = c.post(api(w, f"{pk}/presenta/")).json()
    assert presentata_["stato"] == "presentata" and presentata_["protocollo"].startswith("1/")
    assert [e["codice"] for e in presentata_["esiti"]] == ["isee", "b1"] and presentata_["ammissibile"] is True
    with ambito_scope(w.ambito):
        assert AccessoDatiSensibili.objects.filter(utente=w.assistente_1, object_id=str(pk)).count() >= 3


def test_invalid_input_gets_the_common_error_shape_and_saves_nothing(mondo, prova, ben_x, client_per):
    w = mondo.a
    c = client_per(w.assistente_1)
    for corpo in ({"beneficiario": "x"}, {"beneficiario": ben_x.pk, "strumento": prova.caregiver.pk,
                                          "isee_valore": "-5"},
                  {"beneficiario": ben_x.pk, "strumento": prova.caregiver.pk, "isee_valore": "12.5"},
                  {"beneficiario": 2**70, "strumento": None}, [], "testo"):
        risposta = c.post(api(w), corpo, content_type="application/json")
        assert risposta.status_code == 400, (corpo, risposta.content)
        assert set(risposta.json()["errore"]) >= {"codice", "messaggio"}
    with ambito_scope(w.ambito):
        assert not Domanda.objects.exists()


def test_comune_scoping_in_the_api(mondo, prova, ben_x, ben_y, client_per):
    w = mondo.a
    mia = domanda(w, prova, ben_x)
    altrui = domanda(w, prova, ben_y, actor=w.assistente_2)
    c = client_per(w.assistente_1)
    elenco = c.get(api(w)).json()
    assert [r["id"] for r in elenco["results"]] == [mia.pk]
    assert c.get(api(w, f"{altrui.pk}/")).status_code == 404
    assert c.post(api(w, f"{altrui.pk}/presenta/")).status_code == 404
    rifiuto = c.post(api(w), {"beneficiario": ben_y.pk, "strumento": prova.caregiver.pk},
                     content_type="application/json")
    assert rifiuto.status_code == 400 and "beneficiario" in rifiuto.json()["errore"]["campi"]
    with ambito_scope(w.ambito):
        assert Domanda.objects.count() == 2


def test_the_office_runs_the_istruttoria_through_the_api(mondo, prova, ben_x, ben_y, client_per):
    w = mondo.a
    a = presentata(w, prova, ben_x)
    b = presentata(w, prova, ben_y, actor=w.assistente_2, benefici_dichiarati=["b1"])
    c = client_per(w.operatore)
    multipla = c.post(api(w, "azioni-multiple/"), {"azione": "prendi_in_istruttoria", "domande": [a.pk, b.pk]},
                      content_type="application/json").json()
    assert sorted(multipla["fatte"]) == sorted([a.pk, b.pk]) and multipla["rifiutate"] == []
    illegale = c.post(api(w, f"{a.pk}/azioni/"), {"azione": "integra"}, content_type="application/json")
    assert illegale.status_code == 400 and illegale.json()["errore"]["codice"] == "transizione_non_ammessa"
    assert c.post(api(w, f"{b.pk}/azioni/"), {"azione": "dichiara_ammissibile"},
                  content_type="application/json").json()["errore"]["codice"] == "non_ammissibile_secondo_le_regole"
    forzata = c.post(api(w, f"{b.pk}/decisione-ufficio/"), {"ammissibile": True, "motivo": "B1 cessata"},
                     content_type="application/json").json()
    assert forzata["ammissibile"] is True and forzata["motivo_forzatura"] == "B1 cessata"
    assert c.post(api(w, f"{b.pk}/valuta/")).status_code == 200
    v = c.post(api(w, f"{b.pk}/valutazioni/"), {"strumento": "adl", "punteggio": "2", "data": "2025-03-01",
                                                "sina_mobilita": 4}, content_type="application/json")
    assert v.status_code == 201
    p = c.post(api(w, f"{b.pk}/progetti/"), {"obiettivi": "Autonomia", "interventi": "Assistente familiare",
                                              "durata_mesi": 12}, content_type="application/json")
    assert p.status_code == 201
    valutazioni = c.get(api(w, f"{b.pk}/valutazioni/")).json()
    assert [(v["strumento"], v["dati_sensibili"]["sina_mobilita"]) for v in valutazioni] == [("adl", 4)]
    progetti = c.get(api(w, f"{b.pk}/progetti/")).json()
    assert progetti[0]["dati_sensibili"]["interventi_individuali"] == "Assistente familiare"
    with ambito_scope(w.ambito):
        assert AccessoDatiSensibili.objects.filter(utente=w.operatore, content_type__model="valutazione").exists()
    decisa = c.post(api(w, f"{b.pk}/azioni/"), {"azione": "dichiara_ammissibile"},
                    content_type="application/json").json()
    assert decisa["stato"] == StatoDomanda.AMMISSIBILE
    assert [e["a_stato"] for e in decisa["eventi"]][-1] == "ammissibile"


def test_the_social_worker_cannot_decide_through_the_api(mondo, prova, ben_x, client_per):
    w = mondo.a
    d = presentata(w, prova, ben_x)
    risposta = client_per(w.assistente_1).post(api(w, f"{d.pk}/azioni/"), {"azione": "prendi_in_istruttoria"},
                                               content_type="application/json")
    assert risposta.status_code == 403
    with ambito_scope(w.ambito):
        assert Domanda.objects.get(pk=d.pk).stato == StatoDomanda.PRESENTATA


def test_the_schema_documents_the_operations(client_per, mondo):
    schema = client_per(mondo.a.operatore).get("/api/schema/").content.decode()
    for operazione in ("misure_domande_list", "misure_domande_submit", "misure_domande_transition",
                       "misure_domande_override", "misure_domande_bulk", "misure_domande_documento"):
        assert operazione in schema
