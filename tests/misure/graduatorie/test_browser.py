"""In Chromium: the office computes the graduatoria of a bando, simulates more funds, approves the provisional
graduatoria with its act (which publishes it) and asks the definitive approval; the responsabile, logged in with
the second factor, approves it on the core approvals page (impegno, domande funded, definitive list published);
on the public page an applicant finds their row by the code of their receipt."""

from __future__ import annotations

import re

import pytest

from ambito.tenancy import ambito_scope
from tests.browser.conftest import browser, page, screenshot  # noqa: F401  (fixtures)
from tests.browser.test_percorsi import accedi
from tests.fondi import helpers as fondi
from tests.misure.graduatorie.helpers import bando_con_quota, domanda_valutata

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_computes_simulates_approves_publishes_and_the_public_finds_a_row(page, mondo):  # noqa: F811
    w = mondo.a
    with ambito_scope(w.ambito):
        prova = bando_con_quota(w.ambito)
        domande = [domanda_valutata(w.ambito, prova, w.comuni[i % 2], punti={"isee": 10 + i, "eta": 2})
                   for i in range(3)]
        atto = fondi.atto(w.ambito, oggetto="Determina graduatoria provvisoria")
        atto_definitiva = fondi.atto(w.ambito, oggetto="Determina graduatoria definitiva")
    accedi(page, w.operatore)
    page.goto(f"/a/{w.ambito.slug}/misure/bandi/{prova.bando.pk}/")
    page.get_by_role("link", name="Graduatorie").first.click()
    page.get_by_role("button", name="Calcola").click()
    page.wait_for_load_state()
    assert "Graduatoria calcolata" in page.content()
    assert "ricalcolo identico" in page.content()
    assert page.locator("#posizioni tbody tr").count() == 3

    page.get_by_label("Nome della simulazione").fill("Più fondi")
    page.locator("#form-simula").get_by_label("Budget").fill("3.600,00")
    page.locator("#form-simula").get_by_role("button", name="Simula").click()
    page.wait_for_load_state()
    riga = page.locator("#simulazioni tbody tr").first.inner_text()
    assert "Più fondi" in riga and domande[0].codice_pubblico in riga  # the lowest score enters with more funds
    screenshot(page, "graduatoria-simulazione")

    page.locator("#form-provvisoria").get_by_label("Atto").select_option(value=str(atto.pk))
    page.get_by_role("button", name="Approva la provvisoria e pubblica").click()
    page.wait_for_load_state()
    assert page.locator("#stato-graduatoria").inner_text() == "Provvisoria"
    graduatoria_url = page.url

    # The preparer asks the definitive approval: it waits for a second person.
    page.locator("#form-definitiva").get_by_label("Atto").select_option(value=str(atto_definitiva.pk))
    page.get_by_role("button", name="Chiedi l'approvazione definitiva").click()
    page.wait_for_load_state()
    assert "decide una seconda persona" in page.locator("#richiesta-definitiva").inner_text()
    assert page.locator("#stato-graduatoria").inner_text() == "Provvisoria"

    # The responsabile (second factor verified at login) approves it from the core approvals page.
    page.context.clear_cookies()
    accedi(page, w.responsabile, totp=True)
    page.goto(f"/a/{w.ambito.slug}/approvazioni/")
    page.get_by_role("link", name=re.compile(f"^Graduatoria definitiva: .*{prova.bando.titolo}")).first.click()
    page.get_by_role("button", name="Approva ed esegui").click()
    page.wait_for_load_state()
    assert "Richiesta approvata ed eseguita" in page.content()
    page.goto(graduatoria_url)
    assert page.locator("#stato-graduatoria").inner_text() == "Definitiva"
    with ambito_scope(w.ambito):
        domande[2].refresh_from_db()
        assert domande[2].stato == "finanziata"

    # The definitive list is public: the applicant finds their row by the code of the receipt.
    page.context.clear_cookies()
    page.goto(f"/p/{w.ambito.slug}/graduatorie/")
    page.get_by_role("link", name=prova.bando.titolo).first.click()
    assert "Definitiva" in page.locator("main").inner_text()
    page.get_by_label("Cerca la tua posizione con il codice della ricevuta").fill(domande[2].codice_pubblico)
    page.get_by_role("button", name="Cerca").click()
    page.wait_for_load_state()
    assert (f"Codice {domande[2].codice_pubblico}: posizione 1, esito «Idonea finanziata»"
            in page.locator("#esito-ricerca").inner_text())
    assert page.locator("meta[name=robots]").get_attribute("content").startswith("noindex")
