"""The CPE terms as a kind of the core's deadline registry (``ambito.scadenze``): reminders go out through the
notification service to whoever runs the procedures (``udos.gestisci``).

For each open CPE (the Dalmine procedure): the request to the ATS within 30 days of filing; the
ATS inspection within 60 days of the request and its outcome within 75; the deadline of the prescriptions. Also
the deadline of the prescriptions of an ordinary ATS visit and the periodic check of an accreditation. A term
disappears the moment the step is recorded, since it is derived from the rows themselves.
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


def _stato(data: dt.date, oggi: dt.date) -> str:
    return StatoScadenza.SCADUTA if data < oggi else StatoScadenza.APERTA


def scadenze_cpe(*, ambito: Ambito, dal: dt.date, al: dt.date, oggi: dt.date) -> Iterator[Scadenza]:
    yield from _termini_cpe(ambito=ambito, dal=dal, al=al, oggi=oggi)
    yield from _termini_avvisi(ambito=ambito, dal=dal, al=al, oggi=oggi)
    for visita in selectors.visita_list(ambito=ambito, da_ottemperare=True).filter(cpe__isnull=True,
                                                                                    termine__range=(dal, al)):
        url = reverse("udos:unita_detail", kwargs={"ambito_slug": ambito.slug, "unita_pk": visita.unita_id})
        yield Scadenza(chiave=f"visita:{visita.pk}", titolo=_("Prescrizioni ATS — %(u)s") % {"u": visita.unita},
                       data=visita.termine, url=url, stato=_stato(visita.termine, oggi), capacita="udos.gestisci")
    for acc in selectors.accreditamento_list(ambito=ambito, stato="accreditata").filter(scadenza__range=(dal, al)):
        url = reverse("udos:accreditamento_detail", kwargs={"ambito_slug": ambito.slug, "accreditamento_pk": acc.pk})
        yield Scadenza(chiave=f"accreditamento:{acc.pk}", data=acc.scadenza, url=url,
                       titolo=_("Verifica periodica dell'accreditamento — %(u)s") % {"u": acc.unita},
                       stato=_stato(acc.scadenza, oggi), capacita="udos.gestisci")


def _termini_avvisi(*, ambito: Ambito, dal: dt.date, al: dt.date, oggi: dt.date) -> Iterator[Scadenza]:
    for avviso in selectors.avviso_fsr_list(ambito=ambito).filter(scadenza__range=(dal, al)):
        url = reverse("udos:consuntivo_list", kwargs={"ambito_slug": ambito.slug})
        yield Scadenza(chiave=f"avviso:{avviso.pk}", data=avviso.scadenza, url=url,
                       titolo=_("Consuntivi dell'avviso FSR %(anno)d") % {"anno": avviso.anno},
                       stato=_stato(avviso.scadenza, oggi), capacita="udos.presenta")


def _termini_cpe(*, ambito: Ambito, dal: dt.date, al: dt.date, oggi: dt.date) -> Iterator[Scadenza]:
    for cpe in selectors.cpe_list(ambito=ambito, aperte=True):
        url = reverse("udos:cpe_detail", kwargs={"ambito_slug": ambito.slug, "cpe_pk": cpe.pk})
        for chiave, titolo, data in termini_cpe(cpe):
            if dal <= data <= al:
                yield Scadenza(chiave=f"{cpe.pk}:{chiave}", titolo=f"{titolo} — {cpe.unita}", data=data, url=url,
                               stato=_stato(data, oggi),
                               capacita="udos.gestisci")
