"""In Chromium: an office user produces a return and downloads it; a mayor opens the funds dashboard (charts drawn
next to their tables) and downloads its PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_grafici import _entra
from tests.rendicontazione.helpers import fondo_poverta, mappa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_office_user_produces_a_return_and_downloads_it(page, live_server, mondo):
    w = mondo.a
    quote = fondo_poverta(w)
    mappa(w, quote["q1"], istat_area="POV", istat_servizio="PSW")
    mappa(w, quote["q2"], istat_area="POV", istat_servizio="PROXIM")
    _entra(page, live_server, w.operatore)
    page.goto(f"/a/{w.ambito.slug}/rendicontazione/")
    page.get_by_role("link", name="Fondo Povertà — monitoraggio Multifondo", exact=True).click()
    page.get_by_label("Anno").fill("2025")
    page.get_by_label("Periodo").select_option("1")
    page.get_by_label("Formato").select_option("csv")
    page.get_by_role("button", name="Controlla e produci").click()
    page.wait_for_load_state()
    avanzamento = page.locator("#invio-avanzamento")
    assert "Controlli superati: il file è pronto." in avanzamento.inner_text()
    with page.expect_download() as scaricamento:
        avanzamento.get_by_role("link", name="Scarica il file").click()
    contenuto = Path(scaricamento.value.path()).read_bytes().decode("utf-8-sig")
    assert contenuto.startswith("quota;intervento;") and "FP-QSFP" in contenuto and "12000,50" in contenuto
    page.reload()
    assert "Il file non è ancora stato scaricato." not in page.content()  # the download is in its history
    assert not page.console_errors, page.console_errors
    screenshot(page, "rendicontazione-invio")


def test_a_mayor_opens_the_dashboard_and_downloads_its_pdf(page, live_server, mondo):
    w = mondo.a
    fondo_poverta(w)
    _entra(page, live_server, w.sindaco)
    page.goto(f"/a/{w.ambito.slug}/rendicontazione/cruscotto/")
    canvas = page.locator("canvas[data-grafico]").first
    identificativo = canvas.get_attribute("id")
    page.wait_for_function("(id) => window.Chart && window.Chart.getChart(document.getElementById(id))",
                           arg=identificativo)
    assert "80.000,00 €" in page.locator("table.ambito-grafico-tabella").first.inner_text()
    with page.expect_download() as scaricamento:
        page.get_by_role("link", name="Scarica in PDF").click()
    assert Path(scaricamento.value.path()).read_bytes()[:5] == b"%PDF-"
    assert not page.console_errors, page.console_errors
    screenshot(page, "rendicontazione-cruscotto-sindaco")
