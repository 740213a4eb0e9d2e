"""render_pdf produces a real PDF offline, with the Ambito's header and vendored fonts."""

from __future__ import annotations

import io

import pytest
from django.template import engines
from pypdf import PdfReader

from ambito.pdf import FetcherSoloStatici, render_pdf


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def template(tmp_path, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    engines._engines = {}
    (tmp_path / "prova.html").write_text(
        '{% extends "pdf/base.html" %}{% block contenuto %}<h1>Rendiconto di prova</h1>'
        '<img src="https://example.com/tracker.png"><p>Importo: 1.234,56 €</p>{% endblock %}',
        encoding="utf-8",
    )
    yield "prova.html"
    engines._engines = {}


@pytest.mark.django_db
def test_a_report_renders_to_a_real_pdf_with_the_ambito_header(mondo, template):
    data = render_pdf(template, {}, ambito=mondo.a.ambito)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Rendiconto di prova" in text
    assert "Ambito di Lodi" in text
    assert "Pagina 1 di 1" in text
    assert "1.234,56 €" in text


@pytest.mark.django_db
def test_the_vendored_font_is_embedded(mondo, template):
    data = render_pdf(template, {}, ambito=mondo.a.ambito)
    page = PdfReader(io.BytesIO(data)).pages[0]
    fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("Titillium" in name for name in fonts), fonts


def test_the_fetcher_refuses_remote_and_local_files_and_serves_static_files():
    fetcher = FetcherSoloStatici()
    for url in ("https://example.com/x.png", "file:///etc/passwd", "https://ambito-pdf.invalid/static/../settings.py"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    response = fetcher.fetch("https://ambito-pdf.invalid/static/pdf/report.css")
    assert b"@page" in response.read()


@pytest.fixture
def template_blocchi(tmp_path, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    engines._engines = {}
    (tmp_path / "blocco.html").write_text(
        '{% extends "pdf/base.html" %}{% block contenuto %}{% for r in righe %}'
        '<p style="break-after: page">Riga {{ r }}</p>{% endfor %}{% endblock %}', encoding="utf-8")
    yield "blocco.html"
    engines._engines = {}


@pytest.mark.django_db
def test_a_report_in_chunks_is_one_pdf_with_pages_numbered_on(mondo, template_blocchi):
    """Three chunks (2, 3 and 1 pages) laid out one by one: one PDF of six pages numbered 1–6, tagged, and an
    archivable PDF/A when asked."""
    from ambito.pdf import render_pdf_a_blocchi

    blocchi = [(template_blocchi, {"righe": r}) for r in ([1, 2], [3, 4, 5], [6])]
    data = render_pdf_a_blocchi(iter(blocchi), ambito=mondo.a.ambito, tagged=True)
    lettore = PdfReader(io.BytesIO(data))
    testi = [p.extract_text() for p in lettore.pages]
    assert len(testi) == 6
    for numero, testo in enumerate(testi, start=1):
        assert f"Riga {numero}" in testo and f"Pagina {numero}" in testo and "Ambito di Lodi" in testo
    assert "/StructTreeRoot" in lettore.trailer["/Root"]
    archivio = render_pdf_a_blocchi(iter(blocchi), ambito=mondo.a.ambito, pdf_variant="pdf/a-3b")
    lettore = PdfReader(io.BytesIO(archivio))
    assert b"pdfaid" in lettore.trailer["/Root"]["/Metadata"].get_object().get_data() and len(lettore.pages) == 6
    with pytest.raises(ValueError):
        render_pdf_a_blocchi(iter([]), ambito=mondo.a.ambito)
