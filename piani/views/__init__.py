"""Pages of the Piano di Zona, under /a/<ambito_slug>/piani/: fetch with a selector, change with a service
through the kit's form flow (``ambito.web``), render. Split by sub-topic: the plan (``piano``), its
projects (``progetti``), its indicators and monitoring (``monitoraggio``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from piani import selectors

VEDI = "piani.vedi"
PROGETTI = "piani.progetti"
GESTISCI = "piani.gestisci"
CHIUDI = "piani.chiudi_periodo"


def widget_assemblea(request: HttpRequest) -> dict[str, Any] | None:
    """Home-page box of the Assemblea dei Sindaci: the current approved plan's monitoring at a glance."""
    if not request.contesto.puo(VEDI):
        return None
    piano = selectors.piano_corrente(ambito=request.ambito, solo_approvati=True)
    if piano is None:
        return None
    from piani.grafici import grafici_piano

    return {"piano": piano, "grafici": grafici_piano(piano=piano, solo_chiusi=True)[:1]}
