"""The registry of computed indicators: named figures computed from live data, defined once by the module
that owns the data.

A module registers its indicators from ``AppConfig.ready()``; a plan (piani) then measures an indicator by
its code instead of running a free-form query::

    from ambito.indicatori import registra_indicatore

    registra_indicatore("misure.domande_ricevute", etichetta=_("Domande ricevute"), unita=_("domande"),
                        calcola=domande_ricevute)   # calcola(*, ambito, dal, al, oggetto=None) -> Decimal

``calcola`` receives the Ambito, the period (``dal``–``al``, both included) and optionally the object the
indicator is measured for (a project of the plan: the module decides what an object means for it, e.g.
the quotas linked to it). It runs inside the Ambito's scope, reads through the module's own selectors and
returns a ``Decimal``. Every registered indicator must have a test that compares it with an independent
count of the underlying rows (see ``tests/piani/test_indicatori.py`` for fondi's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ambito.tenancy.models import Ambito

Calcolo = Callable[..., Decimal]


@dataclass(frozen=True)
class IndicatoreCalcolato:
    codice: str
    etichetta: str
    unita: str
    calcola: Calcolo
    descrizione: str = ""
    per_oggetto: bool = False  # True: measured for the object the indicator belongs to (a project, an objective)

    def valore(self, *, ambito: Ambito, dal: dt.date, al: dt.date, oggetto: Any = None) -> Decimal:
        risultato = self.calcola(ambito=ambito, dal=dal, al=al, oggetto=oggetto)
        return Decimal(risultato)


_INDICATORI: dict[str, IndicatoreCalcolato] = {}


def registra_indicatore(codice: str, *, etichetta: str, unita: str, calcola: Calcolo, descrizione: str = "",
                        per_oggetto: bool = False) -> None:
    """Register a computed indicator under ``codice`` ("<app>.<name>"); idempotent for the same function."""
    esistente = _INDICATORI.get(codice)
    if esistente is not None and esistente.calcola.__qualname__ != calcola.__qualname__:
        raise ValueError(f"indicator {codice!r} registered twice")
    _INDICATORI[codice] = IndicatoreCalcolato(codice, etichetta, unita, calcola, descrizione, per_oggetto)


def indicatori_registrati() -> list[IndicatoreCalcolato]:
    return sorted(_INDICATORI.values(), key=lambda i: str(i.etichetta))


def indicatore_calcolato(codice: str) -> IndicatoreCalcolato | None:
    return _INDICATORI.get(codice or "")
