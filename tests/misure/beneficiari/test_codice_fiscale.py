"""Codice fiscale and IBAN validation (issue 16: "Codice fiscale validation against the vectors … (valid,
omocodia, wrong checksum, wrong date)"). Every row of tests/data/cf_vectors.csv is checked, with the specific
message each kind of mistake gets."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ambito.errors import RegolaViolata
from misure.codice_fiscale import (
    analizza_codice_fiscale,
    genera_codice_fiscale,
    maschera_codice_fiscale,
    verifica_concordanza,
)
from misure.iban import valida_iban
from tests.riferimenti import vettori_codice_fiscale

VETTORI = vettori_codice_fiscale()
# What each invalid category must be refused as (the error code names the mistake for the user).
CODICE_ATTESO = {
    "formato": "codice_fiscale_formato",
    "checksum": "codice_fiscale_checksum",
    "data": "codice_fiscale_data",
    "lunghezza": "codice_fiscale_lunghezza",
    "luogo": "codice_fiscale_luogo",
    "cf-numerico-11": "codice_fiscale_ente",
}
PAROLA_NEL_MESSAGGIO = {
    "codice_fiscale_formato": "",
    "codice_fiscale_checksum": "controllo",
    "codice_fiscale_data": "data di nascita",
    "codice_fiscale_lunghezza": "16 caratteri",
    "codice_fiscale_luogo": "luogo di nascita",
    "codice_fiscale_ente": "ente",
}


def _id(riga: dict) -> str:
    return f"{riga['categoria']}-{riga['codice']}"


def test_the_vectors_cover_every_category_the_issue_names():
    categorie = {r["categoria"] for r in VETTORI}
    assert {"valido", "valido-omocodia", "checksum", "data"} <= categorie
    assert len(VETTORI) == 60


@pytest.mark.parametrize("riga", [r for r in VETTORI if r["categoria"].startswith("valido")], ids=_id)
def test_a_valid_person_code_is_decoded_as_the_source_says(riga):
    dati = analizza_codice_fiscale(riga["codice"])
    atteso = riga["codice"] if riga["omocodia"] == "true" else riga["codice_base_non_omocodico"]
    assert dati.codice == atteso  # normalised (spaces, dashes, lower case); an omocodic code as assigned
    assert dati.sesso == riga["sesso"]
    assert dati.luogo_nascita_belfiore == riga["codice_catastale_nascita"]
    assert dati.data_nascita == dt.date.fromisoformat(riga["data_nascita_decodificata_python_codicefiscale"])
    assert dati.omocodia is (riga["omocodia"] == "true")
    assert dati.codice_base == riga["codice_base_non_omocodico"]
    assert dati.luogo_nascita.lower().replace("'", "") == riga["luogo_nascita"].lower().replace("'", "")


@pytest.mark.parametrize("riga", [r for r in VETTORI if r["data_nascita_attesa_dal_test"]], ids=_id)
def test_the_birth_date_the_source_expects_agrees_with_the_code_whatever_the_century(riga):
    """MRTNTN23M02D969P: python-stdnum expects 1923, the library reads 2023; an entered 1923 must agree."""
    dati = analizza_codice_fiscale(riga["codice"])
    attesa = dt.date.fromisoformat(riga["data_nascita_attesa_dal_test"])
    verifica_concordanza(dati, sesso=riga["sesso"], data_nascita=attesa,
                         luogo_nascita_belfiore=riga["codice_catastale_nascita"])


@pytest.mark.parametrize("riga", [r for r in VETTORI if not r["categoria"].startswith("valido")], ids=_id)
def test_an_invalid_code_is_refused_with_the_message_of_its_mistake(riga):
    with pytest.raises(RegolaViolata) as errore:
        analizza_codice_fiscale(riga["codice"])
    atteso = CODICE_ATTESO[riga["categoria"]]
    if riga["categoria"] == "data" and len(riga["codice"]) != 16:
        atteso = "codice_fiscale_lunghezza"  # "giorno 00 (e 15 caratteri)": the length is named first
    if riga["categoria"] == "checksum" and riga["codice"].isdigit():
        atteso = "codice_fiscale_checksum"
    assert errore.value.codice == atteso, errore.value.messaggio
    assert errore.value.campo == "codice_fiscale"
    assert PAROLA_NEL_MESSAGGIO[atteso] in errore.value.messaggio


def test_a_numeric_code_of_an_ente_is_not_a_persons_even_if_valid():
    """00743110157 is valid for python-stdnum (a company's code), never a beneficiary's."""
    with pytest.raises(RegolaViolata, match="ente o di un'impresa"):
        analizza_codice_fiscale("00743110157")


def test_an_omocodic_code_keeps_its_own_form_and_decodes_its_birthplace():
    dati = analizza_codice_fiscale("rssmra45c12f20rx")
    assert (dati.codice, dati.codice_base, dati.luogo_nascita_belfiore) == (
        "RSSMRA45C12F20RX", "RSSMRA45C12F205C", "F205")


def test_sex_date_and_birthplace_that_disagree_are_refused_next_to_their_field():
    dati = analizza_codice_fiscale("RSSMRA45C12F205C")
    casi = [
        ({"sesso": "F", "data_nascita": dt.date(1945, 3, 12), "luogo_nascita_belfiore": "F205"}, "sesso"),
        ({"sesso": "M", "data_nascita": dt.date(1945, 3, 13), "luogo_nascita_belfiore": "F205"}, "data_nascita"),
        ({"sesso": "M", "data_nascita": dt.date(1945, 3, 12), "luogo_nascita_belfiore": "E648"},
         "luogo_nascita_belfiore"),
    ]
    for dati_inseriti, campo in casi:
        with pytest.raises(RegolaViolata) as errore:
            verifica_concordanza(dati, **dati_inseriti)
        assert errore.value.campo == campo
    with pytest.raises(RegolaViolata, match="Milano"):
        verifica_concordanza(dati, sesso="M", data_nascita=dt.date(1945, 3, 12), luogo_nascita_belfiore="E648")


def test_a_woman_born_on_the_first_has_day_41_and_agrees():
    codice = genera_codice_fiscale(cognome="Bianchi", nome="Anna", sesso="F", data_nascita=dt.date(1950, 5, 1),
                                   luogo_nascita_belfiore="E648")
    assert codice[9:11] == "41"
    dati = analizza_codice_fiscale(codice)
    verifica_concordanza(dati, sesso="F", data_nascita=dt.date(1950, 5, 1), luogo_nascita_belfiore="E648")
    assert dati.luogo_nascita == "Lodi"


def test_the_mask_shows_only_the_last_five_characters():
    assert maschera_codice_fiscale("RSSMRA45C12F205C") == "***F205C"


@pytest.mark.parametrize("valore, atteso", [
    ("IT60X0542811101000000123456", "IT60X0542811101000000123456"),
    ("it60 x054 2811 1010 0000 0123 456", "IT60X0542811101000000123456"),
    ("DE89370400440532013000", "DE89370400440532013000"),
    ("", ""),
])
def test_a_valid_iban_is_kept_compact(valore, atteso):
    assert valida_iban(valore) == atteso


@pytest.mark.parametrize("valore, parola", [
    ("IT60X0542811101000000123457", "cifre di controllo"),  # check digits
    ("IT64Y0542811101000000123456", "CIN"),  # right check digits, wrong Italian CIN
    ("IT60X05428111010000001234", "lunghezza"),
    ("XX60X0542811101000000123456", "paese"),
    ("IT60X054281110100000012345€", "caratteri non ammessi"),
    ("IT6", "troppo corto"),
])
def test_a_wrong_iban_is_refused_in_italian_saying_what_is_wrong(valore, parola):
    with pytest.raises(RegolaViolata) as errore:
        valida_iban(valore)
    assert errore.value.campo == "iban" and parola in errore.value.messaggio


CARATTERI_CF = "ABCDEHLMPRSTLMNPQRSTUVXYZ0123456789 -.àé\x00"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=CARATTERI_CF, max_size=20) | st.text(max_size=20))
def test_any_text_is_a_decoded_code_or_an_italian_refusal_never_a_crash(testo):
    try:
        dati = analizza_codice_fiscale(testo)
    except RegolaViolata as exc:
        assert exc.campo == "codice_fiscale" and exc.messaggio
    else:
        assert len(dati.codice) == 16 and dati.sesso in ("M", "F")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="IT0123456789ABCXYZ €", max_size=34) | st.text(max_size=34))
def test_any_text_is_an_iban_or_an_italian_refusal_never_a_crash(testo):
    try:
        valida_iban(testo)
    except RegolaViolata as exc:
        assert exc.campo == "iban" and exc.messaggio
