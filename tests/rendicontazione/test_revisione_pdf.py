"""Review of issue 20 — every PDF of rendicontazione renders without a network request, through the restricted
fetcher, with Italian numbers and dates.

The existing offline tests replace ``socket.connect`` with a function that raises: WeasyPrint catches any exception
raised while fetching a resource, logs it and renders on, so those tests pass even when a report does try to reach
the network. Here every connection attempt and every URL the fetcher is asked for is *recorded*, and the test
asserts on the record after the rendering."""

from __future__ import annotations

import datetime as dt
import io
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from django_scopes import scopes_disabled
from pypdf import PdfReader

from ambito import pdf
from ambito.jobs.models import Job, StatoJob
from ambito.jobs.services import job_create
from ambito.tenancy import ambito_scope
from misure.models import StatoDomanda
from rendicontazione.report import pdf_posizione_fondi
from tests.misure.domande.helpers import bando_b2
from tests.rendicontazione.test_cruscotto_misure import (
    dati,  # noqa: F401  (fixture)
    domanda,
)
from tests.rendicontazione.test_report_cruscotto import paga
from tests.rendicontazione.test_report_graduatoria import graduatoria
from tests.rendicontazione.test_ritorni_piani import pdz  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

# An amount or a number written the English way (1234.56) and an ISO date (2025-12-31): never in an Italian report.
NUMERO_INGLESE = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d,])")
DATA_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@dataclass
class Registro:
    url: list[str] = field(default_factory=list)
    rete: list[str] = field(default_factory=list)

    def verifica(self) -> None:
        assert self.rete == [], f"network access while rendering: {self.rete}"
        assert self.url, "the restricted fetcher was not used"
        estranei = [u for u in self.url if not (u.startswith(pdf.STATIC_PREFIX) or u.startswith("data:"))]
        assert estranei == [], f"resources outside the project's static files: {estranei}"


@contextmanager
def sorvegliato(monkeypatch) -> Iterator[Registro]:
    """Record (never raise: WeasyPrint would swallow it) every URL asked of the restricted fetcher and every
    attempt to resolve a name or open a connection."""
    registro = Registro()
    originale = pdf.FetcherSoloStatici.fetch

    def fetch(self, url, headers=None):
        registro.url.append(url)
        return originale(self, url, headers)

    def connessione(nome):
        def registra(*args, **kwargs):
            registro.rete.append(f"{nome}{args[1:] if nome == 'connect' else args[:1]}")
            raise OSError("no network in tests")
        return registra

    monkeypatch.setattr(pdf.FetcherSoloStatici, "fetch", fetch)
    monkeypatch.setattr(socket.socket, "connect", connessione("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", connessione("connect"))
    monkeypatch.setattr(socket, "getaddrinfo", connessione("getaddrinfo"))
    monkeypatch.setattr(socket, "create_connection", connessione("create_connection"))
    yield registro
    monkeypatch.undo()


def leggi_pdf(dati_pdf: bytes) -> str:
    assert dati_pdf.startswith(b"%PDF-")
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(dati_pdf)).pages).replace("\n", " ")


def in_italiano(testo: str) -> None:
    assert NUMERO_INGLESE.findall(testo) == [], NUMERO_INGLESE.findall(testo)
    assert DATA_ISO.findall(testo) == [], DATA_ISO.findall(testo)


def risultato(w, capture, tipo: str, parametri: dict) -> bytes:
    with capture(execute=True), ambito_scope(w.ambito, actor=w.responsabile):
        job = job_create(ambito=w.ambito, actor=w.responsabile, tipo=tipo, parametri=parametri)
    with scopes_disabled():
        job = Job.objects.get(pk=job.pk)
    assert job.stato == StatoJob.COMPLETATO, job.errore
    with job.risultato.open("rb") as handle:
        return handle.read()


def test_the_guard_sees_a_report_that_asks_for_a_remote_resource(monkeypatch):
    """The recorder itself can fail: a page with a remote image is caught, although WeasyPrint renders it."""
    from weasyprint import HTML

    with sorvegliato(monkeypatch) as registro:
        HTML(string='<img src="https://example.com/t.png"><p>x</p>', base_url=pdf.BASE_URL,
             url_fetcher=pdf.FetcherSoloStatici()).write_pdf()
    with pytest.raises(AssertionError, match="outside the project's static files"):
        registro.verifica()
    with sorvegliato(monkeypatch) as registro:
        HTML(string='<img src="https://example.com/t.png">').write_pdf()  # WeasyPrint's own fetcher
    assert registro.rete  # the attempt is recorded, not lost in WeasyPrint's log


def test_the_funds_position_report(mondo, monkeypatch):
    w = mondo.a
    paga(w, w.comuni[0], "1234.56", importo="7000.00")
    with sorvegliato(monkeypatch) as registro, ambito_scope(w.ambito):
        testo = leggi_pdf(pdf_posizione_fondi(ambito=w.ambito, data=dt.date(2025, 12, 31), sopprimi=False,
                                              archivio=True))
    registro.verifica()
    assert "7.000,00 €" in testo and "1.234,56 €" in testo and "31/12/2025" in testo
    in_italiano(testo)


def test_the_funds_dashboard_pdf_of_a_mayor(mondo, client_per, monkeypatch):
    w = mondo.a
    paga(w, w.comuni[0], "1234.56")
    client = client_per(w.sindaco)
    with sorvegliato(monkeypatch) as registro:
        risposta = client.get(f"/a/{w.ambito.slug}/rendicontazione/cruscotto/?data=31/12/2025&formato=pdf")
    registro.verifica()
    testo = leggi_pdf(risposta.content)
    assert "1.234,56 €" in testo and "< 5" in testo
    in_italiano(testo)


def test_the_measures_dashboard_pdf(dati, client_per, monkeypatch):  # noqa: F811
    w, _prova = dati
    client = client_per(w.sindaco)
    with sorvegliato(monkeypatch) as registro:
        risposta = client.get(f"/a/{w.ambito.slug}/rendicontazione/cruscotto/misure/?anno=2025&formato=pdf")
    registro.verifica()
    testo = leggi_pdf(risposta.content)
    assert "46.053" in testo and "25,5" in testo  # Lodi's residents, the mean days to a decision
    in_italiano(testo)


def test_the_graduatoria_report(mondo, monkeypatch, django_capture_on_commit_callbacks):
    w = mondo.a
    g, _domande = graduatoria(w, n=4, budget="2400.00")
    with sorvegliato(monkeypatch) as registro:
        testo = leggi_pdf(risultato(w, django_capture_on_commit_callbacks, "rendicontazione.graduatoria",
                                    {"graduatoria": g.pk}))
    registro.verifica()
    assert "2.400,00 €" in testo and "1.200,00 €" in testo
    in_italiano(testo)


def test_the_dossier_of_a_session(mondo, monkeypatch, django_capture_on_commit_callbacks):
    from ambito.organi import services as organi_services

    w = mondo.a
    paga(w, w.comuni[0], "1000.00")
    with ambito_scope(w.ambito, actor=w.operatore):
        prova = bando_b2(w.ambito)
        for stato in [StatoDomanda.FINANZIATA] * 6:
            domanda(w, prova, w.comuni[0], stato)
    with ambito_scope(w.ambito, actor=w.responsabile):
        organo = organi_services.organo_create(ambito=w.ambito, actor=w.responsabile, tipo="assemblea",
                                               nome="Assemblea dei Sindaci")
        seduta = organi_services.seduta_create(organo=organo, actor=w.responsabile,
                                               data=dt.datetime(2025, 9, 15, 17, 30, tzinfo=dt.UTC), luogo="Lodi")
    with sorvegliato(monkeypatch) as registro:
        testo = leggi_pdf(risultato(w, django_capture_on_commit_callbacks, "rendicontazione.dossier_assemblea",
                                    {"seduta": seduta.pk}))
    registro.verifica()
    assert "15/09/2025" in testo and "50.000,00 €" in testo
    in_italiano(testo)


def test_the_plan_monitoring_report(pdz, monkeypatch, django_capture_on_commit_callbacks):  # noqa: F811
    w, *_resto = pdz
    with sorvegliato(monkeypatch) as registro:
        testo = leggi_pdf(risultato(w, django_capture_on_commit_callbacks, "rendicontazione.monitoraggio_piano",
                                    {"anno": 2025, "archivio": True}))
    registro.verifica()
    assert "520,50" in testo and "3.000,50 €" in testo
    in_italiano(testo)
