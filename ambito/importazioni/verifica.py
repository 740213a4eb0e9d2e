"""The dry run: map the file's columns to the kind's columns, convert and check every row.

Pure functions of the table and the mapping (the kind's ``controlla`` may read the database): nothing
is written. The same function runs for the dry run and again at save time, so what is saved is what
the rules accept at that moment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from ambito.importazioni.lettura import Tabella, normalizza
from ambito.importazioni.registry import ErroreCampo, RigaImportata, TipoImportazione, ValoreNonValido

if TYPE_CHECKING:
    from ambito.tenancy.models import Ambito

Mappatura = dict[str, int | None]


@dataclass
class Esito:
    """What the dry run found: how many data rows, the valid ones, and every error in file order."""

    totale: int = 0
    valide: list[RigaImportata] = field(default_factory=list)
    errori: list[ErroreCampo] = field(default_factory=list)

    @property
    def righe_con_errori(self) -> int:
        return len({e.riga for e in self.errori})

    def as_dict(self, *, max_errori: int = 1000) -> dict:
        return {"totale": self.totale, "valide": len(self.valide), "righe_con_errori": self.righe_con_errori,
                "errori": [e.as_dict() for e in self.errori[:max_errori]], "errori_totali": len(self.errori)}


def indovina_mappatura(tipo: TipoImportazione, intestazioni: list[str]) -> Mappatura:
    """Each target column → the file's column whose header matches its name, label or an alias
    (case, spaces and punctuation ignored); None when no header matches. Each file column is used once."""
    posizioni = {normalizza(nome): i for i, nome in reversed(list(enumerate(intestazioni))) if nome.strip()}
    mappatura: Mappatura = {}
    usate: set[int] = set()
    for colonna in tipo.colonne:
        candidati = [colonna.nome, str(colonna.etichetta), *colonna.alias]
        indice = next((posizioni[normalizza(c)] for c in candidati
                       if normalizza(c) in posizioni and posizioni[normalizza(c)] not in usate), None)
        mappatura[colonna.nome] = indice
        if indice is not None:
            usate.add(indice)
    return mappatura


def problemi_mappatura(tipo: TipoImportazione, intestazioni: list[str], mappatura: Mappatura) -> dict[str, str]:
    """Per target column, what is wrong with its mapping (required and not mapped, out of range, repeated)."""
    problemi: dict[str, str] = {}
    viste: dict[int, str] = {}
    for colonna in tipo.colonne:
        indice = mappatura.get(colonna.nome)
        if indice is None:
            if colonna.obbligatoria:
                messaggio = _("Colonna obbligatoria: indicare quale colonna del file contiene «%(c)s».")
                problemi[colonna.nome] = messaggio % {"c": colonna.etichetta}
        elif not 0 <= indice < len(intestazioni):
            problemi[colonna.nome] = _("Colonna del file inesistente.")
        elif indice in viste:
            problemi[colonna.nome] = _("La colonna «%(f)s» del file è già associata a «%(c)s».") % {
                "f": intestazioni[indice], "c": viste[indice]}
        else:
            viste[indice] = str(colonna.etichetta)
    return problemi


def verifica(*, tipo: TipoImportazione, ambito: Ambito, tabella: Tabella, mappatura: Mappatura) -> Esito:
    """Convert every row through the mapping; report each bad field with its row, column, value, message."""
    esito = Esito(totale=len(tabella.righe))
    convertite: list[RigaImportata] = []
    for numero, celle in tabella.righe:
        valori, errori = {}, []
        for colonna in tipo.colonne:
            indice = mappatura.get(colonna.nome)
            testo = celle[indice].strip() if indice is not None and indice < len(celle) else ""
            intestazione = f"{colonna.etichetta} ({tabella.intestazioni[indice]})" if indice is not None else str(
                colonna.etichetta)
            if not testo:
                if colonna.obbligatoria:
                    errori.append(ErroreCampo(numero, intestazione, "", _("valore obbligatorio mancante")))
                else:
                    valori[colonna.nome] = None
                continue
            try:
                valori[colonna.nome] = colonna.converti(testo)
            except ValoreNonValido as exc:
                errori.append(ErroreCampo(numero, intestazione, testo[:200], str(exc)))
        if errori:
            esito.errori.extend(errori)
        else:
            convertite.append(RigaImportata(numero, valori))
    di_regola = tipo.esegui_controlli(ambito=ambito, righe=convertite)
    scartate = {e.riga for e in di_regola}
    esito.errori.extend(di_regola)
    esito.errori.sort(key=lambda e: e.riga)
    esito.valide = [r for r in convertite if r.numero not in scartate]
    return esito
