"""Notifications in the browser: the bell shows the unread count, the list opens, reading drops the count."""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled

from ambito.notifiche.models import Notifica
from tests.browser.conftest import screenshot
from tests.browser.test_percorsi import accedi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_counts_the_unread_and_reading_drops_the_count(page, mondo):
    w = mondo.a
    with scopes_disabled():
        for titolo in ("Seduta dell'Assemblea convocata", "Riparto FNPS approvato", "Nuovo atto pubblicato"):
            Notifica.objects.create(ambito=w.ambito, destinatario=w.operatore, tipo="prova.evento", titolo=titolo,
                                    url=f"/a/{w.ambito.slug}/atti/")
        Notifica.objects.create(ambito=w.ambito, destinatario=w.responsabile, tipo="prova.evento",
                                titolo="Per qualcun altro")
    accedi(page, w.operatore)
    page.goto(f"/a/{w.ambito.slug}/")
    campanella = page.locator("#campanella")
    conteggio = page.locator("#campanella .ambito-campanella-conteggio")
    conteggio.wait_for()  # loaded by htmx after the page
    assert conteggio.inner_text() == "3"
    assert campanella.get_attribute("aria-label") == "Notifiche: 3 non lette"
    screenshot(page, "notifiche-campanella")

    campanella.click()
    page.wait_for_url(f"**/a/{w.ambito.slug}/notifiche/")
    assert page.get_by_role("heading", level=1).inner_text() == "Notifiche"
    assert page.locator("#elenco-notifiche > li").count() == 3
    assert "Per qualcun altro" not in page.content()

    page.get_by_role("button", name="Segna come letta: Riparto FNPS approvato").click()
    page.wait_for_load_state()
    assert "Notifica segnata come letta: Riparto FNPS approvato." in page.content()
    page.locator("#campanella .ambito-campanella-conteggio").wait_for()
    assert page.locator("#campanella .ambito-campanella-conteggio").inner_text() == "2"
    assert page.locator("#riepilogo-notifiche").inner_text() == "Hai 2 notifiche da leggere."

    page.get_by_role("button", name="Apri: Nuovo atto pubblicato").click()
    page.wait_for_url(f"**/a/{w.ambito.slug}/atti/")
    page.locator("#campanella .ambito-campanella-conteggio").wait_for()
    assert page.locator("#campanella .ambito-campanella-conteggio").inner_text() == "1"

    page.goto(f"/a/{w.ambito.slug}/notifiche/")
    page.get_by_role("button", name="Segna tutte come lette").click()
    page.wait_for_load_state()
    page.locator("#campanella[aria-label='Notifiche: nessuna da leggere']").wait_for()
    assert page.locator("#campanella .ambito-campanella-conteggio").count() == 0
    screenshot(page, "notifiche-elenco")
    assert not page.console_errors


def test_the_deadlines_calendar_shows_the_month_and_moves_to_the_next(page, mondo):
    from ambito.formato import oggi
    from ambito.tenancy import ambito_scope
    from tests.fondi.helpers import assegnazione

    w = mondo.a
    entro = oggi()  # due today: in the month the calendar opens on, whatever the day
    with ambito_scope(w.ambito, actor=w.operatore):
        assegnazione(w.ambito, w.operatore, codice="FNA", importo="1000.00", scadenza_impegno=entro)
    accedi(page, w.operatore)
    page.goto(f"/a/{w.ambito.slug}/")
    widget = page.locator("#widget-scadenze")
    assert "Termine per impegnare — FNA 2024" in widget.inner_text()
    widget.get_by_role("link", name="Calendario delle scadenze").click()
    page.wait_for_url(f"**/a/{w.ambito.slug}/scadenze/")
    assert page.locator("td[aria-current='date']").count() == 1
    assert "Termine per impegnare — FNA 2024" in page.locator("#elenco-scadenze").inner_text()
    screenshot(page, "scadenze-calendario")
    page.get_by_role("link", name=re.compile(r" ›$")).click()
    page.wait_for_load_state()
    mesi = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
            "ottobre", "novembre", "dicembre"]
    assert page.locator("#titolo-mese").inner_text().split()[0].lower() in mesi
    assert not page.console_errors
