"""The pure evaluator: each rule type, boundaries (ISEE exactly at the threshold), missing data, scores, ties."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from misure.models import EsitoVerifica
from misure.regole import DatiDomanda, valuta
from misure.regole.tipi import AltraDomanda, BeneficioDichiarato
from tests.misure.bandi.regole_esempio import regole_b2

OGGI = dt.date(2025, 6, 15)
SI, NO, MANCA = EsitoVerifica.SODDISFATTA, EsitoVerifica.NON_SODDISFATTA, EsitoVerifica.DATI_MANCANTI

ADULTO = DatiDomanda(
    data_nascita=dt.date(1950, 6, 15), residente_ambito=True, isee_tipo="sociosanitario",
    isee_valore=Decimal("25000.00"), isee_scadenza=dt.date(2025, 12, 31), l104_c3=True,
    indennita_accompagnamento=False, vive_al_domicilio=True, condizioni={"caregiver_solo": True},
    punteggio_valutazione=Decimal("40"), importo_mensile=Decimal("100.00"), protocollo=(2025, 7),
)


def righe(dati: DatiDomanda, **regole) -> dict[str, tuple[EsitoVerifica, str]]:
    tutte = {**regole_b2(), **regole}
    risultato = valuta(dati, oggi=OGGI, **tutte)
    return {v.codice: (v.esito, v.dettaglio) for v in [*risultato.ammissibilita, *risultato.incompatibilita]}


def esito(dati: DatiDomanda, codice: str, **regole) -> EsitoVerifica:
    return righe(dati, **regole)[codice][0]


def test_domanda_b2_tipo_e_ammissibile_riga_per_riga() -> None:
    risultato = valuta(ADULTO, oggi=OGGI, **regole_b2())
    assert [(v.codice, v.esito) for v in risultato.ammissibilita] == [
        ("residenza", SI), ("isee", SI), ("certificazioni", SI), ("domicilio", SI)]
    assert risultato.ammissibile is True


@pytest.mark.parametrize(("valore", "atteso"), [("24999.99", SI), ("25000.00", SI), ("25000.01", NO)])
def test_isee_alla_soglia_e_ammissibile(valore: str, atteso: EsitoVerifica) -> None:
    assert esito(replace(ADULTO, isee_valore=Decimal(valore)), "isee") == atteso


def test_isee_classe_per_eta_il_giorno_del_diciottesimo_compleanno() -> None:
    minore = replace(ADULTO, data_nascita=dt.date(2007, 6, 16), isee_tipo="ordinario", isee_valore=Decimal("40000"))
    assert esito(minore, "isee") == SI  # 17 years old: minors' cap 40,000 ordinario
    maggiorenne = replace(minore, data_nascita=dt.date(2007, 6, 15))  # 18 today: adults' class
    esito_, dettaglio = righe(maggiorenne)["isee"]
    assert esito_ == NO and "sociosanitario" in dettaglio


def test_isee_scaduto_mancante_e_senza_classe() -> None:
    assert esito(replace(ADULTO, isee_scadenza=dt.date(2025, 6, 14)), "isee") == NO
    assert esito(replace(ADULTO, isee_scadenza=OGGI), "isee") == SI
    assert esito(replace(ADULTO, isee_scadenza=None), "isee") == MANCA
    assert esito(replace(ADULTO, isee_valore=None), "isee") == MANCA
    assert esito(replace(ADULTO, isee_tipo=""), "isee") == MANCA
    assert esito(replace(ADULTO, data_nascita=None), "isee") == MANCA
    solo_adulti = {"isee": {"classi": [{"classe": "adulti", "eta_min": 18, "tipi": ["ordinario"], "massimo": 1}]}}
    esito_, dettaglio = righe(replace(ADULTO, data_nascita=dt.date(2015, 1, 1)), ammissibilita=solo_adulti)["isee"]
    assert esito_ == NO and "10 anni" in dettaglio


@pytest.mark.parametrize(("nascita", "atteso"), [
    (dt.date(2007, 6, 15), SI),  # 18 today
    (dt.date(2007, 6, 16), NO),  # 18 tomorrow
    (dt.date(1960, 6, 16), SI),  # 64
    (dt.date(1960, 6, 15), NO),  # 65 today
    (None, MANCA),
])
def test_eta_dopo_di_noi_18_64(nascita: dt.date | None, atteso: EsitoVerifica) -> None:
    assert esito(replace(ADULTO, data_nascita=nascita), "eta", ammissibilita={"eta": {"min": 18, "max": 64}}) == atteso


@pytest.mark.parametrize(("c3", "accompagnamento", "atteso"), [
    (True, None, SI), (False, True, SI), (False, False, NO), (None, False, MANCA), (None, None, MANCA)])
def test_certificazioni_almeno_una(c3, accompagnamento, atteso) -> None:
    assert esito(replace(ADULTO, l104_c3=c3, indennita_accompagnamento=accompagnamento), "certificazioni") == atteso


@pytest.mark.parametrize(("c1", "invalidita", "atteso"), [
    (True, 67, SI), (True, 66, NO), (None, 80, MANCA), (False, None, NO), (True, None, MANCA)])
def test_certificazioni_tutte_con_invalidita_minima(c1, invalidita, atteso) -> None:
    regola = {"certificazioni": {"modo": "tutte", "elenco": [{"tipo": "l104_c1"},
                                                             {"tipo": "invalidita", "minimo": 67}]}}
    dati = replace(ADULTO, l104_c1=c1, invalidita_percentuale=invalidita)
    assert esito(dati, "certificazioni", ammissibilita=regola) == atteso


def test_residenza_domicilio_e_condizioni_personalizzate() -> None:
    regola = {"residenza_ambito": True, "domicilio": True,
              "condizioni": [{"codice": "uvm", "descrizione": "UVM svolta con l'ASST"},
                             {"codice": "ricovero", "descrizione": "Non ricoverato", "richiesta": False}]}
    assert esito(replace(ADULTO, residente_ambito=False), "residenza", ammissibilita=regola) == NO
    assert esito(replace(ADULTO, residente_ambito=None), "residenza", ammissibilita=regola) == MANCA
    assert esito(replace(ADULTO, vive_al_domicilio=False), "domicilio", ammissibilita=regola) == NO
    dati = replace(ADULTO, condizioni={"uvm": True, "ricovero": False})
    assert esito(dati, "condizione:uvm", ammissibilita=regola) == SI
    assert esito(dati, "condizione:ricovero", ammissibilita=regola) == SI
    assert esito(replace(dati, condizioni={"ricovero": True}), "condizione:ricovero", ammissibilita=regola) == NO
    assert esito(replace(dati, condizioni={"uvm": "sì"}), "condizione:uvm", ammissibilita=regola) == MANCA


def test_incompatibilita_esclusiva_con_beneficio_esterno() -> None:
    con_b1 = replace(ADULTO, benefici=(BeneficioDichiarato("b1", "Misura B1 dall'ASST", Decimal("600")),))
    esito_, dettaglio = righe(con_b1)["incompatibilita:b1"]
    assert esito_ == NO and "Misura B1" in dettaglio
    assert esito(ADULTO, "incompatibilita:b1") == SI
    assert valuta(con_b1, oggi=OGGI, **regole_b2()).ammissibile is False


def test_incompatibilita_entro_il_costo_effettivo() -> None:
    provi = AltraDomanda("PRO.VI 2025 — assistente personale", "pro-vi", "assistente", Decimal("700.00"))
    dati = replace(ADULTO, altre_domande=(provi,), importo_mensile=Decimal("300.00"))
    assert esito(replace(dati, costo_effettivo_mensile=Decimal("1000.00")), "incompatibilita:provi") == SI
    esito_, dettaglio = righe(replace(dati, costo_effettivo_mensile=Decimal("999.99")))["incompatibilita:provi"]
    assert esito_ == NO and "1.000,00" in dettaglio
    assert esito(dati, "incompatibilita:provi") == MANCA  # actual cost not declared
    senza_importo = replace(dati, costo_effettivo_mensile=Decimal("5000"),
                            altre_domande=(replace(provi, importo_mensile=None),))
    assert esito(senza_importo, "incompatibilita:provi") == MANCA


def test_incompatibilita_per_strumento() -> None:
    regola = {"regole": [{"codice": "x", "descrizione": "Buono assistente", "tipo": "strumento",
                          "riferimento": "assistente-familiare", "modo": "esclusiva"}]}
    altra = AltraDomanda("B2 — assistente", "b2", "assistente-familiare", Decimal("800"))
    assert esito(replace(ADULTO, altre_domande=(altra,)), "incompatibilita:x", incompatibilita=regola) == NO
    altra_strumento = replace(altra, strumento="caregiver")
    assert esito(replace(ADULTO, altre_domande=(altra_strumento,)), "incompatibilita:x", incompatibilita=regola) == SI


def test_punteggio_con_dettaglio() -> None:
    risultato = valuta(ADULTO, oggi=OGGI, **regole_b2())
    punti = {r["criterio"]: r["punti"] for r in risultato.dettaglio_punteggio}
    # ISEE 25,000 → 0; age 75 → 3; caregiver alone → 5; lives alone undeclared → 0; Barthel 40/100 inverted → 18
    assert punti == {"isee": "0.00", "eta": "3.00", "condizione:caregiver_solo": "5.00", "condizione:vive_solo": "0.00",
                     "valutazione": "18.00"}
    assert risultato.punteggio == Decimal("26.00")
    nota = next(r for r in risultato.dettaglio_punteggio if r["criterio"] == "condizione:vive_solo")["nota"]
    assert "non dichiarato" in nota


@pytest.mark.parametrize(("isee", "punti"), [("10000.00", "10.00"), ("10000.01", "5.00"), ("20000.00", "5.00"),
                                             ("20000.01", "0.00"), ("0", "10.00")])
def test_fasce_isee_limiti_inclusi(isee: str, punti: str) -> None:
    risultato = valuta(replace(ADULTO, isee_valore=Decimal(isee)), oggi=OGGI, **regole_b2())
    assert risultato.dettaglio_punteggio[0]["punti"] == punti


def test_valutazione_scalata_sulla_scala_della_valutazione_se_la_regola_non_la_indica() -> None:
    regole = regole_b2()
    regole["punteggio"] = {"valutazione": {"punti_massimi": 20}}
    dati = replace(ADULTO, punteggio_valutazione=Decimal("15"), punteggio_massimo_valutazione=Decimal("20"))
    assert valuta(dati, oggi=OGGI, **regole).punteggio == Decimal("15.00")
    assert valuta(replace(dati, punteggio_massimo_valutazione=None), oggi=OGGI, **regole).punteggio == Decimal("0.00")
    assert valuta(replace(dati, punteggio_valutazione=None), oggi=OGGI, **regole).punteggio == Decimal("0.00")


def test_senza_criteri_di_punteggio_il_punteggio_e_none() -> None:
    regole = {**regole_b2(), "punteggio": {"parita": ["protocollo_crescente"]}}
    assert valuta(ADULTO, oggi=OGGI, **regole).punteggio is None


def test_chiave_di_parita_ordina_isee_basso_poi_eta_maggiore_poi_protocollo() -> None:
    a = replace(ADULTO, isee_valore=Decimal("9000"), data_nascita=dt.date(1960, 1, 1), protocollo=(2025, 9))
    b = replace(a, data_nascita=dt.date(1940, 1, 1))  # older → before a
    c = replace(b, protocollo=(2025, 3))  # same ISEE and age, earlier protocol → before b
    d = replace(a, isee_valore=None)  # missing ISEE → last
    e = replace(a, isee_valore=Decimal("8999.99"))  # lower ISEE → first
    chiavi = {n: valuta(x, oggi=OGGI, **regole_b2()).chiave_parita for n, x in zip("abcde", (a, b, c, d, e),
                                                                                     strict=True)}
    assert sorted(chiavi, key=chiavi.get) == ["e", "c", "b", "a", "d"]


def test_il_valore_isee_dichiarato_non_compare_nelle_righe_ne_nel_dettaglio() -> None:
    risultato = valuta(replace(ADULTO, isee_valore=Decimal("12345.67")), oggi=OGGI, **regole_b2())
    testo = " ".join(v.dettaglio for v in risultato.ammissibilita) + str(risultato.dettaglio_punteggio)
    assert "12.345,67" not in testo and "12345.67" not in testo
    fascia = risultato.dettaglio_punteggio[0]
    assert "10.000,01" in fascia["valore"] and "20.000,00" in fascia["valore"] and fascia["punti"] == "5.00"


def test_righe_lunghe_accorciate_per_stare_nella_colonna() -> None:
    molte = tuple(AltraDomanda("Avviso con un titolo molto lungo " * 3, "pro-vi", "x", None) for _ in range(10))
    riga = next(v for v in valuta(replace(ADULTO, altre_domande=molte), oggi=OGGI, **regole_b2()).incompatibilita
                if v.codice == "incompatibilita:provi")
    assert len(riga.dettaglio) == 300 and riga.dettaglio.endswith("…")
