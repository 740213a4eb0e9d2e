"""The main fondi lists export to XLSX and CSV with the page's filters applied (issue 14, list exports)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from ambito.tenancy import ambito_scope
from fondi import services
from tests.fondi.helpers import D, assegnazione, quota

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_fondi(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        for codice, importo in (("FNA", "100.00"), ("FNPS", "=2+3")):
            a = assegnazione(w.ambito, w.operatore, codice=codice, importo="9000.00")
            q = quota(a, w.operatore, importo="3000.00", descrizione=f"Quota {codice}" if codice == "FNA" else importo)
            services.impegno_create(quota=q, importo=D("100.00"), data_contabile=dt.date(2025, 3, 1),
                                    actor=w.operatore)
    return w


def _contenuto(risposta) -> bytes:
    return b"".join(risposta.streaming_content) if risposta.streaming else risposta.content


def test_the_movement_list_exports_only_the_filtered_rows_typed(due_fondi, client_per):
    w = due_fondi
    c = client_per(w.sindaco)
    pagina = c.get(f"/a/{w.ambito.slug}/fondi/movimenti/?tipo=impegno").content.decode()
    assert "esporta=xlsx" in pagina and "tipo=impegno" in pagina.split("esporta=xlsx")[0].rsplit('href="', 1)[1]
    r = c.get(f"/a/{w.ambito.slug}/fondi/movimenti/?tipo=impegno&esporta=xlsx")
    assert r.status_code == 200 and "movimenti.xlsx" in r["Content-Disposition"]
    foglio = load_workbook(io.BytesIO(_contenuto(r)))["Movimenti"]
    righe = list(foglio.iter_rows(min_row=2))
    assert [riga[1].value for riga in righe] == ["Impegno", "Impegno"]  # no assegnazioni, no allocazioni
    assert righe[0][5].value == 100 and righe[0][5].number_format == '#,##0.00 "€"'
    assert righe[0][0].number_format == "DD/MM/YYYY" and foglio.freeze_panes == "A2"
    assert {riga[3].value for riga in righe} == {"Quota FNA", "=2+3"}  # text, not a formula
    assert all(riga[3].data_type == "s" for riga in righe)


def test_the_position_exports_to_csv_with_its_grouping_and_total(due_fondi, client_per):
    w = due_fondi
    r = client_per(w.sindaco).get(f"/a/{w.ambito.slug}/fondi/posizione/?per=fonte&data=2025-12-31&esporta=csv")
    assert r.status_code == 200
    righe = list(csv.reader(io.StringIO(_contenuto(r).decode("utf-8-sig")), delimiter=";"))
    assert righe[0][:3] == ["Fonte", "Assegnato", "Allocato"]
    assert righe[-1][0] == "Totale" and righe[-1][1] == "18000,00" and righe[-1][3] == "200,00"
    assert len(righe) == 4  # header, FNA, FNPS, total


def test_a_row_exporter_of_the_kit_can_declare_typed_columns(tmp_path):
    """EsportatoreRighe.colonne(): a module's export gets euro amounts, dates, widths, frozen header, filter."""
    from types import SimpleNamespace

    from ambito.exporters import Colonna, EsportatoreRighe, Totale

    class Prova(EsportatoreRighe):
        def colonne(self):
            return [Colonna("Data", "data"), Colonna("Descrizione"), Colonna("Importo", "euro")]

        def righe(self):
            yield Totale(2)
            yield [dt.date(2025, 1, 2), "=1+1", D("1234.50")]
            yield [dt.date(2025, 1, 3), "Altro", D("0.01")]

    percorso = tmp_path / "prova.xlsx"
    contesto = SimpleNamespace(ambito=SimpleNamespace(slug="lodi"), dati={"formato": "xlsx"}, accesso=None,
                               file_temporaneo=lambda suffisso: percorso, progresso=lambda *a, **k: None)
    _nome, risultato = Prova(contesto).esegui()
    foglio = load_workbook(risultato).active
    assert [c.value for c in foglio[1]] == ["Data", "Descrizione", "Importo"]
    assert foglio["C2"].value == 1234.5 and foglio["C2"].number_format == '#,##0.00 "€"'
    assert foglio["A2"].number_format == "DD/MM/YYYY" and foglio["B2"].value == "=1+1" and foglio["B2"].data_type == "s"
    assert foglio.freeze_panes == "A2" and foglio.auto_filter.ref == "A1:C3"
