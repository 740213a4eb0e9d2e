"""The plan's objectives by status on the Assemblea's and the office's dashboard: figures equal an independent SQL
count, the Assemblea sees an approved plan only, another Ambito nothing, and the page's queries stay bounded."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.tenancy import ambito_scope
from piani import services as piani_services
from piani.models import StatoPiano
from tests.piani import helpers as h

pytestmark = pytest.mark.django_db


def obiettivi(w, piano, n: int, stato: str) -> None:
    periodo = h.periodo(piano, w.responsabile, 2025)
    for i in range(n):
        o = piani_services.obiettivo_create(piano=piano, actor=w.responsabile, titolo=f"Obiettivo {stato} {i}",
                                            codice=f"{stato[:3]}{i}", macro_aree=h.aree(piano, "A", "J"))
        if stato != "non_avviato":
            piani_services.valutazione_set(obiettivo=o, periodo=periodo, actor=w.responsabile, stato=stato)


def per_stato_sql(w) -> dict[str, int]:
    with ambito_scope(w.ambito), connection.cursor() as cursor:
        cursor.execute("SELECT stato, count(*) FROM piani_obiettivo WHERE ambito_id = %s GROUP BY stato",
                       [w.ambito.pk])
        return dict(cursor.fetchall())


def tabella_stati(html: str) -> dict[str, int]:
    """The rows of the "objectives by status" chart's table."""
    sezione = html.split('id="obiettivi-piano"', 1)[1].split("</table>", 1)[0]
    return {etichetta: int(n) for etichetta, n in re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="text-end text-nowrap">(\d+)</td></tr>', sezione)}


def test_objectives_by_status_agree_with_an_sql_count_and_follow_the_plans_visibility(mondo, client_per):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = h.piano(w.ambito, w.responsabile)
        obiettivi(w, piano, 2, "in_corso")
        obiettivi(w, piano, 1, "raggiunto")
        obiettivi(w, piano, 3, "non_avviato")
    url = f"/a/{w.ambito.slug}/rendicontazione/cruscotto/?data=31/12/2025"
    html = client_per(w.operatore).get(url).content.decode()
    atteso = per_stato_sql(w)
    assert atteso == {"in_corso": 2, "raggiunto": 1, "non_avviato": 3}
    assert tabella_stati(html) == {"Non avviato": 3, "In corso": 2, "Raggiunto": 1, "Parzialmente raggiunto": 0,
                                   "Non raggiunto": 0}
    assert "Obiettivi per macro-area e stato" in html and "6 obiettivi" in html
    # the Assemblea sees approved plans only
    assert "Nessun Piano di Zona per quest'anno." in client_per(w.sindaco).get(url).content.decode()
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = piani_services.piano_transition(piano=piano, actor=w.responsabile, stato=StatoPiano.IN_CONSULTAZIONE)
        piani_services.piano_transition(piano=piano, actor=w.responsabile, stato=StatoPiano.APPROVATO_ASSEMBLEA,
                                        atto=h.atto(w.ambito))
    assert tabella_stati(client_per(w.sindaco).get(url).content.decode())["In corso"] == 2
    altro = client_per(mondo.b.operatore).get(f"/a/{mondo.b.ambito.slug}/rendicontazione/cruscotto/?data=31/12/2025")
    assert "Nessun Piano di Zona per quest'anno." in altro.content.decode()


def test_the_objectives_add_a_bounded_number_of_queries(mondo, client_per):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = h.piano(w.ambito, w.responsabile)
        obiettivi(w, piano, 1, "in_corso")
    client = client_per(w.operatore)
    url = f"/a/{w.ambito.slug}/rendicontazione/cruscotto/?data=31/12/2025"
    client.get(url)
    with CaptureQueriesContext(connection) as poche:
        client.get(url)
    with ambito_scope(w.ambito, actor=w.responsabile):
        obiettivi(w, piano, 4, "raggiunto")
        obiettivi(w, piano, 3, "non_raggiunto")
    with CaptureQueriesContext(connection) as molte:
        html = client.get(url).content.decode()
    assert tabella_stati(html)["Non raggiunto"] == 3
    assert len(molte) == len(poche), [q["sql"][:120] for q in molte.captured_queries]


def righe_pdf_stati(testo: str) -> dict[str, int]:
    """The "objectives by status" table as the PDF's extracted text shows it: one "<status> <count>" line each."""
    sezione = testo.split("Obiettivi del Piano di Zona per stato", 1)[1].split("Obiettivi per macro-area", 1)[0]
    return {etichetta.strip(): int(n) for etichetta, n in re.findall(
        r"^(Non avviato|In corso|Raggiunto|Parzialmente raggiunto|Non raggiunto) (\d+)$", sezione, re.MULTILINE)}


def test_the_dashboards_pdf_carries_the_objectives_by_status_of_the_page(mondo, client_per):
    from tests.rendicontazione.test_report_cruscotto import leggi_testo_pdf

    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        piano = h.piano(w.ambito, w.responsabile)
        obiettivi(w, piano, 2, "in_corso")
        obiettivi(w, piano, 1, "raggiunto")
        obiettivi(w, piano, 3, "non_avviato")
    url = f"/a/{w.ambito.slug}/rendicontazione/cruscotto/?data=31/12/2025"
    client = client_per(w.operatore)
    pagina = tabella_stati(client.get(url).content.decode())
    risposta = client.get(url + "&formato=pdf")
    assert risposta.status_code == 200 and risposta["Content-Type"] == "application/pdf"
    testo = leggi_testo_pdf(risposta.content)
    assert "Obiettivi del Piano di Zona" in testo and "6 obiettivi" in testo
    assert righe_pdf_stati(testo) == pagina == {"Non avviato": 3, "In corso": 2, "Raggiunto": 1,
                                                "Parzialmente raggiunto": 0, "Non raggiunto": 0}
    assert per_stato_sql(w) == {"in_corso": 2, "raggiunto": 1, "non_avviato": 3}
    assert "Obiettivi per macro-area e stato" in testo
    # the Assemblea's PDF follows the page: a plan not yet approved is not shown to mayors
    testo_sindaco = leggi_testo_pdf(client_per(w.sindaco).get(url + "&formato=pdf").content)
    assert "Nessun Piano di Zona per quest'anno." in testo_sindaco and "6 obiettivi" not in testo_sindaco
