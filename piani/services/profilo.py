"""The profilo di comunità."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.errors import RegolaViolata
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Comune
from piani.models import (
    DatoComunita,
    MacroArea,
    TipoDatoComunita,
)
from piani.services._comune import _stesso_ambito, _testo

# --- profilo di comunità ----------------------------------------------------------------------------


@transaction.atomic
def dato_comunita_set(*, ambito: Ambito, actor: Utente | None, anno: int, tipo: str, voce: str, valore: Decimal,
                      unita: str, fonte: str, comune: Comune | None = None,
                      macro_area: MacroArea | None = None) -> DatoComunita:
    """Record (or update) a figure of the profilo di comunità for a comune of the Ambito or the whole Ambito,
    with its source and year (updated yearly: a new year is a new row, the old one stays)."""
    from ambito.territorio.selectors import comune_list

    if not 2000 <= anno <= 2100:
        raise RegolaViolata(_("Indica l'anno del dato (es. 2024)."), campo="anno")
    if tipo not in TipoDatoComunita.values:
        raise RegolaViolata(_("Tipo di dato sconosciuto."), campo="tipo")
    if comune is not None and not comune_list(ambito=ambito).filter(pk=comune.pk).exists():
        raise RegolaViolata(_("Il comune non è di questo Ambito."), campo="comune")
    _stesso_ambito(ambito.pk, macro_area, campo="macro_area")
    voce = _testo(voce, campo="voce", limite=200, obbligatorio=True, nome=_("la voce"))
    campi = {"tipo": tipo, "valore": valore, "macro_area": macro_area,
             "unita": _testo(unita, campo="unita", limite=60, obbligatorio=True, nome=_("l'unità di misura")),
             "fonte": _testo(fonte, campo="fonte", limite=200, obbligatorio=True, nome=_("la fonte"))}
    dato = DatoComunita.objects.filter(ambito=ambito, anno=anno, comune=comune, voce=voce).first()
    if dato is None:
        dato = DatoComunita(ambito=ambito, anno=anno, comune=comune, voce=voce, **campi)
        dato.save()
    elif any(getattr(dato, k) != v for k, v in campi.items()):
        for k, v in campi.items():
            setattr(dato, k, v)
        dato.save()
    return dato


@transaction.atomic
def dato_comunita_delete(*, dato: DatoComunita, actor: Utente | None) -> None:
    dato.delete()
