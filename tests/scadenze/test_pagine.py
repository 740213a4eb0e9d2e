"""The deadlines calendar (month and list, Italian names), each role's home page, the API, fondi's kind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.formato import oggi
from ambito.tenancy import ambito_scope
from tests.fondi.helpers import assegnazione
from tests.scadenze.conftest import termine

pytestmark = pytest.mark.django_db

CAL = "/a/lodi/scadenze/"
API = "/api/v1/a/lodi/scadenze/"


def test_the_month_view_has_italian_names_the_days_and_the_list(mondo, client_per, termini):
    termini.append(termine("lodi", 1, dt.date(2026, 11, 30)))
    termini.append(termine("lodi", 2, dt.date(2026, 12, 1)))  # next month: not listed
    testo = client_per(mondo.a.operatore).get(CAL + "?anno=2026&mese=11").content.decode()
    assert '<h2 class="h4 mb-0" id="titolo-mese">Novembre 2026</h2>' in testo
    assert '<abbr title="lunedì">lun</abbr>' in testo and '<abbr title="domenica">dom</abbr>' in testo
    assert "‹ ottobre 2026" in testo and "dicembre 2026 ›" in testo
    assert "lunedì 30 novembre 2026" in testo  # the list
    assert testo.count('href="/a/lodi/atti/">Termine 1</a>') == 2  # in the grid and in the list
    assert "Termine 2" not in testo.split('id="elenco-scadenze"')[1]


def test_a_bad_year_says_what_is_expected_and_shows_the_current_month(mondo, client_per):
    risposta = client_per(mondo.a.operatore).get(CAL + "?anno=19&mese=3")
    assert risposta.status_code == 400
    assert "Indicare un anno dal 2000 al 2100." in risposta.content.decode()


def test_a_role_sees_only_the_kinds_it_may_and_only_mine_filters_the_owner(mondo, client_per, termini):
    termini.append(termine("lodi", 1, oggi()))  # owner: ambito.atti.gestisci; kind needs ambito.atti.vedi_tutti
    anno_mese = f"?anno={oggi().year}&mese={oggi().month}"
    assert "Termine 1" in client_per(mondo.a.operatore).get(CAL + anno_mese).content.decode()
    assert "Termine 1" not in client_per(mondo.a.sindaco).get(CAL + anno_mese).content.decode()
    assert "Nessuna tua scadenza" not in client_per(mondo.a.operatore).get(
        CAL + anno_mese + "&solo_mie=on").content.decode()


def test_each_role_home_page_shows_its_own_upcoming_deadlines(mondo, client_per, termini):
    w = mondo.a
    termini.append(termine("lodi", 1, oggi() + dt.timedelta(days=5)))
    termini.append(termine("lodi", 2, oggi() + dt.timedelta(days=6), responsabile_id=w.responsabile.pk,
                           capacita=None))
    termini.append(termine("lodi", 3, oggi() + dt.timedelta(days=90)))  # too far for the home page
    operatore = client_per(w.operatore).get("/a/lodi/").content.decode()
    assert 'id="widget-scadenze"' in operatore
    assert "Termine 1" in operatore and "Termine 2" not in operatore and "Termine 3" not in operatore
    responsabile = client_per(w.responsabile).get("/a/lodi/").content.decode()
    assert "Termine 1" in responsabile and "Termine 2" in responsabile
    assistente = client_per(w.assistente_1).get("/a/lodi/").content.decode()
    assert "Nessuna tua scadenza nei prossimi 60 giorni." in assistente


def test_fund_deadlines_are_a_registered_kind_with_their_owner_and_link(mondo, client_per):
    w = mondo.a
    entro = oggi() + dt.timedelta(days=10)
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, codice="FNA", importo="1000.00", scadenza_impegno=entro)
    dati = client_per(w.operatore).get(API).json()
    (riga,) = [r for r in dati["results"] if r["tipo"] == "fondi.assegnazione"]
    assert riga == {
        "tipo": "fondi.assegnazione", "tipo_descrizione": "Scadenze dei fondi", "chiave": f"{a.pk}:impegno",
        "titolo": "Termine per impegnare — FNA 2024", "descrizione": "Ancora aperti: 1.000,00 €.",
        "data": entro.isoformat(), "stato": "aperta", "url": f"/a/lodi/fondi/assegnazioni/{a.pk}/",
        "responsabile_id": None, "capacita": "fondi.gestisci", "comune_id": None}
    home = client_per(w.operatore).get("/a/lodi/").content.decode()
    assert "Termine per impegnare — FNA 2024" in home.split('id="widget-scadenze"')[1]
    # The Assemblea sees fund deadlines in the calendar (fondi.vedi) but does not own them.
    assert client_per(w.sindaco).get(API + "?solo_mie=true").json()["count"] == 0
    assert client_per(w.sindaco).get(API).json()["count"] == 1
    assert client_per(w.assistente_1).get(API).json()["count"] == 0  # no fondi.vedi


def test_api_range_is_validated_and_another_ambito_is_refused(mondo, client_per, termini):
    termini.append(termine("lodi", 1, oggi()))
    c = client_per(mondo.a.operatore)
    errore = c.get(API + "?dal=2026-12-01&al=2026-11-01").json()["errore"]
    assert errore["campi"]["al"] == ["La data finale precede quella iniziale."]
    assert c.get(API + "?dal=2026-01-01&al=2027-12-31").status_code == 400
    assert c.get(API).json()["count"] == 1
    assert client_per(mondo.b.responsabile).get(API).status_code == 404
    assert client_per(mondo.b.responsabile).get(CAL).status_code == 404
    assert client_per(mondo.b.responsabile).get("/api/v1/a/sesto/scadenze/").json()["count"] == 0


def costo(client, percorso: str) -> int:
    with CaptureQueriesContext(connection) as query:
        assert client.get(percorso).status_code == 200
    return len(query)


@pytest.mark.parametrize("percorso", [CAL, API, "/a/lodi/"])
def test_the_calendar_costs_the_same_queries_with_n_and_3n_fund_deadlines(mondo, client_per, percorso):
    w = mondo.a
    c = client_per(w.operatore)

    def aggiungi(n: int) -> None:
        with ambito_scope(w.ambito, actor=w.operatore):
            for i in range(n):
                assegnazione(w.ambito, w.operatore, codice="FNA", annualita=2020 + i % 5,
                             scadenza_impegno=oggi() + dt.timedelta(days=i % 20))

    aggiungi(2)
    con_n = costo(c, percorso)
    aggiungi(4)
    assert costo(c, percorso) == con_n
