"""Italian numbers both ways: how amounts are shown, and how they may be typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms

from ambito import formato
from fondi.forms import CampoImporto


@pytest.mark.parametrize("valore, atteso", [
    ("1234567.5", "1.234.567,50 €"), ("-12500", "-12.500,00 €"), ("0.005", "0,01 €"), ("0", "0,00 €")])
def test_amounts_read_as_in_italy(valore, atteso):
    assert formato.euro(Decimal(valore)) == atteso


def test_weights_percentages_and_unit_amounts_drop_useless_zeros():
    assert formato.numero_esatto("46053") == "46.053"
    assert formato.numero_esatto("12.50") == "12,5"
    assert formato.percentuale(Decimal("5.00")) == "5%"
    assert formato.percentuale(Decimal("12.50")) == "12,5%"
    assert formato.euro_unitario(Decimal("1.5000")) == "1,50 €"
    assert formato.euro_unitario(Decimal("0.8125")) == "0,8125 €"


@pytest.mark.parametrize("digitato, atteso", [
    ("1.234,56", "1234.56"), ("1234,56", "1234.56"), ("1234.56", "1234.56"), ("1.234.567,5", "1234567.5"),
    ("1.234", "1234"), ("€ 1.000", "1000"), ("-150,00", "-150.00"), ("1 000,00", "1000.00")])
def test_an_amount_is_accepted_as_an_italian_user_types_it(digitato, atteso):
    assert CampoImporto(negativo=True).clean(digitato) == Decimal(atteso)


@pytest.mark.parametrize("digitato", ["abc", "12,345", "0,00", "-1,00"])
def test_an_amount_that_is_not_one_is_refused_in_italian(digitato):
    with pytest.raises(forms.ValidationError) as exc:
        CampoImporto().clean(digitato)
    messaggio = " ".join(exc.value.messages)
    assert "importo" in messaggio.lower() and ("1.234,56" in messaggio or "0,01 €" in messaggio), messaggio
