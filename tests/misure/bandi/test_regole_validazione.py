"""valida_regole: every rule type accepted in its valid form, each mistake refused at its path in Italian."""

from __future__ import annotations

import pytest

from misure.regole import valida_regole
from tests.misure.bandi.regole_esempio import regole_b2


def errori(**modifiche) -> dict[str, str]:
    regole = regole_b2()
    regole.update(modifiche)
    return {e.percorso: e.messaggio for e in valida_regole(**regole)}


def test_il_modello_b2_e_gli_insiemi_vuoti_sono_validi() -> None:
    assert valida_regole(**regole_b2()) == []
    assert valida_regole(ammissibilita={}, punteggio={}, incompatibilita={}) == []


@pytest.mark.parametrize(("ammissibilita", "percorso", "frammento"), [
    ([], "ammissibilita", "oggetto JSON"),
    ({"residenza": True}, "ammissibilita.residenza", "Chiave non prevista"),
    ({"residenza_ambito": "si"}, "ammissibilita.residenza_ambito", "true o false"),
    ({"eta": {}}, "ammissibilita.eta", "almeno l'età minima"),
    ({"eta": {"min": 65, "max": 18}}, "ammissibilita.eta.max", "minore della minima"),
    ({"eta": {"min": -1}}, "ammissibilita.eta.min", "compreso tra 0 e 130"),
    ({"eta": {"min": 1.5}}, "ammissibilita.eta.min", "numero intero"),
    ({"isee": {}}, "ammissibilita.isee.classi", "obbligatorio"),
    ({"isee": {"classi": []}}, "ammissibilita.isee.classi", "vuoto"),
    ({"isee": {"classi": [{"classe": "tutti", "tipi": ["lavoro"], "massimo": 1}]}},
     "ammissibilita.isee.classi[0].tipi[0]", "sociosanitario"),
    ({"isee": {"classi": [{"classe": "tutti", "tipi": ["ordinario"], "massimo": "venti"}]}},
     "ammissibilita.isee.classi[0].massimo", "Deve essere un numero"),
    ({"isee": {"classi": [{"classe": "a", "eta_min": 18, "tipi": ["ordinario"], "massimo": 1},
                          {"classe": "b", "eta_min": 60, "tipi": ["ordinario"], "massimo": 1}]}},
     "ammissibilita.isee.classi[1]", "si sovrappongono per età"),
    ({"certificazioni": {"modo": "qualcuna", "elenco": [{"tipo": "l104_c3"}]}},
     "ammissibilita.certificazioni.modo", "almeno_una, tutte"),
    ({"certificazioni": {"modo": "tutte", "elenco": [{"tipo": "invalidita"}]}},
     "ammissibilita.certificazioni.elenco[0].minimo", "obbligatorio"),
    ({"certificazioni": {"modo": "tutte", "elenco": [{"tipo": "invalidita", "minimo": 101}]}},
     "ammissibilita.certificazioni.elenco[0].minimo", "compreso tra 1 e 100"),
    ({"certificazioni": {"modo": "tutte", "elenco": [{"tipo": "l104_c3", "minimo": 50}]}},
     "ammissibilita.certificazioni.elenco[0].minimo", "solo per l'invalidità"),
    ({"condizioni": [{"codice": "Caregiver Solo", "descrizione": "x"}]},
     "ammissibilita.condizioni[0].codice", "lettere minuscole"),
    ({"condizioni": [{"codice": "a", "descrizione": "x"}, {"codice": "a", "descrizione": "y"}]},
     "ammissibilita.condizioni[1].codice", "già usato"),
    ({"condizioni": [{"codice": "a", "descrizione": ""}]}, "ammissibilita.condizioni[0].descrizione", "non vuoto"),
    ({"condizioni": [{"codice": "a", "descrizione": "x\x00"}]}, "ammissibilita.condizioni[0].descrizione",
     "carattere nullo"),
])
def test_errori_di_ammissibilita(ammissibilita, percorso: str, frammento: str) -> None:
    trovati = errori(ammissibilita=ammissibilita)
    assert percorso in trovati, trovati
    assert frammento in trovati[percorso]


@pytest.mark.parametrize(("punteggio", "percorso", "frammento"), [
    ({"isee": {"fasce": [{"da": 0, "a": 10000, "punti": 5}, {"da": 10000, "a": None, "punti": 1}]}},
     "punteggio.isee.fasce[1]", "si sovrappongono"),
    ({"isee": {"fasce": [{"da": 0, "a": None, "punti": 5}, {"da": 10000, "a": 20000, "punti": 1}]}},
     "punteggio.isee.fasce[1]", "si sovrappongono"),
    ({"isee": {"fasce": [{"da": 500, "a": 100, "punti": 5}]}}, "punteggio.isee.fasce[0].a", "minore"),
    ({"isee": {"fasce": [{"a": 100, "punti": 5}]}}, "punteggio.isee.fasce[0].da", "obbligatorio"),
    ({"eta": {"fasce": [{"da": "18", "a": 64, "punti": 1}]}}, "punteggio.eta.fasce[0].da", "intero"),
    ({"condizioni": [{"codice": "solo", "descrizione": "Solo", "punti": "molti"}]},
     "punteggio.condizioni[0].punti", "numero"),
    ({"condizioni": [{"codice": "solo", "descrizione": "Solo"}]}, "punteggio.condizioni[0].punti", "obbligatorio"),
    ({"valutazione": {"punti_massimi": 0}}, "punteggio.valutazione.punti_massimi", "compreso"),
    ({"valutazione": {"punti_massimi": 10, "inversa": 1}}, "punteggio.valutazione.inversa", "true o false"),
    ({"parita": ["sorteggio"]}, "punteggio.parita[0]", "isee_crescente"),
    ({"condizioni": [{"codice": f"c{i}", "descrizione": "C", "punti": 1} for i in range(51)]},
     "punteggio.condizioni", "Al massimo 50 elementi"),
    ({"parita": ["isee_crescente", "isee_crescente"]}, "punteggio.parita[1]", "già nell'elenco"),
    ({"parita": ["eta_crescente", "eta_decrescente"]}, "punteggio.parita", "non entrambe"),
])
def test_errori_di_punteggio(punteggio, percorso: str, frammento: str) -> None:
    trovati = errori(punteggio=punteggio)
    assert percorso in trovati, trovati
    assert frammento in trovati[percorso]


@pytest.mark.parametrize(("incompatibilita", "percorso", "frammento"), [
    ({"regole": [{"codice": "b1", "descrizione": "B1", "tipo": "altro", "riferimento": "b1", "modo": "esclusiva"}]},
     "incompatibilita.regole[0].tipo", "beneficio_esterno"),
    ({"regole": [{"codice": "b1", "descrizione": "B1", "tipo": "misura", "riferimento": "b1", "modo": "somma"}]},
     "incompatibilita.regole[0].modo", "entro_costo"),
    ({"regole": [{"codice": "b1", "descrizione": "B1", "tipo": "misura", "modo": "esclusiva"}]},
     "incompatibilita.regole[0].riferimento", "obbligatorio"),
    ({"regole": "b1"}, "incompatibilita.regole", "elenco"),
])
def test_errori_di_incompatibilita(incompatibilita, percorso: str, frammento: str) -> None:
    trovati = errori(incompatibilita=incompatibilita)
    assert percorso in trovati, trovati
    assert frammento in trovati[percorso]


def test_ogni_errore_e_riportato_non_solo_il_primo() -> None:
    trovati = errori(ammissibilita={"eta": {"min": "x"}, "domicilio": 3})
    assert set(trovati) == {"ammissibilita.eta.min", "ammissibilita.domicilio"}


def test_le_regole_valide_si_leggono_in_italiano_le_altre_no() -> None:
    from misure.regole.descrizione import descrivi_regole

    descritte = descrivi_regole(**regole_b2())
    assert "Almeno una certificazione tra: L.104/1992 art. 3 c. 3; indennità di accompagnamento" in (
        descritte.ammissibilita)
    assert "A parità di punteggio: ISEE più basso, poi età maggiore, poi protocollo precedente" in descritte.punteggio
    assert "Misura B1 (ASST): incompatibile" in descritte.incompatibilita
    assert "PRO.VI per l'assistente personale: cumulabile entro il costo effettivo" in descritte.incompatibilita
    assert descrivi_regole(ammissibilita={"eta": {}}, punteggio={}, incompatibilita={}).valide is False
