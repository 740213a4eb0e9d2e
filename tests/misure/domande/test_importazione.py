"""Import of domande from a spreadsheet through the core import helper: dry run with per-row errors; nothing
saved unless every row is valid, or only the valid rows after an explicit confirmation."""

from __future__ import annotations

import pytest

from ambito.errors import RegolaViolata
from ambito.importazioni import services
from ambito.tenancy import ambito_scope
from misure.models import Domanda, StatoDomanda
from tests.importazioni.helpers import csv_file, xlsx_file
from tests.misure.domande.helpers import beneficiario, domanda

pytestmark = pytest.mark.django_db
INTESTAZIONE = ["Numero del bando", "Codice dello strumento", "Codice fiscale", "Tipo di ISEE", "Valore ISEE",
                "Accompagnamento", "Protocollo dell'ente capofila"]


def carica_e_verifica(w, file):
    with ambito_scope(w.ambito, actor=w.operatore):
        imp = services.importazione_create(ambito=w.ambito, actor=w.operatore, tipo="misure.domande", file=file)
        return services.importazione_verify(importazione=imp, actor=w.operatore, mappatura=imp.mappatura)


@pytest.fixture
def persone(mondo):
    with ambito_scope(mondo.a.ambito):
        return [beneficiario(mondo.a.ambito, mondo.a.comuni[i % 2], cognome=f"Import{i}") for i in range(3)]


def righe(prova, persone, *extra):
    b = str(prova.bando.pk)
    return [INTESTAZIONE,
            [b, "caregiver", persone[0].codice_fiscale, "sociosanitario", "12.000,00", "sì", "2025/101"],
            [b, "assistente", persone[1].codice_fiscale.lower(), "", "", "no", ""],
            *extra]


def test_a_clean_file_becomes_drafts(mondo, prova, persone):
    w = mondo.a
    imp = carica_e_verifica(w, xlsx_file(righe(prova, persone), nome="domande.xlsx"))
    assert imp.esito["righe_con_errori"] == 0 and imp.esito["valide"] == 2
    with ambito_scope(w.ambito, actor=w.operatore):
        imp = services.importazione_save(importazione=imp, actor=w.operatore)
        domande = list(Domanda.objects.select_related("beneficiario", "strumento").order_by("pk"))
    assert imp.righe_salvate == 2
    assert [(d.beneficiario, d.strumento, d.stato) for d in domande] == [
        (persone[0], prova.caregiver, StatoDomanda.BOZZA), (persone[1], prova.assistente, StatoDomanda.BOZZA)]
    assert (domande[0].isee_tipo, str(domande[0].isee_valore), domande[0].indennita_accompagnamento,
            domande[0].protocollo_capofila) == ("sociosanitario", "12000.00", True, "2025/101")


def test_the_dry_run_reports_each_bad_row_and_nothing_is_saved_without_confirmation(mondo, prova, persone):
    w = mondo.a
    domanda(w, prova, persone[2], actor=w.operatore)  # already open: a duplicate
    b = str(prova.bando.pk)
    cattive = [
        [b, "caregiver", persone[2].codice_fiscale, "", "", "", ""],            # 4: open domanda already
        ["999999", "caregiver", persone[0].codice_fiscale, "", "", "", ""],     # 5: no such bando
        [b, "sad", "RSSMRA40A01E999Z", "", "1.000,00", "", ""],                 # 6: strumento, person, ISEE type
        [b, "caregiver", persone[0].codice_fiscale, "", "", "", ""],            # 7: repeats row 2
        [b, "caregiver", "RSSMRA40", "", "", "forse", ""],                      # 8: unreadable cells
    ]
    imp = carica_e_verifica(w, csv_file(righe(prova, persone, *cattive), nome="domande.csv"))
    errori = sorted((e["riga"], e["colonna"].split(" (")[0]) for e in imp.esito["errori"])
    assert errori == [(4, "codice_fiscale"), (5, "bando"), (6, "codice_fiscale"), (6, "isee_tipo"), (6, "strumento"),
                      (7, "codice_fiscale"), (8, "Codice fiscale del beneficiario"),
                      (8, "Indennità di accompagnamento")]
    messaggi = " ".join(e["messaggio"] for e in imp.esito["errori"])
    assert "già una domanda aperta" in messaggi and "ripetuta (già alla riga 2)" in messaggi
    with ambito_scope(w.ambito, actor=w.operatore):
        with pytest.raises(RegolaViolata, match="nessun dato salvato"):
            services.importazione_save(importazione=imp, actor=w.operatore)
        with pytest.raises(RegolaViolata, match="confermarlo esplicitamente"):
            services.importazione_save(importazione=imp, actor=w.operatore, solo_valide=True)
        assert Domanda.objects.count() == 1
        imp = services.importazione_save(importazione=imp, actor=w.operatore, solo_valide=True, conferma=True)
        assert imp.righe_salvate == 2 and Domanda.objects.count() == 3


def test_only_the_office_may_import(mondo):
    from ambito.accounts.permissions import capacita_del_ruolo
    from ambito.importazioni.registry import tipi_importazione

    tipo = tipi_importazione()["misure.domande"]
    assert tipo.capacita in capacita_del_ruolo("operatore")
    assert tipo.capacita not in capacita_del_ruolo("assistente_sociale")
