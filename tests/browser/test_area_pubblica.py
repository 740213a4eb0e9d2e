"""An anonymous visitor opens the public acts page of the Ambito di Lodi in Chromium: the act in publication is
there with its period, the page says noindex, and the footer leads to the accessibility statement."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from tests.browser.conftest import screenshot
from tests.pubblico.helpers import atti_non_online, atto_online

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_anonymous_visitor_reads_the_published_acts_and_the_accessibility_statement(page, mondo):
    with scopes_disabled():
        atto = atto_online(mondo.a.ambito, oggetto="Graduatoria definitiva del bando voucher anziani")
        atti_non_online(mondo.a.ambito)
    page.goto("/p/lodi/")
    page.get_by_role("link", name="Atti pubblicati").first.click()
    page.wait_for_url("**/p/lodi/atti/")
    assert page.get_by_role("heading", level=1).inner_text() == "Atti pubblicati"
    assert page.locator('meta[name="robots"]').get_attribute("content").startswith("noindex")
    righe = page.locator("tbody tr")
    assert righe.count() == 1
    assert "Graduatoria definitiva del bando voucher anziani" in righe.first.inner_text()
    assert f"al {atto.pubblicazione_al:%d/%m/%Y}" in righe.first.inner_text()
    assert "Solo interno" not in page.content() and "Periodo concluso" not in page.content()
    screenshot(page, "pubblico-atti")
    righe.first.get_by_role("link").click()
    assert "Scarica il PDF" in page.content()
    page.get_by_role("link", name="Dichiarazione di accessibilità").last.click()
    page.wait_for_url("**/p/lodi/accessibilita/")
    assert "Meccanismo di feedback" in page.content()
    assert not page.console_errors
