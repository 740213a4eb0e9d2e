"""Reads of deadlines: every registered kind's provider, filtered by who may see it and whose it is."""

from __future__ import annotations

import datetime as dt

from ambito.accounts.permissions import ContestoAccesso
from ambito.notifiche.selectors import RUOLI_PER_COMUNE
from ambito.scadenze.registry import Scadenza, scadenze_del_tipo, tipi_registrati
from ambito.tenancy.models import Ambito


def scadenza_list(*, ambito: Ambito, dal: dt.date, al: dt.date, oggi: dt.date,
                  contesto: ContestoAccesso | None = None, solo_mie: bool = False) -> list[Scadenza]:
    """Deadlines due from ``dal`` to ``al`` of every kind ``contesto`` may see (every kind when None: the
    reminders), ordered by date; ``solo_mie`` keeps those the user owns (:func:`e_del_titolare`).

    Each provider runs inside the caller's scope, so an assistente sociale's comuni restrict what comune-bound
    providers return. The cost is the sum of the providers' (each a constant number of queries).
    """
    risultato: list[Scadenza] = []
    for tipo in tipi_registrati():
        if contesto is not None and not contesto.puo(tipo.capacita):
            continue
        risultato += scadenze_del_tipo(tipo, ambito=ambito, dal=dal, al=al, oggi=oggi)
    if solo_mie and contesto is not None:
        comuni = _comuni_del_ruolo(contesto)
        risultato = [s for s in risultato if e_del_titolare(s, contesto, comuni)]
    return sorted(risultato, key=lambda s: (s.data, s.tipo, s.chiave))


def _comuni_del_ruolo(contesto: ContestoAccesso) -> set[int] | None:
    """The comuni a role bound to comuni answers for (None: every comune, e.g. staff)."""
    if contesto.membro is None or contesto.membro.ruolo not in RUOLI_PER_COMUNE:
        return None
    return {c.pk for c in contesto.membro.comuni.all()}


def e_del_titolare(scadenza: Scadenza, contesto: ContestoAccesso, comuni: set[int] | None) -> bool:
    """Whether the user owns the deadline: named as responsible, or holding its capability (for its comune when
    their role is bound to comuni). The same rule picks who gets the reminders."""
    if scadenza.responsabile_id is not None:
        return scadenza.responsabile_id == contesto.utente.pk
    if scadenza.capacita is None or not contesto.puo(scadenza.capacita):
        return False
    return comuni is None or scadenza.comune_id is None or scadenza.comune_id in comuni


def mese(anno: int, numero: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    primo = dt.date(anno, numero, 1)
    ultimo = (primo.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return primo, ultimo
