"""The rendiconto per assegnazione runs as a background job and yields XLSX or PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from ambito.models import Job, StatoJob
from ambito.tenancy import ambito_scope
from fondi import services
from tests.fondi.helpers import D, assegnazione, quota

pytestmark = pytest.mark.django_db


@pytest.fixture
def dati(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, importo="5000.00")
        q = quota(a, w.operatore, importo="3000.00", descrizione="Buoni caregiver")
        services.impegno_create(quota=q, importo=D("1234.56"), data_contabile=dt.date(2025, 3, 1), actor=w.operatore)
    return w, a


def avvia(client, w, a, formato, capture):
    with capture(execute=True):
        r = client.post(f"/a/{w.ambito.slug}/fondi/assegnazioni/{a.pk}/rendiconto/",
                        {"formato": formato, "data": "2025-12-31"})
    assert r.status_code == 302
    with scopes_disabled():
        return Job.objects.filter(tipo="fondi.rendiconto_assegnazione").latest("creato_il")


def test_the_xlsx_rendiconto_lists_balances_and_movements(dati, client_per, django_capture_on_commit_callbacks):
    w, a = dati
    job = avvia(client_per(w.operatore), w, a, "xlsx", django_capture_on_commit_callbacks)
    assert job.stato == StatoJob.COMPLETATO, job.errore
    with job.risultato.open("rb") as f:
        righe = [tuple(c.value for c in r) for r in load_workbook(io.BytesIO(f.read())).active.iter_rows()]
    testo = repr(righe)
    assert "Buoni caregiver" in testo and "Impegno" in testo
    assert any(1234.56 in r or D("1234.56") in r for r in righe)


def test_the_pdf_rendiconto_is_a_pdf(dati, client_per, django_capture_on_commit_callbacks):
    w, a = dati
    job = avvia(client_per(w.responsabile), w, a, "pdf", django_capture_on_commit_callbacks)
    assert job.stato == StatoJob.COMPLETATO, job.errore
    with job.risultato.open("rb") as f:
        assert f.read(5) == b"%PDF-"


def test_the_assemblea_cannot_start_a_rendiconto(dati, client_per):
    w, a = dati
    r = client_per(w.sindaco).post(f"/a/{w.ambito.slug}/fondi/assegnazioni/{a.pk}/rendiconto/", {"formato": "xlsx"})
    assert r.status_code == 403
    with scopes_disabled():
        assert not Job.objects.exists()
