"""Readers of reference data files (ISTAT list of comuni, population tables).

Readers are plain functions: bytes in, :class:`Lettura` out (the good rows and every problem
found, each with its physical line number). They never touch the database; the services in
:mod:`ambito.territorio.services` validate against it and write everything or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ambito.errors import RegolaViolata

T = TypeVar("T")


@dataclass(frozen=True)
class ErroreRiga:
    """A problem found at a physical line of the file (1-based, the header is line 1)."""

    riga: int
    messaggio: str

    def __str__(self) -> str:
        return f"riga {self.riga}: {self.messaggio}"


@dataclass
class Lettura(Generic[T]):
    """What a reader found: the rows it understood and the problems, in file order."""

    righe: list[T] = field(default_factory=list)
    errori: list[ErroreRiga] = field(default_factory=list)

    @property
    def valida(self) -> bool:
        return not self.errori


class ImportazioneRifiutata(RegolaViolata):
    """The file has bad rows: nothing was written. ``errori`` lists them by line."""

    codice = "importazione_rifiutata"

    def __init__(self, errori: list[ErroreRiga]) -> None:
        super().__init__(f"Importazione annullata: {len(errori)} righe non valide, nessun dato salvato.")
        self.errori = errori
