"""The funds API: same rules as the pages, one error shape, 409 for a commitment that no longer fits."""

from __future__ import annotations

import datetime as dt

import pytest

from ambito.tenancy import ambito_scope
from fondi.models import Assegnazione, Movimento
from tests.fondi.helpers import D, assegnazione, atto, fonte, quota

pytestmark = pytest.mark.django_db


def api(w, resto):
    return f"/api/v1/a/{w.ambito.slug}/fondi/{resto}"


@pytest.fixture
def dati(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, importo="10000.00")
        q = quota(a, w.operatore, importo="1000.00")
    return w, a, q


def test_staff_create_an_assegnazione_and_read_its_balances(mondo, client_per):
    w = mondo.a
    with ambito_scope(w.ambito):
        decreto = atto(w.ambito)
    c = client_per(w.operatore)
    r = c.post(api(w, "assegnazioni/"), {"fonte": fonte("DDN").pk, "descrizione": "DdN 2024", "annualita": 2024,
                                         "esercizio": 2025, "importo": "146000.00", "data_assegnazione": "2025-01-10",
                                         "atto": decreto.pk}, content_type="application/json")
    assert r.status_code == 201, r.json()
    assert r.json()["saldi"]["assegnato"] == "146000.00"
    elenco = client_per(w.sindaco).get(api(w, "assegnazioni/"), {"data": "2025-01-09"}).json()
    assert elenco[0]["saldi"]["assegnato"] == "0.00"


def test_an_act_of_another_ambito_cannot_be_cited(mondo, client_per):
    w = mondo.a
    with ambito_scope(mondo.b.ambito):
        decreto_b = atto(mondo.b.ambito)
    r = client_per(w.operatore).post(api(w, "assegnazioni/"), {
        "fonte": fonte().pk, "descrizione": "x", "annualita": 2024, "esercizio": 2025, "importo": "1.00",
        "data_assegnazione": "2025-01-10", "atto": decreto_b.pk}, content_type="application/json")
    assert r.status_code == 400
    assert "atto" in r.json()["errore"]["campi"]
    with ambito_scope(w.ambito):
        assert not Assegnazione.objects.exists()


def test_a_commitment_beyond_the_quota_is_a_409_and_changes_nothing(dati, client_per):
    w, _a, q = dati
    c = client_per(w.operatore)
    r = c.post(api(w, f"quote/{q.pk}/movimenti/"), {"tipo": "impegno", "importo": "800.00",
                                                    "data_contabile": "2025-03-01"}, content_type="application/json")
    assert r.status_code == 201
    r = c.post(api(w, f"quote/{q.pk}/movimenti/"), {"tipo": "impegno", "importo": "200.01",
                                                    "data_contabile": "2025-03-01"}, content_type="application/json")
    assert r.status_code == 409
    assert r.json()["errore"]["codice"] == "conflitto"
    assert "200,00 €" in r.json()["errore"]["messaggio"]
    with ambito_scope(w.ambito):
        assert Movimento.objects.filter(quota=q, tipo="impegno").count() == 1


def test_the_assemblea_reads_but_cannot_write(dati, client_per):
    w, a, q = dati
    c = client_per(w.sindaco)
    assert c.get(api(w, f"assegnazioni/{a.pk}/")).status_code == 200
    r = c.post(api(w, f"quote/{q.pk}/movimenti/"), {"tipo": "impegno", "importo": "1.00",
                                                    "data_contabile": "2025-03-01"}, content_type="application/json")
    assert r.status_code == 403
    with ambito_scope(w.ambito):
        assert not Movimento.objects.filter(quota=q, tipo="impegno").exists()


def test_no_movement_or_report_of_another_ambito_is_visible(dati, mondo, client_per):
    w, a, _q = dati
    with ambito_scope(w.ambito):
        m = Movimento.objects.filter(assegnazione=a).first()
    c = client_per(mondo.b.responsabile)
    b = mondo.b
    assert c.get(api(b, f"movimenti/{m.pk}/")).status_code == 404
    assert c.get(api(b, f"assegnazioni/{a.pk}/")).status_code == 404
    assert c.get(api(b, "movimenti/")).json()["count"] == 0
    assert c.get(api(b, "posizione/")).json()["righe"] == []
    assert c.get(api(w, "posizione/")).status_code == 404
    r = c.post(api(b, f"movimenti/{m.pk}/rettifiche/"), {"importo": "-1.00", "data_contabile": "2025-03-01",
                                                         "motivo": "x"}, content_type="application/json")
    assert r.status_code == 404


def test_rettifica_riporto_and_position_through_the_api(dati, client_per):
    w, a, q = dati
    c = client_per(w.operatore)
    with ambito_scope(w.ambito, actor=w.operatore):
        a25 = assegnazione(w.ambito, w.operatore, annualita=2025, importo="100.00")
        allocazione = Movimento.objects.get(quota=q, tipo="allocazione")
    r = c.post(api(w, f"movimenti/{allocazione.pk}/rettifiche/"), {
        "importo": "-100.00", "data_contabile": "2025-06-01", "motivo": "Quota ridotta dalla delibera 7"},
        content_type="application/json")
    assert r.status_code == 201, r.json()
    r = c.post(api(w, f"assegnazioni/{a.pk}/riporti/"), {
        "destinazione": a25.pk, "importo": "9100.00", "data_contabile": "2025-06-02", "motivo": "Residui"},
        content_type="application/json")
    assert r.status_code == 201, r.json()
    p = c.get(api(w, "posizione/") + "?data=2025-06-02&per=annualita").json()
    per_anno = {riga["chiavi"]["assegnazione__annualita"]: riga["saldi"] for riga in p["righe"]}
    assert per_anno[2024]["assegnato"] == "900.00" and per_anno[2024]["allocato"] == "900.00"
    assert per_anno[2025]["assegnato"] == "9200.00"
    prima = c.get(api(w, "posizione/") + "?data=2025-05-31&per=annualita").json()
    assert {r["chiavi"]["assegnazione__annualita"]: r["saldi"]["assegnato"] for r in prima["righe"]}[2024] == \
        "10000.00"


def test_riparto_preview_and_record_through_the_api(dati, client_per):
    w, a, _q = dati
    with ambito_scope(w.ambito):
        delibera = atto(w.ambito)
    c = client_per(w.responsabile)
    corpo = {"metodo": "fissa_popolazione", "totale": "1000.00", "percentuale_fissa": "20", "anno_popolazione": 2024,
             "data_riferimento": "2025-02-01"}
    r = c.post(api(w, f"assegnazioni/{a.pk}/riparti/anteprima/"), corpo, content_type="application/json")
    assert r.status_code == 200
    assert sum(D(x["importo"]) for x in r.json()["righe"]) == D("1000.00")
    r = c.post(api(w, f"assegnazioni/{a.pk}/riparti/"), {**corpo, "descrizione": "Riparto", "atto": delibera.pk,
                                                         "data_contabile": "2025-02-01"},
               content_type="application/json")
    assert r.status_code == 201, r.json()
    quote = c.get(api(w, f"assegnazioni/{a.pk}/quote/")).json()
    assert sum(D(x["saldi"]["allocato"]) for x in quote if x["tipo_destinazione"] == "comune") == D("1000.00")


def test_cofinancing_and_payments_through_the_api(mondo, client_per):
    w = mondo.a
    with ambito_scope(w.ambito):
        delibera = atto(w.ambito)
    c = client_per(w.responsabile)
    r = c.post(api(w, "cofinanziamenti/"), {"descrizione": "Quota 2025", "anno": 2025, "quota_per_abitante": "1.0000",
                                            "anno_popolazione": 2024, "data_riferimento": "2025-01-01",
                                            "atto": delibera.pk}, content_type="application/json")
    assert r.status_code == 201, r.json()
    lodi = next(q for q in r.json()["quote_comunali"] if q["denominazione"] == "Lodi")
    assert lodi["importo_atteso"] == "46053.00"
    r = c.post(api(w, f"quote-comunali/{lodi['id']}/versamenti/"), {"data": "2025-03-01", "importo": "46053.00"},
               content_type="application/json")
    assert r.status_code == 201
    cofin = c.get(api(w, "cofinanziamenti/")).json()[0]
    dettaglio = c.get(api(w, f"cofinanziamenti/{cofin['id']}/")).json()
    lodi = next(q for q in dettaglio["quote_comunali"] if q["denominazione"] == "Lodi")
    assert (lodi["ricevuto"], lodi["da_ricevere"]) == ("46053.00", "0.00")


def test_deadlines_are_listed(mondo, client_per):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        assegnazione(w.ambito, w.operatore, scadenza_impegno=dt.date(2025, 6, 30))
    r = client_per(w.sindaco).get(api(w, "scadenze/"), {"data": "2025-07-01"})
    assert r.json()[0]["tipo"] == "impegno" and r.json()[0]["scaduta"] is True
