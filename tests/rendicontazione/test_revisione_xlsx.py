"""Review of issue 20 — an XLSX sheet holds 1,048,576 rows and XlsxWriter drops, without an error, every cell
written beyond: a larger return exported as XLSX would be offered truncated after passing its checks on every row.
The writer now refuses it and says to choose CSV (the limit is lowered here to keep the test small)."""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from openpyxl import load_workbook

from ambito import exporters
from ambito.jobs.models import StatoJob
from tests.rendicontazione import ritorno_prova  # noqa: F401  (registers the test returns)
from tests.rendicontazione.helpers import contenuto, produci

pytestmark = pytest.mark.django_db


def test_the_limit_is_excels_and_xlsxwriter_ignores_writes_beyond_it(tmp_path):
    libro = xlsxwriter.Workbook(str(tmp_path / "limite.xlsx"), {"constant_memory": True})
    foglio = libro.add_worksheet()
    assert foglio.write_number(exporters.RIGHE_MASSIME_XLSX - 1, 0, 1) == 0
    assert foglio.write_number(exporters.RIGHE_MASSIME_XLSX, 0, 1) == -1  # no exception: the cell is dropped
    libro.close()


def test_a_return_too_long_for_one_sheet_fails_instead_of_being_truncated(mondo, django_capture_on_commit_callbacks,
                                                                          monkeypatch):
    monkeypatch.setattr(exporters, "RIGHE_MASSIME_XLSX", 11)  # the header and ten rows
    w = mondo.a
    pieno = produci(w, django_capture_on_commit_callbacks, codice="prova_grande", formato="xlsx",
                    parametri={"righe": "10"})
    assert pieno.job.stato == StatoJob.COMPLETATO, pieno.job.errore
    assert len(list(load_workbook(io.BytesIO(contenuto(pieno))).active.iter_rows())) == 11
    troppo = produci(w, django_capture_on_commit_callbacks, codice="prova_grande", formato="xlsx",
                     parametri={"righe": "11"})
    assert troppo.job.stato == StatoJob.FALLITO and not troppo.job.risultato
    assert "scegli il formato CSV" in troppo.job.errore
    csv = produci(w, django_capture_on_commit_callbacks, codice="prova_grande", formato="csv",
                  parametri={"righe": "11"})
    assert csv.job.stato == StatoJob.COMPLETATO
