"""The collegial bodies API: read bodies and sessions, record attendance and votes, close a vote."""

from __future__ import annotations

import pytest

from ambito.atti.models import Atto
from ambito.organi.models import Voto
from ambito.tenancy import ambito_scope
from ambito.tenancy.models import RegolaVoto
from tests.governance.helpers import crea_assemblea

pytestmark = pytest.mark.django_db
API = "/api/v1/a/lodi/organi/"


def post(c, url, dati=None):
    return c.post(url, dati or {}, content_type="application/json")


def test_the_mayor_reads_bodies_members_rule_and_sessions(mondo, client_per):
    mondo.a.ambito.regola_voto = RegolaVoto.DOPPIA_MAGGIORANZA
    mondo.a.ambito.save()
    a = crea_assemblea(mondo.a)
    c = client_per(mondo.a.sindaco)
    assert [o["nome"] for o in c.get(API).json()["results"]] == ["Assemblea dei Sindaci"]
    organo = c.get(f"{API}{a.organo.pk}/").json()
    assert organo["regola_di_voto"]["regola"] == "doppia_maggioranza"
    assert {x["comune"]["denominazione"] for x in organo["componenti"]} == {c.denominazione for c in mondo.a.comuni}
    assert c.get(f"{API}{a.organo.pk}/sedute/").json()["results"][0]["id"] == a.seduta.pk
    seduta = c.get(f"{API}sedute/{a.seduta.pk}/").json()
    assert sorted(seduta["presenti"]) == sorted(s.pk for s in a.sindaci.values())
    assert seduta["punti"][0]["esito"] == "da_votare"


def test_votes_and_closing_through_the_api_produce_the_act(mondo, client_per):
    mondo.a.ambito.regola_voto = RegolaVoto.PONDERATO_POPOLAZIONE
    mondo.a.ambito.save()
    a = crea_assemblea(mondo.a)
    c = client_per(mondo.a.operatore)
    voti = [{"componente": a.sindaci["Lodi"].pk, "valore": "favorevole"},
            {"componente": a.sindaci["Codogno"].pk, "valore": "contrario"},
            {"componente": a.sindaci["Casalpusterlengo"].pk, "valore": "contrario"},
            {"componente": a.sindaci["San Colombano al Lambro"].pk, "valore": "contrario"}]
    r = post(c, f"{API}punti/{a.punto.pk}/voti/", {"voti": voti})
    assert r.status_code == 200 and len(r.json()["voti"]) == 4
    r = post(c, f"{API}punti/{a.punto.pk}/chiudi/")
    assert r.status_code == 200
    punto = r.json()
    assert punto["esito"] == "approvato"  # 46,053 against 38,940
    assert punto["dettaglio_esito"]["favorevoli"]["peso"] == "46053"
    with ambito_scope(mondo.a.ambito):
        assert Atto.objects.get().pk == punto["atto"]


def test_one_refused_vote_records_none_of_the_batch(mondo, client_per):
    a = crea_assemblea(mondo.a, presenti=["Lodi"])
    r = post(client_per(mondo.a.operatore), f"{API}punti/{a.punto.pk}/voti/", {"voti": [
        {"componente": a.sindaci["Lodi"].pk, "valore": "favorevole"},
        {"componente": a.sindaci["Codogno"].pk, "valore": "favorevole"}]})
    assert r.status_code == 400 and "non risulta presente" in r.json()["errore"]["messaggio"]
    with ambito_scope(mondo.a.ambito):
        assert not Voto.objects.exists()


def test_a_member_of_another_ambito_is_not_found_in_input(mondo, client_per):
    a = crea_assemblea(mondo.a)
    b = crea_assemblea(mondo.b)
    r = post(client_per(mondo.a.operatore), f"{API}punti/{a.punto.pk}/voti/", {"voti": [
        {"componente": b.sindaci["Sesto San Giovanni"].pk, "valore": "favorevole"}]})
    assert r.status_code == 400 and "voti" in r.json()["errore"]["campi"]


def test_attendance_through_the_api(mondo, client_per):
    a = crea_assemblea(mondo.a, presenti=["Lodi"])
    r = post(client_per(mondo.a.operatore), f"{API}sedute/{a.seduta.pk}/presenze/",
             {"presenti": [a.sindaci["Codogno"].pk, a.sindaci["Lodi"].pk]})
    assert r.status_code == 200
    assert sorted(r.json()["presenti"]) == sorted([a.sindaci["Codogno"].pk, a.sindaci["Lodi"].pk])


def test_the_mayor_can_neither_vote_nor_close(mondo, client_per):
    a = crea_assemblea(mondo.a)
    c = client_per(mondo.a.sindaco)
    assert post(c, f"{API}punti/{a.punto.pk}/voti/", {"voti": [
        {"componente": a.sindaci["Lodi"].pk, "valore": "favorevole"}]}).status_code == 403
    assert post(c, f"{API}punti/{a.punto.pk}/chiudi/").status_code == 403
    with ambito_scope(mondo.a.ambito):
        assert not Voto.objects.exists()
        a.punto.refresh_from_db()
        assert a.punto.esito == "da_votare"
