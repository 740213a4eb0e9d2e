"""In Chromium: the office writes a bando's rules with live validation (htmx), saves them and publishes."""

from __future__ import annotations

import json

import pytest
from django_scopes import scopes_disabled

from misure.models import Bando, StatoBando
from tests.browser.conftest import browser, page, screenshot  # noqa: F401  (fixtures)
from tests.browser.test_percorsi import accedi
from tests.misure.bandi.helpers import bando_b2, delibera

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_regole_verificate_mentre_si_scrivono_poi_pubblicazione(page, mondo) -> None:  # noqa: F811
    from ambito.tenancy import ambito_scope

    w = mondo.a
    with scopes_disabled(), ambito_scope(w.ambito, actor=w.operatore):
        bando = bando_b2(w.ambito, w.operatore, titolo="Avviso B2 nel browser")
        atto = delibera(w.ambito)
    accedi(page, w.operatore)
    page.goto(f"/a/{w.ambito.slug}/misure/bandi/{bando.pk}/regole/")
    ammissibilita = page.get_by_label("Requisiti di ammissibilità")
    ammissibilita.fill(json.dumps({"eta": {"min": 65, "max": 18}}))
    errore = page.locator("#esito-regole .alert-danger")
    errore.wait_for()
    assert "ammissibilita.eta.max" in errore.inner_text() and "minore della minima" in errore.inner_text()
    screenshot(page, "misure-regole-errore")
    ammissibilita.fill(json.dumps({"eta": {"min": 18}, "residenza_ambito": True}))
    page.locator("#esito-regole .alert-success").wait_for()
    page.get_by_role("button", name="Salva le regole").click()
    page.wait_for_load_state()
    assert "Regole salvate" in page.content()

    page.goto(f"/a/{w.ambito.slug}/misure/bandi/{bando.pk}/pubblica/")
    page.get_by_label("Atto di approvazione").select_option(str(atto.pk))
    page.get_by_role("button", name="Pubblica il bando").click()
    page.wait_for_load_state()
    assert "Bando pubblicato" in page.content()
    screenshot(page, "misure-bando-pubblicato")
    with scopes_disabled():
        assert Bando.objects.get(pk=bando.pk).stato == StatoBando.PUBBLICATO
    assert not page.console_errors
