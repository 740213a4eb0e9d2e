"""Daily warnings (Celery beat): an ISEE attestation about to expire for a beneficiary with open domande →
one notification to each social worker who filed one of those domande, once per attestation and expiry date.

Fund deadlines are not reminded here: fondi registers them in the core deadline registry (kind
``fondi.assegnazione``) and the core beat task ``ambito.scadenze.promemoria`` already reminds them (30, 7, 1 days and
on the day, once each). Adding a second reminder here would duplicate it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ambito.accounts.models import Utente
from ambito.formato import oggi
from ambito.jobs.tasks import AmbitoTask, per_ogni_ambito_attivo
from ambito.notifiche.services import notifica_create
from ambito.tenancy.models import Ambito
from misure.selectors import rendicontazione as misure_selectors
from rendicontazione.models import AvvisoScadenzaISEE

TIPO_NOTIFICA = "rendicontazione.isee_in_scadenza"
GIORNI_PREDEFINITI = 30


def giorni_preavviso_isee() -> int:
    """How many days ahead an expiring ISEE is announced (``RENDICONTAZIONE_ISEE_PREAVVISO_GIORNI``, default 30)."""
    return int(getattr(settings, "RENDICONTAZIONE_ISEE_PREAVVISO_GIORNI", GIORNI_PREDEFINITI))


def avvisi_isee_send(*, ambito: Ambito, data: dt.date | None = None) -> int:
    """Warn the social workers of the ISEE attestations expiring within the notice; returns the warnings sent.
    Idempotent: each (attestation, expiry, social worker) is warned once (a unique row, written first)."""
    data = data or oggi()
    fino_al = data + dt.timedelta(days=giorni_preavviso_isee())
    righe = misure_selectors.isee_in_scadenza(ambito=ambito, dal=data, al=fino_al)
    per_avviso: dict[tuple[int, dt.date, int], list[int]] = defaultdict(list)
    for attestazione_id, scade_il, _beneficiario_id, domanda_id, assistente_id in righe:
        per_avviso[(attestazione_id, scade_il, assistente_id)].append(domanda_id)
    utenti = {u.pk: u for u in Utente.objects.filter(pk__in={k[2] for k in per_avviso})}
    inviati = 0
    for (attestazione_id, scade_il, assistente_id), domande in per_avviso.items():
        try:
            with transaction.atomic():
                AvvisoScadenzaISEE.objects.create(ambito=ambito, attestazione_id=attestazione_id, scade_il=scade_il,
                                                  destinatario_id=assistente_id)
                _notifica(ambito, utenti[assistente_id], scade_il, sorted(set(domande)))
        except IntegrityError:
            continue  # already warned (an earlier run, or another worker right now)
        inviati += 1
    return inviati


def _notifica(ambito: Ambito, utente: Utente, scade_il: dt.date, domande: list[int]) -> None:
    url = reverse("misure:domanda_detail", kwargs={"ambito_slug": ambito.slug, "domanda_pk": domande[0]})
    titolo = _("ISEE in scadenza il %(data)s") % {"data": scade_il.strftime("%d/%m/%Y")}
    testo = ngettext("L'attestazione ISEE del beneficiario di una domanda aperta scade il %(data)s: chiedi la "
                     "nuova DSU.",
                     "L'attestazione ISEE del beneficiario di %(n)d domande aperte scade il %(data)s: chiedi la "
                     "nuova DSU.", len(domande)) % {"n": len(domande), "data": scade_il.strftime("%d/%m/%Y")}
    # The notification names no one and no ISEE value: the link leads to the domanda, where access is checked.
    notifica_create(ambito=ambito, tipo=TIPO_NOTIFICA, titolo=titolo, testo=testo, url=url, utenti=[utente],
                    actor=None)


@shared_task(name="rendicontazione.avvisi_isee")
def avvisi_isee() -> int:
    """Beat task: fan out the ISEE-expiry warnings, one task per active Ambito (each in its scope)."""
    return per_ogni_ambito_attivo(avvisi_isee_ambito)


@shared_task(base=AmbitoTask, name="rendicontazione.avvisi_isee_ambito")
def avvisi_isee_ambito(*, ambito: Ambito) -> int:
    return avvisi_isee_send(ambito=ambito)
