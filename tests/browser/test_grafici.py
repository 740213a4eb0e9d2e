"""The Assemblea's home in Chromium: the funds' charts are drawn (canvas painted by Chart.js, no CSP error)
and their tables are there with the same figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from ambito.tenancy import ambito_scope
from fondi import services
from fondi.models import TipoDestinazione
from tests.browser.conftest import screenshot
from tests.conftest import login
from tests.fondi.helpers import D, assegnazione, determina_di_liquidazione, quota

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fondi(w) -> None:
    with ambito_scope(w.ambito, actor=w.operatore):
        for codice, anno in (("FNA", 2024), ("FNPS", 2025)):
            a = assegnazione(w.ambito, w.operatore, importo="120000.00", codice=codice, annualita=anno)
            q = quota(a, w.operatore, importo="46053.00", tipo=TipoDestinazione.COMUNE, descrizione="Quota",
                      comune=w.comuni[0])
            services.impegno_create(quota=q, importo=D("30000.00"), data_contabile=dt.date(2025, 3, 1),
                                    actor=w.operatore)
            services.liquidazione_create(quota=q, importo=D("12000.00"), data_contabile=dt.date(2025, 4, 1),
                                         actor=w.operatore, atto=determina_di_liquidazione(w.ambito))


def _entra(page, live_server, user) -> None:
    sessione = login(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": sessione, "url": live_server.url}])


def _disegnato(page, canvas_id: str) -> bool:
    """Chart.js owns the canvas and has painted something on it (some pixel is not transparent)."""
    return page.evaluate("""(id) => {
        const canvas = document.getElementById(id);
        if (!window.Chart || !window.Chart.getChart(canvas) || canvas.width === 0) return false;
        const pixel = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixel.length; i += 4) { if (pixel[i] !== 0) return true; }
        return false;
    }""", canvas_id)


def test_the_sindaco_home_draws_the_funds_charts_next_to_their_tables(page, live_server, mondo):
    _fondi(mondo.a)
    _entra(page, live_server, mondo.a.sindaco)
    page.goto(f"/a/{mondo.a.ambito.slug}/")

    canvas = page.locator("canvas[data-grafico]")
    assert canvas.count() == 2
    for i in range(2):
        identificativo = canvas.nth(i).get_attribute("id")
        page.wait_for_function("(id) => window.Chart && window.Chart.getChart(document.getElementById(id))",
                               arg=identificativo)
        assert _disegnato(page, identificativo), identificativo
        assert canvas.nth(i).bounding_box()["height"] > 100
    tabella = page.locator("table.ambito-grafico-tabella").first
    assert tabella.is_visible()
    assert "120.000,00 €" in tabella.inner_text()
    # The chart's first bar is the table's first figure.
    primo = page.evaluate("""() => window.Chart.getChart(document.querySelector('canvas[data-grafico]'))
                                .data.datasets[0].data[0]""")
    assert primo == 120000
    assert not page.console_errors, page.console_errors
    screenshot(page, "sindaco-grafici-fondi")

    page.get_by_role("link", name="Cosa ha ricevuto il mio comune").click()
    page.wait_for_load_state()
    assert "Cosa ha ricevuto Lodi" in page.content()
    per_mille = page.locator("canvas[data-grafico]").nth(1).get_attribute("id")
    page.wait_for_function("(id) => window.Chart && window.Chart.getChart(document.getElementById(id))",
                           arg=per_mille)
    assert "1.000,00 €" in page.locator("table.ambito-grafico-tabella").nth(1).inner_text()  # 46.053 € / 46.053 res.
    assert not page.console_errors, page.console_errors
    screenshot(page, "sindaco-mio-comune")
