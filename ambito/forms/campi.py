"""Fields every module types the same way: dates (``31/12/2026`` or the browser's date picker) and euro
amounts (``1.234,56``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ambito.formato import euro

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


def formato_inglese(testo: str) -> bool:
    """``1,234.56``: a comma before the decimal point (thousands written the English way)."""
    return "," in testo and "." in testo and testo.rfind(",") < testo.rfind(".")


class CampoImporto(forms.DecimalField):
    """A euro amount: accepts the Italian format shown on every page (``1.234,56``).

    Every refusal says what is expected in Italian terms (Django's own messages would quote ``0.01`` with
    a decimal point, or blame "decimal places" for an amount typed the English way).
    """

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            if formato_inglese(value):
                raise forms.ValidationError(
                    _("Scrivi l'importo nel formato italiano, con il punto per le migliaia e la virgola per i "
                      "decimali: 1.234,56."), code="formato_inglese")
            value = normalizza_importo(value)
        return super().to_python(value)

    def __init__(self, *, negativo: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        if not negativo:
            kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        messaggi = {
            "invalid": _("Scrivi un importo in euro, ad esempio 1.234,56."),
            "max_decimal_places": _("Un importo ha al massimo due decimali (i centesimi): ad esempio 1.234,56."),
            "max_digits": _("L'importo è troppo grande."),
            "max_whole_digits": _("L'importo è troppo grande."),
        }
        if kwargs.get("min_value") is not None:
            messaggi["min_value"] = format_lazy(_("L'importo deve essere almeno {minimo}."),
                                                minimo=euro(kwargs["min_value"]))
        kwargs["error_messages"] = {**messaggi, **kwargs.get("error_messages", {})}
        super().__init__(localize=True, **kwargs)
