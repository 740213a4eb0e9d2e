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
