"""The sections of the public area, registered by the features and modules that publish them.

From ``AppConfig.ready()`` (or a module it imports)::

    registra_pagina_pubblica(
        "atti", titolo=_("Atti pubblicati"), descrizione=_("Deliberazioni e determine in pubblicazione."),
        urls="ambito.atti.pubblico_urls", url_name="atti_pubblici:atti_list", ordine=10)

``urls`` is a URL module (with its own ``app_name``) mounted at ``/p/<slug>/<codice>/``; its views are
decorated with :func:`ambito.pubblico.vista.vista_pubblica` and read only through public-only selectors
that return the fields meant for publication. ``url_name`` is the section's first page, listed on the
public home of every Ambito.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_PAGINE: dict[str, PaginaPubblica] = {}


@dataclass(frozen=True)
class PaginaPubblica:
    codice: str  # also the path under /p/<slug>/
    titolo: str
    descrizione: str
    urls: str
    url_name: str  # inside the "pubblico" namespace, e.g. "atti_pubblici:atti_list"
    ordine: int
    # An opt-in section: listed on an Ambito's public home only when this says so (called inside its scope).
    visibile: Callable[[Any], bool] | None = None


def registra_pagina_pubblica(codice: str, *, titolo: str, descrizione: str, urls: str, url_name: str,
                             ordine: int = 50, visibile: Callable[[Any], bool] | None = None) -> None:
    """Add (or replace, keyed by ``codice``) a section of the public area; ``visibile(ambito)``: an opt-in
    section (its own views still answer 404 where it is off)."""
    _PAGINE[codice] = PaginaPubblica(codice, titolo, descrizione, urls, url_name, ordine, visibile)


def pagine_registrate() -> list[PaginaPubblica]:
    return sorted(_PAGINE.values(), key=lambda p: (p.ordine, p.codice))
