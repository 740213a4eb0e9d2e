"""Territory API: /api/v1/a/<slug>/territorio/ — role matrix, isolation, one error shape."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from ambito.tenancy.models import Ambito, RegolaVoto
from ambito.territorio.models import Ente, TipoEnte
from tests.conftest import RUOLI_CHIAVE, Mondo

pytestmark = pytest.mark.django_db

NON_STAFF = ["assistente_1", "assistente_2", "sindaco", "partner"]


def api(mondo_ambito, resto: str) -> str:
    return f"/api/v1/a/{mondo_ambito.ambito.slug}/territorio/{resto}"


def enti_e_ambiti() -> tuple:
    with scopes_disabled():
        return list(Ente.objects.order_by("pk").values()), list(Ambito.objects.order_by("pk").values())


@pytest.mark.parametrize("chiave", RUOLI_CHIAVE)
def test_every_member_lists_the_comuni_of_the_ambito(mondo: Mondo, client_per, chiave):
    response = client_per(mondo.a.utente(chiave)).get(api(mondo.a, "comuni/"))
    assert response.status_code == 200
    comuni = {r["comune"]["codice_istat"]: r for r in response.json()["results"]}
    assert set(comuni) == {"098031", "098019", "098010", "015191"}
    assert comuni["015191"]["comune"]["sigla_provincia"] == "MI"
    assert comuni["098031"]["comune"]["popolazione"] == 46053


def test_comuni_are_listed_at_a_date_and_a_bad_date_is_a_400_in_the_common_shape(mondo: Mondo, client_per):
    client = client_per(mondo.a.operatore)
    assert client.get(api(mondo.a, "comuni/"), {"data": "2019-12-31"}).json()["count"] == 0
    errore = client.get(api(mondo.a, "comuni/"), {"data": "31/12/2019"})
    assert errore.status_code == 400
    assert errore.json()["errore"]["campi"] == {"data": ["Data non valida: usare il formato AAAA-MM-GG."]}


def test_another_ambitos_users_and_outsiders_get_404(mondo: Mondo, client_per):
    for utente in (mondo.b.responsabile, mondo.estraneo):
        for risorsa in ("comuni/", "enti/", "impostazioni/", f"enti/{mondo.a.asst.pk}/"):
            assert client_per(utente).get(api(mondo.a, risorsa)).status_code == 404


def test_staff_register_an_ente_and_get_field_errors_in_the_common_shape(mondo: Mondo, client_per):
    client = client_per(mondo.a.operatore)
    prima = enti_e_ambiti()
    errore = client.post(api(mondo.a, "enti/"), {"tipo": "ets", "denominazione": "APS Insieme",
                                                 "codice_fiscale": "90000010019"}, content_type="application/json")
    assert errore.status_code == 400
    assert errore.json()["errore"]["codice"] == "regola_violata"
    assert "codice_fiscale" in errore.json()["errore"]["campi"]
    assert enti_e_ambiti() == prima

    creato = client.post(api(mondo.a, "enti/"), {"tipo": "ets", "denominazione": "APS Insieme",
                                                 "codice_fiscale": "90000010018", "pec": "aps@pec.example.it"},
                         content_type="application/json")
    assert creato.status_code == 201
    assert creato.json()["registrato_da_questo_ambito"] is True
    elenco = client.get(api(mondo.a, "enti/"), {"q": "insieme"}).json()
    assert [e["denominazione"] for e in elenco["results"]] == ["APS Insieme"]
    assert client_per(mondo.b.operatore).get(api(mondo.b, "enti/"), {"q": "insieme"}).json()["count"] == 0


def test_a_comune_ente_must_be_a_comune_of_the_ambito(mondo: Mondo, client_per):
    risposta = client_per(mondo.a.operatore).post(api(mondo.a, "enti/"), {
        "tipo": "comune", "denominazione": "Comune di Sesto", "comune": mondo.b.comuni[0].pk},
        content_type="application/json")
    assert risposta.status_code == 400
    assert "comune" in risposta.json()["errore"]["campi"]


@pytest.mark.parametrize("chiave", NON_STAFF)
def test_roles_outside_the_ufficio_di_piano_cannot_write_enti(mondo: Mondo, client_per, chiave):
    client = client_per(mondo.a.utente(chiave))
    nostra = Ente.objects.create(tipo=TipoEnte.ETS, denominazione="ETS", registrato_da=mondo.a.ambito)
    prima = enti_e_ambiti()
    assert client.post(api(mondo.a, "enti/"), {"tipo": "ets", "denominazione": "X"},
                       content_type="application/json").status_code == 403
    assert client.patch(api(mondo.a, f"enti/{nostra.pk}/"), {"denominazione": "Y"},
                        content_type="application/json").status_code == 403
    assert enti_e_ambiti() == prima


def test_an_ente_is_edited_only_by_the_ambito_that_registered_it(mondo: Mondo, client_per):
    nostra = Ente.objects.create(tipo=TipoEnte.ETS, denominazione="ETS", registrato_da=mondo.a.ambito)
    loro = Ente.objects.create(tipo=TipoEnte.ETS, denominazione="ETS Sesto", registrato_da=mondo.b.ambito)
    client = client_per(mondo.a.operatore)
    prima = enti_e_ambiti()
    vietato = client.patch(api(mondo.a, f"enti/{mondo.a.asst.pk}/"), {"denominazione": "ASST"},
                           content_type="application/json")
    assert vietato.status_code == 403 and vietato.json()["errore"]["codice"] == "permesso_negato"
    assert client.patch(api(mondo.a, f"enti/{loro.pk}/"), {"denominazione": "Z"},
                        content_type="application/json").status_code == 404
    assert enti_e_ambiti() == prima
    ok = client.patch(api(mondo.a, f"enti/{nostra.pk}/"), {"legale_rappresentante": "Maria Bianchi"},
                      content_type="application/json")
    assert ok.status_code == 200 and ok.json()["legale_rappresentante"] == "Maria Bianchi"
    assert ok.json()["denominazione"] == "ETS"


@pytest.mark.parametrize("chiave", RUOLI_CHIAVE)
def test_every_member_reads_the_settings(mondo: Mondo, client_per, chiave):
    response = client_per(mondo.a.utente(chiave)).get(api(mondo.a, "impostazioni/"))
    assert response.status_code == 200
    assert response.json()["regola_voto"] == RegolaVoto.MAGGIORANZA_SEMPLICE


def test_the_responsabile_changes_the_settings_through_the_api(mondo: Mondo, client_per):
    client = client_per(mondo.a.responsabile)
    ok = client.patch(api(mondo.a, "impostazioni/"), {"regola_voto": "ponderato_popolazione",
                                                      "mese_inizio_esercizio": 7}, content_type="application/json")
    assert ok.status_code == 200
    mondo.a.ambito.refresh_from_db()
    assert (mondo.a.ambito.regola_voto, mondo.a.ambito.mese_inizio_esercizio) == ("ponderato_popolazione", 7)
    prima = enti_e_ambiti()
    errore = client.patch(api(mondo.a, "impostazioni/"), {"mese_inizio_esercizio": 13},
                          content_type="application/json")
    assert errore.status_code == 400 and "mese_inizio_esercizio" in errore.json()["errore"]["campi"]
    assert enti_e_ambiti() == prima


@pytest.mark.parametrize("chiave", ["operatore", *NON_STAFF])
def test_only_the_responsabile_changes_the_settings(mondo: Mondo, client_per, chiave):
    prima = enti_e_ambiti()
    response = client_per(mondo.a.utente(chiave)).patch(api(mondo.a, "impostazioni/"), {"regola_voto": "unanimita"},
                                                        content_type="application/json")
    assert response.status_code == 403
    assert enti_e_ambiti() == prima


def test_every_territory_operation_is_described_in_the_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operazioni = {op["operationId"] for percorso, metodi in schema["paths"].items() if "/territorio/" in percorso
                  for op in metodi.values() if isinstance(op, dict) and "operationId" in op}
    assert operazioni == {"territorio_comuni_list", "territorio_enti_list", "territorio_enti_create",
                          "territorio_enti_retrieve", "territorio_enti_update", "territorio_impostazioni_retrieve",
                          "territorio_impostazioni_update"}
