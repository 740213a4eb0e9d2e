"""The bandi API: the same rules as the pages, errors per path for invalid rules, drafts for managers only."""

from __future__ import annotations

import pytest

from ambito.tenancy import ambito_scope
from misure.models import Bando, EdizioneMisura, StatoBando
from tests.misure.bandi.helpers import bando_b2, delibera, edizione_b2

pytestmark = pytest.mark.django_db


def api(w, resto: str) -> str:
    return f"/api/v1/a/{w.ambito.slug}/misure/{resto}"


def test_ciclo_di_un_bando_via_api(mondo, client_per) -> None:
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        edizione = edizione_b2(w.ambito, w.responsabile)
        caregiver = edizione.strumenti.get(codice="caregiver")
        atto = delibera(w.ambito)
    c = client_per(w.operatore)
    r = c.post(api(w, "bandi/"), {"edizione": edizione.pk, "titolo": "Avviso API", "modalita": "sportello"},
               content_type="application/json")
    assert r.status_code == 201, r.json()
    bando = r.json()
    assert bando["stato"] == "bozza" and bando["versioni_regole"][0]["numero"] == 1
    pk = bando["id"]
    r = c.post(api(w, f"bandi/{pk}/strumenti/"), {"strumento": caregiver.pk, "mesi": 12},
               content_type="application/json")
    assert r.status_code == 201 and r.json()["strumento"]["importo_mensile"] == "100.00"
    r = c.post(api(w, f"bandi/{pk}/documenti/"), {"codice": "isee", "descrizione": "ISEE"},
               content_type="application/json")
    assert r.status_code == 201
    assert c.delete(api(w, f"bandi/{pk}/documenti/{r.json()['id']}/")).status_code == 204
    assert c.post(api(w, f"bandi/{pk}/documenti/"), {"codice": "isee", "descrizione": "ISEE"},
                  content_type="application/json").status_code == 201

    sbagliate = {"punteggio": {"isee": {"fasce": [{"da": 0, "a": 100, "punti": 1}, {"da": 50, "punti": 2}]}}}
    r = c.post(api(w, f"bandi/{pk}/regole/verifica/"), sbagliate, content_type="application/json")
    assert r.status_code == 200 and r.json()["valide"] is False
    assert r.json()["errori"][0]["percorso"] == "punteggio.isee.fasce[1]"
    r = c.put(api(w, f"bandi/{pk}/regole/"), sbagliate, content_type="application/json")
    assert r.status_code == 400 and r.json()["errore"]["codice"] == "regole_non_valide"
    assert "si sovrappongono" in r.json()["errore"]["campi"]["punteggio.isee.fasce[1]"][0]
    r = c.put(api(w, f"bandi/{pk}/regole/"), {"punteggio": {"parita": ["protocollo_crescente"]}},
              content_type="application/json")
    assert r.status_code == 200 and r.json()["punteggio"] == {"parita": ["protocollo_crescente"]}

    r = c.post(api(w, f"bandi/{pk}/pubblica/"), {}, content_type="application/json")
    assert r.status_code == 400 and r.json()["errore"]["campi"]["atto"]
    r = c.post(api(w, f"bandi/{pk}/pubblica/"), {"atto": atto.pk}, content_type="application/json")
    assert r.status_code == 200 and r.json()["stato"] == "pubblicato"
    r = c.put(api(w, f"bandi/{pk}/regole/"), {"punteggio": {}}, content_type="application/json")
    assert r.status_code == 400 and r.json()["errore"]["codice"] == "regole_congelate"
    offerto = c.get(api(w, f"bandi/{pk}/")).json()["strumenti"][0]["id"]
    r = c.delete(api(w, f"bandi/{pk}/strumenti/{offerto}/"))
    assert r.status_code == 400 and r.json()["errore"]["codice"] == "bando_non_bozza"
    r = c.post(api(w, f"bandi/{pk}/pubblica/"), {"atto": atto.pk}, content_type="application/json")
    assert r.status_code == 409
    assert c.post(api(w, f"bandi/{pk}/regole/nuova-versione/")).status_code == 201
    assert c.put(api(w, f"bandi/{pk}/regole/"), {"punteggio": {}}, content_type="application/json").status_code == 200
    r = c.post(api(w, f"bandi/{pk}/regole/approva/"), {"atto": atto.pk}, content_type="application/json")
    assert r.status_code == 200 and r.json()["numero"] == 2 and r.json()["congelata"] is True
    assert c.get(api(w, f"bandi/{pk}/regole/")).json()["numero"] == 2
    r = c.patch(api(w, f"bandi/{pk}/"), {"giorni_per_decidere": 5}, content_type="application/json")
    assert r.status_code == 400
    assert c.post(api(w, f"bandi/{pk}/chiudi/")).json()["stato"] == "chiuso"


def test_input_non_valido_non_e_mai_un_errore_del_server(mondo, client_per) -> None:
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        bando = bando_b2(w.ambito, w.responsabile)
    c = client_per(w.responsabile)
    for corpo in ([], "x", {"ammissibilita": "non json"}, {"ammissibilita": {"isee": {"classi": [None]}}},
                  {"incompatibilita": {"regole": [{"codice": 1}]}}):
        r = c.post(api(w, f"bandi/{bando.pk}/regole/verifica/"), corpo, content_type="application/json")
        assert r.status_code in (200, 400), (corpo, r.status_code)
    nullo = {"ammissibilita": {"condizioni": [{"codice": "a", "descrizione": "x\u0000"}]}}
    r = c.put(api(w, f"bandi/{bando.pk}/regole/"), nullo, content_type="application/json")
    assert r.status_code == 400 and r.json()["errore"]["codice"] == "regole_non_valide"
    for corpo in ({"edizione": 999999, "titolo": "X"}, {"edizione": "a"}, {"titolo": "x" * 300}):
        r = c.post(api(w, "bandi/"), corpo, content_type="application/json")
        assert r.status_code == 400 and r.json()["errore"]["codice"] == "validazione"


def test_un_id_di_un_altro_ambito_nel_corpo_non_e_trovato(mondo, client_per) -> None:
    with ambito_scope(mondo.b.ambito, actor=mondo.b.responsabile):
        edizione_b = edizione_b2(mondo.b.ambito, mondo.b.responsabile)
    w = mondo.a
    r = client_per(w.responsabile).post(api(w, "bandi/"), {"edizione": edizione_b.pk, "titolo": "Furbo"},
                                        content_type="application/json")
    assert r.status_code == 400 and "edizione" in r.json()["errore"]["campi"]
    with ambito_scope(w.ambito):
        assert not Bando.objects.filter(titolo="Furbo").exists()
        assert not EdizioneMisura.objects.filter(ambito=w.ambito).exists()


def test_assistente_vede_solo_i_pubblicati_e_non_scrive(mondo, client_per) -> None:
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        bozza = bando_b2(w.ambito, w.responsabile, titolo="Bozza")
        pubblicato = bando_b2(w.ambito, w.responsabile, titolo="Pubblicato", pubblica=True)
    c = client_per(w.assistente_1)
    elenco = c.get(api(w, "bandi/")).json()
    assert [b["titolo"] for b in elenco["results"]] == ["Pubblicato"]
    assert c.get(api(w, f"bandi/{bozza.pk}/")).status_code == 404
    assert c.get(api(w, f"bandi/{pubblicato.pk}/")).json()["strumenti"]
    assert c.post(api(w, f"bandi/{pubblicato.pk}/chiudi/")).status_code == 403
    with ambito_scope(w.ambito):
        assert Bando.objects.get(pk=pubblicato.pk).stato == StatoBando.PUBBLICATO
    assert {m["codice"] for m in c.get(api(w, "misure/")).json()} >= {"b1", "b2"}


def test_misura_con_edizioni_e_strumenti(mondo, client_per) -> None:
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        misura = edizione_b2(w.ambito, w.responsabile).misura
    dati = client_per(w.sindaco).get(api(w, f"misure/{misura.pk}/")).json()
    edizione = dati["edizioni"][0]
    assert edizione["atto_regionale"] == "DGR XII/3719 del 30/12/2024"
    assert {s["codice"]: s["importo_mensile"] for s in edizione["strumenti"]}["caregiver"] == "100.00"


def test_misure_edizioni_strumenti_e_budget_via_api(mondo, client_per) -> None:
    from tests.fondi.helpers import assegnazione

    w = mondo.a
    c = client_per(w.operatore)
    r = c.post(api(w, "misure/"), {"codice": "sollievo", "nome": "Ricoveri di sollievo"},
               content_type="application/json")
    assert r.status_code == 201, r.json()
    misura = r.json()["id"]
    assert c.post(api(w, "misure/"), {"codice": "sollievo", "nome": "Doppia"},
                  content_type="application/json").json()["errore"]["campi"]["codice"]
    assert c.patch(api(w, f"misure/{misura}/"), {"anni_conservazione": 7},
                   content_type="application/json").json()["anni_conservazione"] == 7
    corpo = {"titolo": "Sollievo 2025", "annualita": 2025, "esercizio": 2025,
             "regole_ammissibilita": {"eta": {"min": "sessanta"}}}
    r = c.post(api(w, f"misure/{misura}/edizioni/"), corpo, content_type="application/json")
    assert r.status_code == 400 and "ammissibilita.eta.min" in r.json()["errore"]["campi"]
    corpo["regole_ammissibilita"] = {"eta": {"min": 60}}
    r = c.post(api(w, f"misure/{misura}/edizioni/"), corpo, content_type="application/json")
    assert r.status_code == 201
    edizione = r.json()["id"]
    assert c.patch(api(w, f"edizioni/{edizione}/"), {"valida_dal": "2025-12-31", "valida_al": "2025-01-01"},
                   content_type="application/json").status_code == 400
    r = c.post(api(w, f"edizioni/{edizione}/strumenti/"), {"codice": "giorno", "nome": "Contributo giornaliero",
                                                           "importo_mensile": "300.00"},
               content_type="application/json")
    assert r.status_code == 201
    r = c.patch(api(w, f"strumenti/{r.json()['id']}/"), {"fasce_importo": [{"da": 0, "importo": "x"}]},
                content_type="application/json")
    assert r.status_code == 400 and "fasce_importo" in r.json()["errore"]["campi"]

    with ambito_scope(w.ambito, actor=w.responsabile):
        bando = bando_b2(w.ambito, w.responsabile)
        fna = assegnazione(w.ambito, w.responsabile, importo="1000.00")
        atto = delibera(w.ambito)
    corpo = {"assegnazione": fna.pk, "importo": "400.00", "data_contabile": "2025-05-25", "atto": atto.pk}
    r = c.post(api(w, f"bandi/{bando.pk}/budget/"), corpo, content_type="application/json")
    assert r.status_code == 201 and r.json()["allocato"] == "400.00"
    r = c.post(api(w, f"bandi/{bando.pk}/budget/"), {**corpo, "importo": "600.01"}, content_type="application/json")
    assert r.status_code in (400, 409)
    assert [q["allocato"] for q in c.get(api(w, f"bandi/{bando.pk}/budget/")).json()] == ["400.00"]
    assert client_per(w.assistente_1).get(api(w, f"bandi/{bando.pk}/budget/")).status_code == 403
