"""Turning the bytes of a CSV file into text and records, keeping physical line numbers."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from ambito.territorio.importers import ErroreRiga

CP1252 = "cp1252"


def decodifica(dati: bytes) -> tuple[str, list[ErroreRiga]]:
    """Decode a file published in Windows-1252 (ISTAT's encoding), line by line.

    A file that is valid UTF-8 as a whole (someone re-saved it) is accepted as such. Otherwise
    every line is read as Windows-1252 and two kinds of line are reported: a line that is valid
    UTF-8 with accented letters (pasted from another file: it would become "AgliÃ¨"), and a line
    with bytes Windows-1252 does not define.
    """
    if dati.startswith(codecs.BOM_UTF8):
        dati = dati[len(codecs.BOM_UTF8):]
    try:
        return dati.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    parti: list[str] = []
    errori: list[ErroreRiga] = []
    for numero, linea in enumerate(dati.splitlines(keepends=True), 1):
        if not linea.isascii():
            try:
                linea.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                errori.append(ErroreRiga(numero, "codifica errata: la riga è in UTF-8, il resto del file in "
                                                 "Windows-1252 (Latin-1)"))
        try:
            parti.append(linea.decode(CP1252))
        except UnicodeDecodeError:
            parti.append(linea.decode(CP1252, errors="replace"))
            errori.append(ErroreRiga(numero, "caratteri non validi nella codifica Windows-1252 (Latin-1)"))
    return "".join(parti), errori


@dataclass(frozen=True)
class Record:
    """One CSV record and the physical line where it starts."""

    riga: int
    valori: list[str]


def record(testo: str, *, delimitatore: str) -> Iterator[Record]:
    """CSV records with the line they start at (a quoted field may span several lines).

    Blank lines are skipped.
    """
    reader = csv.reader(io.StringIO(testo, newline=""), delimiter=delimitatore)
    inizio = 1
    for valori in reader:
        if any(v.strip() for v in valori):
            yield Record(inizio, valori)
        inizio = reader.line_num + 1


def normalizza_intestazione(nome: str) -> str:
    """``"Denominazione dell'Unità territoriale sovracomunale \\n(valida…)"`` → one spaced, lower-case line."""
    return " ".join(nome.replace("\ufeff", "").split()).lower()


def tabella_semplice(dati: bytes, colonne: tuple[str, ...]) -> tuple[list[Record], dict[str, int], list[ErroreRiga]]:
    """A small CSV with a header naming ``colonne`` (any order, extra columns ignored).

    The separator is ``;`` or ``,`` (whichever the header uses). Returns the data records, the
    position of each required column, and the problems found (wrong header, column count).
    """
    testo, errori = decodifica(dati)
    prima = next((linea for linea in testo.splitlines() if linea.strip()), "")
    delimitatore = ";" if ";" in prima else ","
    righe = list(record(testo, delimitatore=delimitatore))
    if not righe:
        return [], {}, [ErroreRiga(1, "il file è vuoto: serve l'intestazione " + delimitatore.join(colonne))]
    intestazione, *dati_righe = righe
    nomi = [normalizza_intestazione(v) for v in intestazione.valori]
    mancanti = [c for c in colonne if c not in nomi]
    if mancanti:
        errori.append(ErroreRiga(intestazione.riga, "intestazione non valida: mancano le colonne "
                                 + ", ".join(mancanti) + "; attesa " + delimitatore.join(colonne)))
        return [], {}, errori
    posizioni = {c: nomi.index(c) for c in colonne}
    buone = []
    for r in dati_righe:
        if len(r.valori) != len(nomi):
            errori.append(ErroreRiga(r.riga, f"numero di colonne errato: attese {len(nomi)}, trovate "
                                             f"{len(r.valori)}"))
        else:
            buone.append(r)
    return buone, posizioni, errori
