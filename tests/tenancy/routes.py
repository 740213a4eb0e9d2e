"""Walk the URLconf and classify every route: public, platform or ambito-scoped.

A route that is none of these fails ``test_every_route_is_classified``: whoever adds a
route must decide here who may reach it (a new tenant route under ``/a/<ambito_slug>/`` or
``/api/v1/a/<ambito_slug>/`` is classified automatically and enters the isolation matrix).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

# Reachable without logging in (login, password reset, invitation acceptance, API docs).
PUBLIC_PREFIXES = (
    "account/",
    "api/schema/",
    "api/docs/",
    "static/",
    "p/",  # the index of the Ambiti's public areas
)
# The public area of each Ambito (ambito.pubblico): no login, read-only, one Ambito per URL. Its routes are
# their own class, walked by tests/pubblico/test_rotte_pubbliche.py (nothing unpublished, expired or of
# another Ambito reachable; only safe methods; noindex where declared; nothing written).
PUBLIC_AMBITO_PREFIX = "p/<slug:slug_pubblico>/"
# Called by other administrations' systems with a credential that names the Ambito (INPS's WaaS pull): no user,
# no Ambito in the URL. Each module tests its own (rendicontazione: tests/rendicontazione/test_waas.py — wrong or
# expired credential 401, another Ambito's data never returned).
MACHINE_PREFIXES = (
    "api/esterne/",
)
# Need a login but no Ambito (platform home, Django admin for platform administrators).
PLATFORM_PREFIXES = (
    "admin/",
)
PLATFORM_ROUTES = {
    "",  # platform home: redirects into the user's Ambito or lets them choose
}


@dataclass(frozen=True)
class Route:
    pattern: str  # e.g. "a/<slug:ambito_slug>/atti/<int:atto_pk>/"
    name: str | None
    callback: Callable[..., Any]

    @property
    def kwargs(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.pattern)

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    @property
    def classe(self) -> str:
        if "<slug:ambito_slug>" in self.pattern:
            return "ambito"
        if self.pattern.startswith(PUBLIC_AMBITO_PREFIX):
            return "pubblica_ambito"
        if self.pattern.startswith(PUBLIC_PREFIXES):
            return "public"
        if self.pattern.startswith(PLATFORM_PREFIXES) or self.pattern in PLATFORM_ROUTES:
            return "platform"
        if self.pattern.startswith(MACHINE_PREFIXES):
            return "machine"
        return "unclassified"

    def path(self, values: dict[str, Any]) -> str:
        def sub(match: re.Match) -> str:
            return str(values[match.group(1)])

        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", sub, self.pattern)

    @property
    def view_class(self) -> type | None:
        return getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)

    def capacita(self, method: str) -> tuple[str, ...]:
        """Capabilities the view declares for ``method`` (empty = none declared)."""
        cls = self.view_class
        if cls is not None:
            if method in ("GET", "HEAD", "OPTIONS"):
                cap = getattr(cls, "capacita", None)
            else:
                cap = getattr(cls, "capacita_scrittura", None) or getattr(cls, "capacita", None)
            return (cap,) if cap else ()
        return tuple(getattr(self.callback, "capacita_richieste", ()))


def _pattern_text(p: URLPattern | URLResolver) -> str:
    return str(p.pattern).lstrip("^").rstrip("$").replace("\\Z", "")


def iter_routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        text = prefix + _pattern_text(entry)
        if isinstance(entry, URLResolver):
            yield from iter_routes(entry, text)
        else:
            yield Route(text, entry.name, entry.callback)


def ambito_routes() -> list[Route]:
    return [r for r in iter_routes() if r.classe == "ambito"]


def public_ambito_routes() -> list[Route]:
    """The routes of the Ambiti's public areas (``/p/<slug_pubblico>/…``)."""
    return [r for r in iter_routes() if r.classe == "pubblica_ambito"]
