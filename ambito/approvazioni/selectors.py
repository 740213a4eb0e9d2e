"""Reads about approval requests (every staff member of the Ambito sees them all)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ambito.approvazioni.models import RichiestaApprovazione, StatoRichiesta
from ambito.errors import uno
from ambito.tenancy.models import Ambito


def richiesta_list(*, ambito: Ambito, stato: str | None = None) -> QuerySet[RichiestaApprovazione]:
    """Requests of the Ambito, newest first, with who prepared and decided them (one query; the objects
    they concern are loaded with one more query per model)."""
    qs = (RichiestaApprovazione.objects.filter(ambito=ambito)
          .select_related("preparata_da", "decisa_da", "content_type")
          .prefetch_related("oggetto"))
    if stato:
        qs = qs.filter(stato=stato)
    return qs.order_by("-preparata_il", "-pk")


def richiesta_get(*, ambito: Ambito, pk: int) -> RichiestaApprovazione:
    """One request of the Ambito, or :class:`~ambito.errors.NonTrovato`."""
    return uno(richiesta_list(ambito=ambito), messaggio=_("Richiesta di approvazione inesistente."), pk=pk)


def richiesta_in_attesa_per(*, ambito: Ambito, oggetto: models.Model, tipo: str) -> RichiestaApprovazione | None:
    """The pending request of kind ``tipo`` about ``oggetto``, if any (for the object's own page)."""
    ct = ContentType.objects.get_for_model(oggetto)
    return (RichiestaApprovazione.objects
            .filter(ambito=ambito, tipo=tipo, content_type=ct, object_id=oggetto.pk, stato=StatoRichiesta.IN_ATTESA)
            .select_related("preparata_da").first())


def richieste_in_attesa_count(*, ambito: Ambito) -> int:
    return RichiestaApprovazione.objects.filter(ambito=ambito, stato=StatoRichiesta.IN_ATTESA).count()
