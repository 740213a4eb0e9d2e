"""Italian month and day names for the deadlines calendar (independent of the server's locale)."""

from __future__ import annotations

import datetime as dt

from django import template

from ambito.scadenze.forms import GIORNI_SETTIMANA, MESI

register = template.Library()


@register.simple_tag
def nome_mese(data: dt.date) -> str:
    """'novembre 2026'."""
    return f"{dict(MESI)[data.month]} {data.year}"


@register.filter(name="nome_mese_filtro")
def nome_mese_filtro(data: dt.date) -> str:
    return nome_mese(data)


@register.simple_tag
def giorno_esteso(data: dt.date) -> str:
    """'lunedì 30 novembre 2026'."""
    return f"{GIORNI_SETTIMANA[data.weekday()][1]} {data.day} {dict(MESI)[data.month]} {data.year}"
