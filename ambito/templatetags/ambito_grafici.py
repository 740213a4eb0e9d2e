"""``{% grafico g %}``: a :class:`ambito.grafici.Grafico` as an accessible table and a chart drawn from it."""

from __future__ import annotations

from typing import Any

from django import template

from ambito.grafici import Grafico

register = template.Library()


@register.inclusion_tag("includes/grafico.html")
def grafico(dati: Grafico, livello_titolo: int = 3) -> dict[str, Any]:
    return {"g": dati, "dati_id": f"{dati.id}-dati", "livello_titolo": livello_titolo}
