"""The profilo di comunità."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ambito.errors import uno
from ambito.tenancy.models import Ambito
from piani.models import (
    MacroArea,
)

# --- profilo di comunità ----------------------------------------------------------------------------


def dato_comunita_list(*, ambito: Ambito, anno: int | None = None) -> QuerySet:
    from piani.models import DatoComunita

    qs = DatoComunita.objects.filter(ambito=ambito).select_related("comune", "macro_area")
    if anno is not None:
        qs = qs.filter(anno=anno)
    return qs.order_by("-anno", "tipo", "voce", "comune__denominazione")


def dato_comunita_get(*, ambito: Ambito, pk: int) -> Any:
    return uno(dato_comunita_list(ambito=ambito), _("Dato inesistente."), pk=pk)


def anni_profilo(*, ambito: Ambito) -> list[int]:
    from piani.models import DatoComunita

    return sorted(set(DatoComunita.objects.filter(ambito=ambito).values_list("anno", flat=True)), reverse=True)


@dataclass
class RigaProfilo:
    """One line of the profile: a voce in a year, its value for the Ambito and for each comune."""

    voce: str
    tipo: str
    unita: str
    fonte: str
    ambito: Decimal | None
    per_comune: dict[str, Decimal]
    sommato: bool = False  # the Ambito's figure is the sum of the comuni (population bands given per comune)
    decimali: int = 0  # the decimals the figures need (a rate 12,5; a population 46.053)


def profilo_comunita(*, ambito: Ambito, anno: int) -> list[RigaProfilo]:
    """The year's profile as a table: per voce, the Ambito's figure (entered, or for a population band the sum of
    the comuni's) and each comune's. One query."""
    righe: dict[str, RigaProfilo] = {}
    for d in dato_comunita_list(ambito=ambito, anno=anno):
        riga = righe.setdefault(d.voce, RigaProfilo(d.voce, d.tipo, d.unita, d.fonte, None, {}))
        if d.comune_id is None:
            riga.ambito = d.valore
        else:
            riga.per_comune[d.comune.denominazione] = d.valore
    from ambito.formato import decimali_significativi

    for riga in righe.values():
        if riga.ambito is None and riga.tipo == "fascia_eta" and riga.per_comune:
            riga.ambito, riga.sommato = sum(riga.per_comune.values(), Decimal(0)), True
        valori = [*riga.per_comune.values(), *([riga.ambito] if riga.ambito is not None else [])]
        riga.decimali = max((decimali_significativi(v, 0, 2) for v in valori), default=0)
    return list(righe.values())


def dati_per_aree(*, ambito: Ambito, aree: list[MacroArea]) -> list:
    """The latest Ambito-level figures tied to these macro-areas: shown beside an objective."""
    ultimi: dict[str, Any] = {}
    for d in dato_comunita_list(ambito=ambito).filter(macro_area__in=aree, comune__isnull=True):
        ultimi.setdefault(d.voce, d)
    return list(ultimi.values())
