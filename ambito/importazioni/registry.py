"""The registry of import kinds: what a module accepts from a CSV/XLSX file and how it saves it.

A module registers its kinds from ``AppConfig.ready()``::

    from ambito.importazioni.registry import Colonna, registra_importazione, intero, testo

    registra_importazione(
        "fondi.beneficiari", etichetta=_("Beneficiari"), capacita="fondi.gestisci",
        colonne=[Colonna("codice_fiscale", _("Codice fiscale"), testo(16), alias=("cf",)),
                 Colonna("importo", _("Importo"), importo_euro, obbligatoria=True)],
        salva=beneficiari_import,             # salva(*, ambito, actor, righe) -> number of rows written
        controlla=beneficiari_controlla,      # optional: rules that need the database, per row
    )

A column's ``converti`` turns the cell's text into a value or raises :class:`ValoreNonValido` with an
Italian message ("servono 6 cifre (es. 098031)"); the dry run reports it with the row number as in
the file, the column, the value and the message. ``salva`` runs in one transaction with the valid
rows only (all of them, or just the valid ones after the user's explicit confirmation); a
:class:`~ambito.errors.RegolaViolata` it raises undoes everything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from ambito.errors import RegolaViolata

if TYPE_CHECKING:
    from ambito.accounts.models import Utente
    from ambito.tenancy.models import Ambito


class ValoreNonValido(ValueError):
    """A cell that cannot become the column's value; the message is Italian, for the user."""


@dataclass(frozen=True)
class Colonna:
    """A target column: its name (the key in each row), label, converter, whether required, and the
    header names it is recognised by (besides its name and label)."""

    nome: str
    etichetta: str
    converti: Callable[[str], Any]
    obbligatoria: bool = True
    alias: tuple[str, ...] = ()
    esempio: str = ""


@dataclass(frozen=True)
class RigaImportata:
    """A row that passed every check: its number as in the file and the converted values."""

    numero: int
    valori: dict[str, Any]


@dataclass(frozen=True)
class ErroreCampo:
    """One problem of the dry run: row number as in the file (the header is row 1), column, value, message."""

    riga: int
    colonna: str
    valore: str
    messaggio: str

    def as_dict(self) -> dict[str, Any]:
        return {"riga": self.riga, "colonna": self.colonna, "valore": self.valore, "messaggio": self.messaggio}


Salva = Callable[..., int]
Controlla = Callable[..., "list[ErroreCampo]"]


@dataclass(frozen=True)
class TipoImportazione:
    codice: str
    etichetta: str
    capacita: str
    colonne: tuple[Colonna, ...]
    salva: Salva
    controlla: Controlla | None = None
    descrizione: str = ""

    def colonna(self, nome: str) -> Colonna:
        return next(c for c in self.colonne if c.nome == nome)

    def esegui_salvataggio(self, *, ambito: Ambito, actor: Utente | None, righe: Sequence[RigaImportata]) -> int:
        return self.salva(ambito=ambito, actor=actor, righe=righe)

    def esegui_controlli(self, *, ambito: Ambito, righe: Sequence[RigaImportata]) -> list[ErroreCampo]:
        return list(self.controlla(ambito=ambito, righe=righe)) if self.controlla else []


_TIPI: dict[str, TipoImportazione] = {}


def registra_importazione(
    codice: str, *, etichetta: str, capacita: str, colonne: Sequence[Colonna], salva: Salva,
    controlla: Controlla | None = None, descrizione: str = "",
) -> None:
    """Register (or replace, keyed by ``codice``, e.g. ``"territorio.popolazione"``) an import kind."""
    nomi = [c.nome for c in colonne]
    if len(set(nomi)) != len(nomi):
        raise ValueError(f"import kind {codice!r}: repeated column names")
    _TIPI[codice] = TipoImportazione(codice, etichetta, capacita, tuple(colonne), salva, controlla, descrizione)


def tipi_importazione() -> dict[str, TipoImportazione]:
    return dict(_TIPI)


def tipo_importazione_get(codice: str) -> TipoImportazione:
    tipo = _TIPI.get(codice)
    if tipo is None:
        raise RegolaViolata(_("Tipo di importazione sconosciuto: %(tipo)s.") % {"tipo": codice}, campo="tipo",
                            codice="tipo_sconosciuto")
    return tipo


def tipi_importabili(contesto: Any) -> list[TipoImportazione]:
    """The kinds the user of ``contesto`` may import (each names the capability it needs)."""
    return sorted((t for t in _TIPI.values() if t.capacita in contesto.capacita), key=lambda t: str(t.etichetta))


# --- converters for the usual column types ------------------------------------------------------


def testo(massimo: int) -> Callable[[str], str]:
    def converti(valore: str) -> str:
        valore = " ".join(valore.split())
        if len(valore) > massimo:
            raise ValoreNonValido(_("testo troppo lungo: al massimo %(n)d caratteri") % {"n": massimo})
        return valore
    return converti


def intero(minimo: int | None = None, massimo: int | None = None) -> Callable[[str], int]:
    """A whole number written with plain digits (``46053``); ``46.053`` is refused, never misread."""
    def converti(valore: str) -> int:
        valore = valore.strip()
        if not re.fullmatch(r"\d+", valore):
            raise ValoreNonValido(_("serve un numero intero scritto con sole cifre (es. 46053)"))
        numero = int(valore)
        if (minimo is not None and numero < minimo) or (massimo is not None and numero > massimo):
            raise ValoreNonValido(_("serve un numero tra %(min)s e %(max)s") % {
                "min": minimo if minimo is not None else "…", "max": massimo if massimo is not None else "…"})
        return numero
    return converti


def importo_euro(valore: str) -> Decimal:
    """An amount in the Italian way (``1.234,56``, ``1234,56``, ``1234``); at most two decimals."""
    pulito = valore.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?", pulito):
        raise ValoreNonValido(_("importo non valido: scrivere come 1.234,56 (virgola per i decimali, "
                                "al massimo 2 decimali)"))
    try:
        return Decimal(pulito.replace(".", "").replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValoreNonValido(_("importo non valido: scrivere come 1.234,56")) from None


def data_it(valore: str) -> dt.date:
    """A date as ``31/12/2024`` (or ISO ``2024-12-31``, as spreadsheets sometimes write it)."""
    valore = valore.strip()
    parti = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", valore)
    try:
        if parti:
            return dt.date(int(parti[3]), int(parti[2]), int(parti[1]))
        return dt.date.fromisoformat(valore[:10])
    except ValueError:
        raise ValoreNonValido(_("data non valida: scrivere GG/MM/AAAA (es. 31/12/2024)")) from None
