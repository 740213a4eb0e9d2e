"""Template filters of the funds pages: ``{% load fondi_ui %}`` (money itself uses ``euro``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from ambito import formato

register = template.Library()


@register.filter
def peso(value: Any) -> str:
    """A riparto weight as given (population, imported figure): ``"46053"`` → ``"46.053"``."""
    return formato.numero_esatto(value)


@register.filter
def percentuale(value: Decimal) -> str:
    return formato.percentuale(value)


@register.filter
def euro_unitario(value: Decimal) -> str:
    """A per-inhabitant amount: ``1.5000`` → ``"1,50 €"``."""
    return formato.euro_unitario(value)


_CELLA = '<td class="text-end text-nowrap">{}</td>'


@register.filter
def celle_saldi(saldi: Any) -> str:
    """The five balance cells of a row (assigned … residuo) in one call: a long report renders
    thousands of them, and an include with five filters per row costs ~10× as much."""
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    celle = "".join(format_html(_CELLA, formato.euro(v)) for v in (saldi.assegnato, saldi.allocato,
                                                                   saldi.impegnato, saldi.liquidato))
    return mark_safe(celle + format_html('<td class="text-end text-nowrap fw-semibold">{}</td>',
                                         formato.euro(saldi.residuo)))
