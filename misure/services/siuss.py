"""Services of the SIUSS outbox (``EventoSIUSS``): marking the events handed to INPS.

The outbox rows are written by the monthly run and the benefit events (``misure.services.erogazioni``); the reader
(rendicontazione's SIUSS return and WaaS feed, which misure does not import) calls :func:`eventi_siuss_mark_inviati`
when the events leave: the quarter's file marked as submitted, or the flows INPS pulled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from ambito.accounts.models import Utente
from ambito.tenancy.models import Ambito
from misure import erogazioni_db


@transaction.atomic
def eventi_siuss_mark_inviati(*, ambito: Ambito, actor: Utente | None, inviato_il: dt.datetime, motivo: str,
                              dal: dt.date | None = None, al: dt.date | None = None,
                              evento_ids: Iterable[int] | None = None, creati_entro: dt.datetime | None = None
                              ) -> int:
    """Mark as sent the Ambito's outbox events not marked yet, dated in [``dal``, ``al``] and written by
    ``creati_entro`` (the period of a submitted SIUSS file, read when its production started) or named by
    ``evento_ids`` (the flows INPS pulled); one set-based ``UPDATE`` that writes each
    marked event's history row with ``actor`` (None: the system, e.g. INPS's pull) and ``motivo``. The first
    mark stays: an event already sent keeps its date. Returns how many events were marked."""
    if evento_ids is not None:
        evento_ids = sorted(set(evento_ids))
        if not evento_ids:
            return 0
    elif dal is None and al is None:
        raise ValueError("eventi_siuss_mark_inviati needs a period or the events' ids")
    return erogazioni_db.siuss_segna_inviati(ambito_id=ambito.pk, inviato_il=inviato_il,
                                             actor_id=actor.pk if actor is not None else None, motivo=motivo,
                                             dal=dal, al=al, evento_ids=evento_ids, creati_entro=creati_entro)
