"""The profilo di comunità from a spreadsheet (``ambito.importazioni``): each year's ISTAT age bands per comune and
the need indicators the plan quotes, checked row by row in a dry run before anything is saved."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

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
from ambito.territorio.selectors import comune_list

CODICE = "piani.profilo_comunita"
TIPI = {
    "fascia_eta": "fascia_eta", "fascia d'eta": "fascia_eta", "fascia d'età": "fascia_eta", "eta": "fascia_eta",
    "età": "fascia_eta", "bisogno": "bisogno", "indicatore di bisogno": "bisogno",
}


def codice_comune(valore: str) -> str:
    """Six digits (padded back if a spreadsheet dropped the zeros), or empty for the whole Ambito."""
    valore = valore.strip()
    if not valore:
        return ""
    if not re.fullmatch(r"\d{1,6}", valore):
        raise ValoreNonValido(_("codice ISTAT non valido: servono 6 cifre (es. 098031), vuoto per l'intero Ambito"))
    return valore.zfill(6)


def tipo_dato(valore: str) -> str:
    tipo = TIPI.get(valore.strip().lower())
    if tipo is None:
        raise ValoreNonValido(_("tipo non valido: scrivere «fascia d'età» o «bisogno»"))
    return tipo


def valore_decimale(valore: str) -> Decimal:
    """A number the Italian way (``12.345``, ``27,5``), at most four decimals."""
    pulito = valore.strip().replace(" ", "").replace("\u00a0", "").replace("%", "")
    if not re.fullmatch(r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d{1,4})?", pulito):
        raise ValoreNonValido(_("numero non valido: scrivere come 12.345 o 27,5 (virgola per i decimali)"))
    try:
        return Decimal(pulito.replace(".", "").replace(",", "."))
    except InvalidOperation:
        raise ValoreNonValido(_("numero non valido: scrivere come 12.345 o 27,5")) from None


def _anno(valore: str) -> int:
    return intero(2000, timezone.localdate().year)(valore)


def profilo_controlla(*, ambito: Ambito, righe: Sequence[RigaImportata]) -> list[ErroreCampo]:
    """A comune must be of this Ambito; a voce appears once per comune and year in the file."""
    comuni = {c.codice_istat for c in comune_list(ambito=ambito)}
    errori, visti = [], {}
    for riga in righe:
        v = riga.valori
        if v["codice_istat"] and v["codice_istat"] not in comuni:
            errori.append(ErroreCampo(riga.numero, str(_l("Codice ISTAT")), v["codice_istat"],
                                      _("il comune non fa parte di questo Ambito")))
            continue
        chiave = (v["anno"], v["codice_istat"], v["voce"].lower())
        if chiave in visti:
            errori.append(ErroreCampo(riga.numero, str(_l("Voce")), v["voce"],
                                      _("voce ripetuta per lo stesso comune e anno (già alla riga %(riga)d)")
                                      % {"riga": visti[chiave]}))
        else:
            visti[chiave] = riga.numero
    return errori


def profilo_salva(*, ambito: Ambito, actor: Utente | None, righe: Sequence[RigaImportata]) -> int:
    from piani.services import dato_comunita_set

    comuni = {c.codice_istat: c for c in comune_list(ambito=ambito)}
    for riga in righe:
        v = riga.valori
        dato_comunita_set(ambito=ambito, actor=actor, anno=v["anno"], tipo=v["tipo"], voce=v["voce"],
                          valore=v["valore"], unita=v.get("unita") or _("persone"), fonte=v["fonte"],
                          comune=comuni.get(v["codice_istat"]))
    return len(righe)


def registra_importazione_profilo() -> None:
    registra_importazione(
        CODICE, etichetta=_l("Profilo di comunità (Piano di Zona)"), capacita="piani.gestisci",
        descrizione=_l("Popolazione per fascia d'età e indicatori di bisogno, per comune o per l'intero Ambito, "
                       "con anno e fonte."),
        colonne=[
            Colonna("codice_istat", _l("Codice ISTAT"), codice_comune, obbligatoria=False,
                    alias=("codice comune", "codice", "istat", "procom"), esempio="098031"),
            Colonna("anno", _l("Anno"), _anno, esempio="2024"),
            Colonna("tipo", _l("Tipo"), tipo_dato, esempio="fascia d'età"),
            Colonna("voce", _l("Voce"), testo(200), alias=("fascia", "indicatore"), esempio="65 anni e oltre"),
            Colonna("valore", _l("Valore"), valore_decimale, alias=("numero", "totale"), esempio="12.345"),
            Colonna("unita", _l("Unità di misura"), testo(60), obbligatoria=False, alias=("unità",),
                    esempio="persone"),
            Colonna("fonte", _l("Fonte"), testo(200), esempio="ISTAT"),
        ],
        salva=profilo_salva, controlla=profilo_controlla,
    )


