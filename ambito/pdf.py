"""PDF rendering for every module: a Django template rendered by WeasyPrint, offline.

``render_pdf(template_name, context, *, ambito)`` returns the PDF bytes. The URL fetcher
serves only static files of the project (CSS, vendored fonts, images) and ``data:`` URIs;
any other URL — remote or ``file://`` — is refused, so a report never touches the network
nor reads arbitrary files (InvenTree's report fetcher; see docs/conventions.md). Each report is a
context builder plus a template extending ``pdf/base.html``.

WeasyPrint lays a document out on one core and slows down on long tables: a long report is rendered in chunks
(:func:`render_pdf_a_blocchi`, inside a job), each chunk laid out on its own and the pages joined into one PDF.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ambito.tenancy.models import Ambito

logger = logging.getLogger(__name__)

BASE_URL = "https://ambito-pdf.invalid/"
STATIC_PREFIX = BASE_URL + "static/"


class FetcherSoloStatici(URLFetcher):
    """Serve ``/static/…`` from the project's static files and ``data:`` URIs; refuse the rest."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_PREFIX):
            relative = url.removeprefix(STATIC_PREFIX).split("?")[0].split("#")[0]
            found = finders.find(relative) if ".." not in Path(relative).parts else None
            if found:
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(url, Path(found).read_bytes(), headers={"Content-Type": content_type})
        logger.warning("PDF rendering refused to fetch %s", url)
        raise ValueError(f"PDF rendering does not fetch {url}")


def documento_pdf(template_name: str, context: dict[str, Any], *, ambito: Ambito) -> Any:
    """The laid-out WeasyPrint document (pages and boxes): what :func:`render_pdf` writes, and
    what a test inspects to prove that table rows do not split and amounts do not wrap."""
    html = render_to_string(template_name, {**context, "ambito": ambito, "STATIC_PDF": STATIC_PREFIX})
    return HTML(string=html, base_url=BASE_URL, url_fetcher=FetcherSoloStatici()).render()


def render_pdf(template_name: str, context: dict[str, Any], *, ambito: Ambito, pdf_variant: str | None = None,
               tagged: bool = False) -> bytes:
    """Render ``template_name`` with ``context`` (plus ``ambito``) to PDF bytes.

    ``pdf_variant="pdf/a-3b"`` produces an archivable PDF/A where conservation needs it; ``tagged=True`` writes
    the structure tree (headings, tables, reading order) that screen readers need (an accessible, tagged PDF).
    """
    html = render_to_string(template_name, {**context, "ambito": ambito, "STATIC_PDF": STATIC_PREFIX})
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=FetcherSoloStatici())
    return document.write_pdf(pdf_variant=pdf_variant, pdf_tags=tagged)


# A chunked document cannot know its total of pages while laying a chunk out: its footer numbers pages without it.
CSS_BLOCCO = """@page {{ @bottom-center {{ content: "Pagina " counter(page); }} }}
@page :first {{ counter-reset: page {prima}; }}"""


def render_pdf_a_blocchi(blocchi: Iterable[tuple[str, dict[str, Any]]], *, ambito: Ambito,
                         pdf_variant: str | None = None, tagged: bool = False) -> bytes:
    """Render a long report in chunks: ``blocchi`` yields ``(template_name, context)`` per chunk (the first one
    with the title, the index and the short sections, the next ones continuing the long table). Each chunk is laid
    out by WeasyPrint on its own — layout time grows with the chunk, not with the whole report — its pages
    numbered on from the previous chunk's; the pages are then written as one PDF (tagged, PDF/A, bookmarks and
    links across chunks as :func:`render_pdf`). The index's page numbers (``target-counter``) resolve only within
    a chunk: a report keeps every section the index names in its first chunk. The footer reads "Pagina n"
    (the total is unknown while the first chunks are laid out)."""
    documenti = []
    pagine = 0
    for template_name, context in blocchi:
        html = render_to_string(template_name, {**context, "ambito": ambito, "STATIC_PDF": STATIC_PREFIX})
        # after the report's stylesheet, so its footer rule wins
        html = html.replace("</head>", f"<style>{CSS_BLOCCO.format(prima=pagine + 1)}</style></head>", 1)
        documento = HTML(string=html, base_url=BASE_URL, url_fetcher=FetcherSoloStatici()).render()
        documenti.append(documento)
        pagine += len(documento.pages)
    if not documenti:
        raise ValueError("a chunked report needs at least one chunk")
    unico = documenti[0].copy([pagina for documento in documenti for pagina in documento.pages])
    return unico.write_pdf(pdf_variant=pdf_variant, pdf_tags=tagged)
