"""Review of issue 20 — in Chromium, the office user *watches* a production's progress: the page polls the job's row
(htmx, every 2 s) and swaps in the download once the job ends, without a reload. (test_browser.py runs the job
eagerly, so its page opens on a finished job and the polling is never exercised.) And a mayor opens the measures
dashboard and downloads its PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from ambito.jobs.models import Job, StatoJob
from ambito.tenancy import ambito_scope
from tests.browser.conftest import screenshot
from tests.browser.test_grafici import _entra
from tests.rendicontazione.helpers import fondo_poverta, mappa, produci

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_watches_the_progress_until_the_download_appears(page, live_server, mondo,
                                                                    django_capture_on_commit_callbacks):
    w = mondo.a
    quote = fondo_poverta(w)
    mappa(w, quote["q1"], istat_area="POV", istat_servizio="PSW")
    mappa(w, quote["q2"], istat_area="POV", istat_servizio="PROXIM")
    invio = produci(w, django_capture_on_commit_callbacks)
    risultato = invio.job.risultato.name
    with ambito_scope(w.ambito):  # the job back to the middle of its writing, as a worker would leave it
        Job.objects.filter(pk=invio.job_id).update(stato=StatoJob.IN_CORSO, progresso=40, risultato="",
                                                   messaggio="Righe scritte: 40", terminato_il=None)
    _entra(page, live_server, w.operatore)
    page.goto(f"/a/{w.ambito.slug}/rendicontazione/invii/{invio.pk}/")
    avanzamento = page.locator("#invio-avanzamento")
    assert "Completato al 40%" in avanzamento.inner_text() and "Righe scritte: 40" in avanzamento.inner_text()
    assert avanzamento.get_by_role("progressbar").get_attribute("aria-valuenow") == "40"
    assert avanzamento.get_by_role("link", name="Scarica il file").count() == 0
    screenshot(page, "rendicontazione-invio-in-corso")
    with ambito_scope(w.ambito):
        Job.objects.filter(pk=invio.job_id).update(progresso=80, messaggio="Righe scritte: 80")
    page.wait_for_function("() => document.querySelector('#invio-avanzamento').innerText.includes('80%')",
                           timeout=10000)
    with ambito_scope(w.ambito):
        Job.objects.filter(pk=invio.job_id).update(stato=StatoJob.COMPLETATO, progresso=100, risultato=risultato)
    link = page.locator("#invio-avanzamento").get_by_role("link", name="Scarica il file")
    link.wait_for(timeout=10000)  # swapped in by the polling: the page was never reloaded
    assert page.locator("#invio-avanzamento").get_attribute("hx-get") is None  # the polling stops
    with page.expect_download() as scaricamento:
        link.click()
    assert "FP-QSFP" in Path(scaricamento.value.path()).read_bytes().decode("utf-8-sig")
    assert not page.console_errors, page.console_errors


def test_a_mayor_opens_the_measures_dashboard_and_downloads_its_pdf(page, live_server, mondo):
    from misure.models import StatoDomanda
    from tests.misure.domande.helpers import bando_b2
    from tests.rendicontazione.test_cruscotto_misure import domanda

    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        prova = bando_b2(w.ambito)
        for stato in [StatoDomanda.FINANZIATA] * 6 + [StatoDomanda.LISTA_ATTESA] * 2:
            domanda(w, prova, w.comuni[0], stato)
    _entra(page, live_server, w.sindaco)
    page.goto(f"/a/{w.ambito.slug}/rendicontazione/cruscotto/misure/?anno=2025")
    testo = page.locator("main").inner_text()
    assert "< 5" in testo  # the waiting list of two, hidden from a mayor
    with page.expect_download() as scaricamento:
        page.get_by_role("link", name="Scarica in PDF").click()
    assert Path(scaricamento.value.path()).read_bytes()[:5] == b"%PDF-"
    assert not page.console_errors, page.console_errors
    screenshot(page, "rendicontazione-cruscotto-misure-sindaco")
