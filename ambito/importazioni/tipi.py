"""The core's own import kinds (registered by ``AmbitoConfig.ready``): the population of the Ambito's comuni.

The ISTAT list of comuni itself stays a platform task (``manage.py import_comuni``): it is shared
reference data for every Ambito, read as ISTAT's complete list, not an upload of one Ambito.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ambito.accounts.models import Utente
from ambito.importazioni.registry import (
    Colonna,
    ErroreCampo,
    RigaImportata,
    ValoreNonValido,
    intero,
    registra_importazione,
    testo,
)
from ambito.tenancy.models import Ambito
from ambito.territorio.importers.popolazione import PRIMO_ANNO, RigaPopolazione
from ambito.territorio.selectors import comune_list
from ambito.territorio.services import popolazione_import

POPOLAZIONE = "territorio.popolazione"
FONTE_PREDEFINITA = "ISTAT"


def codice_istat(valore: str) -> str:
    """Six digits; a code that lost its leading zeros in a spreadsheet (``98031``) is padded back."""
    valore = valore.strip()
    if not re.fullmatch(r"\d{1,6}", valore):
        raise ValoreNonValido(_("codice ISTAT non valido: servono 6 cifre (es. 098031)"))
    return valore.zfill(6)


def _anno(valore: str) -> int:
    return intero(PRIMO_ANNO, timezone.localdate().year + 1)(valore)


def popolazione_controlla(*, ambito: Ambito, righe: Sequence[RigaImportata]) -> list[ErroreCampo]:
    """Every code must be a comune of this Ambito today (an Ambito updates only its own comuni), once."""
    comuni = {c.codice_istat: c for c in comune_list(ambito=ambito)}
    etichetta = str(_l("Codice ISTAT"))
    errori, visti = [], {}
    for riga in righe:
        codice = riga.valori["codice_istat"]
        if codice not in comuni:
            errori.append(ErroreCampo(riga.numero, etichetta, codice,
                                      _("il comune %(codice)s non fa parte di questo Ambito") % {"codice": codice}))
        elif codice in visti:
            errori.append(ErroreCampo(riga.numero, etichetta, codice,
                                      _("codice ripetuto (già alla riga %(riga)d)") % {"riga": visti[codice]}))
        else:
            visti[codice] = riga.numero
    return errori


def popolazione_salva(*, ambito: Ambito, actor: Utente | None, righe: Sequence[RigaImportata]) -> int:
    """Through the territory's service (audited, all in the caller's transaction), grouped by source."""
    per_fonte: dict[str, list[RigaPopolazione]] = defaultdict(list)
    for r in righe:
        v = r.valori
        per_fonte[v.get("fonte") or FONTE_PREDEFINITA].append(
            RigaPopolazione(r.numero, v["codice_istat"], v["popolazione"], v["anno"]))
    for fonte, gruppo in per_fonte.items():
        popolazione_import(righe=gruppo, actor=actor, fonte=fonte)
    return len(righe)


def registra_tipi() -> None:
    registra_importazione(
        POPOLAZIONE, etichetta=_l("Popolazione dei comuni"), capacita="ambito.territorio.popolazione",
        descrizione=_l("Residenti di ciascun comune dell'Ambito a un anno di riferimento (es. dati ISTAT o "
                       "dell'anagrafe), usati per i riparti in proporzione alla popolazione."),
        colonne=[
            Colonna("codice_istat", _l("Codice ISTAT"), codice_istat,
                    alias=("codice comune", "codice", "istat", "cod istat", "procom"), esempio="098031"),
            Colonna("popolazione", _l("Popolazione"), intero(0, 5_000_000),
                    alias=("residenti", "abitanti", "popolazione residente", "totale"), esempio="46053"),
            Colonna("anno", _l("Anno di riferimento"), _anno, alias=("anno",), esempio="2024"),
            Colonna("fonte", _l("Fonte"), testo(100), obbligatoria=False, esempio="ISTAT"),
        ],
        salva=popolazione_salva, controlla=popolazione_controlla,
    )
