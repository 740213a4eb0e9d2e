"""A keyed return larger than the summary an Invio keeps: the decrease rule, the rows that disappeared and the diff
run in SQL over the compact per-row summary (RigaInvio), never holding either file's rows in memory."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from ambito.jobs.models import StatoJob
from ambito.tenancy import ambito_scope
from rendicontazione import selectors, services
from rendicontazione.models import RigaInvio
from tests.rendicontazione import ritorno_prova  # noqa: F401  (registers the test returns)
from tests.rendicontazione.helpers import produci

pytestmark = pytest.mark.django_db


def test_a_large_keyed_return_is_compared_on_its_compact_rows(mondo, django_capture_on_commit_callbacks,
                                                              monkeypatch):
    monkeypatch.setattr("rendicontazione.sintesi_db.RIGHE_SINTESI", 10)
    w = mondo.a

    def run(**parametri):
        return produci(w, django_capture_on_commit_callbacks, codice="prova_per_riga", anno=2025,
                       parametri={k: str(v) for k, v in parametri.items()})

    primo = run(righe=30)
    assert primo.job.stato == StatoJob.COMPLETATO, primo.job.errore
    assert (primo.sintesi, primo.sintesi_completa) == ({}, False)
    with scopes_disabled():
        assert RigaInvio.objects.filter(invio=primo).count() == 30
    with ambito_scope(w.ambito, actor=w.responsabile):
        services.invio_mark_inviato(invio=primo, actor=w.responsabile, inviato_il=dt.date(2026, 1, 10),
                                    protocollo="INPS-1")

    calato = run(righe=29, cala=7)  # row 7 lower, row 29 gone
    assert calato.job.stato == StatoJob.FALLITO
    errore, avviso = calato.anomalie
    assert (errore["codice"], errore["riga"], errore["url"]) == ("diminuzione", 8, "/riga/7/")
    assert "da 100 a 99" in errore["messaggio"]
    assert (avviso["codice"], avviso["gravita"]) == ("riga_scomparsa", "avviso") and "29" in avviso["messaggio"]

    cresciuto = run(righe=31, cresce=3)  # row 3 higher, row 30 new
    assert cresciuto.job.stato == StatoJob.COMPLETATO, cresciuto.anomalie
    with ambito_scope(w.ambito):
        precedente, differenze = selectors.differenze(invio=cresciuto)
    assert precedente.pk == primo.pk and differenze.totale == 2
    cambiata, nuova = differenze
    assert (cambiata.chiave, cambiata.campi_cambiati, cambiata.prima, cambiata.dopo) == (
        "3", ["importo"], {"importo": "100"}, {"importo": "105"})
    assert (nuova.chiave, nuova.prima) == ("30", None)
