"""Domain errors: one family, with Italian messages for the user, mapped once for pages
(a message next to the form) and for the API (``ambito.api.errors``)."""

from __future__ import annotations


class RegolaViolata(Exception):
    """A business rule refused the operation. ``messaggio`` is shown to the user as is."""

    codice = "regola_violata"
    status_code = 400

    def __init__(self, messaggio: str, *, codice: str | None = None, campo: str | None = None) -> None:
        super().__init__(messaggio)
        self.messaggio = messaggio
        self.campo = campo
        if codice:
            self.codice = codice


class Conflitto(RegolaViolata):
    """The operation lost a race or hits a state that changed meanwhile (HTTP 409)."""

    codice = "conflitto"
    status_code = 409
