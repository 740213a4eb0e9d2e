"""Italian formats of money, numbers and dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from ambito.templatetags.ambito_ui import data_it, euro, numero


@pytest.mark.parametrize(
    ("valore", "atteso"),
    [
        (Decimal("1234.56"), "1.234,56 €"),
        (Decimal("1234.5"), "1.234,50 €"),
        (Decimal("0"), "0,00 €"),
        (Decimal("0.005"), "0,01 €"),  # half-up to the cent
        (Decimal("0.004"), "0,00 €"),
        (Decimal("-1234567.891"), "-1.234.567,89 €"),
        (Decimal("999.995"), "1.000,00 €"),
        (Decimal("100000"), "100.000,00 €"),
        (1000, "1.000,00 €"),
        ("12.5", "12,50 €"),
        (None, "—"),
        ("", "—"),
    ],
)
def test_euro_formats_amounts_the_italian_way(valore, atteso):
    assert euro(valore) == atteso


def test_euro_refuses_a_float_instead_of_guessing():
    with pytest.raises(TypeError):
        euro(0.1 + 0.2)


def test_euro_refuses_what_is_not_a_number():
    with pytest.raises(ValueError):
        euro("dodici")


@pytest.mark.parametrize(
    ("valore", "decimali", "atteso"),
    [(46053, 0, "46.053"), (7409, 0, "7.409"), (999, 0, "999"), (Decimal("1234.5"), 2, "1.234,50"),
     (Decimal("-0.5"), 0, "-1"), (None, 0, "—")],
)
def test_numero_groups_thousands_with_dots(valore, decimali, atteso):
    assert numero(valore, decimali) == atteso


def test_data_it_shows_day_month_year():
    assert data_it(dt.date(2026, 1, 5)) == "05/01/2026"
    assert data_it(None) == "—"


def test_data_it_shows_datetimes_in_rome_time():
    mezzanotte_passata = dt.datetime(2026, 6, 30, 22, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 in Rome (CEST)
    assert data_it(mezzanotte_passata) == "01/07/2026"
    assert data_it(mezzanotte_passata, "ora") == "01/07/2026 00:30"


def test_data_it_refuses_a_string():
    with pytest.raises(TypeError):
        data_it("2026-01-05")


def test_filters_work_in_templates():
    html = Template('{% load ambito_ui %}{{ importo|euro }} · {{ giorno|data_it }} · {{ abitanti|numero }}').render(
        Context({"importo": Decimal("250000.00"), "giorno": dt.date(2026, 12, 31), "abitanti": 79707})
    )
    assert html == "250.000,00 € · 31/12/2026 · 79.707"


def test_icons_come_from_the_vendored_sprite_and_are_hidden_from_screen_readers_unless_labelled():
    html = Template('{% load ambito_ui %}{% icona "it-user" %}|{% icona "it-check" "icon-sm" "Fatto" %}').render(
        Context({})
    )
    decorativa, parlante = html.split("|")
    assert 'href="/static/vendor/bootstrap-italia/svg/sprites.svg#it-user"' in decorativa
    assert 'aria-hidden="true"' in decorativa
    assert 'aria-label="Fatto"' in parlante
    assert "aria-hidden" not in parlante
