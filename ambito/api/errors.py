"""One error shape for the whole API::

    {"errore": {"codice": "validazione", "messaggio": "…", "campi": {"campo": ["…"]}}}
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ambito.errors import RegolaViolata


def _risposta(codice: str, messaggio: str, stato: int, campi: Any = None) -> Response:
    corpo: dict[str, Any] = {"codice": codice, "messaggio": messaggio}
    if campi:
        corpo["campi"] = campi
    return Response({"errore": corpo}, status=stato)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RegolaViolata):
        campi = {exc.campo: [exc.messaggio]} if exc.campo else None
        return _risposta(exc.codice, exc.messaggio, exc.status_code, campi)
    if isinstance(exc, Http404):
        return _risposta("non_trovato", _("Risorsa non trovata."), status.HTTP_404_NOT_FOUND)
    if isinstance(exc, PermissionDenied):
        return _risposta("permesso_negato", _("Non hai il permesso per questa operazione."),
                         status.HTTP_403_FORBIDDEN)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        campi = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return _risposta("validazione", _("I dati inviati non sono validi."), response.status_code, campi)
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    codice = codes if isinstance(codes, str) else getattr(exc, "default_code", "errore")
    detail = getattr(exc, "detail", str(exc))
    risposta = _risposta(str(codice), str(detail), response.status_code)
    for header in ("WWW-Authenticate", "Retry-After"):
        if header in response:
            risposta[header] = response[header]
    return risposta
