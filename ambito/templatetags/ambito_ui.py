"""Template filters and tags of the UI shell: Italian formats, icons, menu, messages.

Money is formatted from ``Decimal`` only: a float reaching ``euro`` is a bug upstream and
raises instead of printing a rounded guess.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.contrib.messages import constants as message_constants
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html

from ambito.navigation import voci_per

register = template.Library()

VUOTO = "—"
SPRITES = "vendor/bootstrap-italia/svg/sprites.svg"


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


@register.filter
def euro(value: Any) -> str:
    """Decimal('1234.5') → '1.234,50 €' (half-up to the cent); None/'' → '—'."""
    testo = formato_numero(value, 2)
    return testo if testo == VUOTO else f"{testo} €"


@register.filter
def numero(value: Any, decimali: int = 0) -> str:
    """46053 → '46.053'; ``{{ x|numero:2 }}`` → '1.234,50'."""
    return formato_numero(value, int(decimali))


@register.filter
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


_CLASSI_ALERT = {
    message_constants.DEBUG: "alert-info",
    message_constants.INFO: "alert-info",
    message_constants.SUCCESS: "alert-success",
    message_constants.WARNING: "alert-warning",
    message_constants.ERROR: "alert-danger",
}


@register.filter
def classe_alert(message: Any) -> str:
    """The Bootstrap Italia alert class for a django.contrib.messages message."""
    return _CLASSI_ALERT.get(getattr(message, "level", message_constants.INFO), "alert-info")


@register.simple_tag
def icona(nome: str, classi: str = "", etichetta: str = "") -> str:
    """An icon from the vendored sprite: ``{% icona "it-user" "icon-sm icon-white" %}``.

    Decorative unless ``etichetta`` is given (then it is announced by screen readers)."""
    href = f"{static(SPRITES)}#{nome}"
    if etichetta:
        return format_html('<svg class="icon {}" role="img" aria-label="{}"><use href="{}"></use></svg>',
                           classi, etichetta, href)
    return format_html('<svg class="icon {}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>',
                       classi, href)


@register.simple_tag
def sprite(nome: str) -> str:
    """The URL of one icon of the sprite, for markup that needs it raw."""
    return f"{static(SPRITES)}#{nome}"


@register.inclusion_tag("includes/menu_principale.html", takes_context=True)
def menu_principale(context: template.Context) -> dict[str, Any]:
    """The main menu of the current Ambito: only entries the user's capabilities allow and
    whose page exists (see :mod:`ambito.navigation`)."""
    request = context.get("request")
    return {"voci": voci_per(request) if request is not None else []}
