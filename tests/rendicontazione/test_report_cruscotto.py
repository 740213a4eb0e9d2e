"""The funds position report (PDF) and the Assemblea's funds dashboard: figures, suppression, offline rendering,
tagged and PDF/A output, bounded queries."""

from __future__ import annotations

import datetime as dt
import io
import socket

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from pypdf import PdfReader

from ambito.jobs.models import Job, StatoJob
from ambito.jobs.services import job_create
from ambito.tenancy import ambito_scope
from fondi import services as fondi_services
from fondi.models import TipoDestinazione
from rendicontazione.cruscotto import conteggio_mostrato
from rendicontazione.report import pdf_posizione_fondi
from tests.fondi.helpers import D, assegnazione, determina_di_liquidazione, quota

pytestmark = pytest.mark.django_db

OGGI = dt.date(2025, 12, 31)


def paga(w, comune, *pagamenti: str, importo="6000.00"):
    """A quota of ``comune`` with one liquidazione per amount."""
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, codice="FNPS", annualita=2025, importo="50000.00")
        q = quota(a, w.operatore, importo=importo, tipo=TipoDestinazione.COMUNE, descrizione=f"Quota {comune}",
                  comune=comune)
        fondi_services.impegno_create(quota=q, importo=D(importo), data_contabile=dt.date(2025, 3, 1),
                                      actor=w.operatore)
        for p in pagamenti:
            fondi_services.liquidazione_create(quota=q, importo=D(p), data_contabile=dt.date(2025, 4, 1),
                                               actor=w.operatore, atto=determina_di_liquidazione(w.ambito))


def leggi_testo_pdf(dati: bytes) -> str:
    return "\n".join(pagina.extract_text() for pagina in PdfReader(io.BytesIO(dati)).pages)


def pagamenti_sql(w, comune) -> int:
    """Payments of a comune counted independently, in SQL over the movements."""
    with ambito_scope(w.ambito), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM fondi_movimento m LEFT JOIN fondi_quota q ON q.id = m.quota_id "
                       "WHERE m.ambito_id = %s AND m.tipo = 'liquidazione' AND coalesce(m.comune_id, q.comune_id) = %s",
                       [w.ambito.pk, comune.pk])
        return cursor.fetchone()[0]


def test_small_counts_are_shown_as_below_the_threshold():
    assert conteggio_mostrato(2, soglia=5, sopprimi=True) == "< 5"
    assert conteggio_mostrato(0, soglia=5, sopprimi=True) == "0"
    assert conteggio_mostrato(5, soglia=5, sopprimi=True) == "5"
    assert conteggio_mostrato(2, soglia=5, sopprimi=False) == "2"


def test_the_dashboard_hides_small_counts_from_mayors_only(mondo, client_per):
    w = mondo.a
    paga(w, w.comuni[0], "1000.00", "1500.00")
    paga(w, w.comuni[1], *["100.00"] * 6)
    assert (pagamenti_sql(w, w.comuni[0]), pagamenti_sql(w, w.comuni[1])) == (2, 6)
    url = f"/a/{w.ambito.slug}/rendicontazione/cruscotto/?data=31/12/2025"
    sindaco = client_per(w.sindaco).get(url).content.decode()
    assert "&lt; 5" in sindaco and ">6<" in sindaco and ">2<" not in sindaco
    operatore = client_per(w.operatore).get(url).content.decode()
    assert ">2<" in operatore and "&lt; 5" not in operatore
    assert "2.500,00 €" in operatore  # paid to the first comune, also in the chart's table


def test_the_dashboard_runs_a_bounded_number_of_queries(mondo, client_per):
    w = mondo.a
    client = client_per(w.sindaco)
    url = f"/a/{w.ambito.slug}/rendicontazione/cruscotto/"
    paga(w, w.comuni[0], "10.00")
    client.get(url)
    with CaptureQueriesContext(connection) as poche:
        assert client.get(url).status_code == 200
    for comune in w.comuni:
        paga(w, comune, "10.00", "20.00", "30.00")
    with CaptureQueriesContext(connection) as molte:
        client.get(url)
    assert len(molte) == len(poche), [q["sql"][:120] for q in molte.captured_queries]


def test_the_mayor_downloads_the_dashboard_as_pdf(mondo, client_per):
    w = mondo.a
    paga(w, w.comuni[0], "1234.56")
    risposta = client_per(w.sindaco).get(f"/a/{w.ambito.slug}/rendicontazione/cruscotto/?data=31/12/2025&formato=pdf")
    assert risposta.status_code == 200 and risposta["Content-Type"] == "application/pdf"
    testo = leggi_testo_pdf(risposta.content)
    assert "1.234,56" in testo and w.comuni[0].denominazione in testo and "< 5" in testo


def test_the_report_renders_offline_tagged_with_index_and_page_numbers(mondo, monkeypatch):
    w = mondo.a
    paga(w, w.comuni[0], "1000.00", importo="7000.00")

    def nessuna_rete(*args, **kwargs):
        raise AssertionError("network access while rendering a PDF")

    monkeypatch.setattr(socket.socket, "connect", nessuna_rete)
    monkeypatch.setattr(socket, "getaddrinfo", nessuna_rete)
    with ambito_scope(w.ambito):
        dati = pdf_posizione_fondi(ambito=w.ambito, data=OGGI, sopprimi=False)
    lettore = PdfReader(io.BytesIO(dati))
    assert "/StructTreeRoot" in lettore.trailer["/Root"]  # a tagged PDF
    testo = leggi_testo_pdf(dati)
    assert "Indice" in testo and "Per destinazione" in testo and "Pagina 1 di" in testo
    assert "7.000,00 €" in testo and "1.000,00 €" in testo  # allocated to and paid to the comune
    assert "Posizione dei fondi al 31/12/2025" in testo


def test_the_report_job_writes_an_archivable_pdf(mondo, django_capture_on_commit_callbacks):
    w = mondo.a
    paga(w, w.comuni[0], "1000.00")
    with django_capture_on_commit_callbacks(execute=True), ambito_scope(w.ambito, actor=w.responsabile):
        job = job_create(ambito=w.ambito, actor=w.responsabile, tipo="rendicontazione.posizione_fondi",
                         parametri={"data": "2025-12-31", "archivio": True})
    with scopes_disabled():
        job = Job.objects.get(pk=job.pk)
    assert job.stato == StatoJob.COMPLETATO, job.errore
    with job.risultato.open("rb") as handle:
        lettore = PdfReader(io.BytesIO(handle.read()))
    assert b"pdfaid" in lettore.trailer["/Root"]["/Metadata"].get_object().get_data()


def test_the_threshold_is_a_setting(mondo, client_per, settings):
    w = mondo.a
    paga(w, w.comuni[0], *["10.00"] * 6)
    url = f"/a/{w.ambito.slug}/rendicontazione/cruscotto/?data=31/12/2025"
    assert ">6<" in client_per(w.sindaco).get(url).content.decode()
    settings.RENDICONTAZIONE_SOGLIA_PICCOLI_NUMERI = 10
    assert "&lt; 10" in client_per(w.sindaco).get(url).content.decode()


def test_the_monthly_trend_is_cumulative_and_agrees_with_an_sql_sum(mondo):
    from rendicontazione.cruscotto import andamento_mensile

    w = mondo.a
    paga(w, w.comuni[0], "1000.00")  # assigned 10/01/2025, committed 01/03, paid 01/04
    with ambito_scope(w.ambito):
        grafico = andamento_mensile(ambito=w.ambito, data=dt.date(2025, 5, 15))
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(sum(importo * segno), 0) FROM fondi_movimento WHERE ambito_id = %s "
                           "AND voce = 'impegnato' AND data_contabile <= %s", [w.ambito.pk, dt.date(2025, 3, 31)])
            impegnato_marzo = cursor.fetchone()[0]
    assert grafico.etichette == ["01/2025", "02/2025", "03/2025", "04/2025", "05/2025"]
    serie = {s.nome: list(s.valori) for s in grafico.serie}
    assert serie["Assegnato"] == [D("50000.00")] * 5
    assert serie["Impegnato"] == [0, 0, D("6000.00"), D("6000.00"), D("6000.00")]
    assert serie["Impegnato"][2] == impegnato_marzo
    assert serie["Liquidato"] == [0, 0, 0, D("1000.00"), D("1000.00")]


def test_the_dossier_of_a_session_has_its_agenda_funds_and_comuni(mondo, django_capture_on_commit_callbacks):
    from ambito.organi import services as organi_services
    from misure.models import StatoDomanda
    from tests.misure.domande.helpers import bando_b2
    from tests.rendicontazione.test_cruscotto_misure import domanda

    w = mondo.a
    paga(w, w.comuni[0], "1000.00")
    with ambito_scope(w.ambito, actor=w.operatore):
        prova = bando_b2(w.ambito)
        for stato in [StatoDomanda.FINANZIATA] * 6 + [StatoDomanda.LISTA_ATTESA] * 5 + [StatoDomanda.AMMISSIBILE]:
            domanda(w, prova, w.comuni[0], stato)
    with ambito_scope(w.ambito, actor=w.responsabile):
        organo = organi_services.organo_create(ambito=w.ambito, actor=w.responsabile, tipo="assemblea",
                                               nome="Assemblea dei Sindaci")
        seduta = organi_services.seduta_create(organo=organo, actor=w.responsabile,
                                               data=dt.datetime(2025, 9, 15, 17, 30, tzinfo=dt.UTC), luogo="Lodi")
        organi_services.punto_create(seduta=seduta, actor=w.responsabile,
                                     oggetto="Approvazione del riparto FNPS 2025")
    with django_capture_on_commit_callbacks(execute=True), ambito_scope(w.ambito, actor=w.responsabile):
        job = job_create(ambito=w.ambito, actor=w.responsabile, tipo="rendicontazione.dossier_assemblea",
                         parametri={"seduta": seduta.pk})
    with scopes_disabled():
        job = Job.objects.get(pk=job.pk)
    assert job.stato == StatoJob.COMPLETATO, job.errore
    with job.risultato.open("rb") as handle:
        testo = leggi_testo_pdf(handle.read())
    assert "Dossier della seduta del 15/09/2025" in testo and "Approvazione del riparto FNPS 2025" in testo
    assert "50.000,00 €" in testo  # the FNPS assigned at the session's date
    assert w.comuni[0].denominazione in testo and "< 5" in testo  # one payment: a small count, hidden
    assert "Domande e liste d'attesa per misura, 2025" in testo
    assert "FNA Misura B2 12 6 6" in testo.replace("\n", " ")  # 12 domande, 6 financed, 6 waiting
