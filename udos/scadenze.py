"""The CPE terms as a kind of the core's deadline registry (``ambito.scadenze``): reminders go out through the
notification service to whoever runs the procedures (``udos.gestisci``).

For each open CPE (the Dalmine procedure): the request to the ATS within 30 days of filing; the
ATS inspection within 60 days of the request and its outcome within 75; the deadline of the prescriptions.
A term disappears the moment the step is recorded, since it is derived from the CPE row itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from ambito.scadenze.registry import Scadenza, StatoScadenza
from ambito.tenancy.models import Ambito
from udos import selectors
from udos.models import StatoCPE

CODICE = "udos.cpe"
GIORNI_RICHIESTA_ATS = 30
GIORNI_SOPRALLUOGO = 60
GIORNI_ESITO = 75


def termini_cpe(cpe) -> list[tuple[str, str, dt.date]]:
    """The open terms of one CPE: (key, title, date)."""
    termini = []
    if cpe.stato in (StatoCPE.PRESENTATA, StatoCPE.VERIFICA_DOCUMENTALE, StatoCPE.INTEGRAZIONI_RICHIESTE):
        termini.append(("ats", _("Richiesta di vigilanza all'ATS"),
                        cpe.data_presentazione + dt.timedelta(days=GIORNI_RICHIESTA_ATS)))
    elif cpe.stato == StatoCPE.VIGILANZA_RICHIESTA:
        if cpe.data_sopralluogo is None:
            termini.append(("sopralluogo", _("Sopralluogo dell'ATS"),
                            cpe.data_richiesta_ats + dt.timedelta(days=GIORNI_SOPRALLUOGO)))
        termini.append(("esito", _("Esito della vigilanza ATS"),
                        cpe.data_richiesta_ats + dt.timedelta(days=GIORNI_ESITO)))
    elif cpe.stato == StatoCPE.PRESCRIZIONI and cpe.termine_prescrizioni:
        termini.append(("prescrizioni", _("Termine delle prescrizioni"), cpe.termine_prescrizioni))
    return termini


def scadenze_cpe(*, ambito: Ambito, dal: dt.date, al: dt.date, oggi: dt.date) -> Iterator[Scadenza]:
    for cpe in selectors.cpe_list(ambito=ambito, aperte=True):
        url = reverse("udos:cpe_detail", kwargs={"ambito_slug": ambito.slug, "cpe_pk": cpe.pk})
        for chiave, titolo, data in termini_cpe(cpe):
            if dal <= data <= al:
                yield Scadenza(chiave=f"{cpe.pk}:{chiave}", titolo=f"{titolo} — {cpe.unita}", data=data, url=url,
                               stato=StatoScadenza.SCADUTA if data < oggi else StatoScadenza.APERTA,
                               capacita="udos.gestisci")
