"""Reads of the module: ``<noun>_<verb>(*, ambito, …)``, filtered by the Ambito even inside its scope."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ambito.errors import uno
from ambito.tenancy.models import Ambito
from modulo_modello.models import Elemento


def elemento_list(*, ambito: Ambito) -> QuerySet[Elemento]:
    return Elemento.objects.filter(ambito=ambito).order_by("nome")


def elemento_get(*, ambito: Ambito, pk: int) -> Elemento:
    """The element, or ``NonTrovato`` (404) — also for another Ambito's element."""
    return uno(elemento_list(ambito=ambito), _("Elemento inesistente."), pk=pk)
