"""Reference data of the tests, kept in the repository (``tests/data/``; provenance in its README).

Every reader opens the file unconditionally: a missing file is a broken checkout and must fail the
test, never skip it.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATI = Path(__file__).resolve().parent / "data"


def righe_csv(nome: str) -> list[dict[str, str]]:
    """The rows of ``tests/data/<nome>`` (UTF-8, comma-separated, header row)."""
    with (DATI / nome).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def comuni_lombardia() -> list[dict[str, str]]:
    """Every comune of Lombardy (ISTAT codes, names, Belfiore codes; ANPR residents 10/01/2024)."""
    return righe_csv("comuni_lombardia.csv")


def ambiti_lombardia_parziale() -> list[dict[str, str]]:
    """Comune → Ambito territoriale for eight real Ambiti (not the full regional map)."""
    return righe_csv("ambiti_lombardia_parziale.csv")


def vettori_codice_fiscale() -> list[dict[str, str]]:
    """Codice fiscale test vectors (valid and invalid) from public test suites."""
    return righe_csv("cf_vectors.csv")


def comuni_cessati_lombardia() -> list[dict[str, str]]:
    """The six Lombard comuni ISTAT suppressed in 2023–2024 (merged), with successor and last day."""
    return righe_csv("comuni_cessati_lombardia.csv")
