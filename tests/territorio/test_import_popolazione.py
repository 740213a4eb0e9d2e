"""import_popolazione: codice_istat;popolazione;anno, all or nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from ambito.territorio.importers.popolazione import leggi_popolazione
from ambito.territorio.models import Comune

pytestmark = pytest.mark.django_db


@pytest.fixture
def comuni(senza_mondo):
    """The only two comuni of an otherwise empty table."""
    return [
        Comune.objects.create(codice_istat="098031", codice_catastale="E648", denominazione="Lodi",
                              sigla_provincia="LO", codice_regione="03"),
        Comune.objects.create(codice_istat="015191", codice_catastale="H803", denominazione="San Colombano al Lambro",
                              sigla_provincia="MI", codice_regione="03", popolazione=7000, popolazione_anno=2020,
                              popolazione_fonte="ISTAT"),
    ]


def importa(tmp_path, testo: str, *args: str) -> str:
    percorso = tmp_path / "popolazione.csv"
    percorso.write_text(testo, encoding="utf-8")
    out = io.StringIO()
    call_command("import_popolazione", str(percorso), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_population_year_and_source_are_set(tmp_path, comuni):
    uscita = importa(tmp_path, "codice_istat;popolazione;anno\n098031;46053;2024\n015191;7409;2024\n",
                     "--fonte", "ANPR")
    assert "2 comuni aggiornati" in uscita
    lodi = Comune.objects.get(codice_istat="098031")
    assert (lodi.popolazione, lodi.popolazione_anno, lodi.popolazione_fonte) == (46053, 2024, "ANPR")
    assert lodi.history.count() == 2  # created, then the population import


def test_the_source_defaults_to_istat_and_commas_are_accepted(tmp_path, comuni):
    importa(tmp_path, "codice_istat,popolazione,anno\r\n098031,45000,2023\r\n")
    lodi = Comune.objects.get(codice_istat="098031")
    assert (lodi.popolazione, lodi.popolazione_anno, lodi.popolazione_fonte) == (45000, 2023, "ISTAT")


def test_codes_that_lost_their_leading_zero_in_a_spreadsheet_are_padded(tmp_path, comuni):
    importa(tmp_path, "codice_istat;popolazione;anno\n98031;46053;2024\n")
    assert Comune.objects.get(codice_istat="098031").popolazione == 46053


def test_bad_rows_are_reported_by_line_and_nothing_is_written(tmp_path, comuni):
    testo = ("codice_istat;popolazione;anno\n"
             "098031;46053;2024\n"
             "0980X1;100;2024\n"
             "015191;7.409;2024\n"
             "015191;7409\n"
             "015191;7409;1700\n")
    with pytest.raises(CommandError, match="nessuna popolazione importata"):
        importa(tmp_path, testo)
    assert [str(e) for e in leggi_popolazione(testo.encode(), oggi=dt.date(2026, 6, 1)).errori] == [
        "riga 3: codice ISTAT non valido '0980X1': servono 6 cifre (es. 098031)",
        "riga 4: popolazione non valida '7.409': serve un numero intero senza separatori",
        "riga 5: numero di colonne errato: attese 3, trovate 2",
        "riga 6: anno non valido '1700': tra 1861 e 2027",
    ]
    assert Comune.objects.get(codice_istat="098031").popolazione is None
    assert Comune.objects.get(codice_istat="015191").popolazione == 7000


def test_an_unknown_comune_refuses_the_whole_file(tmp_path, comuni):
    errori = io.StringIO()
    percorso = tmp_path / "p.csv"
    percorso.write_text("codice_istat;popolazione;anno\n098031;46053;2024\n999999;5;2024\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_popolazione", str(percorso), stdout=io.StringIO(), stderr=errori)
    assert "riga 3: codice ISTAT 999999 sconosciuto" in errori.getvalue()
    assert Comune.objects.get(codice_istat="098031").popolazione is None


def test_a_file_without_the_header_is_refused(tmp_path, comuni):
    with pytest.raises(CommandError):
        importa(tmp_path, "098031;46053;2024\n")
    assert str(leggi_popolazione(b"098031;46053;2024\n").errori[0]).startswith("riga 1: intestazione non valida")
    assert Comune.objects.get(codice_istat="098031").popolazione is None
