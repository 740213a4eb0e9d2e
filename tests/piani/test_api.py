"""The plan through the API: create, approve, objectives and projects in areas, indicators with targets,
values, closing; errors in the common shape; objects of another Ambito are 404."""

from __future__ import annotations

import pytest

from ambito.atti.models import TipoAtto
from ambito.tenancy import ambito_scope
from tests.piani import helpers as h

pytestmark = pytest.mark.django_db


def api(w, *parti) -> str:
    return "/".join([f"/api/v1/a/{w.ambito.slug}/piani", *map(str, parti)]) + "/"


def test_the_plan_is_written_and_monitored_through_the_api(mondo, client_per):
    w = mondo.a
    c = client_per(w.responsabile)
    creato = c.post(api(w), {"triennio": 2025, "titolo": "PdZ 2025–2027"}, content_type="application/json")
    assert creato.status_code == 201, creato.json()
    piano = creato.json()
    assert piano["stato"] == "bozza" and piano["periodo"] == "2025–2027"
    aree = {a["codice"]: a["id"] for a in c.get(api(w, piano["id"], "macroaree")).json()["results"]}
    assert len(aree) == 10

    salto = c.post(api(w, piano["id"], "stato"), {"stato": "vigente"}, content_type="application/json")
    assert salto.status_code == 409 and salto.json()["errore"]["codice"] == "transizione_non_ammessa"

    obiettivo = c.post(api(w, piano["id"], "obiettivi"), {
        "titolo": "Sostenere la domiciliarità", "macro_aree": [aree["D"], aree["E"]],
        "integrazione_sociosanitaria": True, "leps": "Dimissioni protette"}, content_type="application/json")
    assert obiettivo.status_code == 201, obiettivo.json()
    assert [a["codice"] for a in obiettivo.json()["macro_aree"]] == ["D", "E"]
    progetto = c.post(api(w, piano["id"], "progetti"), {
        "titolo": "Assistenza domiciliare integrata", "macro_aree": [aree["D"]],
        "obiettivi": [obiettivo.json()["id"]], "data_inizio": "2025-01-01", "data_fine": "2024-12-31"},
        content_type="application/json")
    assert progetto.status_code == 400
    assert progetto.json()["errore"]["campi"] == {"data_fine": ["La fine del progetto non può precedere l'inizio."]}
    progetto = c.post(api(w, piano["id"], "progetti"), {
        "titolo": "Assistenza domiciliare integrata", "macro_aree": [aree["D"]]}, content_type="application/json")
    assert progetto.status_code == 201
    pid = progetto.json()["id"]
    budget = c.post(api(w, "progetti", pid, "budget"), {"anno": 2025, "fonte": "FNPS", "importo": "1234.50"},
                    content_type="application/json")
    assert budget.status_code == 200 and budget.json()["importo"] == "1234.50"
    indicatore = c.post(api(w, "progetti", pid, "indicatori"), {
        "nome": "Ore erogate", "unita": "ore", "target": [{"anno": 2025, "valore": "1000"}]},
        content_type="application/json")
    assert indicatore.status_code == 201 and indicatore.json()["target"] == [{"anno": 2025, "valore": "1000.0000"}]
    periodo = c.post(api(w, piano["id"], "periodi"), {"anno": 2025}, content_type="application/json").json()
    valore = c.put(api(w, "periodi", periodo["id"], "indicatori", indicatore.json()["id"]), {"valore": "812.5"},
                   content_type="application/json")
    assert valore.status_code == 200 and valore.json()["valore"] == "812.5000"
    assert c.post(api(w, "periodi", periodo["id"], "chiudi")).json()["chiuso"] is True
    chiuso = c.put(api(w, "periodi", periodo["id"], "indicatori", indicatore.json()["id"]), {"valore": "1"},
                   content_type="application/json")
    assert chiuso.status_code == 409 and chiuso.json()["errore"]["codice"] == "periodo_chiuso"
    riaperto = c.post(api(w, "periodi", periodo["id"], "riapri"), {"motivo": ""}, content_type="application/json")
    assert riaperto.status_code == 400 and "motivo" in riaperto.json()["errore"]["campi"]
    spesa = c.get(api(w, piano["id"], "spesa-aree")).json()
    assert next(r for r in spesa if r["area"] == "D")["previsto"] == "1234.50"


def test_api_ids_of_another_ambito_or_plan_are_not_found(mondo, client_per):
    a, b = mondo.a, mondo.b
    with ambito_scope(b.ambito, actor=b.responsabile):
        piano_b = h.piano(b.ambito, b.responsabile)
        area_b = h.aree(piano_b, "A")[0]
        atto_b = h.atto(b.ambito, TipoAtto.DELIBERAZIONE_ASSEMBLEA)
    with ambito_scope(a.ambito, actor=a.responsabile):
        piano_a = h.piano(a.ambito, a.responsabile)
    c = client_per(a.responsabile)
    r = c.post(api(a, piano_a.pk, "obiettivi"), {"titolo": "X", "macro_aree": [area_b.pk]},
               content_type="application/json")
    assert r.status_code == 400 and "macro_aree" in r.json()["errore"]["campi"]
    r = c.post(api(a, piano_a.pk, "stato"), {"stato": "in_consultazione", "atto": atto_b.pk},
               content_type="application/json")
    assert r.status_code == 400 and "atto" in r.json()["errore"]["campi"]
    assert c.get(api(a, piano_b.pk)).status_code == 404


@pytest.mark.parametrize("corpo", [
    {"triennio": "duemila", "titolo": "x"}, {"triennio": 2025, "titolo": "x" * 300}, {"triennio": 1900},
    {"triennio": 2025, "titolo": "ok", "atto_linee_guida": "abc"}, [], {"triennio": None},
])
def test_bad_input_gets_a_structured_400_never_a_500(mondo, client_per, corpo):
    r = client_per(mondo.a.responsabile).post(api(mondo.a), corpo, content_type="application/json")
    assert r.status_code == 400 and r.json()["errore"]["codice"] == "validazione"


def test_the_api_is_in_the_openapi_schema(client_per, mondo):
    schema = client_per(mondo.a.responsabile).get("/api/schema/?format=json").json()
    percorsi = [p for p in schema["paths"] if "/piani/" in p]
    assert "/api/v1/a/{ambito_slug}/piani/{piano_pk}/stato/" in percorsi
    assert "/api/v1/a/{ambito_slug}/piani/periodi/{periodo_pk}/chiudi/" in percorsi
    assert len(percorsi) >= 15
