"""The data types of the rules engine: validation errors, evaluation lines, the evaluation result and the
plain snapshot of a domanda the pure evaluator reads (so it can be tested without a database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from misure.models import EsitoVerifica


@dataclass(frozen=True)
class ErroreRegola:
    """One problem of a rule set: where (a dotted path such as ``ammissibilita.isee.classi[0].massimo``) and
    what (an Italian sentence for the Ufficio di Piano)."""

    percorso: str
    messaggio: str


LUNGHEZZA_MASSIMA = 300  # EsitoRegola.descrizione / dettaglio: a generated line never exceeds the stored column


def _accorcia(testo: str) -> str:
    return testo if len(testo) <= LUNGHEZZA_MASSIMA else testo[:LUNGHEZZA_MASSIMA - 1] + "…"


@dataclass(frozen=True)
class Verifica:
    """One line of an evaluation: an eligibility requirement, or an incompatibility (met = no conflict).

    Description and detail are generated sentences (not the user's text), shortened with "…" to fit the
    300 characters of :class:`misure.models.EsitoRegola`.
    """

    codice: str
    descrizione: str
    esito: EsitoVerifica
    dettaglio: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "descrizione", _accorcia(str(self.descrizione)))
        object.__setattr__(self, "dettaglio", _accorcia(str(self.dettaglio)))


@dataclass
class RisultatoValutazione:
    """What :func:`misure.regole.valuta_domanda` answers; nothing is stored by the engine."""

    ammissibilita: list[Verifica] = field(default_factory=list)
    incompatibilita: list[Verifica] = field(default_factory=list)
    punteggio: Decimal | None = None
    dettaglio_punteggio: list[dict[str, Any]] = field(default_factory=list)
    chiave_parita: tuple = ()

    @property
    def ammissibile(self) -> bool | None:
        """True if every line is met, False if one is not met, None if data are missing."""
        righe = [*self.ammissibilita, *self.incompatibilita]
        if any(r.esito == EsitoVerifica.NON_SODDISFATTA for r in righe):
            return False
        if any(r.esito == EsitoVerifica.DATI_MANCANTI for r in righe):
            return None
        return True


@dataclass(frozen=True)
class AltraDomanda:
    """Another open domanda of the same beneficiary in the Ambito (for incompatibilities)."""

    descrizione: str
    misura: str
    strumento: str
    importo_mensile: Decimal | None


@dataclass(frozen=True)
class BeneficioDichiarato:
    """A benefit declared for the beneficiary (BeneficioEsterno row or a line of the domanda)."""

    codice: str
    descrizione: str
    importo_mensile: Decimal | None


@dataclass(frozen=True)
class DatiDomanda:
    """Everything the rules read about one domanda, as plain values (``None`` = not declared)."""

    data_nascita: dt.date | None = None
    residente_ambito: bool | None = None
    isee_tipo: str = ""
    isee_valore: Decimal | None = None
    isee_scadenza: dt.date | None = None
    l104_c3: bool | None = None
    l104_c1: bool | None = None
    indennita_accompagnamento: bool | None = None
    invalidita_percentuale: int | None = None
    vive_al_domicilio: bool | None = None
    condizioni: dict[str, Any] = field(default_factory=dict)
    punteggio_valutazione: Decimal | None = None
    punteggio_massimo_valutazione: Decimal | None = None
    importo_mensile: Decimal | None = None
    costo_effettivo_mensile: Decimal | None = None
    altre_domande: tuple[AltraDomanda, ...] = ()
    benefici: tuple[BeneficioDichiarato, ...] = ()
    protocollo: tuple[int, int] | None = None
