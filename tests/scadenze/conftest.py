"""A deadline kind of the tests' own, whose deadlines each test sets (``termini``)."""

from __future__ import annotations

import datetime as dt

import pytest

from ambito.notifiche.registry import _TIPI as TIPI_NOTIFICA
from ambito.notifiche.registry import TipoNotifica
from ambito.scadenze import registry
from ambito.scadenze.registry import Scadenza

OGGI = dt.date(2026, 11, 16)  # a Monday


@pytest.fixture
def termini(monkeypatch):
    """A list the provider of ``prova.termine`` reads (owner: the holders of ambito.atti.gestisci)."""
    elenco: list[Scadenza] = []

    def fornitore(*, ambito, dal, al, oggi):
        return [s for s in elenco if s.chiave.startswith(ambito.slug)]

    monkeypatch.setitem(registry._TIPI, "prova.termine",
                        registry.TipoScadenza("prova.termine", "Termini di prova", fornitore, "ambito.atti.vedi_tutti"))
    monkeypatch.setitem(TIPI_NOTIFICA, "scadenze.prova.termine",
                        TipoNotifica("scadenze.prova.termine", "Promemoria: Termini di prova"))
    return elenco


def termine(slug: str, numero: int, data: dt.date, **kwargs) -> Scadenza:
    kwargs.setdefault("capacita", "ambito.atti.gestisci")
    return Scadenza(chiave=f"{slug}:{numero}", titolo=f"Termine {numero}", data=data, url=f"/a/{slug}/atti/",
                    **kwargs)
