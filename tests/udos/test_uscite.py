"""Outputs: the register export (background job) checked by parsing the produced files against the one
documented layout, and the public "mappa dell'offerta" (active units only, no personal data)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from ambito.jobs.models import Job, StatoJob
from ambito.jobs.services import job_create
from ambito.tenancy import ambito_scope
from ambito.territorio.models import Ente, TipoEnte
from tests.jobs.conftest import leggi_risultato, righe_xlsx
from tests.udos import helpers
from udos import services
from udos.jobs import TRACCIATO_REGISTRO

pytestmark = pytest.mark.django_db
INTESTAZIONI = [c.intestazione for c in TRACCIATO_REGISTRO]


@pytest.fixture
def registro(mondo):
    """Three units of Ambito A (an active nursery with every field, a micronido, a closed CAG) and one of B."""
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        nido = helpers.cpe_avvio(mondo.a, denominazione="Nido Girotondo", capacita=42, codice_afam="AFAM-0001",
                                 retta_mensile=Decimal("520.50"), giorni_apertura="lun-ven",
                                 orari_apertura="7:30-18:00", telefono="0371 555111", email="girotondo@coop.test",
                                 latitudine=Decimal("45.314200"), longitudine=Decimal("9.503700")).unita
        helpers.cpe_avvio(mondo.a, codice="MICRONIDO", denominazione="Micronido Coccinella", capacita=9)
        cag = helpers.cpe_avvio(mondo.a, codice="CAG", denominazione="CAG Il Ponte", capacita=25).unita
        services.unita_close(unita=cag, actor=mondo.a.operatore, data=dt.date(2025, 10, 1))
    with ambito_scope(mondo.b.ambito, actor=mondo.b.operatore):
        helpers.cpe_avvio(mondo.b, denominazione="Nido di Sesto", capacita=20)
    return nido


def esporta(mondo, django_capture_on_commit_callbacks, **parametri) -> Job:
    with django_capture_on_commit_callbacks(execute=True), ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        job = job_create(ambito=mondo.a.ambito, actor=mondo.a.operatore, tipo="udos.esporta_registro",
                         parametri=parametri)
    with scopes_disabled():
        return Job.objects.get(pk=job.pk)


def test_the_register_export_in_xlsx_follows_the_documented_layout(mondo, registro,
                                                                     django_capture_on_commit_callbacks):
    job = esporta(mondo, django_capture_on_commit_callbacks, formato="xlsx")
    assert job.stato == StatoJob.COMPLETATO, job.messaggio
    righe = righe_xlsx(leggi_risultato(job))
    assert list(righe[0]) == INTESTAZIONI
    per_nome = {r[INTESTAZIONI.index("denominazione")]: dict(zip(INTESTAZIONI, r, strict=True)) for r in righe[1:]}
    assert set(per_nome) == {"Nido Girotondo", "Micronido Coccinella", "CAG Il Ponte"}  # not Sesto's
    nido = per_nome["Nido Girotondo"]
    assert nido["codice_afam"] == "AFAM-0001" and nido["codice_tipologia"] == "NIDO"
    assert nido["codice_istat_comune"] == mondo.a.comuni[0].codice_istat
    assert nido["cf_ente_gestore"] == helpers.PIVA["a"]
    assert nido["capacita"] == 42 and isinstance(nido["capacita"], int)
    assert nido["data_inizio_attivita"].date() == helpers.PRESENTATA_IL  # a typed date, not text
    assert nido["retta_mensile"] == 520.5 and nido["unita_capacita"] == "bambini"
    assert per_nome["CAG Il Ponte"]["stato"] == "cessata"
    assert per_nome["CAG Il Ponte"]["data_cessazione"].date() == dt.date(2025, 10, 1)


def test_the_register_export_in_csv_uses_the_italian_dialect_and_the_lists_filters(mondo, registro,
                                                                                     django_capture_on_commit_callbacks):
    job = esporta(mondo, django_capture_on_commit_callbacks, formato="csv", stato="attiva")
    testo = leggi_risultato(job).decode("utf-8-sig")
    righe = list(csv.reader(io.StringIO(testo), delimiter=";"))
    assert righe[0] == INTESTAZIONI
    assert sorted(r[INTESTAZIONI.index("denominazione")] for r in righe[1:]) == ["Micronido Coccinella",
                                                                                 "Nido Girotondo"]
    nido = dict(zip(INTESTAZIONI, next(r for r in righe if r[3] == "Nido Girotondo"), strict=True))
    assert nido["retta_mensile"] == "520,50"
    assert nido["data_inizio_attivita"] == "03/03/2025"
    assert nido["latitudine"] == "45,314200"


def test_the_layout_table_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "udos" / "README.md").read_text()
    for campo in TRACCIATO_REGISTRO:
        assert f"| `{campo.intestazione}` |" in readme, campo.intestazione


def test_the_public_map_shows_only_active_units_without_personal_data(mondo, registro, client):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        # a nido famiglia run by a sole trader: the gestore's name is a person's and must not appear
        persona = Ente.objects.create(tipo=TipoEnte.ALTRO, denominazione="Maria Rossi",
                                      codice_fiscale="RSSMRA80A41F205B", registrato_da=mondo.a.ambito)
        helpers.cpe_avvio(mondo.a, codice="NIDO_FAMIGLIA", capacita=5, denominazione="Nido famiglia Le Api",
                          ente=persona)
        inibita = helpers.fino_a_vigilanza(helpers.cpe_avvio(mondo.a, denominazione="Nido Chiuso dall'ATS"),
                                           mondo.a.operatore)
        services.cpe_esito_record(cpe=inibita, actor=mondo.a.operatore, esito="inibita",
                                  data_sopralluogo=dt.date(2025, 4, 1), data_esito=dt.date(2025, 4, 2))
    pagina = client.get(f"/p/{mondo.a.ambito.slug}/offerta/")
    assert pagina.status_code == 200
    html = pagina.content.decode()
    for attiva in ("Nido Girotondo", "Micronido Coccinella", "Nido famiglia Le Api", "0371 555111",
                   "girotondo@coop.test", "lun-ven 7:30-18:00", "42 bambini"):
        assert attiva in html, attiva
    for assente in ("CAG Il Ponte", "Nido Chiuso dall", "Nido di Sesto", "Maria Rossi", "RSSMRA80A41F205B",
                    helpers.PIVA["a"]):
        assert assente not in html, assente
    geo = client.get(f"/p/{mondo.a.ambito.slug}/offerta/dati.geojson").json()
    nomi = {f["properties"]["denominazione"] for f in geo["features"]}
    assert nomi == {"Nido Girotondo", "Micronido Coccinella", "Nido famiglia Le Api"}
    punto = next(f for f in geo["features"] if f["properties"]["denominazione"] == "Nido Girotondo")
    assert punto["geometry"]["coordinates"] == [9.5037, 45.3142]
    assert "Maria Rossi" not in pagina.content.decode() + str(geo)
    filtrata = client.get(f"/p/{mondo.a.ambito.slug}/offerta/?tipologia=MICRONIDO").content.decode()
    assert "Micronido Coccinella" in filtrata and "Nido Girotondo" not in filtrata


def test_the_public_page_publishes_the_albo_of_accredited_units(mondo, client):
    from tests.fondi.helpers import atto

    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        unita = helpers.cpe_positiva(mondo.a, denominazione="Nido Albo").unita
        acc = services.accreditamento_create(unita=unita, actor=mondo.a.operatore, data_domanda=dt.date(2025, 6, 1),
                                             posti=18)
        for stato in ("istruttoria", "sopralluogo"):
            acc = services.accreditamento_transition(accreditamento=acc, actor=mondo.a.operatore, stato=stato,
                                                     data=dt.date(2025, 6, 2))
        services.accreditamento_transition(accreditamento=acc, actor=mondo.a.operatore, stato="accreditata",
                                           data=dt.date(2025, 6, 3), atto=atto(mondo.a.ambito),
                                           valore_voucher=Decimal("410.00"))
        in_domanda = helpers.cpe_positiva(mondo.a, denominazione="Nido In Domanda").unita
        services.accreditamento_create(unita=in_domanda, actor=mondo.a.operatore, data_domanda=dt.date(2025, 6, 1),
                                       posti=5)
    html = client.get(f"/p/{mondo.a.ambito.slug}/offerta/").content.decode()
    albo = html[html.index('id="albo-accreditati"'):]
    assert "Nido Albo" in albo and "voucher 410,00" in albo and "03/06/2025" in albo
    assert "Nido In Domanda" not in albo
