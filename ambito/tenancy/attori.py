"""Who is acting right now (a user, or None for the system), and the audit trail that records it.

The actor is set next to the scope by the same entry points (:func:`ambito.tenancy.ambito_scope`)
and read by django-simple-history through :func:`history_user`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from simple_history.models import HistoricalRecords

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
