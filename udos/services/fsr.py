"""The Fondo Sociale Regionale per unit (DGR XII/4793/2025): the gestore's yearly consuntivo and the contribution.

Eligible: units active at the reference date, present in the regional register (AFAM code), of a type the
FSR admits, not experimental, with an operating deficit in the year's accounts. The contribution the
Assemblea's criteria compute is capped by the deficit and allocated in fondi as a quota of the FSR
assegnazione whose ``oggetto`` is the unit (``fondi.services.quota_create``), committed (impegno) with it and
paid (liquidazione) later — the ledger's rules (allocated ≤ assigned, paid ≤ committed) stay fondi's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.atti.models import Atto
from ambito.errors import RegolaViolata
from ambito.formato import data_it, euro, oggi
from udos.models import AreaFSR, AvvisoFSR, ConsuntivoFSR, CriterioFSR, StatoUnita, UnitaOfferta


def _ammissibile(unita: UnitaOfferta, anno: int) -> None:
    if unita.sperimentale or unita.tipologia is None or not unita.tipologia.fsr_ammissibile:
        raise RegolaViolata(_("Questa unità non è ammessa al Fondo Sociale Regionale (tipologia o sperimentale)."),
                            campo="unita", codice="fsr_non_ammessa")
    if not unita.codice_afam:
        raise RegolaViolata(_("Per il Fondo Sociale Regionale l'unità deve essere nel registro regionale (AFAM): "
                              "manca il codice."), campo="unita", codice="fsr_non_ammessa")
    if unita.stato != StatoUnita.ATTIVA:
        raise RegolaViolata(_("Solo le unità attive partecipano al Fondo Sociale Regionale."), campo="unita",
                            codice="fsr_non_ammessa")
    if unita.data_avvio > dt.date(anno, 12, 31):
        raise RegolaViolata(_("L'unità non era attiva nell'anno %(anno)d.") % {"anno": anno}, campo="anno")


@transaction.atomic
def avviso_fsr_create(*, ambito, actor: Utente | None, anno: int, data_riferimento: dt.date,
                      scadenza: dt.date, atto: Atto | None = None) -> AvvisoFSR:
    """The yearly call to gestori: accounts of ``anno``, units active at ``data_riferimento``, filed by ``scadenza``
    (e.g. Brescia Est 2025: activity 2024, active at 30/09/2025, by 17/10/2025)."""
    if data_riferimento <= dt.date(anno, 12, 31):
        raise RegolaViolata(_("La data di riferimento segue l'anno rendicontato (%(anno)d).") % {"anno": anno},
                            campo="data_riferimento")
    if scadenza < data_riferimento:
        raise RegolaViolata(_("Il termine non può precedere la data di riferimento."), campo="scadenza")
    if atto is not None and atto.ambito_id != ambito.pk:
        raise RegolaViolata(_("Atto inesistente in questo Ambito."), campo="atto")
    if AvvisoFSR.objects.filter(ambito=ambito, anno=anno).exists():
        raise RegolaViolata(_("L'avviso FSR per l'anno %(anno)d esiste già.") % {"anno": anno}, campo="anno")
    avviso = AvvisoFSR(ambito=ambito, anno=anno, data_riferimento=data_riferimento, scadenza=scadenza, atto=atto)
    avviso.save()
    return avviso


def _secondo_avviso(unita: UnitaOfferta, anno: int) -> None:
    """With a call for the year: filed by its deadline, by a unit active at its reference date."""
    avviso = AvvisoFSR.objects.filter(ambito_id=unita.ambito_id, anno=anno).first()
    if avviso is None:
        return
    if oggi() > avviso.scadenza:
        raise RegolaViolata(_("Il termine dell'avviso FSR %(anno)d è scaduto il %(data)s.")
                            % {"anno": anno, "data": data_it(avviso.scadenza)}, campo="anno", codice="avviso_scaduto")
    if unita.data_avvio > avviso.data_riferimento:
        raise RegolaViolata(_("L'unità non era attiva il %(data)s, data di riferimento dell'avviso.")
                            % {"data": data_it(avviso.data_riferimento)}, campo="unita", codice="fsr_non_ammessa")


@transaction.atomic
def consuntivo_create(*, unita: UnitaOfferta, actor: Utente | None, anno: int, utenti: int, giornate: int,
                      costi: Decimal, ricavi: Decimal) -> ConsuntivoFSR:
    """The gestore's accounts of a year for one unit (filed by the gestore or by the office)."""
    if anno < 2000 or anno >= oggi().year + 1:
        raise RegolaViolata(_("Il consuntivo riguarda un anno concluso o in corso."), campo="anno")
    _ammissibile(unita, anno)
    _secondo_avviso(unita, anno)
    if costi < 0 or ricavi < 0:
        raise RegolaViolata(_("Costi e ricavi non possono essere negativi."), campo="costi")
    if giornate > 366:
        raise RegolaViolata(_("Un anno ha al massimo 366 giornate."), campo="giornate")
    if costi - ricavi <= 0:
        raise RegolaViolata(_("Senza sbilancio di gestione (costi %(c)s, ricavi %(r)s) l'unità non è ammessa.")
                            % {"c": euro(costi), "r": euro(ricavi)}, campo="ricavi", codice="fsr_senza_sbilancio")
    if ConsuntivoFSR.objects.filter(ambito=unita.ambito, unita=unita, anno=anno).exists():
        raise RegolaViolata(_("Il consuntivo %(anno)d di questa unità è già stato presentato.") % {"anno": anno},
                            campo="anno")
    consuntivo = ConsuntivoFSR(ambito=unita.ambito, unita=unita, anno=anno, utenti=utenti, giornate=giornate,
                               costi=costi, ricavi=ricavi)
    consuntivo.save()
    return consuntivo


@transaction.atomic
def criterio_fsr_set(*, ambito, actor: Utente | None, anno: int, area: str, importo: Decimal,
                     atto: Atto) -> CriterioFSR:
    """The Assemblea's share of the year's FSR for one area (a new act replaces the previous share)."""
    if area not in AreaFSR.values:
        raise RegolaViolata(_("Area sconosciuta."), campo="area")
    if importo <= 0:
        raise RegolaViolata(_("La quota dell'area deve essere positiva."), campo="importo")
    if atto.ambito_id != ambito.pk:
        raise RegolaViolata(_("Atto inesistente in questo Ambito."), campo="atto")
    criterio = CriterioFSR.objects.select_for_update().filter(ambito=ambito, anno=anno, area=area).first()
    if criterio is None:
        criterio = CriterioFSR(ambito=ambito, anno=anno, area=area, importo=importo, atto=atto)
    elif (criterio.importo, criterio.atto_id) == (importo, atto.pk):
        return criterio
    else:
        criterio.importo, criterio.atto = importo, atto
    criterio.save()
    return criterio


@transaction.atomic
def contributo_assign(*, consuntivo: ConsuntivoFSR, actor: Utente | None, assegnazione, importo: Decimal,
                      atto: Atto, data_contabile: dt.date) -> ConsuntivoFSR:
    """Grant the contribution (capped by the deficit): a fondi quota of the FSR assegnazione for the unit,
    committed at once by the same act."""
    from fondi import services as fondi_services

    consuntivo = ConsuntivoFSR.objects.select_for_update(of=("self",)).select_related("unita", "unita__tipologia").get(
        pk=consuntivo.pk, ambito=consuntivo.ambito)
    if consuntivo.quota_id is not None:
        raise RegolaViolata(_("Il contributo di questo consuntivo è già stato assegnato."), codice="gia_assegnato")
    if importo <= 0:
        raise RegolaViolata(_("Il contributo deve essere positivo."), campo="importo")
    if importo > consuntivo.sbilancio:
        raise RegolaViolata(_("Il contributo (%(i)s) non può superare lo sbilancio di gestione (%(s)s).")
                            % {"i": euro(importo), "s": euro(consuntivo.sbilancio)}, campo="importo",
                            codice="oltre_sbilancio")
    from udos.selectors import contributo_proposto

    proposto = contributo_proposto(consuntivo=consuntivo)
    if proposto is not None and importo > proposto:
        raise RegolaViolata(_("Il contributo (%(i)s) supera quello dei criteri dell'Assemblea (%(p)s).")
                            % {"i": euro(importo), "p": euro(proposto)}, campo="importo", codice="oltre_criteri")
    if assegnazione.fonte.codice != "FSR":
        raise RegolaViolata(_("Il contributo si imputa a un'assegnazione del Fondo Sociale Regionale."),
                            campo="assegnazione")
    descrizione = _("FSR %(anno)d — %(unita)s") % {"anno": consuntivo.anno, "unita": consuntivo.unita}
    quota = fondi_services.quota_create(assegnazione=assegnazione, tipo_destinazione="udos", descrizione=descrizione,
                                        importo=importo, atto=atto, data_contabile=data_contabile, actor=actor,
                                        oggetto=consuntivo.unita)
    fondi_services.impegno_create(quota=quota, importo=importo, data_contabile=data_contabile, actor=actor, atto=atto,
                                  descrizione=descrizione)
    consuntivo.contributo, consuntivo.quota = importo, quota
    consuntivo.save()
    return consuntivo


def contributo_liquidate(*, consuntivo: ConsuntivoFSR, actor: Utente | None, importo: Decimal,
                         data_contabile: dt.date, atto: Atto | None = None):
    """Pay (part of) the committed contribution through fondi's ledger."""
    from fondi import services as fondi_services

    if consuntivo.quota_id is None:
        raise RegolaViolata(_("Prima si assegna il contributo."), codice="non_assegnato")
    return fondi_services.liquidazione_create(quota=consuntivo.quota, importo=importo, data_contabile=data_contabile,
                                              actor=actor, atto=atto,
                                              descrizione=_("Liquidazione FSR %(anno)d — %(unita)s")
                                              % {"anno": consuntivo.anno, "unita": consuntivo.unita})
