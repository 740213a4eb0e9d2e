"""In Chromium: a social worker files a domanda with an attachment; the office asks for an integrazione, the worker
uploads it, the office declares the domanda ammissibile."""

from __future__ import annotations

import pytest

from ambito.tenancy import ambito_scope
from misure.models import Domanda, StatoDomanda
from tests.browser.conftest import browser, page, screenshot  # noqa: F401  (fixtures)
from tests.browser.test_percorsi import accedi
from tests.misure.domande.helpers import PDF, bando_b2, beneficiario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def verificato(pagina, azione) -> None:
    """Do ``azione`` (a change in the wizard) and wait for htmx's inline validation to come back and settle."""
    with pagina.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/nuova/")):
        azione()
    pagina.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def esci(pagina) -> None:
    pagina.context.clear_cookies()


def test_domanda_from_filing_to_ammissibile_through_an_integrazione(page, mondo, tmp_path):  # noqa: F811
    w = mondo.a
    with ambito_scope(w.ambito):
        prova = bando_b2(w.ambito)
        persona = beneficiario(w.ambito, w.comuni[0], cognome="Bianchi", nome="Anna")
    contratto = tmp_path / "contratto.pdf"
    contratto.write_bytes(PDF)
    base = f"/a/{w.ambito.slug}/misure/domande/"

    # The social worker files the domanda with its document and submits it.
    accedi(page, w.assistente_1)
    page.goto(base + "nuova/")
    verificato(page, lambda: page.get_by_label("Beneficiario").select_option(
        label=f"Bianchi Anna — {persona.comune}"))
    verificato(page, lambda: page.get_by_label("Bando e strumento").select_option(
        label=f"{prova.bando.titolo} — Buono assistente familiare"))
    verificato(page, lambda: page.get_by_label("Valore ISEE (€)").fill("12.345,67") or page.get_by_label(
        "Valore ISEE (€)").blur())
    # Inline: a value without its ISEE type is pointed out before anything is saved.
    assert "Indica il tipo di ISEE del valore dichiarato." in page.locator("#modulo-domanda").inner_text()
    verificato(page, lambda: page.get_by_label("Tipo di ISEE").select_option("sociosanitario"))
    assert "Indica il tipo di ISEE" not in page.locator("#modulo-domanda").inner_text()
    screenshot(page, "domanda-nuova")
    page.get_by_role("button", name="Salva la bozza").click()
    page.wait_for_load_state()
    assert "Bozza salvata per Bianchi Anna" in page.content()
    with ambito_scope(w.ambito):
        assert (Domanda.objects.get().isee_tipo, str(Domanda.objects.get().isee_valore)) == ("sociosanitario",
                                                                                             "12345.67")
    page.locator("input[type=file]").first.set_input_files(str(contratto))
    page.get_by_role("button", name="Carica: Contratto di lavoro registrato INPS").click()
    page.wait_for_load_state()
    assert "Documento caricato: Contratto di lavoro registrato INPS." in page.content()
    page.get_by_role("button", name="Presenta la domanda").click()
    page.wait_for_load_state()
    assert "Domanda presentata: protocollo 1/" in page.content()
    screenshot(page, "domanda-presentata")
    with ambito_scope(w.ambito):
        domanda = Domanda.objects.get()
    dettaglio = f"{base}{domanda.pk}/"

    # The office asks for an integrazione.
    esci(page)
    accedi(page, w.operatore)
    page.goto(base)
    assert page.locator("#elenco-domande").get_by_role("link", name=str(domanda)).count() == 1
    screenshot(page, "domande-coda")
    page.goto(dettaglio)
    assert "ISEE entro la soglia" in page.locator("#esiti-regole").inner_text()
    page.locator("#motivo-richiedi_integrazione").fill("Serve la busta paga di febbraio")
    page.locator("#azione-richiedi_integrazione").click()
    page.wait_for_load_state()
    assert "Integrazione richiesta" in page.content()

    # The worker is notified, uploads the new file and declares the integrazione done.
    esci(page)
    accedi(page, w.assistente_1)
    page.goto(f"/a/{w.ambito.slug}/notifiche/")
    assert f"Domanda {domanda}: Integrazione richiesta" in page.content()
    page.goto(dettaglio)
    assert "Serve la busta paga di febbraio" in page.locator("#cronologia").inner_text()
    page.locator("input[type=file]").first.set_input_files(str(contratto))
    page.get_by_role("button", name="Sostituisci: Contratto di lavoro registrato INPS").click()
    page.wait_for_load_state()
    page.locator("#motivo-integra").fill("Caricata la busta paga")
    page.locator("#azione-integra").click()
    page.wait_for_load_state()
    assert "Integrata" in page.content()

    # The office declares it ammissibile.
    esci(page)
    accedi(page, w.operatore)
    page.goto(dettaglio)
    page.locator("#azione-dichiara_ammissibile").click()
    page.wait_for_load_state()
    messaggi = page.locator(".alert").all_inner_texts()
    assert f"Domanda {domanda}: Ammissibile." in messaggi, messaggi
    screenshot(page, "domanda-ammissibile")
    with ambito_scope(w.ambito):
        assert Domanda.objects.get().stato == StatoDomanda.AMMISSIBILE
    assert not page.console_errors
