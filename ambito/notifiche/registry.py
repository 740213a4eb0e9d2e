"""The registry of notification kinds.

A module declares each kind of notification it sends, from its ``AppConfig.ready()``::

    from ambito.notifiche.registry import registra_tipo_notifica

    registra_tipo_notifica("fondi.scadenza", _("Scadenze dei fondi"),
                           descrizione=_("Promemoria delle scadenze di impegno, spesa e rendicontazione"))

Each user chooses per kind whether to receive it in the application, by e-mail, both or neither
(``PreferenzaNotifica``); a kind says what a user gets until they choose (``email_predefinita``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class TipoNotifica:
    codice: str
    etichetta: str
    descrizione: str = ""
    email_predefinita: bool = True


_TIPI: dict[str, TipoNotifica] = {}


def registra_tipo_notifica(codice: str, etichetta: str, *, descrizione: str = "",
                           email_predefinita: bool = True) -> TipoNotifica:
    """Declare a kind of notification (idempotent: registering the same code again replaces it)."""
    if "." not in codice:
        raise ImproperlyConfigured(f"notification kind {codice!r} must be namespaced by its module: 'modulo.nome'")
    tipo = TipoNotifica(codice, etichetta, descrizione, email_predefinita)
    _TIPI[codice] = tipo
    return tipo


def tipo_notifica_get(codice: str) -> TipoNotifica:
    """The registered kind; an unknown code is a programming error (KeyError), never a silent drop."""
    try:
        return _TIPI[codice]
    except KeyError:
        raise KeyError(f"unknown notification kind {codice!r}: register it with registra_tipo_notifica") from None


def tipi_registrati() -> list[TipoNotifica]:
    return sorted(_TIPI.values(), key=lambda t: (str(t.etichetta), t.codice))


def etichetta_tipo(codice: str) -> str:
    tipo = _TIPI.get(codice)
    return str(tipo.etichetta) if tipo else codice
