"""Reads of attachments: an object's attachments, one attachment, its versions, who downloaded them.

Visibility is the owning module's: :func:`oggetto_get` resolves the object through the module's registered
``trova`` (or, by default, any object of the Ambito), so an attachment of an object the user may not see
does not exist for them (404), like one of another Ambito. Capabilities are checked by the callers
(:func:`ambito.allegati.permessi`).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ambito.accounts.permissions import ContestoAccesso
from ambito.allegati.models import Allegato, ScaricamentoAllegato, VersioneAllegato
from ambito.allegati.registry import RegolaAllegati, regola_per
from ambito.audit.selectors import oggetto_tenant_get
from ambito.errors import NonTrovato, uno
from ambito.tenancy.models import Ambito


def regola_get(*, modello: str) -> RegolaAllegati:
    """The attachment rule of a model, or NonTrovato (a model that takes no attachment has no such pages)."""
    regola = regola_per(modello)
    if regola is None:
        raise NonTrovato(_("Questo tipo di oggetto non ha allegati."))
    return regola


def oggetto_get(*, contesto: ContestoAccesso, modello: str, pk: int) -> models.Model:
    """The object ``modello``/``pk`` as this user may see it (the module's ``trova``), or NonTrovato."""
    regola = regola_get(modello=modello)
    if regola.trova is not None:
        return regola.trova(contesto, pk)
    return oggetto_tenant_get(ambito=contesto.ambito, modello=regola.modello, pk=pk)


def _dell_oggetto(oggetto: models.Model) -> QuerySet[Allegato]:
    return Allegato.objects.filter(ambito_id=oggetto.ambito_id, content_type=ContentType.objects.get_for_model(oggetto),
                                   object_id=oggetto.pk)


def allegato_list(*, oggetto: models.Model) -> QuerySet[Allegato]:
    """The attachments of an object, oldest first, each with its current version and who uploaded it
    (one query whatever their number)."""
    return (_dell_oggetto(oggetto)
            .select_related("versione_corrente", "versione_corrente__caricato_da", "content_type")
            .order_by("creato_il", "pk"))


def allegato_get(*, ambito: Ambito, pk: int) -> Allegato:
    """One attachment of the Ambito (its owning object is checked by the caller), or NonTrovato."""
    return uno(Allegato.objects.filter(ambito=ambito).select_related("versione_corrente", "content_type"),
               messaggio=_("Allegato inesistente."), pk=pk)


def versione_get(*, ambito: Ambito, pk: int) -> VersioneAllegato:
    """One version of an attachment of the Ambito, or NonTrovato."""
    return uno(VersioneAllegato.objects.filter(ambito=ambito).select_related("allegato", "allegato__content_type"),
               messaggio=_("Versione inesistente."), pk=pk)


def versione_list(*, allegato: Allegato) -> QuerySet[VersioneAllegato]:
    """Every version of an attachment, newest first, with who uploaded it."""
    return (VersioneAllegato.objects.filter(ambito_id=allegato.ambito_id, allegato=allegato)
            .select_related("caricato_da").order_by("-numero"))


def documento_corrente(*, oggetto: models.Model, chiave: str) -> VersioneAllegato | None:
    """The current version of the attachment an object keeps under ``chiave`` (an act's document), or None."""
    allegato = _dell_oggetto(oggetto).filter(chiave=chiave).select_related("versione_corrente").first()
    return allegato.versione_corrente if allegato is not None else None


def documento_subquery(modello: type[models.Model], *, chiave: str) -> QuerySet[Allegato]:
    """For annotating a list of ``modello`` objects with the id of their ``chiave`` document's current version
    (``.annotate(x=Subquery(documento_subquery(Atto, chiave="documento")))``): no query per row."""
    return (Allegato.objects.filter(content_type=ContentType.objects.get_for_model(modello), chiave=chiave,
                                    object_id=models.OuterRef("pk"))
            .values("versione_corrente_id")[:1])


def scaricamento_list(*, allegato: Allegato) -> QuerySet[ScaricamentoAllegato]:
    """Who downloaded any version of an attachment, newest first."""
    return (ScaricamentoAllegato.objects.filter(ambito_id=allegato.ambito_id, versione__allegato=allegato)
            .select_related("utente", "versione").order_by("-avvenuto_il", "-pk"))
