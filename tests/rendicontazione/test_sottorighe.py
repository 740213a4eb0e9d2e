"""A row that stands for several lines (``registry.SOTTORIGHE``: a benefit and its monthly events): the checks look
at the shared fields once and at each line's own fields per line, numbered as the file's lines, and a CSV gets one
line per sub-row."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from rendicontazione.registry import (
    SOTTORIGHE,
    CampoTracciato,
    Destinatario,
    EsportatoreRitorno,
    Periodicita,
    Verifica,
)


class RitornoConEventi(EsportatoreRitorno):  # not registered: built by hand below
    codice = "prova_sottorighe"
    etichetta = "Prova"
    destinatario = Destinatario.INPS
    periodicita = Periodicita.TRIMESTRALE
    formati = ("csv",)
    tracciato = (CampoTracciato("persona", "Persona", obbligatorio=True),
                 CampoTracciato("evento", "Evento", obbligatorio=True),
                 CampoTracciato("operazione", "Operazione", "codice", obbligatorio=True,
                                codici=lambda: {"I": "Inserimento", "C": "Cancellazione"}))
    righe_di_prova: list[dict[str, Any]] = []

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        yield from self.righe_di_prova


def ritorno(righe: list[dict[str, Any]]) -> RitornoConEventi:
    esportatore = RitornoConEventi(SimpleNamespace(ambito=None, dati={}),
                                   SimpleNamespace(anno=2025, periodo=1, parametri={}))
    esportatore.righe_di_prova = righe
    esportatore.verifica = Verifica(esportatore, precedente=None)
    return esportatore


def test_shared_fields_are_checked_once_and_each_line_on_its_own_with_its_line_number():
    esportatore = ritorno([
        {"persona": "Rossi", SOTTORIGHE: [{"evento": "a", "operazione": "I"}, {"evento": "b", "operazione": "I"}]},
        {"persona": "", SOTTORIGHE: [{"evento": "c", "operazione": "I"}, {"evento": "d", "operazione": "I"},
                                     {"evento": "", "operazione": "X"}]},
        {"persona": "Verdi", "evento": "f", "operazione": "C"},  # a row without sub-rows: one line
        {"persona": "Bianchi", SOTTORIGHE: [{"evento": "g", "operazione": "Z"}]},
    ])
    righe = list(esportatore.righe())
    assert righe == [["Rossi", "a", "I"], ["Rossi", "b", "I"], ["", "c", "I"], ["", "d", "I"], ["", "", "X"],
                     ["Verdi", "f", "C"], ["Bianchi", "g", "Z"]]
    anomalie, _sintesi = esportatore.verifica.fine()
    assert sorted((a.riga, a.campo, a.codice) for a in anomalie) == [
        (3, "persona", "obbligatorio"),  # the shared field missing: once, at the row's first line
        (5, "evento", "obbligatorio"),  # a line's own field: at that line
        (5, "operazione", "codice_non_ammesso"),
        (7, "operazione", "codice_non_ammesso"),  # numbering counts the lines of the rows before
    ]


class RitornoConImporti(RitornoConEventi):
    """Totals and keys over sub-rows: the amount is each line's own, the person shared."""

    codice = "prova_sottorighe_importi"
    tracciato = (CampoTracciato("persona", "Persona", obbligatorio=True),
                 CampoTracciato("evento", "Evento", obbligatorio=True),
                 CampoTracciato("importo", "Importo", "euro"))
    chiave = ("persona", "evento")

    def totali_attesi(self) -> dict[str, Decimal]:
        return {"importo": Decimal("350.00")}


def test_totals_add_every_line_and_the_keyed_summary_holds_each_line():
    esportatore = RitornoConImporti(SimpleNamespace(ambito=None, dati={}),
                                    SimpleNamespace(anno=2025, periodo=1, parametri={}))
    esportatore.righe_di_prova = [
        {"persona": "Rossi", SOTTORIGHE: [{"evento": "a", "importo": Decimal("100.00")},
                                          {"evento": "b", "importo": Decimal("100.00")}]},
        {"persona": "Verdi", "evento": "c", "importo": Decimal("100.00")},
    ]
    esportatore.verifica = Verifica(esportatore, precedente=None)
    assert len(list(esportatore.righe())) == 3
    anomalie, sintesi = esportatore.verifica.fine()
    totale = [a for a in anomalie if a.codice == "totale_non_corrispondente"]
    assert len(totale) == 1 and "300" in totale[0].messaggio  # 3 lines of 100 € against the ledger's 350 €
    assert sorted(sintesi) == ["Rossi|a", "Rossi|b", "Verdi|c"]
    assert sintesi["Rossi|b"]["importo"] == "100.00"
