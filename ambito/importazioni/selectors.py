"""Reads of the imports of an Ambito."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ambito.errors import uno
from ambito.importazioni.models import Importazione
from ambito.tenancy.models import Ambito


def importazione_list(*, ambito: Ambito, tipi: list[str] | None = None) -> QuerySet[Importazione]:
    """The Ambito's imports, newest first (only of ``tipi`` when given: the kinds the user may import)."""
    qs = Importazione.objects.filter(ambito=ambito).select_related("creata_da", "job")
    if tipi is not None:
        qs = qs.filter(tipo__in=tipi)
    return qs.order_by("-creata_il", "-pk")


def importazione_get(*, ambito: Ambito, pk: int) -> Importazione:
    return uno(Importazione.objects.filter(ambito=ambito).select_related("creata_da", "job"),
               messaggio=_("Importazione inesistente."), pk=pk)
