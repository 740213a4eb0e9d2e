"""Computed indicators over the funds ledger, registered in ``ambito.indicatori`` from ``PianiConfig.ready()``.

They read fondi through its selectors (the balances it keeps), never its tables: the money allocated to and
paid for a project of the plan (the quotas linked to it with ``quota_create(..., oggetto=progetto)``), and
the share of the Ambito's assigned funds already paid.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType

from ambito.tenancy.models import Ambito

ZERO = Decimal("0.00")


def _quote_al(*, ambito: Ambito, data: dt.date, oggetto: Any) -> list:
    """The quotas of a project — or of every project of an objective — with their balances at ``data``."""
    from fondi.selectors import con_saldi, quota_list
    from piani.models import Obiettivo, Progetto

    ct = ContentType.objects.get_for_model(Progetto)
    if isinstance(oggetto, Obiettivo):
        ids = list(Progetto.objects.filter(ambito=ambito, obiettivi=oggetto).values_list("pk", flat=True))
    else:
        ids = [oggetto.pk]
    return con_saldi(quota_list(ambito=ambito, data=data).filter(content_type=ct, object_id__in=ids))


def liquidato_progetto(*, ambito: Ambito, dal: dt.date, al: dt.date, oggetto: Any = None) -> Decimal:
    """Euros paid in the period on the quotas allocated to the project (or to the objective's projects)."""
    if oggetto is None:
        return ZERO
    fine = sum((q.saldi.liquidato for q in _quote_al(ambito=ambito, data=al, oggetto=oggetto)), ZERO)
    inizio = sum((q.saldi.liquidato for q in _quote_al(ambito=ambito, data=dal - dt.timedelta(days=1),
                                                        oggetto=oggetto)), ZERO)
    return fine - inizio


def allocato_progetto(*, ambito: Ambito, dal: dt.date, al: dt.date, oggetto: Any = None) -> Decimal:
    """Euros allocated to the project (or to the objective's projects) at the end of the period."""
    if oggetto is None:
        return ZERO
    return sum((q.saldi.allocato for q in _quote_al(ambito=ambito, data=al, oggetto=oggetto)), ZERO)


def percentuale_liquidato_assegnato(*, ambito: Ambito, dal: dt.date, al: dt.date, oggetto: Any = None) -> Decimal:
    """Euros paid vs assigned across the Ambito's funds at the end of the period, as a percentage."""
    from fondi.selectors import saldi_assegnazioni

    saldi = saldi_assegnazioni(ambito=ambito, data=al).values()
    assegnato = sum((s.assegnato for s in saldi), ZERO)
    liquidato = sum((s.liquidato for s in saldi), ZERO)
    if not assegnato:
        return ZERO
    return (liquidato * 100 / assegnato).quantize(Decimal("0.01"))


def registra_indicatori_fondi() -> None:
    from django.utils.translation import gettext_lazy as _

    from ambito.indicatori import registra_indicatore

    registra_indicatore("fondi.liquidato_progetto",
                        etichetta=_("Spesa liquidata nel periodo (progetto, o progetti dell'obiettivo)"),
                        unita=_("euro"), calcola=liquidato_progetto, per_oggetto=True,
                        descrizione=_("Liquidazioni del periodo sulle quote dei fondi assegnate al progetto o ai "
                                      "progetti dell'obiettivo."))
    registra_indicatore("fondi.allocato_progetto",
                        etichetta=_("Risorse assegnate (progetto, o progetti dell'obiettivo)"),
                        unita=_("euro"), calcola=allocato_progetto, per_oggetto=True,
                        descrizione=_("Quote dei fondi allocate al progetto alla fine del periodo."))
    registra_indicatore("fondi.liquidato_su_assegnato", etichetta=_("Liquidato su assegnato (tutti i fondi)"),
                        unita="%", calcola=percentuale_liquidato_assegnato,
                        descrizione=_("Quota dei fondi assegnati all'Ambito già liquidata a fine periodo."))
