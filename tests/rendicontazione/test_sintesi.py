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
    assert "da 100,00 € a 99,00 €" in errore["messaggio"]
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


def test_the_compact_rows_of_superseded_unsubmitted_productions_are_cleaned_up(
        mondo, django_capture_on_commit_callbacks, monkeypatch, settings):
    """Once a newer production of the same return and period has completed, the compact rows of the older
    productions never submitted go (set-based, by the system, recorded on each Invio's history); the submitted
    file's rows, the latest production's and those of other periods and Ambiti stay. A superseded production can
    then no longer be marked submitted (it could not be compared), and its page says why it shows no diff."""
    from ambito.errors import RegolaViolata
    from rendicontazione.models import Invio
    from rendicontazione.tasks import pulisci_righe_invio

    monkeypatch.setattr("rendicontazione.sintesi_db.RIGHE_SINTESI", 10)
    a, b = mondo.a, mondo.b

    def run(w, anno=2025, **parametri):
        return produci(w, django_capture_on_commit_callbacks, codice="prova_per_riga", anno=anno,
                       parametri={k: str(v) for k, v in parametri.items()})

    def righe(invio) -> int:
        with scopes_disabled():
            return RigaInvio.objects.filter(invio_id=invio.pk).count()

    inviato = run(a, righe=30)
    with ambito_scope(a.ambito, actor=a.responsabile):
        services.invio_mark_inviato(invio=inviato, actor=a.responsabile, inviato_il=dt.date(2026, 1, 10),
                                    protocollo="INPS-1")
    superato = run(a, righe=31, cresce=3)  # completed, never submitted
    fallito = run(a, righe=29, cala=7)  # a decrease: failed checks
    ultimo = run(a, righe=32)  # the latest completed production of the period
    altro_anno = run(a, anno=2024, righe=12)  # another period: the latest of its own
    assert [i.job.stato for i in (superato, fallito, ultimo)] == [StatoJob.COMPLETATO, StatoJob.FALLITO,
                                                                  StatoJob.COMPLETATO]
    b_vecchio, b_nuovo = run(b, righe=11), run(b, righe=12)
    assert [righe(i) for i in (inviato, superato, fallito, ultimo, altro_anno, b_vecchio)] == [30, 31, 29, 32, 12, 11]

    with ambito_scope(a.ambito):
        cancellate = services.righe_superate_delete(ambito=a.ambito, actor=None)
    assert cancellate == 31 + 29
    assert [righe(i) for i in (inviato, superato, fallito, ultimo, altro_anno, b_vecchio, b_nuovo)] == [
        30, 0, 0, 32, 12, 11, 12]  # another Ambito untouched
    with scopes_disabled():
        for invio in (superato, fallito):
            voce = Invio.history.filter(id=invio.pk).latest("history_date")
            assert voce.righe_rimosse_il is not None and voce.history_user_id is None
            assert voce.history_change_reason == "pulizia delle righe compatte di produzioni superate"
        assert not Invio.objects.filter(pk__in=[inviato.pk, ultimo.pk, altro_anno.pk],
                                        righe_rimosse_il__isnull=False).exists()
        storico = Invio.history.count()
    with ambito_scope(a.ambito):  # nothing left to clean: no change, no history
        assert services.righe_superate_delete(ambito=a.ambito, actor=None) == 0
    with scopes_disabled():
        assert Invio.history.count() == storico

    with ambito_scope(a.ambito, actor=a.responsabile), pytest.raises(RegolaViolata) as rifiuto:
        services.invio_mark_inviato(invio=superato, actor=a.responsabile, inviato_il=dt.date(2026, 1, 11),
                                    protocollo="INPS-2")
    assert rifiuto.value.codice == "file_superato"
    with ambito_scope(a.ambito):
        precedente, differenze = selectors.differenze(invio=Invio.objects.get(pk=superato.pk))
        assert precedente.pk == inviato.pk and differenze.non_disponibili and not differenze
        _p, differenze_ultimo = selectors.differenze(invio=ultimo)
    assert differenze_ultimo.totale == 2 and not differenze_ultimo.non_disponibili  # rows 3 (100) and 30, 31 new

    assert settings.CELERY_BEAT_SCHEDULE["rendicontazione-pulisci-righe-invio"]["task"] == pulisci_righe_invio.name
    assert pulisci_righe_invio() >= 2  # the beat fans out per active Ambito: B's older production goes too
    assert [righe(i) for i in (b_vecchio, b_nuovo, inviato, ultimo)] == [0, 12, 30, 32]
