"""Tenancy: every tenant-owned row belongs to one Ambito and is reachable only inside a scope.

The scope (django-scopes, a ContextVar) has two dimensions:

* ``ambito``: the Ambito id taken from the request URL (``/a/<slug>/``);
* ``comune``: ``None`` for staff (no restriction) or the list of comune ids an assistente
  sociale works for.

A query on a scoped model outside a scope raises ``ScopeError``. Scopes are opened in exactly
four places: :class:`ambito.middleware.AmbitoScopeMiddleware` (pages),
:class:`ambito.api.base.AmbitoAPIView` (API), :class:`ambito.tasks.AmbitoTask` (Celery) and
:func:`ambito_scope_for_command` (management commands). Code that really must see every
Ambito uses :func:`cross_ambito`, which is logged; ``tests/tenancy/test_conventions.py``
fails on any other use of ``scopes_disabled``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager, scope, scopes_disabled
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from ambito.models import Ambito

logger = logging.getLogger(__name__)

# Who is acting right now (a user, or None for the system). Set next to the scope by the
# same entry points, read by the audit trail.
_current_actor: ContextVar[Any] = ContextVar("ambito_current_actor", default=None)


def current_actor() -> Any:
    return _current_actor.get()


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    token = _current_actor.set(user)
    try:
        yield
    finally:
        _current_actor.reset(token)


def history_user(instance: Any = None, request: Any = None, **kwargs: Any) -> Any:
    """Audit actor for django-simple-history: the actor of the current scope entry point."""
    user = current_actor()
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    return None


class AuditedHistory(HistoricalRecords):
    """HistoricalRecords that takes the actor from our ContextVar and records every field."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("get_user", history_user)
        kwargs.setdefault("inherit", True)
        kwargs.setdefault("cascade_delete_history", False)
        super().__init__(**kwargs)


class TenantLogModel(models.Model):
    """A row owned by one Ambito that is itself a log (jobs, read logs): scoped, not audited."""

    ambito = models.ForeignKey(
        "ambito.Ambito", on_delete=models.PROTECT, related_name="+", verbose_name=_("Ambito"),
        db_index=True,
    )

    objects = ScopedManager(ambito="ambito")

    class Meta:
        abstract = True


class TenantModel(TenantLogModel):
    """Base of every tenant-owned model: scoped by Ambito and audited (before/after, actor)."""

    history = AuditedHistory()

    class Meta:
        abstract = True


class ComuneTenantModel(TenantModel):
    """A tenant row that belongs to one comune: assistenti sociali see only their comuni's rows."""

    comune = models.ForeignKey("ambito.Comune", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Comune"))

    objects = ScopedManager(ambito="ambito", comune="comune")

    class Meta:
        abstract = True


@contextmanager
def ambito_scope(ambito: Ambito, *, comuni: Sequence[int] | None = None, actor: Any = None) -> Iterator[None]:
    """Enter the scope of one Ambito (and optionally restrict it to some comuni)."""
    with scope(ambito=ambito.pk, comune=list(comuni) if comuni is not None else None), acting_as(actor):
        yield


@contextmanager
def cross_ambito(reason: str) -> Iterator[None]:
    """The one sanctioned escape hatch: see every Ambito, e.g. to resolve the tenant itself.

    Every use names its reason and is logged at DEBUG level.
    """
    logger.debug("cross-ambito access: %s", reason)
    with scopes_disabled():
        yield


@contextmanager
def ambito_scope_for_command(slug: str, *, actor: Any = None) -> Iterator[Ambito]:
    """Management-command entry point: resolve the Ambito by slug and enter its scope."""
    from ambito.models import Ambito

    ambito = Ambito.objects.get(slug=slug)
    with ambito_scope(ambito, actor=actor):
        yield ambito
