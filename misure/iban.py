"""IBAN of a beneficiary (where contributions are paid), checked with ``schwifty`` (no home-made checksum).

``schwifty`` knows each country's IBAN length and structure, the ISO 7064 check digits and, with
``validate_bban=True``, the national check character (the Italian CIN). Here its exceptions become Italian
messages next to the ``iban`` field.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty import exceptions as errori

from ambito.errors import RegolaViolata

CAMPO = "iban"
_SEPARATORI = re.compile(r"[\s\-.]")


def normalizza_iban(valore: str) -> str:
    return _SEPARATORI.sub("", valore or "").upper()


def _messaggio(exc: errori.SchwiftyException, codice: str) -> str:
    if isinstance(exc, errori.InvalidCountryCode):
        return _("Le prime due lettere dell'IBAN (%(paese)s) non sono il codice di un paese che usa l'IBAN.") % {
            "paese": codice[:2]}
    if isinstance(exc, errori.InvalidLength):
        return _("Un IBAN di questo paese ha un'altra lunghezza: quello inserito ha %(n)s caratteri (in Italia "
                 "sono 27).") % {"n": len(codice)}
    if isinstance(exc, errori.InvalidChecksumDigits):
        return _("Le cifre di controllo dell'IBAN (3° e 4° carattere) non corrispondono al resto: controlla di "
                 "averlo copiato senza errori.")
    if isinstance(exc, errori.InvalidBBANChecksum):
        return _("Il carattere di controllo nazionale (il CIN, 5° carattere per l'Italia) non corrisponde alle "
                 "coordinate bancarie: controlla l'IBAN.")
    return _("L'IBAN non ha la struttura prevista per il suo paese (lettere e cifre nelle posizioni giuste).")


def valida_iban(valore: str) -> str:
    """The IBAN in its compact form (``IT60X0542811101000000123456``), or :class:`RegolaViolata` on ``iban``
    whose message says what is wrong. Spaces and lower case are accepted."""
    codice = normalizza_iban(valore)
    if not codice:
        return ""
    if len(codice) < 5 or not codice.isalnum() or not codice.isascii():
        raise RegolaViolata(_("L'IBAN contiene caratteri non ammessi o è troppo corto (in Italia sono 27 caratteri, "
                              "es. IT60X0542811101000000123456)."), campo=CAMPO, codice="iban_non_valido")
    try:
        return IBAN(codice, validate_bban=True).compact
    except errori.SchwiftyException as exc:
        raise RegolaViolata(_messaggio(exc, codice), campo=CAMPO, codice="iban_non_valido") from exc
