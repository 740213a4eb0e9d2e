"""The Piano di Zona in Chromium: the operatore edits a project card, enters a monitoring value and downloads
the plan's PDF, whose text holds the project and the value."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from ambito.tenancy import ambito_scope
from tests.browser.conftest import screenshot
from tests.browser.test_grafici import _entra
from tests.piani import helpers as h

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_edit_a_project_card_enter_a_value_and_download_the_plan_pdf(page, live_server, mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        piano = h.piano(w.ambito, w.operatore)
        progetto = h.progetto(piano, w.operatore, titolo="Centro per la famiglia")
        indicatore = h.indicatore(progetto, w.operatore, nome="Famiglie accolte")
        periodo = h.periodo(piano, w.operatore)
        famiglia = h.aree(piano, "I")[0]
    _entra(page, live_server, w.operatore)
    base = f"/a/{w.ambito.slug}/piani"

    page.goto(f"{base}/progetti/{progetto.pk}/modifica/")
    page.locator("#id_titolo").fill("Centro per la famiglia di Lodi")
    page.locator("#id_contesto").fill("Separazioni in aumento e poche reti di sostegno.")
    page.get_by_text(str(famiglia), exact=True).click()  # Bootstrap Italia: the label covers the box
    page.get_by_role("button", name="Salva la scheda").click()
    page.wait_for_load_state()
    assert "Scheda del progetto salvata." in page.content()
    assert "Separazioni in aumento" in page.content()

    page.goto(f"{base}/periodi/{periodo.pk}/")
    riga = page.locator(f"#indicatore-{indicatore.pk}")
    riga.get_by_label("Valore").fill("87")
    riga.get_by_label("Note").fill("Dato del registro accessi")
    riga.get_by_role("button", name="Registra").click()
    page.get_by_text("Registrato.").wait_for()  # htmx swapped the row in place
    riga = page.locator(f"#indicatore-{indicatore.pk}")
    assert "87,00" in riga.inner_text()
    assert riga.get_by_label("Note").input_value() == "Dato del registro accessi"
    screenshot(page, "piani-monitoraggio")

    page.goto(f"{base}/{piano.pk}/")
    page.get_by_role("button", name="PDF del piano").click()
    page.wait_for_load_state()
    link = page.get_by_role("link", name="Scarica il file")
    link.wait_for()
    with page.expect_download() as scaricamento:
        link.click()
    contenuto = open(scaricamento.value.path(), "rb").read()  # noqa: SIM115 - a temporary download
    testo = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(contenuto)).pages)
    assert "Centro per la famiglia di Lodi" in testo and "2025: 87" in testo
    assert not page.console_errors, page.console_errors
