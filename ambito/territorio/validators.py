"""Validators for Italian identifiers, built on python-stdnum (no home-made checksums)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva


def validate_codice_istat(value: str) -> None:
    if not (len(value) == 6 and value.isdigit()):
        raise ValidationError(_("Il codice ISTAT deve avere 6 cifre (es. 098031)."), code="codice_istat")


def validate_partita_iva(value: str) -> None:
    try:
        iva.validate(value)
    except StdnumError as exc:
        raise ValidationError(_("Partita IVA non valida: %(valore)s."), params={"valore": value},
                              code="partita_iva") from exc


def validate_codice_fiscale_persona(value: str) -> None:
    try:
        codicefiscale.validate(value)
    except StdnumError as exc:
        raise ValidationError(_("Codice fiscale non valido: %(valore)s."), params={"valore": value},
                              code="codice_fiscale") from exc


def validate_codice_fiscale_ente(value: str) -> None:
    """An ente's codice fiscale is 11 digits (numeric, same checksum as a partita IVA) or,
    for a sole trader, a person's 16-character code."""
    value = value.strip().upper()
    if len(value) == 11:
        validate_partita_iva(value)
    elif len(value) == 16:
        validate_codice_fiscale_persona(value)
    else:
        raise ValidationError(_("Il codice fiscale di un ente ha 11 cifre (o 16 caratteri)."),
                              code="codice_fiscale")
