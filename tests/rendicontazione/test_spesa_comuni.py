"""The per-comune social spending for SMAF and MEF: the ISTAT survey's ledger and mapping by comune and area, with
the spending per resident; parsed back against an SQL sum; an unmapped paid quota stops it; another Ambito sees
nothing."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from ambito.jobs.models import StatoJob
from ambito.tenancy import ambito_scope
from ambito.territorio.selectors import comune_list
from tests.rendicontazione.helpers import contenuto, euro, mappa, produci, righe_csv
from tests.rendicontazione.test_istat_spesa_sociale import indagine, sql_uno  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_spending_per_comune_and_area_with_the_per_resident_figure(indagine, mondo,  # noqa: F811
                                                                   django_capture_on_commit_callbacks):
    w, sad, famiglia, _prova = indagine
    mappa(w, sad, istat_area="ELD", istat_servizio="HOMECARE")
    invio = produci(w, django_capture_on_commit_callbacks, codice="spesa_sociale_comuni")
    assert invio.job.stato == StatoJob.FALLITO  # the family service's payments are not mapped
    assert sorted(a["codice"] for a in invio.anomalie) == ["quota_non_mappata", "totale_non_corrispondente"]
    mappa(w, famiglia, istat_area="FAM", istat_servizio="PSW")
    invio = produci(w, django_capture_on_commit_callbacks, codice="spesa_sociale_comuni")
    assert invio.job.stato == StatoJob.COMPLETATO, invio.anomalie
    righe = {(r["comune"], r["area"]): r for r in righe_csv(contenuto(invio))}
    c0 = w.comuni[0]
    assert set(righe) == {(c0.codice_istat, "ELD"), ("", "FAM")}
    riga = righe[c0.codice_istat, "ELD"]
    with ambito_scope(w.ambito):
        popolazione = next(c.popolazione for c in comune_list(ambito=w.ambito) if c.pk == c0.pk)
    assert (euro(riga["spesa"]), int(riga["popolazione"])) == (Decimal("1500.00"), popolazione)
    assert euro(riga["spesa_pro_capite"]) == (Decimal("1500.00") / popolazione).quantize(Decimal("0.01"),
                                                                                          ROUND_HALF_UP)
    assert righe["", "FAM"]["denominazione"] == "Gestione associata" and righe["", "FAM"]["spesa_pro_capite"] == ""
    pagato = sql_uno(w, "SELECT sum(importo * segno) FROM fondi_movimento WHERE ambito_id = %s "
                        "AND voce = 'liquidato' AND extract(year FROM data_contabile) = %s", 2025)
    assert sum(euro(r["spesa"]) for r in righe.values()) == pagato
    altro = produci(mondo.b, django_capture_on_commit_callbacks, codice="spesa_sociale_comuni")
    assert altro.job.stato == StatoJob.COMPLETATO and righe_csv(contenuto(altro)) == []
