"""Population tables: ``codice_istat;popolazione;anno`` (header required; ``,`` also accepted).

Codes may have lost their leading zeros in a spreadsheet (``98031``): numeric codes of up to six
digits are padded back to six (``098031``), which is ISTAT's own "formato numerico". Numbers must
be plain digits (``46053``, not ``46.053``), so a thousands separator is never misread.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from ambito.territorio.importers import ErroreRiga, Lettura
from ambito.territorio.importers.testo import tabella_semplice

COLONNE_POPOLAZIONE = ("codice_istat", "popolazione", "anno")
PRIMO_ANNO = 1861  # first census of the Kingdom of Italy


@dataclass(frozen=True)
class RigaPopolazione:
    riga: int
    codice_istat: str
    popolazione: int
    anno: int


def leggi_popolazione(dati: bytes, *, oggi: dt.date | None = None) -> Lettura[RigaPopolazione]:
    """Read every row; problems come back with their line numbers (nothing is dropped silently)."""
    ultimo_anno = (oggi or timezone.localdate()).year + 1
    records, pos, errori = tabella_semplice(dati, COLONNE_POPOLAZIONE)
    lettura: Lettura[RigaPopolazione] = Lettura(errori=errori)
    visti: dict[str, int] = {}
    for r in records:
        codice, popolazione, anno = (r.valori[pos[c]].strip() for c in COLONNE_POPOLAZIONE)
        problemi = []
        if re.fullmatch(r"\d{1,6}", codice):
            codice = codice.zfill(6)
            if codice in visti:
                problemi.append(f"codice ISTAT {codice} ripetuto (già alla riga {visti[codice]})")
        else:
            problemi.append(f"codice ISTAT non valido {codice!r}: servono 6 cifre (es. 098031)")
        if not popolazione.isdigit():
            problemi.append(f"popolazione non valida {popolazione!r}: serve un numero intero senza separatori")
        if not (anno.isdigit() and PRIMO_ANNO <= int(anno) <= ultimo_anno):
            problemi.append(f"anno non valido {anno!r}: tra {PRIMO_ANNO} e {ultimo_anno}")
        if problemi:
            lettura.errori.extend(ErroreRiga(r.riga, p) for p in problemi)
            continue
        visti[codice] = r.riga
        lettura.righe.append(RigaPopolazione(r.riga, codice, int(popolazione), int(anno)))
    lettura.errori.sort(key=lambda e: e.riga)
    return lettura
