"""Fields every module types the same way: dates (``31/12/2026`` or the browser's date picker) and euro
amounts (``1.234,56``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

# ISO first: the browser's date input sends it; then the ways Italians type a date.
FORMATI_DATA = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


class CampoData(forms.DateField):
    """A date typed as dd/mm/yyyy or picked with the browser's date input (which sends ISO)."""

    widget = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    input_formats = FORMATI_DATA


def normalizza_importo(testo: str) -> str:
    """An amount as typed by an Italian user → ``"1234.56"``.

    ``1.234,56`` and ``1234,56`` (Italian), ``1234.56`` (decimal point), ``1.234.567`` and ``1.234``
    (thousands: an amount never has three decimals), with or without ``€`` and spaces.
    """
    testo = testo.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if "," in testo:
        return testo.replace(".", "").replace(",", ".")
    intero, _punto, decimali = testo.rpartition(".")
    if testo.count(".") > 1 or (intero and len(decimali) == 3):
        return testo.replace(".", "")
    return testo


class CampoImporto(forms.DecimalField):
    """A euro amount: accepts the Italian format shown on every page (``1.234,56``)."""

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = normalizza_importo(value)
        return super().to_python(value)

    def __init__(self, *, negativo: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        if not negativo:
            kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(localize=True, **kwargs)
