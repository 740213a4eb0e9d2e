"""Members API under /api/v1/a/<slug>/membri/: list, detail, invite, update, revoke, cancel."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ambito.accounts.models import Invito, Membro, Ruolo
from ambito.tenancy import ambito_scope
from tests.conftest import RUOLI_CHIAVE, crea_utente
from tests.membri.test_pagine import membro_pk, stato_membri

pytestmark = pytest.mark.django_db

BASE = "/api/v1/a/lodi/membri/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def scritture(mondo) -> dict[str, tuple[str, str, dict]]:
    a = mondo.a
    with ambito_scope(a.ambito):
        invito = Invito.objects.create(ambito=a.ambito, email="attesa@example.test", ruolo=Ruolo.OPERATORE,
                                       invitato_da=a.responsabile, scade_il="2099-01-01T00:00Z")
    operatore = membro_pk(a, a.operatore)
    return {
        "invita": ("post", f"{BASE}inviti/", {"email": "x@example.test", "ruolo": "operatore"}),
        "modifica": ("patch", f"{BASE}{operatore}/", {"ruolo": "responsabile"}),
        "revoca": ("post", f"{BASE}{operatore}/revoca/", {}),
        "annulla_invito": ("post", f"{BASE}inviti/{invito.pk}/annulla/", {}),
    }


def test_staff_list_the_members_with_role_comuni_and_ente(mondo):
    response = api(mondo.a.operatore).get(BASE)
    assert response.status_code == 200
    dati = response.json()
    assert dati["count"] == 6
    per_email = {m["utente"]["email"]: m for m in dati["results"]}
    assert set(per_email) == {f"{k}@lodi.test" for k in RUOLI_CHIAVE}
    assistente = per_email["assistente_1@lodi.test"]
    assert assistente["ruolo"] == "assistente_sociale"
    assert assistente["ruolo_descrizione"] == "Assistente sociale"
    assert [c["denominazione"] for c in assistente["comuni"]] == ["Lodi"]
    assert per_email["partner@lodi.test"]["ente"]["denominazione"] == "ASST Lodi"


def test_the_list_costs_the_same_number_of_queries_with_more_members(mondo):
    client = api(mondo.a.responsabile)
    client.get(BASE)  # warm-up (content types, sessions)
    with CaptureQueriesContext(connection) as prima:
        client.get(BASE)
    for n in range(5):
        user = crea_utente(f"extra{n}@lodi.test", "Extra", str(n))
        with ambito_scope(mondo.a.ambito):
            m = Membro.objects.create(ambito=mondo.a.ambito, utente=user, ruolo=Ruolo.ASSISTENTE_SOCIALE)
            m.comuni.set(mondo.a.comuni[:2])
    with CaptureQueriesContext(connection) as dopo:
        assert client.get(BASE).json()["count"] == 11
    assert len(dopo) == len(prima)


def test_the_detail_of_a_member(mondo):
    pk = membro_pk(mondo.a, mondo.a.sindaco)
    response = api(mondo.a.responsabile).get(f"{BASE}{pk}/")
    assert response.status_code == 200
    assert response.json()["ruolo"] == "assemblea"
    assert response.json()["comuni"][0]["codice_istat"] == "098031"


def test_the_responsabile_invites_through_the_api(mondo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(mondo.a.responsabile).post(f"{BASE}inviti/", {
            "email": "coop@example.test", "ruolo": "partner", "ente": mondo.a.asst.pk}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["ente"]["id"] == mondo.a.asst.pk
    assert response.json()["valido"] is True
    assert mail.outbox[0].to == ["coop@example.test"]
    elenco = api(mondo.a.operatore).get(f"{BASE}inviti/").json()
    assert [i["email"] for i in elenco["results"]] == ["coop@example.test"]


def test_a_rule_violation_comes_out_in_the_common_error_shape(mondo):
    response = api(mondo.a.responsabile).post(f"{BASE}inviti/", {
        "email": "x@example.test", "ruolo": "assistente_sociale", "comuni": [mondo.b.comuni[0].pk]}, format="json")
    assert response.status_code == 400
    errore = response.json()["errore"]
    assert errore["codice"] == "regola_violata"
    assert "Sesto San Giovanni" in errore["messaggio"]
    assert "comuni" in errore["campi"]


def test_the_responsabile_changes_only_the_fields_sent(mondo):
    pk = membro_pk(mondo.a, mondo.a.assistente_1)
    response = api(mondo.a.responsabile).patch(f"{BASE}{pk}/", {"comuni": [c.pk for c in mondo.a.comuni[:3]]},
                                               format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["ruolo"] == "assistente_sociale"
    assert len(response.json()["comuni"]) == 3


def test_revocation_through_the_api_is_effective_on_the_next_request(mondo):
    pk = membro_pk(mondo.a, mondo.a.operatore)
    operatore = APIClient()
    operatore.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=mondo.a.operatore).key}")
    assert operatore.get(BASE).status_code == 200
    assert api(mondo.a.responsabile).post(f"{BASE}{pk}/revoca/").status_code == 204
    assert operatore.get(BASE).status_code == 404


def test_the_last_responsabile_is_protected_in_the_api_too(mondo):
    pk = membro_pk(mondo.a, mondo.a.responsabile)
    client = api(mondo.a.responsabile)
    prima = stato_membri()
    response = client.post(f"{BASE}{pk}/revoca/")
    assert response.status_code == 400
    assert response.json()["errore"]["codice"] == "ultimo_responsabile"
    response = client.patch(f"{BASE}{pk}/", {"ruolo": "operatore"}, format="json")
    assert response.status_code == 400
    assert stato_membri() == prima


@pytest.mark.parametrize("chiave", RUOLI_CHIAVE)
def test_who_may_read_the_members_api(mondo, chiave):
    atteso = 200 if chiave in ("responsabile", "operatore") else 403
    assert api(mondo.a.utente(chiave)).get(BASE).status_code == atteso
    assert api(mondo.a.utente(chiave)).get(f"{BASE}inviti/").status_code == atteso


@pytest.mark.parametrize("chiave", [c for c in RUOLI_CHIAVE if c != "responsabile"])
@pytest.mark.parametrize("azione", ["invita", "modifica", "revoca", "annulla_invito"])
def test_only_the_responsabile_writes_through_the_api(mondo, chiave, azione):
    metodo, percorso, dati = scritture(mondo)[azione]
    prima = stato_membri()
    response = getattr(api(mondo.a.utente(chiave)), metodo)(percorso, dati, format="json")
    assert response.status_code == 403
    assert response.json()["errore"]["codice"] == "permesso_negato"
    assert stato_membri() == prima


@pytest.mark.parametrize("azione", ["invita", "modifica", "revoca", "annulla_invito"])
def test_another_ambito_gets_404_from_the_api_and_nothing_changes(mondo, azione):
    metodo, percorso, dati = scritture(mondo)[azione]
    prima = stato_membri()
    client = api(mondo.b.responsabile)
    assert getattr(client, metodo)(percorso, dati, format="json").status_code == 404
    if azione != "invita":
        propria = percorso.replace("/a/lodi/", "/a/sesto/")
        assert getattr(client, metodo)(propria, dati, format="json").status_code == 404
    assert stato_membri() == prima


def test_anonymous_requests_are_refused(mondo):
    assert APIClient().get(BASE).status_code in (401, 403)


def test_every_members_operation_is_described_in_the_schema(mondo):
    schema = APIClient().get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = json.loads(schema.content)["paths"]
    operazioni = {op["operationId"]: op for p, ops in paths.items() if "/membri/" in p for op in ops.values()
                  if isinstance(op, dict) and "operationId" in op}
    assert set(operazioni) == {"membri_list", "membri_retrieve", "membri_update", "membri_revoke", "inviti_list",
                               "inviti_create", "inviti_cancel"}
    assert all(op.get("summary") for op in operazioni.values())
