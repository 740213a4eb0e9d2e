"""The internal graduatoria report (PDF job ``rendicontazione.graduatoria``) and the dossier's section "graduatorie
da approvare": text extracted from the PDFs against independent SQL figures; another Ambito cannot ask for it."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from ambito import formato
from ambito.errors import RegolaViolata
from ambito.jobs.models import Job, StatoJob
from ambito.jobs.services import job_create
from ambito.tenancy import ambito_scope
from misure.models import Domanda
from misure.services import graduatorie as services
from tests.fondi import helpers as fondi
from tests.misure.graduatorie.helpers import bando_con_quota, domanda_valutata
from tests.rendicontazione.test_report_cruscotto import leggi_testo_pdf

pytestmark = pytest.mark.django_db


def graduatoria(w, *, n: int, budget: str):
    """``n`` eligible domande (caregiver, 1,200 € a year each), alternating comune 0 and 1, score 10 + i; one
    non idonea in comune 0; the graduatoria computed and approved as provisional."""
    with ambito_scope(w.ambito):
        prova = bando_con_quota(w.ambito, importo=budget)
        domande = [domanda_valutata(w.ambito, prova, w.comuni[i % 2], punti={"isee": 10 + i, "eta": 1})
                   for i in range(n)]
        domande.append(domanda_valutata(w.ambito, prova, w.comuni[0], punti={"isee": 1}, stato="non_ammissibile",
                                        motivo="Invalidità non certificata"))
        g = services.graduatoria_compute(bando=prova.bando, actor=w.operatore)
        g = services.graduatoria_approva_provvisoria(graduatoria=g, atto=fondi.atto(w.ambito), actor=w.operatore)
    return g, domande


def pdf_del_job(w, tipo: str, parametri: dict, capture) -> str:
    with capture(execute=True), ambito_scope(w.ambito, actor=w.responsabile):
        job = job_create(ambito=w.ambito, actor=w.responsabile, tipo=tipo, parametri=parametri)
    with scopes_disabled():
        job = Job.objects.get(pk=job.pk)
    assert job.stato == StatoJob.COMPLETATO, job.errore
    with job.risultato.open("rb") as handle:
        return leggi_testo_pdf(handle.read()).replace("\n", " ")


def nome(w, domanda) -> str:
    with ambito_scope(w.ambito):
        b = Domanda.objects.select_related("beneficiario").get(pk=domanda.pk).beneficiario
    return f"{b.cognome} {b.nome}"


def test_the_graduatoria_report_has_criteria_funding_line_and_comuni(mondo, django_capture_on_commit_callbacks):
    w = mondo.a
    g, domande = graduatoria(w, n=4, budget="2400.00")  # two funded (the two best scores), two waiting
    testo = pdf_del_job(w, "rendicontazione.graduatoria", {"graduatoria": g.pk}, django_capture_on_commit_callbacks)
    assert f"Graduatoria — {g.titolo}" in testo and "Provvisoria" in testo and "2.400,00 €" in testo
    assert "Documento interno" in testo and "isee" in testo and "eta" in testo  # the criteria
    primo, secondo, terzo = (nome(w, domande[i]) for i in (3, 2, 1))
    assert testo.index(primo) < testo.index(secondo) < testo.index("Linea di finanziamento") < testo.index(terzo)
    assert "Invalidità non certificata" in testo  # the reason of a non idonea row: internal report only
    with ambito_scope(w.ambito), connection.cursor() as cursor:
        cursor.execute("SELECT c.denominazione, count(*), count(*) FILTER (WHERE p.esito = 'finanziata'), "
                       "sum(p.importo_assegnato), count(*) FILTER (WHERE p.esito = 'non_finanziata') "
                       "FROM misure_posizionegraduatoria p JOIN misure_domanda d ON d.id = p.domanda_id "
                       "JOIN ambito_comune c ON c.id = d.comune_id WHERE p.graduatoria_id = %s "
                       "GROUP BY c.denominazione ORDER BY c.denominazione", [g.pk])
        per_comune = cursor.fetchall()
    assert [r[1:] for r in per_comune] in ([(3, 1, 1200, 1), (2, 1, 1200, 1)], [(2, 1, 1200, 1), (3, 1, 1200, 1)])
    for comune, domande_n, finanziate, importo, attesa in per_comune:
        assert f"{comune} {domande_n} {finanziate} {formato.euro(importo)} {attesa}" in testo


def test_another_ambito_cannot_ask_for_the_report(mondo):
    w = mondo.a
    g, _domande = graduatoria(w, n=1, budget="1200.00")
    altro = mondo.b
    with ambito_scope(altro.ambito, actor=altro.responsabile), pytest.raises(RegolaViolata):
        job_create(ambito=altro.ambito, actor=altro.responsabile, tipo="rendicontazione.graduatoria",
                   parametri={"graduatoria": g.pk})


def test_the_dossier_lists_the_graduatorie_to_approve(mondo, django_capture_on_commit_callbacks):
    from ambito.organi import services as organi_services

    w = mondo.a
    g, _domande = graduatoria(w, n=12, budget="6000.00")  # 5 funded, 7 waiting
    with ambito_scope(w.ambito, actor=w.responsabile):
        organo = organi_services.organo_create(ambito=w.ambito, actor=w.responsabile, tipo="assemblea",
                                               nome="Assemblea dei Sindaci")
        seduta = organi_services.seduta_create(organo=organo, actor=w.responsabile,
                                               data=dt.datetime(2025, 9, 15, 17, 30, tzinfo=dt.UTC), luogo="Lodi")
    with ambito_scope(w.ambito), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FILTER (WHERE esito = 'finanziata'), "
                       "count(*) FILTER (WHERE esito = 'non_finanziata') FROM misure_posizionegraduatoria "
                       "WHERE graduatoria_id = %s", [g.pk])
        finanziate, attesa = cursor.fetchone()
    testo = pdf_del_job(w, "rendicontazione.dossier_assemblea", {"seduta": seduta.pk},
                        django_capture_on_commit_callbacks)
    assert "Graduatorie da approvare" in testo
    assert (finanziate, attesa) == (5, 7)
    assert f"{g.titolo} Provvisoria 6.000,00 € 6.000,00 € 5 7" in testo


def test_a_long_graduatoria_renders_in_chunks_with_pages_numbered_on(mondo, django_capture_on_commit_callbacks,
                                                                     monkeypatch):
    """13 rows in chunks of 4: four chunks laid out one by one (each starts a page), joined into one tagged PDF
    whose pages are numbered 1…n across the chunks; the first and the last ranked rows are there, in order."""
    import io

    from pypdf import PdfReader

    monkeypatch.setattr("rendicontazione.report.RIGHE_PER_BLOCCO", 4)
    w = mondo.a
    g, domande = graduatoria(w, n=12, budget="2400.00")  # the two best funded, ten waiting, one non idonea
    with capture_pdf(w, g, django_capture_on_commit_callbacks) as dati:
        lettore = PdfReader(io.BytesIO(dati))
    pagine = [p.extract_text() for p in lettore.pages]
    assert len(pagine) >= 4  # one chunk, one page at least: 13 short rows would fit in two pages unchunked
    assert [re.search(r"Pagina (\d+)", p).group(1) for p in pagine] == [str(i) for i in range(1, len(pagine) + 1)]
    assert "/StructTreeRoot" in lettore.trailer["/Root"]
    testo = " ".join(pagine).replace("\n", " ")
    primo, ultimo_idoneo = nome(w, domande[11]), nome(w, domande[0])  # scores 21 + 1 and 10 + 1
    assert testo.index(primo) < testo.index("Linea di finanziamento") < testo.index(ultimo_idoneo)
    assert testo.index(ultimo_idoneo) < testo.index("Invalidità non certificata")  # the last row, non idonea
    assert "22,00" in testo and "11,00" in testo  # the first and the last eligible rows' totals
    assert "Totali per comune" in pagine[0] and "Indice" in pagine[0]
    assert testo.count("Linea di finanziamento") == 1


@contextlib.contextmanager
def capture_pdf(w, g, capture):
    with capture(execute=True), ambito_scope(w.ambito, actor=w.responsabile):
        job = job_create(ambito=w.ambito, actor=w.responsabile, tipo="rendicontazione.graduatoria",
                         parametri={"graduatoria": g.pk})
    with scopes_disabled():
        job = Job.objects.get(pk=job.pk)
    assert job.stato == StatoJob.COMPLETATO, job.errore
    with job.risultato.open("rb") as handle:
        yield handle.read()
