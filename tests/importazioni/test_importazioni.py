"""The import helper on the population of the Ambito's comuni: dry run per row and field, all-or-nothing,
valid rows only after an explicit confirmation, a job for large files, isolation."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ambito.errors import RegolaViolata
from ambito.importazioni import services
from ambito.importazioni.models import Importazione, StatoImportazione
from ambito.jobs.models import Job, StatoJob
from ambito.tenancy import ambito_scope
from ambito.territorio.models import Comune
from tests.importazioni.helpers import csv_file, xlsx_file

pytestmark = pytest.mark.django_db

LODI, CODOGNO, CASALE, SAN_COLOMBANO = "098031", "098019", "098010", "015191"
SESTO = "015209"  # a comune of the other Ambito


def popolazioni() -> dict[str, int | None]:
    return dict(Comune.objects.filter(codice_istat__in=[LODI, CODOGNO, CASALE, SAN_COLOMBANO, SESTO])
                .values_list("codice_istat", "popolazione"))


def carica(w, file, *, actor=None):
    with ambito_scope(w.ambito, actor=actor or w.operatore):
        return services.importazione_create(ambito=w.ambito, actor=actor or w.operatore,
                                            tipo="territorio.popolazione", file=file)


def verifica(w, importazione, mappatura=None):
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.importazione_verify(importazione=importazione, actor=w.operatore,
                                            mappatura=mappatura or importazione.mappatura)


def salva(w, importazione, **kwargs):
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.importazione_save(importazione=importazione, actor=w.operatore, **kwargs)


# A Windows-1252 CSV with ';' as Excel in Italian saves it: two good rows and three bad ones.
CON_ERRORI = [
    ["Codice ISTAT", "Comune", "Residenti", "Anno"],
    [LODI, "Lodi", "46100", "2025"],              # row 2: good
    ["98019", "Codogno", "15.900", "2025"],        # row 3: thousands separator
    [CASALE, "Casalpusterlengo", "15700", "2025"],  # row 4: good
    [SESTO, "Sesto San Giovanni", "80000", "2025"],  # row 5: not a comune of this Ambito
    ["15191X", "San Colombano", "", "1700"],       # row 6: three bad fields
]


def test_the_dry_run_lists_each_error_by_row_column_value_in_italian_and_writes_nothing(mondo):
    prima = popolazioni()
    importazione = verifica(mondo.a, carica(mondo.a, csv_file(CON_ERRORI)))

    assert importazione.mappatura == {"codice_istat": 0, "popolazione": 2, "anno": 3, "fonte": None}
    esito = importazione.esito
    assert (esito["totale"], esito["valide"], esito["righe_con_errori"]) == (5, 2, 3)
    assert [(e["riga"], e["colonna"], e["valore"]) for e in esito["errori"]] == [
        (3, "Popolazione (Residenti)", "15.900"),
        (5, "Codice ISTAT", SESTO),
        (6, "Codice ISTAT (Codice ISTAT)", "15191X"),
        (6, "Popolazione (Residenti)", ""),
        (6, "Anno di riferimento (Anno)", "1700"),
    ]
    messaggi = [e["messaggio"] for e in esito["errori"]]
    assert messaggi[0] == "serve un numero intero scritto con sole cifre (es. 46053)"
    assert messaggi[1] == "il comune 015209 non fa parte di questo Ambito"
    assert messaggi[2] == "codice ISTAT non valido: servono 6 cifre (es. 098031)"
    assert messaggi[3] == "valore obbligatorio mancante"
    assert messaggi[4].startswith("serve un numero tra 1861 e ")
    assert importazione.stato == StatoImportazione.VERIFICATA
    assert popolazioni() == prima


def test_saving_all_rows_is_refused_when_one_row_is_bad_and_the_database_is_unchanged(mondo):
    prima = popolazioni()
    storico = Comune.history.count()
    importazione = verifica(mondo.a, carica(mondo.a, csv_file(CON_ERRORI[:3])))  # one good row, one bad

    with pytest.raises(RegolaViolata, match="Una riga ha errori: nessun dato salvato"):
        salva(mondo.a, importazione)

    assert popolazioni() == prima
    assert Comune.history.count() == storico
    with ambito_scope(mondo.a.ambito):
        importazione.refresh_from_db()
    assert importazione.stato == StatoImportazione.VERIFICATA


def test_a_rule_broken_at_save_time_undoes_every_row_already_written(mondo, monkeypatch):
    """All-or-nothing holds inside the save too: the kind's service fails after writing some rows."""
    from ambito.importazioni import tipi

    prima = popolazioni()
    importazione = verifica(mondo.a, carica(mondo.a, csv_file([CON_ERRORI[0], CON_ERRORI[1], CON_ERRORI[3]])))
    originale = tipi.popolazione_import

    def scrive_poi_rifiuta(**kwargs):
        originale(**kwargs)
        raise RegolaViolata("Fonte non accettata.")

    monkeypatch.setattr(tipi, "popolazione_import", scrive_poi_rifiuta)
    with pytest.raises(RegolaViolata, match="Fonte non accettata"):
        salva(mondo.a, importazione)
    assert popolazioni() == prima


def test_only_the_valid_rows_are_saved_and_only_after_an_explicit_confirmation(mondo):
    prima = popolazioni()
    importazione = verifica(mondo.a, carica(mondo.a, csv_file(CON_ERRORI)))

    with pytest.raises(RegolaViolata) as rifiuto:
        salva(mondo.a, importazione, solo_valide=True, conferma=False)
    assert rifiuto.value.campo == "conferma"
    assert popolazioni() == prima

    importazione = salva(mondo.a, importazione, solo_valide=True, conferma=True)

    assert (importazione.stato, importazione.righe_salvate) == (StatoImportazione.COMPLETATA, 2)
    dopo = popolazioni()
    assert (dopo[LODI], dopo[CASALE]) == (46100, 15700)
    assert {k: v for k, v in dopo.items() if k not in (LODI, CASALE)} == {
        k: v for k, v in prima.items() if k not in (LODI, CASALE)}
    lodi = Comune.objects.get(codice_istat=LODI)
    assert (lodi.popolazione_anno, lodi.popolazione_fonte) == (2025, "ISTAT")
    assert lodi.history.first().history_user == mondo.a.operatore


def test_a_clean_file_is_saved_whole_and_a_second_save_is_a_conflict(mondo):
    righe = [["codice_istat", "popolazione", "anno", "fonte"], [LODI, "46200", "2025", "Anagrafe comunale"],
             [CODOGNO, "15950", "2025", "Anagrafe comunale"]]
    importazione = salva(mondo.a, verifica(mondo.a, carica(mondo.a, csv_file(righe, separatore=",",
                                                                                codifica="utf-8", bom=True))))
    assert importazione.righe_salvate == 2
    assert Comune.objects.get(codice_istat=CODOGNO).popolazione_fonte == "Anagrafe comunale"
    with pytest.raises(RegolaViolata, match="già salvata"):
        salva(mondo.a, importazione)


def test_the_user_can_change_the_guessed_mapping(mondo):
    righe = [["Comune", "Cod.", "Abitanti 2025", "Anno rif."], ["Lodi", LODI, "46300", "2025"]]
    importazione = carica(mondo.a, csv_file(righe))
    assert importazione.mappatura["popolazione"] is None  # "Abitanti 2025" is not a known name

    with pytest.raises(RegolaViolata) as rifiuto:
        verifica(mondo.a, importazione)
    assert rifiuto.value.campo == "codice_istat"

    importazione = verifica(mondo.a, importazione, {"codice_istat": 1, "popolazione": 2, "anno": 3, "fonte": None})
    assert importazione.esito["valide"] == 1


def test_windows_1252_accents_and_an_xlsx_file_read_the_same(mondo):
    righe = [["Codice ISTAT", "Comune", "Popolazione", "Anno", "Fonte"], [LODI, "Lodi", "46053", "2024", "Città"]]
    da_csv = verifica(mondo.a, carica(mondo.a, csv_file(righe, codifica="cp1252")))
    da_xlsx = verifica(mondo.a, carica(mondo.a, xlsx_file([righe[0], [98031, "Lodi", 46053, 2024, "Città"]])))
    assert da_csv.formato == "csv" and da_xlsx.formato == "xlsx"
    assert da_csv.esito == da_xlsx.esito
    assert salva(mondo.a, da_xlsx).righe_salvate == 1
    assert Comune.objects.get(codice_istat=LODI).popolazione_fonte == "Città"


@pytest.mark.parametrize("dati, messaggio", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "non è un CSV né un foglio Excel"),
    (b"PK\x03\x04 not really a zip", "non è un foglio Excel (XLSX) leggibile"),
    (b"", "Il file è vuoto"),
    (b"codice_istat;popolazione;anno\r\n", "solo l'intestazione"),
])
def test_the_upload_is_checked_by_content_not_by_name(mondo, dati, messaggio):
    with pytest.raises(RegolaViolata, match=re.escape(messaggio)) as rifiuto:
        carica(mondo.a, SimpleUploadedFile("popolazione.csv", dati))
    assert rifiuto.value.campo == "file"
    with ambito_scope(mondo.a.ambito):  # outside a scope row-level security would show no row at all
        assert not Importazione.objects.filter(ambito=mondo.a.ambito).exists()


def test_a_large_file_is_saved_by_a_background_job(mondo, settings, django_capture_on_commit_callbacks):
    settings.AMBITO_IMPORT_RIGHE_JOB = 2
    righe = [["codice_istat", "popolazione", "anno"], [LODI, "46400", "2025"], [CODOGNO, "15990", "2025"],
             [CASALE, "15800", "2025"]]
    importazione = verifica(mondo.a, carica(mondo.a, csv_file(righe)))
    with django_capture_on_commit_callbacks(execute=True):
        importazione = salva(mondo.a, importazione)
    assert importazione.job is not None

    with ambito_scope(mondo.a.ambito):
        importazione.refresh_from_db()
        job = Job.objects.get(pk=importazione.job_id)
    assert (job.tipo, job.stato) == ("ambito.importazione", StatoJob.COMPLETATO), job.errore
    assert (importazione.stato, importazione.righe_salvate) == (StatoImportazione.COMPLETATA, 3)
    assert Comune.objects.get(codice_istat=CASALE).popolazione == 15800
    assert job.risultato.name.endswith(".csv")
