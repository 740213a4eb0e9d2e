"""Filing a CPE: a new unit (CPE di avvio) or a variation of a running one, and which changes need a CPE at all.

The CPE is a self-declaration (LR 3/2008 art. 15): the unit may operate from the filing date, so filing applies
what it declares to the register at once. The procedure that follows is :mod:`udos.services.cpe`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.errors import RegolaViolata
from ambito.formato import data_it
from ambito.regole import data_non_futura
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Comune, Ente
from udos.models import (
    CPE,
    STATI_CPE_CHIUSI,
    CanaleCPE,
    RequisitoTipologia,
    StatoUnita,
    TipoComunicazione,
    TipoCPE,
    TipologiaUdO,
    TitolareProcedimento,
    UnitaOfferta,
    VerificaRequisito,
)
from udos.services.cpe import TIPO_NOTIFICA
from udos.services.unita import (
    controlla_capacita,
    controlla_comune,
    controlla_ente_gestore,
    controlla_tipologia,
    salva_unita,
)

CAMBIAMENTI: Mapping[str, str | None] = {
    "capacita": TipoCPE.VARIAZIONE_CAPACITA,
    "tipologia": TipoCPE.TRASFORMAZIONE,
    "sede": TipoCPE.TRASFERIMENTO,
    "gestore": TipoCPE.CAMBIO_GESTORE,
    "legale_rappresentante": None,
    "orari": None,
    "rette": None,
}
COMUNICAZIONE_PER: Mapping[str, str] = {
    "legale_rappresentante": TipoComunicazione.LEGALE_RAPPRESENTANTE,
    "orari": TipoComunicazione.ORARI,
    "rette": TipoComunicazione.RETTE,
}


def serve_cpe(cambiamento: str) -> str | None:
    """The kind of CPE a change needs, or ``None`` when a notice is enough (e.g. a new legal representative)."""
    if cambiamento not in CAMBIAMENTI:
        raise RegolaViolata(_("Cambiamento sconosciuto: %(c)s.") % {"c": cambiamento}, campo="cambiamento")
    return CAMBIAMENTI[cambiamento]


def _crea_checklist(cpe: CPE) -> None:
    requisiti = RequisitoTipologia.objects.filter(tipologia=cpe.tipologia).order_by("ordine")
    for requisito in requisiti:
        VerificaRequisito(ambito_id=cpe.ambito_id, cpe=cpe, requisito=requisito).save()


def _controlla_canale(canale: str, titolare_procedimento: str) -> None:
    if canale not in CanaleCPE.values:
        raise RegolaViolata(_("Canale di presentazione sconosciuto."), campo="canale")
    if titolare_procedimento not in TitolareProcedimento.values:
        raise RegolaViolata(_("Indica chi istruisce la CPE: il comune o l'Ufficio di Piano."),
                            campo="titolare_procedimento")


def _solo_proprio_ente(ente: Ente, solo_ente: int | None) -> None:
    """A referente of an ente gestore files only for their own ente."""
    if solo_ente is not None and ente.pk != solo_ente:
        raise RegolaViolata(_("Puoi presentare CPE solo per l'ente che rappresenti."), campo="ente_gestore")


def _notifica_presentazione(cpe: CPE, actor: Utente | None) -> None:
    from ambito.notifiche.services import notifica_create

    url = reverse("udos:cpe_detail", kwargs={"ambito_slug": cpe.ambito.slug, "cpe_pk": cpe.pk})
    notifica_create(ambito=cpe.ambito, tipo=TIPO_NOTIFICA, capacita="udos.gestisci", actor=actor, url=url,
                    titolo=_("Nuova CPE: %(unita)s") % {"unita": cpe.unita},
                    testo=_("%(tipo)s presentata il %(data)s.") % {"tipo": cpe.get_tipo_display(),
                                                                    "data": data_it(cpe.data_presentazione)})


# --- filing -----------------------------------------------------------------------------------------------


@transaction.atomic
def cpe_avvio_create(
    *, ambito: Ambito, actor: Utente | None, tipologia: TipologiaUdO, denominazione: str, ente_gestore: Ente,
    comune: Comune, indirizzo: str, capacita: int, data_presentazione: dt.date, canale: str,
    titolare_procedimento: str = TitolareProcedimento.UFFICIO_PIANO, protocollo: str = "",
    solo_ente: int | None = None, **dati_unita: Any,
) -> CPE:
    """The CPE that starts a new unit: the unit enters the register ``attiva`` from the filing date
    (activity may start at filing, LR 3/2008 art. 15) and the CPE starts ``presentata`` with the checklist of
    its type. ``solo_ente``: the ente a referente of an ente gestore is limited to."""
    data_non_futura(data_presentazione, campo="data_presentazione")
    controlla_tipologia(tipologia, data=data_presentazione)
    controlla_capacita(tipologia=tipologia, capacita=capacita)
    controlla_ente_gestore(ente_gestore)
    _solo_proprio_ente(ente_gestore, solo_ente)
    controlla_comune(ambito, comune, data=data_presentazione)
    _controlla_canale(canale, titolare_procedimento)
    if not denominazione.strip():
        raise RegolaViolata(_("La denominazione è obbligatoria."), campo="denominazione")
    if not indirizzo.strip():
        raise RegolaViolata(_("L'indirizzo è obbligatorio."), campo="indirizzo")
    unita = UnitaOfferta(ambito=ambito, tipologia=tipologia, denominazione=denominazione.strip(),
                         ente_gestore=ente_gestore, comune=comune, indirizzo=indirizzo.strip(),
                         capacita_autorizzata=capacita, data_avvio=data_presentazione, stato=StatoUnita.ATTIVA,
                         **dati_unita)
    salva_unita(unita)
    cpe = CPE(ambito=ambito, unita=unita, tipo=TipoCPE.AVVIO, canale=canale,
              titolare_procedimento=titolare_procedimento, protocollo=protocollo.strip(),
              data_presentazione=data_presentazione, tipologia=tipologia, capacita=capacita,
              ente_gestore=ente_gestore, indirizzo=unita.indirizzo, presentata_da=actor)
    cpe.save()
    _crea_checklist(cpe)
    _notifica_presentazione(cpe, actor)  # in the same transaction: the e-mail itself waits for the commit
    return cpe


def _applica_variazione(unita: UnitaOfferta, tipo: str, *, capacita: int | None, tipologia: TipologiaUdO | None,
                        indirizzo: str, comune: Comune | None, ente_gestore: Ente | None, data: dt.date) -> None:
    """Check that the variation changes what its kind says, and apply it to the unit."""
    if tipo == TipoCPE.VARIAZIONE_CAPACITA:
        if capacita == unita.capacita_autorizzata:
            raise RegolaViolata(_("La capacità dichiarata è quella già in registro (%(n)d).")
                                % {"n": unita.capacita_autorizzata}, campo="capacita")
        unita.capacita_autorizzata = capacita
    elif tipo == TipoCPE.TRASFORMAZIONE:
        if tipologia is None or tipologia.codice == (unita.tipologia.codice if unita.tipologia else None):
            raise RegolaViolata(_("Per una trasformazione indica una tipologia diversa da quella attuale."),
                                campo="tipologia")
        unita.tipologia = tipologia
        unita.capacita_autorizzata = capacita
    elif tipo == TipoCPE.TRASFERIMENTO:
        if not indirizzo.strip() or (indirizzo.strip() == unita.indirizzo and comune in (None, unita.comune)):
            raise RegolaViolata(_("Per un trasferimento indica la nuova sede."), campo="indirizzo")
        unita.indirizzo = indirizzo.strip()
        if comune is not None:
            unita.comune = comune
    elif tipo == TipoCPE.CAMBIO_GESTORE:
        if ente_gestore is None or ente_gestore.pk == unita.ente_gestore_id:
            raise RegolaViolata(_("Per un cambio di gestore indica il nuovo ente gestore."), campo="ente_gestore")
        controlla_ente_gestore(ente_gestore)
        unita.ente_gestore = ente_gestore
    else:
        raise RegolaViolata(_("Tipo di variazione sconosciuto."), campo="tipo")


@transaction.atomic
def cpe_variazione_create(
    *, unita: UnitaOfferta, actor: Utente | None, tipo: str, data_presentazione: dt.date, canale: str,
    titolare_procedimento: str = TitolareProcedimento.UFFICIO_PIANO, protocollo: str = "",
    capacita: int | None = None, tipologia: TipologiaUdO | None = None, indirizzo: str = "",
    comune: Comune | None = None, ente_gestore: Ente | None = None, solo_ente: int | None = None,
) -> CPE:
    """A new CPE for a running unit (capacity up or down, transformation, new site, new gestore), linked to
    the unit's previous CPE. The unit takes the declared values at filing. A change of legal representative
    is not a CPE: it is a notice (``comunicazione_create``)."""
    unita = UnitaOfferta.objects.select_for_update(of=("self",)).select_related("tipologia", "comune").get(
        pk=unita.pk, ambito=unita.ambito)
    if unita.stato in (StatoUnita.CESSATA, StatoUnita.INIBITA):
        raise RegolaViolata(_("L'unità è «%(stato)s»: per riprendere serve una nuova CPE di avvio.")
                            % {"stato": unita.get_stato_display()}, codice="transizione_non_ammessa")
    if tipo == TipoCPE.AVVIO:
        raise RegolaViolata(_("L'unità è già in esercizio: scegli il tipo di variazione."), campo="tipo")
    aperta = unita.cpe.exclude(stato__in=STATI_CPE_CHIUSI).order_by("pk").first()
    if aperta is not None:
        raise RegolaViolata(_("C'è una CPE ancora in istruttoria (presentata il %(data)s): va conclusa prima di "
                              "presentarne un'altra.") % {"data": data_it(aperta.data_presentazione)},
                            codice="cpe_aperta")
    data_non_futura(data_presentazione, campo="data_presentazione")
    if data_presentazione < unita.data_avvio:
        raise RegolaViolata(_("La variazione non può precedere l'inizio attività (%(avvio)s).")
                            % {"avvio": data_it(unita.data_avvio)}, campo="data_presentazione")
    _controlla_canale(canale, titolare_procedimento)
    _solo_proprio_ente(ente_gestore or unita.ente_gestore, solo_ente)
    if tipo in (TipoCPE.VARIAZIONE_CAPACITA, TipoCPE.TRASFORMAZIONE):
        nuova_tipologia = tipologia if tipo == TipoCPE.TRASFORMAZIONE else unita.tipologia
        if tipo == TipoCPE.TRASFORMAZIONE and tipologia is not None:
            controlla_tipologia(tipologia, data=data_presentazione)
        controlla_capacita(tipologia=nuova_tipologia, capacita=capacita)
    if comune is not None:
        controlla_comune(unita.ambito, comune, data=data_presentazione)
    precedente = unita.cpe.order_by("-data_presentazione", "-pk").first()
    _applica_variazione(unita, tipo, capacita=capacita, tipologia=tipologia, indirizzo=indirizzo, comune=comune,
                        ente_gestore=ente_gestore, data=data_presentazione)
    salva_unita(unita)
    cpe = CPE(ambito=unita.ambito, unita=unita, tipo=tipo, precedente=precedente, canale=canale,
              titolare_procedimento=titolare_procedimento, protocollo=protocollo.strip(),
              data_presentazione=data_presentazione, tipologia=unita.tipologia,
              capacita=unita.capacita_autorizzata, ente_gestore=unita.ente_gestore, indirizzo=unita.indirizzo,
              presentata_da=actor)
    cpe.save()
    _crea_checklist(cpe)
    _notifica_presentazione(cpe, actor)  # in the same transaction: the e-mail itself waits for the commit
    return cpe
