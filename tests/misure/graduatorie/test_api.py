"""The graduatorie API: compute, read rows, simulate (and list), promote, provisional approval, definitive request
decided through the core approvals API, scorrimenti (create and list), publication files and the internal
export; bad input answers 400 in the common shape and writes nothing; another Ambito's graduatoria is 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ambito.tenancy import ambito_scope
from misure.models import Graduatoria, SimulazioneGraduatoria
from tests.fondi import helpers as fondi
from tests.misure.graduatorie.helpers import bando_con_quota, domanda_valutata

pytestmark = pytest.mark.django_db


def u(w, nome, **kw):
    return reverse(f"misure_api:{nome}", kwargs={"ambito_slug": w.ambito.slug, **kw})


def test_flusso_api(mondo, client_per):
    w = mondo.a
    with ambito_scope(w.ambito):
        prova = bando_con_quota(w.ambito, importo="3600.00")
        for i in range(3):
            domanda_valutata(w.ambito, prova, w.comuni[i % 2], punti={"isee": 10 + i})
        atto, atto_definitiva = fondi.atto(w.ambito), fondi.atto(w.ambito)
    c = client_per(w.operatore)
    r = c.post(u(w, "graduatorie", bando_pk=prova.bando.pk), {"budget": "abc"}, content_type="application/json")
    assert r.status_code == 400 and "budget" in str(r.json())
    r = c.post(u(w, "graduatorie", bando_pk=prova.bando.pk), {"budget": "2400"}, content_type="application/json")
    assert r.status_code == 201, r.content
    dati = r.json()
    assert dati["finanziato"] == "2400.00" and [p["posizione"] for p in dati["posizioni"]] == [1, 2, 3]
    assert dati["posizioni"][0]["punti"] == {"isee": "12.00"} and dati["posizioni"][0]["esito"] == "finanziata"
    gid = dati["id"]
    r = c.post(u(w, "graduatoria_simulazioni", graduatoria_pk=gid), {"nome": "x", "pesi": {"isee": "-1"}},
               content_type="application/json")
    assert r.status_code == 400
    r = c.post(u(w, "graduatoria_simulazioni", graduatoria_pk=gid), {"nome": "Tutti", "budget": "3600"},
               content_type="application/json")
    assert r.status_code == 201 and len(r.json()["risultato"]["entrano"]) == 1
    r = c.post(u(w, "simulazione_promuovi", graduatoria_pk=gid, simulazione_pk=r.json()["id"]))
    assert r.status_code == 200 and r.json()["finanziato"] == "3600.00"
    r = c.post(u(w, "graduatoria_provvisoria", graduatoria_pk=gid), {"atto": atto.pk},
               content_type="application/json")
    assert r.status_code == 200 and r.json()["stato"] == "provvisoria"
    r = c.post(u(w, "graduatoria_simulazioni", graduatoria_pk=gid), {"nome": "tardi"},
               content_type="application/json")
    assert r.status_code == 409
    r = c.post(u(w, "graduatoria_definitiva", graduatoria_pk=gid), {"atto": atto_definitiva.pk},
               content_type="application/json")
    assert r.status_code == 202 and r.json()["graduatoria"]["stato"] == "provvisoria"
    richiesta = r.json()["richiesta"]
    with ambito_scope(w.ambito):
        assert SimulazioneGraduatoria.objects.filter(graduatoria_id=gid).count() == 1
        assert Graduatoria.objects.get(pk=gid).stato == "provvisoria"  # waits for the second person
    assert [s["nome"] for s in c.get(u(w, "graduatoria_simulazioni", graduatoria_pk=gid)).json()] == ["Tutti"]
    assert c.post(f"/api/v1/a/{w.ambito.slug}/approvazioni/{richiesta}/approva/").status_code == 403  # no right
    r = client_per(w.responsabile).post(f"/api/v1/a/{w.ambito.slug}/approvazioni/{richiesta}/approva/")
    assert r.status_code == 200, r.content
    assert c.get(u(w, "graduatoria", graduatoria_pk=gid)).json()["stato"] == "definitiva"
    r = c.post(u(w, "graduatoria_scorrimento", graduatoria_pk=gid), {"atto": atto.pk, "somma": "0"},
               content_type="application/json")
    assert r.status_code == 201 and r.json()["atto"] == atto.pk
    assert [s["id"] for s in c.get(u(w, "graduatoria_scorrimento", graduatoria_pk=gid)).json()] == [r.json()["id"]]
    csv = c.get(u(w, "graduatoria_pubblicazione", graduatoria_pk=gid, formato="csv"))
    assert csv.status_code == 200 and "Budget;3600,00" in csv.content.decode("utf-8-sig")
    assert c.get(u(w, "graduatoria_pubblicazione", graduatoria_pk=gid, formato="xls")).status_code == 404
    interna = c.get(u(w, "graduatoria_esportazione_interna", graduatoria_pk=gid)).content.decode("utf-8-sig")
    assert "Codice fiscale" in interna and "Cognome" in interna
    b = client_per(mondo.b.operatore)
    assert b.get(reverse("misure_api:graduatoria", kwargs={"ambito_slug": mondo.b.ambito.slug,
                                                           "graduatoria_pk": gid})).status_code == 404
    assert client_per(w.assistente_1).get(u(w, "graduatoria", graduatoria_pk=gid)).status_code == 403


def test_configurazione_via_api(mondo, client_per):
    w = mondo.a
    with ambito_scope(w.ambito):
        prova = bando_con_quota(w.ambito)
    c = client_per(w.operatore)
    percorso = u(w, "graduatorie_configurazione", bando_pk=prova.bando.pk)
    base = {"graduatoria_per": "strumento", "politica_finanziamento": "ordine", "giorni_pubblicazione": 30}
    r = c.put(percorso, {**base, "strumenti": [{"strumento": prova.caregiver.pk, "residui_verso": 999999}]},
              content_type="application/json")
    assert r.status_code == 400 and "strumenti" in str(r.json())
    r = c.put(percorso, {**base, "strumenti": [{"strumento": prova.caregiver.pk, "budget": "1000.00",
                                                 "residui_verso": prova.assistente.pk}]},
              content_type="application/json")
    assert r.status_code == 200 and r.json()["graduatoria_per"] == "strumento"
    with ambito_scope(w.ambito):
        prova.caregiver.refresh_from_db()
        assert prova.caregiver.residui_verso_id == prova.assistente.pk
