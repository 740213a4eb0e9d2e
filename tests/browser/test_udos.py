"""In the browser: the office files a CPE for a new nursery, completes the checklist, records the ATS outcome,
and the nursery appears on the public "mappa dell'offerta"."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from ambito import formato
from tests.browser.conftest import screenshot
from tests.browser.test_percorsi import accedi
from tests.udos import helpers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_nursery_from_cpe_to_the_public_map(page, mondo):
    w = mondo.a
    slug = w.ambito.slug
    with scopes_disabled():
        ente = helpers.ente_di(w)
    accedi(page, w.operatore)
    page.goto(f"/a/{slug}/udos/")
    page.get_by_role("link", name="Presenta una CPE").first.click()
    page.get_by_role("button", name="Avanti").click()  # no unit chosen: a new one (CPE di avvio)
    page.wait_for_url(f"**/a/{slug}/udos/cpe/nuova/avvio/")
    page.get_by_label("Tipologia").select_option(label="Asilo nido")
    page.get_by_label("Denominazione dell'unità").fill("Asilo nido Le Coccinelle")
    page.get_by_label("Ente gestore").select_option(label=ente.denominazione)
    page.locator("#id_comune").select_option(str(w.comuni[0].pk))
    page.locator("#id_indirizzo").fill("Via Garibaldi 12")
    page.get_by_label("Capacità dichiarata").fill("36")
    page.get_by_label("Data di presentazione").fill("2025-03-03")
    page.get_by_label("Telefono della struttura").fill("0371 987654")
    page.get_by_role("button", name="Registra la CPE").click()
    page.wait_for_load_state()
    assert "CPE registrata: Asilo nido Le Coccinelle può operare dal 03/03/2025." in page.content()
    assert page.locator("#stato-cpe").inner_text() == "Presentata"

    page.get_by_role("link", name="Avvia la verifica documentale").click()
    page.get_by_role("button", name="Salva").click()
    page.wait_for_load_state()
    assert page.locator("#stato-cpe").inner_text() == "In verifica documentale"

    page.get_by_role("link", name="Verifica dei requisiti").click()
    esiti = page.locator("select[name^='esito_']")
    assert esiti.count() == 10
    for i in range(esiti.count()):
        esiti.nth(i).select_option("conforme")
    screenshot(page, "udos-verifica-requisiti")
    page.get_by_role("button", name="Salva la verifica").click()
    page.wait_for_load_state()
    assert "Verifica dei requisiti salvata." in page.content()

    page.get_by_role("link", name="Richiedi la vigilanza all'ATS").click()
    page.get_by_role("button", name="Salva").click()
    page.wait_for_load_state()
    assert page.locator("#stato-cpe").inner_text() == "Vigilanza richiesta all'ATS"

    page.get_by_role("link", name="Registra l'esito dell'ATS").click()
    page.get_by_label("Esito della vigilanza").select_option("esito_positivo")
    oggi = formato.oggi().isoformat()  # the server's today (Europe/Rome), like the dates the steps defaulted to
    page.get_by_label("Data del sopralluogo").fill(oggi)
    page.get_by_label("Data dell'esito").fill(oggi)
    page.get_by_role("button", name="Salva").click()
    page.wait_for_load_state()
    assert page.locator("#stato-cpe").inner_text() == "Esito positivo"
    screenshot(page, "udos-cpe-esito-positivo")
    assert not page.console_errors

    page.goto(f"/p/{slug}/offerta/")
    riga = page.locator("tr.unita-pubblica", has_text="Asilo nido Le Coccinelle")
    assert riga.count() == 1
    assert "0371 987654" in riga.inner_text() and "36 bambini" in riga.inner_text()
    screenshot(page, "udos-mappa-offerta")
