"""Deadline reminders: at the configured days before (``AMBITO_SCADENZE_PROMEMORIA_GIORNI``) and on expiry,
each sent once — the database's unique record of sent reminders guarantees it, however often (or however many
times at once) the beat task runs."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ambito.accounts.models import Utente
from ambito.formato import data_it
from ambito.notifiche.services import notifica_create
from ambito.scadenze import selectors
from ambito.scadenze.models import PromemoriaScadenza
from ambito.scadenze.registry import Scadenza
from ambito.tenancy.models import Ambito

logger = logging.getLogger(__name__)


def tipo_notifica(tipo_scadenza: str) -> str:
    """The notification kind of a deadline kind's reminders (users choose their channels per kind)."""
    return f"scadenze.{tipo_scadenza}"


def soglia_per(giorni: int, soglie: list[int]) -> int | None:
    """Which reminder is due ``giorni`` days before a deadline: 0 (expiry) on or after the day, otherwise the
    smallest threshold not below ``giorni`` — so a deadline first seen 20 days ahead still gets its 30-day
    reminder once, then the 7-day one. None: too early for any."""
    if giorni <= 0:
        return 0
    candidate = [g for g in soglie if g >= giorni]
    return min(candidate) if candidate else None


def promemoria_send(*, ambito: Ambito, oggi: dt.date, actor: Utente | None = None) -> int:
    """Send the reminders due on ``oggi`` in the Ambito; returns how many were sent now (already sent: skipped).

    An expired deadline still open gets its expiry reminder up to ``AMBITO_SCADENZE_RITARDO_GIORNI`` days late
    (the beat was down), never for deadlines long past.
    """
    soglie = list(settings.AMBITO_SCADENZE_PROMEMORIA_GIORNI)
    dal = oggi - dt.timedelta(days=settings.AMBITO_SCADENZE_RITARDO_GIORNI)
    al = oggi + dt.timedelta(days=max(soglie, default=0))
    inviati = 0
    for scadenza in selectors.scadenza_list(ambito=ambito, dal=dal, al=al, oggi=oggi):
        if not scadenza.aperta:
            continue
        soglia = soglia_per(scadenza.giorni(oggi), soglie)
        if soglia is not None and promemoria_create(ambito=ambito, scadenza=scadenza, soglia=soglia, oggi=oggi,
                                                    actor=actor):
            inviati += 1
    return inviati


def promemoria_create(*, ambito: Ambito, scadenza: Scadenza, soglia: int, oggi: dt.date,
                      actor: Utente | None) -> bool:
    """Record the reminder and notify the deadline's owner, in one transaction; False if it was already sent.

    The insert comes first: a concurrent run waits on the unique index and then fails, sending nothing.
    """
    try:
        with transaction.atomic():
            record = PromemoriaScadenza.objects.create(ambito=ambito, tipo=scadenza.tipo, chiave=scadenza.chiave,
                                                       data_scadenza=scadenza.data, soglia=soglia)
            notifiche = notifica_create(
                ambito=ambito, tipo=tipo_notifica(scadenza.tipo), titolo=_titolo(scadenza, oggi),
                testo=_testo(scadenza), url=scadenza.url,
                utenti=Utente.objects.filter(pk=scadenza.responsabile_id) if scadenza.responsabile_id else (),
                capacita=None if scadenza.responsabile_id else scadenza.capacita, comune_id=scadenza.comune_id,
                actor=actor)
            record.destinatari = len(notifiche)
            record.save(update_fields=["destinatari"])
    except IntegrityError:
        return False
    logger.info("deadline reminder %s %s (%s, %d days before) to %d users", scadenza.tipo, scadenza.chiave,
                scadenza.data, soglia, len(notifiche))
    return True


def _titolo(scadenza: Scadenza, oggi: dt.date) -> str:
    giorni = scadenza.giorni(oggi)
    if giorni > 0:
        prefisso = ngettext("Scade domani", "Scade tra %(n)d giorni", giorni) % {"n": giorni}
    elif giorni == 0:
        prefisso = _("Scade oggi")
    else:
        prefisso = _("Scaduta il %(data)s") % {"data": data_it(scadenza.data)}
    return f"{prefisso}: {scadenza.titolo}"


def _testo(scadenza: Scadenza) -> str:
    righe = [_("%(tipo)s — scadenza del %(data)s.") % {"tipo": scadenza.etichetta_tipo,
                                                        "data": data_it(scadenza.data)}]
    if scadenza.descrizione:
        righe.append(scadenza.descrizione)
    return "\n".join(righe)
