"""Vigilance visits of the ATS on running units (LR 3/2008) and the follow-up of their prescriptions.

A visit of a CPE procedure is written by ``cpe_esito_record``; these are the ordinary or extraordinary visits
of the ATS's yearly plan. An inhibition stops the unit (``inibita``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.errors import RegolaViolata
from ambito.formato import data_it
from ambito.regole import data_non_futura
from udos.models import EsitoVigilanza, StatoUnita, UnitaOfferta, VisitaVigilanza


@transaction.atomic
def visita_create(*, unita: UnitaOfferta, actor: Utente | None, data: dt.date, esito: str, prescrizioni: str = "",
                  termine: dt.date | None = None, note: str = "") -> VisitaVigilanza:
    if esito not in EsitoVigilanza.values:
        raise RegolaViolata(_("Esito sconosciuto."), campo="esito")
    data_non_futura(data, campo="data")
    unita = UnitaOfferta.objects.select_for_update().get(pk=unita.pk, ambito=unita.ambito)
    if unita.stato == StatoUnita.CESSATA:
        raise RegolaViolata(_("L'unità è cessata."), codice="transizione_non_ammessa")
    if data < unita.data_avvio:
        raise RegolaViolata(_("Il sopralluogo non può precedere l'inizio attività (%(avvio)s).")
                            % {"avvio": data_it(unita.data_avvio)}, campo="data")
    prescrizioni = prescrizioni.strip()
    if esito == EsitoVigilanza.PRESCRIZIONI:
        if not prescrizioni:
            raise RegolaViolata(_("Scrivi le prescrizioni dell'ATS."), campo="prescrizioni")
        if termine is None or termine <= data:
            raise RegolaViolata(_("Il termine per ottemperare segue la data del sopralluogo."), campo="termine")
    else:
        termine = None
    visita = VisitaVigilanza(ambito=unita.ambito, unita=unita, data=data, esito=esito, prescrizioni=prescrizioni,
                             termine=termine, note=note.strip())
    visita.save()
    if esito == EsitoVigilanza.INIBIZIONE:
        unita.stato = StatoUnita.INIBITA
        unita.save()
    return visita


@transaction.atomic
def visita_ottemperanza_record(*, visita: VisitaVigilanza, actor: Utente | None, data: dt.date) -> VisitaVigilanza:
    visita = VisitaVigilanza.objects.select_for_update().get(pk=visita.pk, ambito=visita.ambito)
    if visita.esito != EsitoVigilanza.PRESCRIZIONI or visita.ottemperata_il is not None:
        raise RegolaViolata(_("Questa visita non ha prescrizioni da chiudere."), codice="transizione_non_ammessa")
    data_non_futura(data, campo="data")
    if data < visita.data:
        raise RegolaViolata(_("L'ottemperanza non può precedere il sopralluogo (%(data)s).")
                            % {"data": data_it(visita.data)}, campo="data")
    visita.ottemperata_il = data
    visita.save()
    return visita
