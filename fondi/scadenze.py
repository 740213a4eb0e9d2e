"""Fund deadlines as a kind of the core's deadline registry (``ambito.scadenze``).

A thin adapter over :func:`fondi.selectors.scadenza_list`, which stays the one place that knows when an
assegnazione's commitment, spending and reporting deadlines are open: the calendar, the home pages and the
reminders see exactly what the funds pages show. The owner is whoever manages funds (``fondi.gestisci``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ambito.formato import euro
from ambito.scadenze.registry import Scadenza, StatoScadenza
from ambito.tenancy.models import Ambito
from fondi import selectors

CODICE = "fondi.assegnazione"
DESCRIZIONI = {
    "impegno": _l("Termine per impegnare"),
    "spesa": _l("Termine per spendere"),
    "rendicontazione": _l("Termine per rendicontare"),
}


def scadenze_fondi(*, ambito: Ambito, dal: dt.date, al: dt.date, oggi: dt.date) -> Iterator[Scadenza]:
    """The open deadlines of the Ambito's assegnazioni due up to ``al`` (as of ``oggi``: one query)."""
    for s in selectors.scadenza_list(ambito=ambito, data=oggi, preavviso_giorni=(al - oggi).days):
        if s.data < dal:
            continue
        url = reverse("fondi:assegnazione_detail",
                      kwargs={"ambito_slug": ambito.slug, "assegnazione_pk": s.assegnazione.pk})
        descrizione = (_("Ancora aperti: %(importo)s.") % {"importo": euro(s.importo_aperto)}
                       if s.importo_aperto else "")
        yield Scadenza(
            chiave=f"{s.assegnazione.pk}:{s.tipo}",
            titolo=f"{DESCRIZIONI[s.tipo]} — {s.assegnazione.fonte.codice} {s.assegnazione.annualita}",
            data=s.data, url=url, stato=StatoScadenza.SCADUTA if s.scaduta else StatoScadenza.APERTA,
            capacita="fondi.gestisci", descrizione=descrizione)
