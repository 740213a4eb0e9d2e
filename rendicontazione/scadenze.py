"""The deadline calendar of the data returns, as a kind of the core's deadline registry (``ambito.scadenze``).

Each registered return is due ``giorni_scadenza`` days after the end of each of its periods (or the Ambito's own
term, :class:`~rendicontazione.models.TermineDebito`); a period for which
the Ambito has a production marked as submitted is *rispettata*, so the calendar, home pages and reminders of
each Ambito follow its own submissions. The owner is whoever produces returns (``rendicontazione.gestisci``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse

from ambito.scadenze.registry import Scadenza, StatoScadenza
from ambito.tenancy.models import Ambito
from rendicontazione import selectors
from rendicontazione.models import Invio
from rendicontazione.registry import CAPACITA_PRODUZIONE, MESI_PER_PERIODO, Periodo, ritorni

CODICE = "rendicontazione.debiti"


def scadenza_di(ritorno: type, periodo: Periodo, giorni: int | None = None) -> dt.date:
    """The due date of a period: the Ambito's own term (``giorni``) or the return's default."""
    return periodo.al + dt.timedelta(days=giorni if giorni is not None else ritorno.giorni_scadenza)


def scadenze_debiti(*, ambito: Ambito, dal: dt.date, al: dt.date, oggi: dt.date) -> Iterator[Scadenza]:
    """The returns' deadlines due in [dal, al] (two queries: the Ambito's terms and its submissions)."""
    termini = selectors.termini_debito(ambito=ambito)
    inviati = set(Invio.objects.filter(ambito=ambito, inviato_il__isnull=False)
                  .values_list("codice", "anno", "periodo"))
    for codice, ritorno in sorted(ritorni().items()):
        periodi = 12 // MESI_PER_PERIODO[ritorno.periodicita]
        for anno in range(dal.year - 1, al.year + 1):
            for numero in range(1, periodi + 1):
                periodo = Periodo(anno, numero, ritorno.periodicita)
                data = scadenza_di(ritorno, periodo, termini[codice].giorni if codice in termini else None)
                if not dal <= data <= al:
                    continue
                if (codice, anno, numero) in inviati:
                    stato = StatoScadenza.RISPETTATA
                else:
                    stato = StatoScadenza.SCADUTA if data < oggi else StatoScadenza.APERTA
                url = reverse("rendicontazione:ritorno_detail", kwargs={"ambito_slug": ambito.slug,
                                                                              "ritorno_codice": codice})
                yield Scadenza(chiave=f"{codice}:{anno}:{numero}", titolo=f"{ritorno.etichetta} — {periodo.etichetta}",
                               data=data, url=f"{url}?anno={anno}&periodo={numero}", stato=stato,
                               capacita=CAPACITA_PRODUZIONE)
