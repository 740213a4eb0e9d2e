"""Resolving the tenant itself (Ambito is not scoped: it *is* the scope)."""

from __future__ import annotations

from ambito.models import Ambito


def ambito_attivo(slug: str | None) -> Ambito | None:
    """The active Ambito with this URL slug, or None."""
    if not slug:
        return None
    return Ambito.objects.filter(slug=slug, attivo=True).select_related("ente_capofila").first()
