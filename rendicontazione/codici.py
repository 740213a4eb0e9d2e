"""The reference code lists of the data returns (``dati/*.csv``, sources in ``dati/README.md``)."""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

DATI = Path(__file__).resolve().parent / "dati"
CARTELLA_SIUSS = DATI / "siuss"
# The XSD restricts CodicePrestazione to 5–10 characters; the nomenclatore itself is not public.
CODICE_PRESTAZIONE = re.compile(r"^[A-Za-z0-9.]{5,10}$")


@functools.cache
def elenco(nome: str) -> dict[str, str]:
    """``{codice: etichetta}`` of the list ``dati/<nome>.csv`` (read once)."""
    with (DATI / f"{nome}.csv").open(encoding="utf-8") as handle:
        return {riga["codice"]: riga["etichetta"] for riga in csv.DictReader(handle, delimiter=";")}


def istat_aree() -> dict[str, str]:
    return elenco("istat_aree")


def istat_servizi() -> dict[str, str]:
    return elenco("istat_servizi")


def siuss_aree_utenza() -> dict[str, str]:
    return elenco("siuss_aree_utenza")


def macroaree_pdz() -> dict[str, str]:
    return elenco("macroaree_pdz")


def ddn_interventi() -> dict[str, str]:
    return elenco("ddn_interventi")


def b2_strumenti() -> dict[str, str]:
    return elenco("b2_strumenti")
