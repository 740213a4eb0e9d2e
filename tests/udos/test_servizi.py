"""Offers that file no CPE: accredited services without a building (home care, school educational assistance)
with their providers, and experimental units outside the catalogue with their authorising act."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from tests.fondi.helpers import atto
from tests.udos import helpers
from udos import selectors, services
from udos.models import StatoUnita

pytestmark = pytest.mark.django_db
AVVIO = dt.date(2025, 1, 7)


def sad(w, **kwargs):
    return services.servizio_create(ambito=w.ambito, actor=w.operatore, tipologia=helpers.tipologia("SAD_ANZIANI"),
                                    denominazione=kwargs.pop("denominazione", "SAD anziani — Coop A"),
                                    ente_gestore=helpers.ente_di(w), comune=w.comuni[0], indirizzo="Via Milano 3",
                                    capacita=80, data_avvio=AVVIO, **kwargs)


def test_a_home_care_service_is_accredited_without_a_cpe_and_joins_the_albo_with_its_voucher(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        servizio = sad(w)
        assert (servizio.stato, servizio.cpe.count(), servizio.tipologia.unita_capacita) == (
            StatoUnita.ATTIVA, 0, "utenti")
        acc = services.accreditamento_create(unita=servizio, actor=w.operatore, data_domanda=dt.date(2025, 2, 1),
                                             posti=60)
        for stato in ("istruttoria", "sopralluogo"):
            acc = services.accreditamento_transition(accreditamento=acc, actor=w.operatore, stato=stato,
                                                     data=dt.date(2025, 2, 10))
        services.accreditamento_transition(accreditamento=acc, actor=w.operatore, stato="accreditata",
                                           data=dt.date(2025, 2, 20), atto=atto(w.ambito),
                                           valore_voucher=Decimal("21.50"))
        albo = [(a.unita.denominazione, a.valore_voucher) for a in selectors.albo_accreditati(ambito=w.ambito)]
    assert albo == [("SAD anziani — Coop A", Decimal("21.50"))]


def test_services_and_structures_take_their_own_path(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        with pytest.raises(RegolaViolata, match="è un servizio senza struttura: non serve la CPE") as e:
            helpers.cpe_avvio(w, codice="SAD_ANZIANI", capacita=50)
        assert e.value.campo == "tipologia"
        with pytest.raises(RegolaViolata, match="«Asilo nido» ha una struttura: entra nel registro con la sua CPE"):
            services.servizio_create(ambito=w.ambito, actor=w.operatore, tipologia=helpers.tipologia("NIDO"),
                                     denominazione="Nido", ente_gestore=helpers.ente_di(w), comune=w.comuni[0],
                                     indirizzo="Via 1", capacita=20, data_avvio=AVVIO)


def test_an_experimental_unit_needs_its_act_and_stays_out_of_the_fsr(mondo):
    w = mondo.a
    dati = {"ambito": w.ambito, "actor": w.operatore, "denominazione": "Spazio famiglie sperimentale",
            "comune": w.comuni[1], "indirizzo": "Piazza Duomo 1", "capacita": 15, "data_avvio": AVVIO,
            "codice_afam": "AFAM-SPER-1"}
    with ambito_scope(w.ambito, actor=w.operatore):
        dati["ente_gestore"] = helpers.ente_di(w)
        with pytest.raises(RegolaViolata, match="Indica l'atto che autorizza la sperimentazione"):
            services.unita_sperimentale_create(atto_sperimentazione=" ", **dati)
        unita = services.unita_sperimentale_create(atto_sperimentazione="Intesa con ATS n. 12/2024", **dati)
        assert (unita.sperimentale, unita.tipologia, unita.stato) == (True, None, StatoUnita.ATTIVA)
        with pytest.raises(RegolaViolata, match="non è ammessa al Fondo Sociale Regionale"):
            services.consuntivo_create(unita=unita, actor=w.operatore, anno=2025, utenti=10, giornate=100,
                                       costi=Decimal("1000"), ricavi=Decimal("10"))


def test_the_office_registers_them_from_the_page_and_the_api(mondo, client_per):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        ente = helpers.ente_di(w)
    client = client_per(w.operatore)
    pagina = client.post(f"/a/{w.ambito.slug}/udos/unita/nuova/", {
        "tipologia": helpers.tipologia("AES").pk, "denominazione": "Assistenza educativa scolastica — Coop A",
        "ente_gestore": ente.pk, "comune": w.comuni[0].pk, "indirizzo": "Via Scuole 2", "capacita": "40",
        "data_avvio": "01/09/2025"}, follow=True)
    assert "Registrata nel registro: Assistenza educativa scolastica — Coop A." in pagina.content.decode()
    api = client.post(f"/api/v1/a/{w.ambito.slug}/udos/unita/", {
        "denominazione": "Laboratorio sperimentale", "ente_gestore": ente.pk, "comune": w.comuni[0].pk,
        "indirizzo": "Via Nuova 1", "capacita": 12, "data_avvio": "2025-03-01",
        "atto_sperimentazione": "Delibera dell'Assemblea n. 4/2025"}, content_type="application/json")
    assert api.status_code == 201 and api.json()["sperimentale"] is True and api.json()["tipologia"] is None
    senza_atto = client.post(f"/api/v1/a/{w.ambito.slug}/udos/unita/", {
        "denominazione": "Senza atto", "ente_gestore": ente.pk, "comune": w.comuni[0].pk, "indirizzo": "Via 1",
        "capacita": 12, "data_avvio": "2025-03-01"}, content_type="application/json")
    assert senza_atto.status_code == 400 and "atto_sperimentazione" in senza_atto.json()["errore"]["campi"]
