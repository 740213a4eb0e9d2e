"""Amounts as Italians type them, and refusals that say what is expected (issue 14, defect 7)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms

from ambito.forms import CampoImporto


def rifiuto(valore: str, **kwargs) -> list[str]:
    with pytest.raises(forms.ValidationError) as errore:
        CampoImporto(**kwargs).clean(valore)
    return errore.value.messages


@pytest.mark.parametrize(("testo", "atteso"), [("1.234,56", "1234.56"), ("1234,56", "1234.56"), ("1234.56", "1234.56"),
                                                ("1.234", "1234"), ("€ 1.234.567,5", "1234567.5")])
def test_an_amount_is_read_as_italians_type_it(testo, atteso):
    assert CampoImporto().clean(testo) == Decimal(atteso)


def test_the_minimum_is_quoted_in_italian_format():
    assert rifiuto("0") == ["L'importo deve essere almeno 0,01 €."]


def test_an_amount_typed_the_english_way_gets_the_format_expected_not_a_decimals_message():
    assert rifiuto("1,234.56") == ["Scrivi l'importo nel formato italiano, con il punto per le migliaia e la "
                                   "virgola per i decimali: 1.234,56."]


def test_fractions_of_a_cent_and_words_get_an_example():
    assert rifiuto("1.234,567") == ["Un importo ha al massimo due decimali (i centesimi): ad esempio 1.234,56."]
    assert rifiuto("mille") == ["Scrivi un importo in euro, ad esempio 1.234,56."]
