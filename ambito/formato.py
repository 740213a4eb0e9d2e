"""Italian formats of numbers, money and dates, for templates, messages and exports.

Money is formatted from ``Decimal`` only: a float reaching :func:`euro` is a bug upstream and
raises instead of printing a rounded guess. The template filters of the UI shell
(:mod:`ambito.templatetags.ambito_ui`) are built on these functions.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

VUOTO = "—"


def _decimale(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise TypeError("money and quantities are Decimal, never float")
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def _raggruppa(intero: str) -> str:
    """'1234567' → '1.234.567'."""
    gruppi = []
    while len(intero) > 3:
        gruppi.insert(0, intero[-3:])
        intero = intero[:-3]
    gruppi.insert(0, intero)
    return ".".join(gruppi)


def formato_numero(value: Any, decimali: int = 0) -> str:
    numero = _decimale(value)
    if numero is None:
        return VUOTO
    if not numero.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    quanto = Decimal(1).scaleb(-decimali)
    arrotondato = numero.quantize(quanto, rounding=ROUND_HALF_UP)
    segno = "-" if arrotondato < 0 else ""
    testo = f"{abs(arrotondato):f}"
    intero, _, frazione = testo.partition(".")
    risultato = _raggruppa(intero)
    if decimali > 0:
        risultato += "," + frazione.ljust(decimali, "0")
    return segno + risultato


def euro(importo: Any) -> str:
    """``Decimal("1234567.5")`` → ``"1.234.567,50 €"`` (half-up to the cent); None or ``""`` → ``"—"``."""
    testo = formato_numero(importo, 2)
    return testo if testo == VUOTO else f"{testo} €"


def decimali_significativi(valore: Decimal, minimo: int = 0, massimo: int = 4) -> int:
    """How many decimals show ``valore`` without trailing zeros, between ``minimo`` and ``massimo``."""
    esponente = valore.normalize().as_tuple().exponent
    decimali = -esponente if isinstance(esponente, int) and esponente < 0 else 0
    return min(max(decimali, minimo), massimo)


def numero_esatto(valore: Decimal | str, massimo: int = 4) -> str:
    """A weight as it is, Italian style: ``"46053"`` → ``"46.053"``, ``"12.5"`` → ``"12,5"``."""
    valore = Decimal(str(valore))
    return formato_numero(valore, decimali_significativi(valore, 0, massimo))


def percentuale(valore: Decimal) -> str:
    """``Decimal("5.00")`` → ``"5%"``, ``Decimal("12.50")`` → ``"12,5%"``."""
    return f"{numero_esatto(valore, 2)}%"


def euro_unitario(valore: Decimal) -> str:
    """A unit amount with up to four decimals: ``Decimal("1.5000")`` → ``"1,50 €"``, ``"0.8125"`` → ``"0,8125 €"``."""
    valore = Decimal(str(valore))
    return f"{formato_numero(valore, decimali_significativi(valore, 2, 4))} €"


def data_it(value: Any, formato: str = "") -> str:
    """A date → '31/12/2026'; a datetime (shown in local time) → '31/12/2026', or with
    ``|data_it:"ora"`` → '31/12/2026 14:30'. None → '—'."""
    if value is None or value == "":
        return VUOTO
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M" if formato == "ora" else "%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    raise TypeError(f"data_it expects a date or datetime, got {type(value).__name__}")


def oggi() -> dt.date:
    """Today in the project's time zone (Europe/Rome): the default "situation at" of every page."""
    return timezone.localdate()
