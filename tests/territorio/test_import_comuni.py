"""import_comuni: ISTAT's official list, all-or-nothing, updated in place."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ambito.territorio.importers.istat import leggi_elenco_comuni
from ambito.territorio.models import Comune
from tests.riferimenti import comuni_cessati_lombardia
from tests.territorio.istat import campione, lombardia, riga

# The import works on the whole comuni table: it starts empty (no shared world).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("senza_mondo")]

LODI, CODOGNO, SAN_COLOMBANO, AGLIE = "098031", "098019", "015191", "001001"


def importa(*args: str) -> str:
    out = io.StringIO()
    call_command("import_comuni", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def scrivi(tmp_path, nome: str, dati: bytes) -> str:
    percorso = tmp_path / nome
    percorso.write_bytes(dati)
    return str(percorso)


def test_the_full_bundled_list_is_imported_fast_and_agrees_with_the_lombardy_reference():
    inizio = time.perf_counter()
    with CaptureQueriesContext(connection) as query:
        uscita = importa()
    durata = time.perf_counter() - inizio

    assert "7896 letti, 7896 nuovi" in uscita
    assert Comune.objects.count() == 7896
    assert Comune.history.count() == 7896  # every row audited, in bulk
    # Bulk: a handful of batched statements, not one per comune (~2 s on an idle machine; the wall-clock
    # bound is loose because CI machines share their CPU).
    assert len(query) < 30, len(query)
    assert durata < 60, f"full import took {durata:.1f}s"
    print(f"full ISTAT import: {durata:.2f}s, {len(query)} queries")

    riferimento = lombardia()
    assert len(riferimento) == 1502
    importati = {c.codice_istat: c for c in Comune.objects.filter(codice_regione="03")}
    assert set(importati) == {r["codice_istat"] for r in riferimento}
    discordanti = [
        r["codice_istat"] for r in riferimento
        if (importati[r["codice_istat"]].codice_catastale, importati[r["codice_istat"]].denominazione,
            importati[r["codice_istat"]].sigla_provincia)
        != (r["codice_catastale"], r["denominazione"], r["sigla_provincia"])
    ]
    assert discordanti == []
    assert Comune.objects.get(codice_istat=SAN_COLOMBANO).provincia == "Milano"
    assert Comune.objects.get(codice_istat=LODI).provincia == "Lodi"


def test_a_sample_with_malformed_lines_is_refused_naming_each_line_and_writes_nothing(tmp_path):
    buona = riga(LODI)
    codice_errato = riga(CODOGNO).replace(b";098019;", b";98019X;")
    belfiore_mancante = riga(SAN_COLOMBANO).replace(b";H803;", b";;")
    colonne_mancanti = b";".join(riga("098010").split(b";")[:15]) + b"\r\n"
    in_utf8 = riga(AGLIE).decode("cp1252").encode("utf-8")
    ripetuta = riga(LODI)
    dati = campione(buona, codice_errato, belfiore_mancante, colonne_mancanti, in_utf8, ripetuta)

    with pytest.raises(CommandError, match="nessun comune importato"):
        call_command("import_comuni", scrivi(tmp_path, "campione.csv", dati), stdout=io.StringIO(),
                     stderr=io.StringIO())

    assert Comune.objects.count() == 0
    errori = [str(e) for e in leggi_elenco_comuni(dati).errori]
    # Header = lines 1-3 (two column names contain a line break); data from line 4.
    assert errori == [
        "riga 5: codice ISTAT non valido '98019X': servono 6 cifre (es. 098031)",
        "riga 6: codice catastale non valido '': una lettera e 3 cifre (es. E648)",
        "riga 7: numero di colonne errato: attese 26, trovate 15",
        "riga 8: codifica errata: la riga è in UTF-8, il resto del file in Windows-1252 (Latin-1)",
        "riga 9: codice ISTAT 098031 ripetuto (già alla riga 4)",
    ]


def test_the_command_prints_the_bad_lines(tmp_path):
    dati = campione(riga(LODI), riga(CODOGNO).replace(b";Codogno;Codogno;", b";;;"))
    errori = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_comuni", scrivi(tmp_path, "c.csv", dati), stdout=io.StringIO(), stderr=errori)
    assert "riga 5: denominazione mancante" in errori.getvalue()


def test_a_file_that_is_not_the_istat_list_is_refused_at_the_header(tmp_path):
    dati = b"codice,nome\n098031,Lodi\n"
    assert str(leggi_elenco_comuni(dati).errori[0]).startswith("riga 1: intestazione non riconosciuta")
    with pytest.raises(CommandError):
        call_command("import_comuni", scrivi(tmp_path, "x.csv", dati), stdout=io.StringIO(), stderr=io.StringIO())
    assert Comune.objects.count() == 0


def test_a_list_resaved_as_utf8_is_read_the_same():
    dati = campione(riga(AGLIE), riga(LODI))
    lettura = leggi_elenco_comuni(dati.decode("cp1252").encode("utf-8"))
    assert lettura.valida
    assert [r.denominazione for r in lettura.righe] == ["Agliè", "Lodi"]


def test_reimporting_updates_comuni_in_place(tmp_path):
    importa(scrivi(tmp_path, "v1.csv", campione(riga(LODI), riga(CODOGNO))))
    lodi = Comune.objects.get(codice_istat=LODI)
    storico_prima = lodi.history.count()

    rinominato = riga(CODOGNO).replace(b";Codogno;Codogno;", b";Codogno Lodigiano;Codogno Lodigiano;")
    uscita = importa(scrivi(tmp_path, "v2.csv", campione(riga(LODI), rinominato, riga(SAN_COLOMBANO))))

    assert "1 nuovi, 1 aggiornati, 1 invariati" in uscita
    assert Comune.objects.count() == 3
    assert Comune.objects.get(codice_istat=LODI).pk == lodi.pk
    codogno = Comune.objects.get(codice_istat=CODOGNO)
    assert codogno.denominazione == "Codogno Lodigiano"
    assert codogno.history.first().history_change_reason == "import_comuni (ISTAT)"
    assert lodi.history.count() == storico_prima  # an unchanged comune gets no history row


def test_reimporting_keeps_population_and_leading_zeros(tmp_path):
    importa(scrivi(tmp_path, "v1.csv", campione(riga(SAN_COLOMBANO))))
    Comune.objects.filter(codice_istat=SAN_COLOMBANO).update(popolazione=7409, popolazione_anno=2024)
    importa(scrivi(tmp_path, "v1.csv", campione(riga(SAN_COLOMBANO))))
    comune = Comune.objects.get(codice_istat=SAN_COLOMBANO)
    assert (comune.codice_istat, comune.popolazione, comune.codice_catastale) == ("015191", 7409, "H803")


def test_comuni_absent_from_a_new_list_are_closed_only_when_asked(tmp_path):
    importa(scrivi(tmp_path, "v1.csv", campione(riga(LODI), riga(CODOGNO))))
    nuova = scrivi(tmp_path, "v2.csv", campione(riga(LODI)))

    importa(nuova)
    assert Comune.objects.get(codice_istat=CODOGNO).valido_al is None

    uscita = importa(nuova, "--chiudi-assenti", "2026-01-01")
    assert "1 chiusi" in uscita
    assert Comune.objects.get(codice_istat=CODOGNO).valido_al == dt.date(2026, 1, 1)
    assert Comune.objects.get(codice_istat=LODI).valido_al is None


def test_a_merger_file_records_the_successor(tmp_path):
    # Ronago (013199) and Uggiate-Trevano merged into Uggiate con Ronago (013256) in 2024.
    importa(scrivi(tmp_path, "v1.csv", campione(riga("013256"))))
    Comune.objects.create(codice_istat="013199", codice_catastale="H537", denominazione="Ronago",
                          sigla_provincia="CO", codice_regione="03")
    fusioni = scrivi(tmp_path, "fusioni.csv", b"codice_istat;codice_istat_successore;valido_al\n013199;013256;"
                                              b"2024-01-31\n")

    uscita = importa(scrivi(tmp_path, "v1.csv", campione(riga("013256"))), "--fusioni", fusioni)

    assert "1 fusioni" in uscita
    ronago = Comune.objects.get(codice_istat="013199")
    assert ronago.valido_al == dt.date(2024, 1, 31)
    assert ronago.successore.denominazione == "Uggiate con Ronago"


def test_a_merger_naming_an_unknown_comune_writes_nothing(tmp_path):
    fusioni = scrivi(tmp_path, "fusioni.csv", b"codice_istat;codice_istat_successore;valido_al\n"
                                              b"013199;013256;31/01/2024\n")
    errori = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_comuni", scrivi(tmp_path, "v1.csv", campione(riga(LODI))), "--fusioni", fusioni,
                     stdout=io.StringIO(), stderr=errori)
    assert "riga 2: comune cessato 013199 sconosciuto" in errori.getvalue()
    assert Comune.objects.count() == 0


# --- issue 14, defect 14: comuni suppressed by ISTAT must not stay valid in silence -------------------

SUCCESSORI_ATTESI = {
    "012009": ("012144", dt.date(2022, 12, 31)),  # Bardello → Bardello con Malgesso e Bregano
    "012018": ("012144", dt.date(2022, 12, 31)),  # Bregano
    "012095": ("012144", dt.date(2022, 12, 31)),  # Malgesso
    "018002": ("018026", dt.date(2023, 11, 17)),  # Albaredo Arnaboldi → Campospinoso Albaredo
    "013199": ("013256", dt.date(2023, 12, 31)),  # Ronago → Uggiate con Ronago
    "013228": ("013256", dt.date(2023, 12, 31)),  # Uggiate-Trevano → Uggiate con Ronago
}


def _comuni_di_prima_delle_fusioni() -> None:
    """The six comuni as an import of a 2022 list left them: valid, no successor."""
    for r in comuni_cessati_lombardia():
        Comune.objects.create(codice_istat=r["codice_istat"], denominazione=r["denominazione"],
                              sigla_provincia=r["sigla_provincia"], codice_catastale=r["codice_catastale"],
                              codice_regione="03")


def test_rerunning_with_the_bundled_list_reports_the_six_suppressed_lombard_comuni_and_keeps_them():
    _comuni_di_prima_delle_fusioni()
    errori = io.StringIO()
    call_command("import_comuni", stdout=io.StringIO(), stderr=errori)

    avviso = errori.getvalue()
    assert "6 comuni ancora validi non sono nel nuovo elenco ISTAT" in avviso
    assert "Ronago (013199) → Uggiate con Ronago (013256), cessato il 31/12/2023" in avviso
    assert "Albaredo Arnaboldi (018002) → Campospinoso Albaredo (018026), cessato il 17/11/2023" in avviso
    assert "manage.py import_comuni --chiudi-assenti" in avviso
    # Never deleted, not closed without being asked.
    assert Comune.objects.filter(codice_istat__in=SUCCESSORI_ATTESI, valido_al__isnull=True).count() == 6

    uscita = importa("--chiudi-assenti")

    assert "6 chiusi" in uscita
    cessati = Comune.objects.filter(codice_istat__in=SUCCESSORI_ATTESI).select_related("successore")
    assert {c.codice_istat: (c.successore.codice_istat, c.valido_al) for c in cessati} == SUCCESSORI_ATTESI
    assert Comune.objects.count() == 7896 + 6
    assert Comune.objects.get(codice_istat="013199").history.first().history_change_reason == (
        "import_comuni: comuni cessati")


def test_an_absent_comune_with_no_known_merger_is_reported_and_closed_only_on_a_given_date(tmp_path):
    importa(scrivi(tmp_path, "v1.csv", campione(riga(LODI), riga(CODOGNO))))
    nuova = scrivi(tmp_path, "v2.csv", campione(riga(LODI)))
    errori = io.StringIO()
    call_command("import_comuni", nuova, "--chiudi-assenti", stdout=io.StringIO(), stderr=errori)

    assert "1 comuni ancora validi" in errori.getvalue()
    assert "Codogno (098019)" in errori.getvalue()
    assert "--chiudi-assenti AAAA-MM-GG" in errori.getvalue()
    assert Comune.objects.get(codice_istat=CODOGNO).valido_al is None
