"""The registry of linkable object kinds: what a module offers for other modules to point at.

A module registers, from its ``AppConfig.ready()``, the kinds of its objects that another module may link
to without importing it — e.g. misure registers its bandi and measures so that piani can link an objective
of the Piano di Zona to the bando that implements it::

    from ambito.collegabili import registra_collegabile

    registra_collegabile("misure.bando", etichetta=_("Bando / avviso"),
                         elenco=lambda *, ambito: bando_list(ambito=ambito),
                         url=lambda bando, slug: reverse("misure:bando_detail", ...))

The linking module stores the pointer itself (``content_type`` + ``object_id``, a generic pointer whose
Ambito the database checks, see ``ambito/tenancy/rls.py``) and asks this registry which kinds exist, which
objects of a kind an Ambito has (``oggetti``), and how to name and reach one (``descrivi``). ``elenco`` is a
selector of the owning module: the registry never queries a module's models on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

from ambito.tenancy.models import Ambito

Elenco = Callable[..., Any]  # elenco(*, ambito) -> QuerySet of the Ambito's objects
Url = Callable[[models.Model, str], str]


@dataclass(frozen=True)
class TipoCollegabile:
    codice: str  # "app_label.modelname"
    etichetta: str
    elenco: Elenco
    url: Url | None = None

    @property
    def modello(self) -> type[models.Model]:
        return apps.get_model(self.codice)


_TIPI: dict[str, TipoCollegabile] = {}


def registra_collegabile(codice: str, *, etichetta: str, elenco: Elenco, url: Url | None = None) -> None:
    """Offer the objects of model ``codice`` ("app_label.modelname") as link targets (idempotent)."""
    codice = codice.lower()
    esistente = _TIPI.get(codice)
    if esistente is not None and getattr(esistente.elenco, "__qualname__", None) != getattr(elenco, "__qualname__",
                                                                                             None):
        raise ValueError(f"linkable kind {codice!r} registered twice")
    _TIPI[codice] = TipoCollegabile(codice, etichetta, elenco, url)


def tipi_collegabili() -> list[TipoCollegabile]:
    return sorted(_TIPI.values(), key=lambda t: str(t.etichetta))


def tipo_collegabile(codice: str) -> TipoCollegabile | None:
    return _TIPI.get((codice or "").lower())


def tipo_di(oggetto: models.Model) -> TipoCollegabile | None:
    return _TIPI.get(oggetto._meta.label_lower)


def oggetti(*, ambito: Ambito, codice: str) -> Any:
    """The Ambito's objects of a registered kind (the owning module's selector), or None for an unknown kind."""
    tipo = tipo_collegabile(codice)
    return None if tipo is None else tipo.elenco(ambito=ambito)


def trova(*, ambito: Ambito, codice: str, pk: int) -> models.Model | None:
    """One object of a registered kind of this Ambito, or None (unknown kind, missing, another Ambito's)."""
    qs = oggetti(ambito=ambito, codice=codice)
    if qs is None:
        return None
    return qs.filter(pk=pk).first()


def url_di(oggetto: models.Model, slug: str) -> str:
    tipo = tipo_di(oggetto)
    return tipo.url(oggetto, slug) if tipo is not None and tipo.url is not None else ""
