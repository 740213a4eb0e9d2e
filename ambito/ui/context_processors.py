"""Template context of every page: the current Ambito, the user's Ambiti, the menu."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ambito.accounts.selectors import ambiti_dell_utente


def ambito(request: HttpRequest) -> dict[str, Any]:
    """The current Ambito, the access context and the Ambiti the user may switch to."""
    user = getattr(request, "user", None)
    contesto = getattr(request, "contesto", None)
    return {
        "ambito_corrente": getattr(request, "ambito", None),
        "contesto": contesto,
        "ambiti_utente": (lambda: ambiti_dell_utente(user)) if user and user.is_authenticated else list,
    }
