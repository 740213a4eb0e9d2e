"""The management-command entry point of the tenant scope."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ambito.tenancy import ambito_scope
from ambito.tenancy.models import Ambito


@contextmanager
def ambito_scope_for_command(slug: str, *, actor: Any = None) -> Iterator[Ambito]:
    """Management-command entry point: resolve the Ambito by slug and enter its scope."""
    ambito = Ambito.objects.get(slug=slug)
    with ambito_scope(ambito, actor=actor):
        yield ambito
