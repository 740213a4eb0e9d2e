"""The plan and monitoring report (PDF, shared report base, as a job): the text holds the fixture's figures, it
renders offline as a tagged PDF with its index, and a year without a plan is refused."""

from __future__ import annotations

import io
import socket

import pytest
from django_scopes import scopes_disabled
from pypdf import PdfReader

from ambito.jobs.models import Job, StatoJob
from ambito.jobs.services import job_create
from ambito.tenancy import ambito_scope
from tests.rendicontazione.test_report_cruscotto import leggi_testo_pdf
from tests.rendicontazione.test_ritorni_piani import pdz  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def job_report(w, capture, anno: int) -> Job:
    with capture(execute=True), ambito_scope(w.ambito, actor=w.responsabile):
        job = job_create(ambito=w.ambito, actor=w.responsabile, tipo="rendicontazione.monitoraggio_piano",
                         parametri={"anno": anno})
    with scopes_disabled():
        return Job.objects.get(pk=job.pk)


def test_the_monitoring_report_shows_targets_values_and_resources(pdz, monkeypatch,  # noqa: F811
                                                                  django_capture_on_commit_callbacks):
    w, _p, _periodo, _emporio = pdz

    def nessuna_rete(*args, **kwargs):
        raise AssertionError("network access while rendering a PDF")

    monkeypatch.setattr(socket.socket, "connect", nessuna_rete)
    monkeypatch.setattr(socket, "getaddrinfo", nessuna_rete)
    job = job_report(w, django_capture_on_commit_callbacks, 2025)
    assert job.stato == StatoJob.COMPLETATO, job.errore
    with job.risultato.open("rb") as handle:
        dati = handle.read()
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(dati)).trailer["/Root"]
    testo = leggi_testo_pdf(dati)
    assert "Piano di Zona: rapporto di monitoraggio 2025" in testo and "Indice" in testo and "Pagina 1 di" in testo
    assert "Famiglie seguite (famiglie)" in testo and "-20,00 (fuori obiettivo)" in testo
    assert "Accessi allo sportello" in testo and "520,50" in testo and "20,50" in testo
    assert "35.000,00 €" in testo and "12.000,00 €" in testo and "8.000,00 €" in testo and "3.000,50 €" in testo
    assert "Obiettivi del Piano di Zona per stato" in testo


def test_a_year_without_a_plan_is_refused(pdz, django_capture_on_commit_callbacks):  # noqa: F811
    w, *_resto = pdz
    job = job_report(w, django_capture_on_commit_callbacks, 2022)
    assert job.stato == StatoJob.FALLITO and "Nessun Piano di Zona copre l'anno 2022." in job.errore
