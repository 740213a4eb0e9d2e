"""What every page of the register shares: capabilities, the gestore's visibility, the redirects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from udos import selectors
from udos.models import CPE, UnitaOfferta

VEDI = "udos.vedi"
GESTISCI = "udos.gestisci"
PRESENTA = "udos.presenta"
T = "udos/modulo.html"


def ente_visto(request: HttpRequest) -> int | None:
    return selectors.ente_visibile(request.contesto)  # type: ignore[attr-defined]


def unita_vista(request: HttpRequest, unita_pk: int) -> UnitaOfferta:
    return selectors.unita_get(ambito=request.ambito, pk=unita_pk, ente=ente_visto(request))  # type: ignore[attr-defined]


def cpe_vista(request: HttpRequest, cpe_pk: int) -> CPE:
    return selectors.cpe_get(ambito=request.ambito, pk=cpe_pk, ente=ente_visto(request))  # type: ignore[attr-defined]


def alla_unita(slug: str) -> Callable[[Any], HttpResponse]:
    return lambda x: redirect("udos:unita_detail", ambito_slug=slug, unita_pk=getattr(x, "unita_id", None) or x.pk)


def alla_cpe(slug: str) -> Callable[[CPE], HttpResponse]:
    return lambda cpe: redirect("udos:cpe_detail", ambito_slug=slug, cpe_pk=cpe.pk)
