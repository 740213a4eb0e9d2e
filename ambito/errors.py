"""Domain errors: one family, with Italian messages for the user, mapped once for pages
(a message next to the form) and for the API (``ambito.api.errors``)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

M = TypeVar("M", bound=Model)


class RegolaViolata(Exception):
    """A business rule refused the operation. ``messaggio`` is shown to the user as is."""

    codice = "regola_violata"
    status_code = 400

    def __init__(self, messaggio: str, *, codice: str | None = None, campo: str | None = None) -> None:
        super().__init__(messaggio)
        self.messaggio = messaggio
        self.campo = campo
        if codice:
            self.codice = codice


class Conflitto(RegolaViolata):
    """The operation lost a race or hits a state that changed meanwhile (HTTP 409)."""

    codice = "conflitto"
    status_code = 409


class NonTrovato(Http404):
    """The object does not exist *in this Ambito* (or is not visible to this user).

    Raised by every ``<noun>_get`` selector. It is an ``Http404``, so a page or an API view that lets it
    through answers 404 with no code of its own; a job or a command catches it by this name.
    """

    def __init__(self, messaggio: str | None = None) -> None:
        self.messaggio = messaggio or _("Elemento inesistente.")
        super().__init__(self.messaggio)


def uno(queryset: QuerySet[M], messaggio: str | None = None, **filtri: object) -> M:
    """The one row of ``queryset`` matching ``filtri``, or :class:`NonTrovato`.

    The convention of every ``<noun>_get(*, ambito, pk)`` selector: the queryset is already filtered by the
    Ambito (and by what the user may see), so "not yours" and "does not exist" are the same answer.
    """
    try:
        return queryset.get(**filtri)
    except queryset.model.DoesNotExist:
        raise NonTrovato(messaggio) from None
