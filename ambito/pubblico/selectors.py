"""Reads of the public area: the Ambiti that have one, and their institutional pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string

from ambito.pubblico.models import PaginaIstituzionale, TipoPaginaIstituzionale
from ambito.tenancy.models import Ambito


@dataclass(frozen=True)
class TestoIstituzionale:
    """What the public page shows: the text, and when it was last changed (None: the default text)."""

    tipo: str
    titolo: str
    testo: str
    aggiornata_il: datetime | None


def ambito_pubblico_list() -> list[Ambito]:
    """Every active Ambito (shared data: ``Ambito`` is not scoped), for the index of the public areas."""
    return list(Ambito.objects.filter(attivo=True).order_by("denominazione"))


def testo_predefinito(*, ambito: Ambito, tipo: str) -> str:
    """The default text of a page not written yet, naming the Ambito and its ente capofila."""
    return render_to_string(f"pubblico/predefinite/{tipo}.txt", {"ambito": ambito}).strip()


def testo_istituzionale_get(*, ambito: Ambito, tipo: str) -> TestoIstituzionale:
    """The Ambito's page of kind ``tipo`` as published (its own text, or the default one)."""
    etichetta = str(TipoPaginaIstituzionale(tipo).label)
    pagina = PaginaIstituzionale.objects.filter(ambito=ambito, tipo=tipo).first()
    if pagina is None:
        return TestoIstituzionale(tipo, etichetta, testo_predefinito(ambito=ambito, tipo=tipo), None)
    return TestoIstituzionale(tipo, etichetta, pagina.testo, pagina.aggiornata_il)


def pagina_istituzionale_list(*, ambito: Ambito) -> list[tuple[str, str, PaginaIstituzionale | None]]:
    """(kind, title, saved page or None) for each institutional page, for the management page."""
    salvate = {p.tipo: p for p in PaginaIstituzionale.objects.filter(ambito=ambito)}
    return [(tipo, str(etichetta), salvate.get(tipo)) for tipo, etichetta in TipoPaginaIstituzionale.choices]
