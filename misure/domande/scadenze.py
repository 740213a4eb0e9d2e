"""The procedure deadlines of the domande as a kind of the core's deadline registry (``ambito.scadenze``).

A domanda whose clock runs (presentata, in istruttoria, integrata) has a deadline: ``scadenza_istruttoria``.
Its owner is whoever instructs domande (``misure.domande.istruisci``); the calendar, the home pages and the
reminders see exactly what the domande queue flags. A stopped clock (integrazione pending) has no deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext as _

from ambito.scadenze.registry import Scadenza, StatoScadenza
from ambito.tenancy.models import Ambito
from misure.models import Domanda
from misure.selectors.domande import STATI_TERMINE_IN_CORSO
from misure.services.domande import url_domanda

CODICE = "misure.istruttoria"


def scadenze_istruttoria(*, ambito: Ambito, dal: dt.date, al: dt.date, oggi: dt.date) -> Iterator[Scadenza]:
    """The running deadlines of the domande due in [dal, al] (one query)."""
    domande = (Domanda.objects.filter(ambito=ambito, stato__in=STATI_TERMINE_IN_CORSO,
                                      scadenza_istruttoria__range=(dal, al))
               .select_related("bando").order_by("scadenza_istruttoria", "pk"))
    for domanda in domande:
        yield Scadenza(
            chiave=f"{domanda.pk}:{domanda.scadenza_istruttoria.isoformat()}",
            titolo=_("Termine dell'istruttoria — domanda %(p)s") % {"p": domanda},
            data=domanda.scadenza_istruttoria, url=url_domanda(domanda, ambito.slug),
            stato=StatoScadenza.SCADUTA if domanda.scadenza_istruttoria < oggi else StatoScadenza.APERTA,
            capacita="misure.domande.istruisci", comune_id=domanda.comune_id, descrizione=domanda.bando.titolo)
