"""Tenancy: every tenant-owned row belongs to one Ambito and is reachable only inside a scope.

The scope (django-scopes, a ContextVar) has two dimensions:

* ``ambito``: the Ambito id taken from the request URL (``/a/<slug>/``);
* ``comune``: ``None`` for staff (no restriction) or the list of comune ids an assistente
  sociale works for.

A query on a scoped model outside a scope raises ``ScopeError``. Scopes are opened in exactly
five places: :class:`ambito.accounts.middleware.AmbitoScopeMiddleware` (pages),
:class:`ambito.api.base.AmbitoAPIView` (API), :class:`ambito.jobs.tasks.AmbitoTask` (Celery),
:func:`ambito.tenancy.comandi.ambito_scope_for_command` (management commands) and
:func:`ambito.pubblico.vista.vista_pubblica` (the public area, no actor). Code that really must see every
Ambito uses :func:`cross_ambito`, which is logged; ``tests/tenancy/test_conventions.py``
fails on any other use of ``scopes_disabled``.

The same scope holds in the database (:mod:`ambito.tenancy.rls`): two settings of the connection name the
scope's Ambito and the reason of a ``cross_ambito``; row-level security shows a query only the rows of
that Ambito. Both are reset when the scope ends.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django_scopes import scope, scopes_disabled

from ambito.tenancy import rls
from ambito.tenancy.attori import acting_as

if TYPE_CHECKING:
    from ambito.tenancy.models import Ambito

logger = logging.getLogger(__name__)


def _chiudi_le_falle_di_django_scopes() -> None:
    """django-scopes refuses most reads outside a scope but lets ``exists()``, ``exclude()``, ``in_bulk()`` and a
    few others through; under row-level security they would silently find nothing (``exists()`` → False), so a
    check written outside a scope would pass by mistake. They raise ``ScopeError`` like the others. ``create()``
    stays allowed by django-scopes; the database refuses it outside a scope (the policy's WITH CHECK)."""
    from django_scopes.manager import DisabledQuerySet

    for nome in ("exists", "exclude", "in_bulk", "contains", "explain", "select_related", "prefetch_related",
                 "distinct", "defer", "alias", "bulk_update", "extra", "select_for_update"):
        setattr(DisabledQuerySet, nome, DisabledQuerySet.error)


_chiudi_le_falle_di_django_scopes()


@contextmanager
def ambito_scope(ambito: Ambito, *, comuni: Sequence[int] | None = None, actor: Any = None) -> Iterator[None]:
    """Enter the scope of one Ambito (and optionally restrict it to some comuni)."""
    try:
        with scope(ambito=ambito.pk, comune=list(comuni) if comuni is not None else None), acting_as(actor):
            yield
    finally:
        rls.allinea_connessioni()  # a pooled connection does not keep this Ambito for the next request


@contextmanager
def cross_ambito(reason: str) -> Iterator[None]:
    """The one sanctioned escape hatch: see every Ambito, e.g. to resolve the tenant itself.

    Every use names its reason and is logged at DEBUG level.
    """
    logger.debug("cross-ambito access: %s", reason)
    try:
        with scopes_disabled(), rls.motivo_cross(reason):
            yield
    finally:
        rls.allinea_connessioni()
