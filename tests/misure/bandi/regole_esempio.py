"""Rule sets used by the tests (the same shapes as the seeded templates)."""

from __future__ import annotations

import copy

AMMISSIBILITA_B2 = {
    "residenza_ambito": True,
    "domicilio": True,
    "isee": {"in_corso_di_validita": True, "classi": [
        {"classe": "maggiorenni", "eta_min": 18, "tipi": ["sociosanitario"], "massimo": "25000.00"},
        {"classe": "minorenni", "eta_max": 17, "tipi": ["ordinario", "minorenni"], "massimo": "40000.00"},
    ]},
    "certificazioni": {"modo": "almeno_una", "elenco": [{"tipo": "l104_c3"}, {"tipo": "accompagnamento"}]},
}
PUNTEGGIO_B2 = {
    "isee": {"fasce": [{"da": 0, "a": "10000.00", "punti": 10}, {"da": "10000.01", "a": "20000.00", "punti": 5},
                       {"da": "20000.01", "a": None, "punti": 0}]},
    "eta": {"fasce": [{"da": 0, "a": 17, "punti": 4}, {"da": 18, "a": 74, "punti": 0}, {"da": 75, "a": None,
                                                                                        "punti": 3}]},
    "condizioni": [{"codice": "caregiver_solo", "descrizione": "Caregiver unico", "punti": 5},
                   {"codice": "vive_solo", "descrizione": "Vive solo", "punti": "2.5"}],
    "valutazione": {"punti_massimi": 30, "scala_massima": 100, "inversa": True},
    "parita": ["isee_crescente", "eta_decrescente", "protocollo_crescente"],
}
INCOMPATIBILITA_B2 = {"regole": [
    {"codice": "b1", "descrizione": "Misura B1 (ASST)", "tipo": "beneficio_esterno", "riferimento": "b1",
     "modo": "esclusiva"},
    {"codice": "provi", "descrizione": "PRO.VI per l'assistente personale", "tipo": "misura",
     "riferimento": "pro-vi", "modo": "entro_costo"},
]}


def regole_b2() -> dict:
    return {"ammissibilita": copy.deepcopy(AMMISSIBILITA_B2), "punteggio": copy.deepcopy(PUNTEGGIO_B2),
            "incompatibilita": copy.deepcopy(INCOMPATIBILITA_B2)}
