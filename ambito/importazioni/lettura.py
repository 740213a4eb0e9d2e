"""Reading an uploaded table, checked by its content (never by its name).

* **XLSX**: a ZIP (``PK``) that openpyxl opens in read-only mode; the first sheet is read.
* **CSV**: text in UTF-8 (with or without BOM) or Windows-1252, as Italian offices' spreadsheets save
  it, separated by ``;`` (Excel in Italian) or ``,``. Anything with NUL bytes or that is neither is
  refused.

Rows keep the number they have in the file (the header is row 1; a CSV field spanning several lines
counts from its first line), so the dry run can say "riga 12" and the user finds it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ambito.errors import RegolaViolata

XLSX = "xlsx"
CSV = "csv"
ZIP_MAGIC = b"PK\x03\x04"
MAX_RIGHE = 200_000


@dataclass
class Tabella:
    """The file's header and rows (each with its row number in the file), as text."""

    formato: str
    intestazioni: list[str]
    righe: list[tuple[int, list[str]]] = field(default_factory=list)
    codifica: str = ""
    separatore: str = ""


def _rifiuta(messaggio: str) -> RegolaViolata:
    return RegolaViolata(messaggio, campo="file", codice="file_non_valido")


def formato_di(dati: bytes) -> str:
    """``xlsx`` or ``csv`` from the bytes themselves; anything else is refused."""
    if dati.startswith(ZIP_MAGIC):
        return XLSX
    if b"\x00" in dati[:4096] or dati.startswith((b"%PDF", b"\xd0\xcf\x11\xe0")):
        raise _rifiuta(_("Il file non è un CSV né un foglio Excel (XLSX): salvarlo come CSV o XLSX e ricaricarlo."))
    return CSV


def decodifica(dati: bytes) -> tuple[str, str]:
    """Text and encoding: UTF-8 (BOM allowed) first, else Windows-1252 (Excel's "CSV" in Italy)."""
    if dati.startswith(codecs.BOM_UTF8):
        dati = dati[len(codecs.BOM_UTF8):]
    try:
        return dati.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return dati.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise _rifiuta(_("Il file non è un testo in UTF-8 né in Windows-1252: salvarlo come «CSV UTF-8» e "
                         "ricaricarlo.")) from None


def _cella(valore: object) -> str:
    if valore is None:
        return ""
    if isinstance(valore, dt.datetime):
        return valore.date().isoformat() if valore.time() == dt.time() else valore.isoformat(sep=" ")
    if isinstance(valore, dt.date):
        return valore.isoformat()
    if isinstance(valore, float):
        # A spreadsheet number: 46053.0 is the whole number 46053; decimals in the Italian way.
        if valore.is_integer():
            return str(int(valore))
        return format(Decimal(str(valore)), "f").replace(".", ",")
    if isinstance(valore, Decimal):
        return format(valore, "f").replace(".", ",")
    return str(valore)


def _leggi_xlsx(dati: bytes) -> Tabella:
    from openpyxl import load_workbook

    try:
        libro = load_workbook(io.BytesIO(dati), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise _rifiuta(_("Il file non è un foglio Excel (XLSX) leggibile.")) from None
    try:
        foglio = libro.worksheets[0]
        righe: list[tuple[int, list[str]]] = []
        for numero, valori in enumerate(foglio.iter_rows(values_only=True), 1):
            celle = [_cella(v) for v in valori]
            if any(c.strip() for c in celle):
                righe.append((numero, celle))
            if len(righe) > MAX_RIGHE:
                raise _rifiuta(_("Il file ha più di %(n)d righe: dividerlo in più file.") % {"n": MAX_RIGHE})
    finally:
        libro.close()
    if not righe:
        raise _rifiuta(_("Il foglio è vuoto: serve una riga di intestazione e almeno una riga di dati."))
    (_riga, intestazioni), *dati_righe = righe
    return Tabella(XLSX, [i.strip() for i in intestazioni], dati_righe)


def _leggi_csv(dati: bytes) -> Tabella:
    testo, codifica = decodifica(dati)
    prima = next((linea for linea in testo.splitlines() if linea.strip()), "")
    separatore = ";" if prima.count(";") >= prima.count(",") and ";" in prima else ","
    lettore = csv.reader(io.StringIO(testo, newline=""), delimiter=separatore)
    righe: list[tuple[int, list[str]]] = []
    inizio = 1
    try:
        for valori in lettore:
            if any(v.strip() for v in valori):
                righe.append((inizio, valori))
            if len(righe) > MAX_RIGHE:
                raise _rifiuta(_("Il file ha più di %(n)d righe: dividerlo in più file.") % {"n": MAX_RIGHE})
            inizio = lettore.line_num + 1
    except csv.Error:
        raise _rifiuta(_("Il CSV non è leggibile alla riga %(riga)d (virgolette non chiuse?).") % {
            "riga": lettore.line_num}) from None
    if not righe:
        raise _rifiuta(_("Il file è vuoto: serve una riga di intestazione e almeno una riga di dati."))
    (_riga, intestazioni), *dati_righe = righe
    return Tabella(CSV, [i.replace("\ufeff", "").strip() for i in intestazioni], dati_righe, codifica, separatore)


def leggi_tabella(dati: bytes) -> Tabella:
    """The table in ``dati`` (CSV or XLSX, recognised by content); :class:`RegolaViolata` on ``file``."""
    if not dati:
        raise _rifiuta(_("Il file è vuoto."))
    tabella = _leggi_xlsx(dati) if formato_di(dati) == XLSX else _leggi_csv(dati)
    if not tabella.righe:
        raise _rifiuta(_("Il file ha solo l'intestazione: nessuna riga da importare."))
    return tabella


def normalizza(nome: str) -> str:
    """A header as compared when guessing the mapping: lower case, letters and digits only."""
    return "".join(ch for ch in nome.lower() if ch.isalnum())
