"""Reporting dates of the co-design convenzioni as a kind of the core's deadline registry (``ambito.scadenze``):
calendar, home-page widget and reminders, until the reporting is recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ambito.scadenze.registry import Scadenza, StatoScadenza
from ambito.tenancy.models import Ambito
from piani import selectors

CODICE = "piani.rendicontazione_convenzione"


def scadenze_convenzioni(*, ambito: Ambito, dal: dt.date, al: dt.date, oggi: dt.date) -> Iterator[Scadenza]:
    for s in selectors.scadenze_rendicontazione_aperte(ambito=ambito, dal=dal, al=al):
        yield Scadenza(chiave=str(s.pk), titolo=f"{s.descrizione} — {s.procedura.oggetto}", data=s.data,
                       url=s.procedura.get_absolute_url(), capacita="piani.gestisci",
                       stato=StatoScadenza.SCADUTA if s.data < oggi else StatoScadenza.APERTA)
