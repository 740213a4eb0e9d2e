"""Services (writes) of the erogazioni part: payment plans, the monthly run (distinta), its confirmation through the
two-person approval, benefit events with pro rata and indebiti, recovery, the SIUSS outbox.

Rules enforced here, whatever the entry point:

* **Money only through fondi.** One ``liquidazione_create`` per run × quota × comune (never per beneficiary), with
  the act of liquidation; the remaining commitment of an ended plan is released with ``disimpegno_create``; a
  recovered indebito is a negative ``rettifica_create`` of the liquidazione it came from, followed by a
  ``disimpegno_create`` of the same amount (see README, "Recupero degli indebiti").
* **Never paid twice.** ``Pagamento`` is UNIQUE (domanda, mese) in PostgreSQL; the run row is locked at
  confirmation, and a confirmed run is never changed again (a re-delivered job or a second confirmation is a no-op
  or a conflict). ``settings.MISURE_EROGAZIONI_LOCK_DISABILITATO`` (tests only) skips the lock to prove the
  database constraint alone holds.
* **Pro rata by days.** The amount due for a month is ``importo_mensile × giorni dovuti / giorni del mese``
  (ROUND_HALF_UP to the cent), days of a suspension and days from an end event on excluded; never beyond the
  plan's total.
* **Domanda states** (attiva, sospesa, cessata, decaduta, ritirata) move through the one transition function
  ``misure.services.domande.domanda_transition``, which records the timeline and notifies the social worker.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.accounts.permissions import contesto_per
from ambito.atti.models import Atto
from ambito.errors import Conflitto, RegolaViolata
from ambito.formato import data_it, euro
from ambito.formato import oggi as oggi_roma
from ambito.notifiche.services import notifica_create
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Ente
from misure import erogazioni_db
from misure.iban import valida_iban
from misure.models import (
    TIPI_CESSAZIONE,
    AttestazioneISEE,
    Bando,
    BeneficioEsterno,
    Distinta,
    Domanda,
    EventoBeneficio,
    EventoSIUSS,
    Indebito,
    Pagamento,
    PianoErogazione,
    RigaDistinta,
    StatoDistinta,
    StatoDomanda,
    StatoIndebito,
    StatoPiano,
    TipoDestinatario,
    TipoEventoBeneficio,
    TipoEventoSIUSS,
)
from misure.selectors import erogazioni as selectors
from misure.services import domande as domande_services

VEDI = "misure.erogazioni.vedi"
GESTISCI = "misure.erogazioni.gestisci"
APPROVA = "misure.erogazioni.approva"
TIPO_APPROVAZIONE = "misure.distinta_liquidazione"
TIPO_NOTIFICA = "misure.erogazioni"
CENT = Decimal("0.01")
MAX_MESI = 60


# --- helpers ----------------------------------------------------------------------------------------------------


def _richiedi(ambito_id: int, actor: Utente | None, capacita: str) -> None:
    if actor is None:
        return
    contesto = contesto_per(actor, Ambito.objects.get(pk=ambito_id))
    if contesto is None or not contesto.puo(capacita):
        raise PermissionDenied(capacita)


def primo_del_mese(data: dt.date) -> dt.date:
    return data.replace(day=1)


def aggiungi_mesi(mese: dt.date, n: int) -> dt.date:
    indice = mese.year * 12 + mese.month - 1 + n
    return dt.date(indice // 12, indice % 12 + 1, 1)


def fine_mese(mese: dt.date) -> dt.date:
    return mese.replace(day=calendar.monthrange(mese.year, mese.month)[1])


def _motivo(motivo: str) -> str:
    testo = (motivo or "").strip()
    if not testo:
        raise RegolaViolata(_("Scrivi il motivo: resta nella storia del beneficio."), campo="motivo",
                            codice="motivo_mancante")
    if len(testo) > 2000:
        raise RegolaViolata(_("Al massimo 2000 caratteri: il testo ne ha %(n)d.") % {"n": len(testo)},
                            campo="motivo")
    return testo


def _siuss(piano: PianoErogazione, tipo: str, chiave: str, data: dt.date, dati: dict[str, Any]) -> None:
    EventoSIUSS.objects.get_or_create(ambito_id=piano.ambito_id, chiave=chiave, defaults={
        "tipo": tipo, "beneficiario_id": piano.beneficiario_id, "piano": piano, "data": data, "dati": dati})


# --- the plan ---------------------------------------------------------------------------------------------------


@transaction.atomic
def piano_create(*, domanda: Domanda, actor: Utente | None, mese_inizio: dt.date,
                 tipo_destinatario: str = TipoDestinatario.BENEFICIARIO, iban: str = "", intestatario: str = "",
                 codice_fiscale_destinatario: str = "", ente: Ente | None = None,
                 importo_mensile: Decimal | None = None, mesi: int | None = None) -> PianoErogazione:
    """Create the payment plan of a finanziata domanda from the month the office sets; the domanda becomes
    *attiva*. Amount and months default to what the graduatoria granted and may only be lowered."""
    _richiedi(domanda.ambito_id, actor, GESTISCI)
    domanda = Domanda.objects.select_for_update().select_related("strumento__strumento", "beneficiario",
                                                                 "bando").get(pk=domanda.pk)
    if domanda.stato != StatoDomanda.FINANZIATA:
        raise RegolaViolata(_("Il piano di erogazione si crea per una domanda finanziata (questa è «%(stato)s»).")
                            % {"stato": domanda.get_stato_display()}, codice="domanda_non_finanziata")
    if PianoErogazione.objects.filter(domanda=domanda).exists():
        raise Conflitto(_("Questa domanda ha già un piano di erogazione."), codice="piano_esistente")
    if mese_inizio.day != 1:
        raise RegolaViolata(_("Il primo mese si indica con il primo giorno del mese."), campo="mese_inizio")
    finanziamento = selectors.finanziamento_di(domanda)
    importo = importo_mensile if importo_mensile is not None else finanziamento.importo_mensile
    mesi = mesi if mesi is not None else finanziamento.mesi
    _verifica_importi(domanda, finanziamento, importo, mesi)
    if finanziamento.quota_id is None:
        raise RegolaViolata(_("Il bando non ha una quota di fondi su cui pagare: collega prima una quota al bando."),
                            codice="quota_mancante")
    beneficiario = domanda.beneficiario
    destinatario = _destinatario(beneficiario, tipo_destinatario, ente, iban, intestatario,
                                 codice_fiscale_destinatario)
    piano = PianoErogazione.objects.create(
        ambito_id=domanda.ambito_id, comune_id=domanda.comune_id, domanda=domanda, beneficiario=beneficiario,
        strumento=domanda.strumento, quota_id=finanziamento.quota_id, mese_inizio=mese_inizio,
        mese_fine=aggiungi_mesi(mese_inizio, mesi - 1), importo_mensile=importo, totale=importo * mesi,
        tipo_destinatario=tipo_destinatario, ente=ente, creato_da=actor, **destinatario)
    domande_services.domanda_transition(
        domanda=domanda, azione="attiva_erogazione", actor=actor, da_servizio=True,
        motivo=_("Piano di erogazione dal %(dal)s: %(mesi)d mesi da %(importo)s.")
        % {"dal": mese_inizio.strftime("%m/%Y"), "mesi": mesi, "importo": euro(importo)})
    return piano


def _verifica_importi(domanda: Domanda, finanziamento: selectors.Finanziamento, importo: Decimal, mesi: int) -> None:
    if not isinstance(importo, Decimal) or importo <= 0 or importo != importo.quantize(CENT):
        raise RegolaViolata(_("L'importo mensile deve essere positivo, in euro e centesimi."),
                            campo="importo_mensile")
    if not 1 <= mesi <= MAX_MESI:
        raise RegolaViolata(_("I mesi del piano vanno da 1 a %(max)d.") % {"max": MAX_MESI}, campo="mesi")
    strumento = domanda.strumento.strumento
    if finanziamento.importo_mensile and importo > finanziamento.importo_mensile:
        raise RegolaViolata(_("L'importo mensile supera quello finanziato (%(max)s).")
                            % {"max": euro(finanziamento.importo_mensile)}, campo="importo_mensile")
    if finanziamento.mesi and mesi > finanziamento.mesi:
        raise RegolaViolata(_("I mesi superano quelli finanziati (%(max)d).") % {"max": finanziamento.mesi},
                            campo="mesi")
    if strumento.importo_mensile_massimo and importo > strumento.importo_mensile_massimo:
        raise RegolaViolata(_("L'importo mensile supera il massimo dello strumento (%(max)s).")
                            % {"max": euro(strumento.importo_mensile_massimo)}, campo="importo_mensile")
    if strumento.importo_annuo_massimo and importo * min(mesi, 12) > strumento.importo_annuo_massimo:
        raise RegolaViolata(_("Il totale annuo supera il massimo dello strumento (%(max)s).")
                            % {"max": euro(strumento.importo_annuo_massimo)}, campo="importo_mensile")


def _destinatario(beneficiario: Any, tipo: str, ente: Ente | None, iban: str, intestatario: str,
                  codice_fiscale: str) -> dict[str, str]:
    if tipo not in TipoDestinatario.values:
        raise RegolaViolata(_("Destinatario del pagamento sconosciuto."), campo="tipo_destinatario")
    if tipo == TipoDestinatario.ENTE:
        if ente is None:
            raise RegolaViolata(_("Indica l'ente erogatore accreditato che riceve il voucher."), campo="ente")
        intestatario = intestatario or ente.denominazione
        codice_fiscale = codice_fiscale or (getattr(ente, "codice_fiscale", "") or "")
    elif tipo == TipoDestinatario.CAREGIVER:
        intestatario = intestatario or beneficiario.caregiver_nome
        codice_fiscale = codice_fiscale or beneficiario.caregiver_codice_fiscale
    else:
        iban = iban or beneficiario.iban
        intestatario = intestatario or beneficiario.intestatario_iban or str(beneficiario)
        codice_fiscale = codice_fiscale or beneficiario.codice_fiscale
    if not intestatario.strip():
        raise RegolaViolata(_("Indica l'intestatario del conto."), campo="intestatario")
    if not (iban or "").strip():
        raise RegolaViolata(_("Indica l'IBAN su cui pagare."), campo="iban")
    return {"iban": valida_iban(iban), "intestatario": intestatario.strip()[:200],
            "codice_fiscale_destinatario": (codice_fiscale or "")[:16]}


# --- what is due for a month ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dovuto:
    importo: Decimal
    giorni: int
    motivo: str = ""


def giorni_esclusi(eventi: list[EventoBeneficio], mese: dt.date) -> set[int]:
    """Days of ``mese`` not due: inside a suspension, or from an end event on."""
    ultimo = fine_mese(mese)
    esclusi: set[int] = set()
    for e in eventi:
        if e.tipo == TipoEventoBeneficio.SOSPENSIONE:
            dal, al = max(e.dal, mese), min(e.al or ultimo, ultimo)
        elif e.tipo in TIPI_CESSAZIONE:
            dal, al = max(e.dal, mese), ultimo
        else:
            continue
        if dal <= al:
            esclusi.update(range(dal.day, al.day + 1))
    return esclusi


def dovuto_del_mese(piano: PianoErogazione | PianoDelMese, eventi: list[EventoBeneficio], mese: dt.date,
                    gia_pagato: Decimal = Decimal(0)) -> Dovuto:
    """The amount due to ``piano`` for ``mese`` (pro rata by days), capped by what remains of its total."""
    if not piano.mese_inizio <= mese <= piano.mese_fine:
        return Dovuto(Decimal(0), 0, _("Fuori dal periodo del piano."))
    giorni_mese = calendar.monthrange(mese.year, mese.month)[1]
    giorni = giorni_mese - len(giorni_esclusi(eventi, mese))
    if giorni == giorni_mese:
        importo = piano.importo_mensile
    else:
        importo = (piano.importo_mensile * giorni / giorni_mese).quantize(CENT, rounding=ROUND_HALF_UP)
    importo = min(importo, max(piano.totale - gia_pagato, Decimal(0)))
    return Dovuto(importo, giorni)


# --- the monthly run --------------------------------------------------------------------------------------------


def chiave_distinta(bando: Bando, mese: dt.date) -> str:
    return f"bando-{bando.pk}:{mese:%Y-%m}"


def codici_incompatibili(bando: Bando) -> set[str]:
    """The external benefits the bando's current rules declare incompatible (``riferimento`` of each rule)."""
    versione = bando.versioni_regole.order_by("-numero").first()
    regole = (versione.regole_incompatibilita if versione else {}) or {}
    return {r["riferimento"] for r in regole.get("regole", []) if isinstance(r, dict) and r.get("riferimento")}


def distinta_prepara(*, bando: Bando, mese: dt.date, actor: Utente | None) -> Distinta:
    """Prepare (or re-prepare) the run of ``bando`` for ``mese``: one line per plan running in the month, with the
    amount due or the reason it is excluded. Idempotent: the run is the one of its key; a confirmed or
    in-approval run is returned unchanged (a re-delivered job changes nothing)."""
    _richiedi(bando.ambito_id, actor, GESTISCI)
    mese = primo_del_mese(mese)
    with transaction.atomic():
        distinta, _creata = Distinta.objects.get_or_create(
            ambito_id=bando.ambito_id, bando=bando, mese=mese,
            defaults={"chiave": chiave_distinta(bando, mese), "preparata_da": actor})
        distinta = Distinta.objects.select_for_update().get(pk=distinta.pk)
        if distinta.stato != StatoDistinta.PREPARATA:
            return distinta
        _svuota_righe(distinta)
        righe = calcola_righe(distinta)
        erogazioni_db.righe_insert(ambito_id=distinta.ambito_id, distinta_id=distinta.pk, righe=righe)
        incluse = [r for r in righe if not r.esclusa]
        distinta.totale = sum((r.importo for r in incluse), Decimal(0))
        distinta.righe_incluse = len(incluse)
        distinta.righe_escluse = len(righe) - len(incluse)
        distinta.preparata_da = actor or distinta.preparata_da
        distinta.preparata_il = timezone.now()
        distinta.save()
    return distinta


def _svuota_righe(distinta: Distinta) -> None:
    """Drop a prepared run's lines in one statement (recomputed just after; a per-row delete would write one
    history row each). Row-level security applies as to every statement."""
    righe = RigaDistinta.objects.filter(distinta=distinta)
    righe._raw_delete(righe.db)  # one DELETE, no per-row signals


class PianoDelMese(NamedTuple):
    """What the run reads of a plan: a plain tuple (12,000 of them cost far less than model instances)."""

    pk: int
    comune_id: int
    beneficiario_id: int
    mese_inizio: dt.date
    mese_fine: dt.date
    importo_mensile: Decimal
    totale: Decimal
    stato: str
    domanda_stato: str
    domanda_isee_scadenza: dt.date | None
    comune_residenza_id: int | None


class Riga(NamedTuple):
    """One line of a run before it is stored (``RigaDistinta``)."""

    comune_id: int
    piano_id: int
    importo: Decimal
    giorni: int
    esclusa: bool
    motivo: str


def calcola_righe(distinta: Distinta) -> list[Riga]:
    """The lines of a run, with a constant number of queries (not one per plan)."""
    mese, ultimo = distinta.mese, fine_mese(distinta.mese)
    del_mese = (PianoErogazione.objects.filter(domanda__bando_id=distinta.bando_id, mese_inizio__lte=mese,
                                               mese_fine__gte=mese)
                .exclude(cessato_dal__lt=mese))
    piani = [PianoDelMese(*valori) for valori in del_mese.order_by("pk").values_list(
        "pk", "comune_id", "beneficiario_id", "mese_inizio", "mese_fine", "importo_mensile", "totale", "stato",
        "domanda__stato", "domanda__isee_scadenza", "beneficiario__comune_id")]
    if not piani:
        return []
    # The plans and their beneficiaries as sub-queries, not as 12,000 ids sent back in ``IN (…)`` lists (building,
    # quoting and parsing those was a large part of the run's time).
    ids = {p.pk for p in piani}
    ids_sql = del_mese.order_by().values("pk")
    beneficiari = del_mese.order_by().values("beneficiario_id")
    eventi: dict[int, list[EventoBeneficio]] = defaultdict(list)
    fine_persona: dict[int, EventoBeneficio] = {}
    for e in (EventoBeneficio.objects.filter(piano__beneficiario_id__in=beneficiari, dal__lte=ultimo)
              .select_related("piano").order_by("dal", "pk")):
        if e.piano_id in ids or e.tipo in (TipoEventoBeneficio.DECESSO, TipoEventoBeneficio.TRASFERIMENTO):
            eventi[e.piano_id].append(e)
        if e.tipo in (TipoEventoBeneficio.DECESSO, TipoEventoBeneficio.TRASFERIMENTO):
            fine_persona.setdefault(e.piano.beneficiario_id, e)
    pagati_mese = dict(Pagamento.objects.filter(piano_id__in=ids_sql, mese=mese).values_list("piano_id", "distinta_id"))
    pagati_totale = dict(Pagamento.objects.filter(piano_id__in=ids_sql).values("piano_id")
                         .annotate(t=Sum("importo")).values_list("piano_id", "t"))
    isee = dict(AttestazioneISEE.objects.filter(beneficiario_id__in=beneficiari).values("beneficiario_id")
                .annotate(s=Max("scade_il")).values_list("beneficiario_id", "s"))
    incompatibili = codici_incompatibili(distinta.bando)
    esterni: dict[int, BeneficioEsterno] = {}
    if incompatibili:
        for b in BeneficioEsterno.objects.filter(beneficiario_id__in=beneficiari, codice__in=incompatibili,
                                                 dal__lte=ultimo).order_by("dal"):
            if b.al is None or b.al >= mese:
                esterni.setdefault(b.beneficiario_id, b)
    from ambito.territorio.selectors import comune_list

    ambito = Ambito.objects.get(pk=distinta.ambito_id)
    comuni_ambito = set(comune_list(ambito=ambito, data=mese).values_list("pk", flat=True))
    righe = []
    for piano in piani:
        eventi_piano = eventi.get(piano.pk, [])
        persona = fine_persona.get(piano.beneficiario_id)
        if persona is not None and persona.piano_id != piano.pk:
            eventi_piano = [*eventi_piano, persona]
        motivo = _motivo_esclusione(piano, mese, pagati_mese, isee, esterni, comuni_ambito)
        dovuto = dovuto_del_mese(piano, eventi_piano, mese, pagati_totale.get(piano.pk) or Decimal(0))
        if not motivo and dovuto.importo <= 0:
            motivo = _motivo_zero(eventi_piano, dovuto)
        righe.append(Riga(piano.comune_id, piano.pk, Decimal(0) if motivo else dovuto.importo,
                          0 if motivo else dovuto.giorni, bool(motivo), motivo[:300]))
    return righe


STATI_PAGABILI = (StatoDomanda.ATTIVA, StatoDomanda.SOSPESA)


def _motivo_esclusione(piano: PianoDelMese, mese: dt.date, pagati_mese: dict, isee: dict, esterni: dict,
                       comuni_ambito: set[int]) -> str:
    if piano.pk in pagati_mese:
        return _("Mese già pagato (distinta n. %(n)s).") % {"n": pagati_mese[piano.pk]}
    if piano.domanda_stato not in STATI_PAGABILI and piano.stato == StatoPiano.ATTIVO:
        return _("La domanda è «%(stato)s».") % {"stato": StatoDomanda(piano.domanda_stato).label}
    scadenza = max(filter(None, (isee.get(piano.beneficiario_id), piano.domanda_isee_scadenza)), default=None)
    if scadenza is not None and scadenza < mese:
        return _("ISEE scaduto il %(data)s.") % {"data": data_it(scadenza)}
    esterno = esterni.get(piano.beneficiario_id)
    if esterno is not None:
        return _("Beneficio incompatibile «%(codice)s» dal %(data)s.") % {"codice": esterno.codice,
                                                                           "data": data_it(esterno.dal)}
    if piano.comune_residenza_id not in comuni_ambito:
        return _("Il beneficiario non risiede più in un comune dell'Ambito.")
    return ""


def _motivo_zero(eventi: list[EventoBeneficio], dovuto: Dovuto) -> str:
    fine = next((e for e in eventi if e.tipo in TIPI_CESSAZIONE), None)
    if fine is not None:
        return _("%(tipo)s dal %(data)s.") % {"tipo": fine.get_tipo_display(), "data": data_it(fine.dal)}
    if any(e.tipo == TipoEventoBeneficio.SOSPENSIONE for e in eventi):
        return _("Sospeso per tutto il mese.")
    return dovuto.motivo or _("Totale del piano già pagato.")


@transaction.atomic
def distinta_richiedi_conferma(*, distinta: Distinta, actor: Utente, atto: Atto) -> Any:
    """Send the prepared run to the two-person approval with its act of liquidation."""
    from ambito.approvazioni.services import richiesta_create

    _richiedi(distinta.ambito_id, actor, GESTISCI)
    distinta = Distinta.objects.select_for_update().get(pk=distinta.pk)
    if distinta.stato != StatoDistinta.PREPARATA:
        raise RegolaViolata(_("La distinta è «%(stato)s»: non si può inviare in approvazione.")
                            % {"stato": distinta.get_stato_display()}, codice="distinta_non_preparata")
    if atto.ambito_id != distinta.ambito_id:
        raise RegolaViolata(_("L'atto non è di questo Ambito."), campo="atto")
    if distinta.righe_incluse == 0:
        raise RegolaViolata(_("La distinta non ha righe da pagare."), codice="distinta_vuota")
    ambito = Ambito.objects.get(pk=distinta.ambito_id)
    richiesta = richiesta_create(ambito=ambito, actor=actor, tipo=TIPO_APPROVAZIONE, oggetto=distinta,
                                 descrizione=str(distinta), parametri={
                                     "atto": atto.pk, "totale": str(distinta.totale),
                                     "righe": distinta.righe_incluse, "mese": distinta.mese.isoformat()})
    distinta.stato = StatoDistinta.IN_APPROVAZIONE
    distinta.save(update_fields=["stato"])
    return richiesta


def esegui_approvazione(richiesta: Any, actor: Utente) -> None:
    """Callback of the approval kind: confirm the run with the act named in the request."""
    distinta = Distinta.objects.get(pk=richiesta.object_id, ambito_id=richiesta.ambito_id)
    atto = Atto.objects.get(pk=richiesta.parametri["atto"], ambito_id=richiesta.ambito_id)
    distinta_conferma(distinta=distinta, actor=actor, atto=atto)


def _dopo_lettura_distinta() -> None:
    """Hook between reading the run's state and paying (tests widen the race window here)."""


def _lock_disabilitato() -> bool:
    return bool(getattr(settings, "MISURE_EROGAZIONI_LOCK_DISABILITATO", False))


@transaction.atomic
def distinta_conferma(*, distinta: Distinta, actor: Utente | None, atto: Atto,
                      data_contabile: dt.date | None = None) -> Distinta:
    """Record the payments of the run's included lines and one liquidazione per quota × comune. Called by the
    approval (the approver is ``actor``); a confirmed run is a conflict, a payment already recorded for the same
    domanda and month is refused by the database (nothing of this confirmation stays)."""
    from ambito.atti.services import atto_link
    from ambito.territorio.models import Comune
    from fondi.models import Quota
    from fondi.services import liquidazione_create

    qs = Distinta.objects.all() if _lock_disabilitato() else Distinta.objects.select_for_update()
    distinta = qs.select_related("bando").get(pk=distinta.pk)
    if distinta.stato == StatoDistinta.CONFERMATA:
        raise Conflitto(_("La distinta è già confermata."), codice="distinta_confermata")
    _dopo_lettura_distinta()
    data_contabile = data_contabile or oggi_roma()
    gruppi = {(g["piano__quota_id"], g["comune_id"]): g["importo"] for g in (
        RigaDistinta.objects.filter(distinta=distinta, esclusa=False).order_by().values("piano__quota_id", "comune_id")
        .annotate(importo=Sum("importo")))}
    movimenti: dict[tuple[int, int], int] = {}
    quote = Quota.objects.in_bulk({q for q, _c in gruppi})
    comuni = Comune.objects.in_bulk({c for _q, c in gruppi})
    for (quota_id, comune_id), importo in sorted(gruppi.items()):
        movimento = liquidazione_create(
            quota=quote[quota_id], importo=importo, data_contabile=data_contabile, actor=actor, atto=atto,
            comune=comuni[comune_id], riferimento=distinta,
            descrizione=_("Distinta %(mese)s del bando %(bando)s") % {"mese": distinta.mese.strftime("%m/%Y"),
                                                                     "bando": distinta.bando})
        movimenti[(quota_id, comune_id)] = movimento.pk
    try:
        with transaction.atomic():
            erogazioni_db.paga_righe(distinta_id=distinta.pk, mese=distinta.mese, movimenti=movimenti)
    except IntegrityError as exc:
        if "misure_pagamento_domanda_mese_unico" not in str(exc):
            raise
        raise Conflitto(_("Alcuni beneficiari risultano già pagati per questo mese: la distinta non è stata "
                          "confermata."), codice="gia_pagato") from exc
    erogazioni_db.siuss_pagamenti(distinta_id=distinta.pk, tipo=TipoEventoSIUSS.PAGAMENTO, creato_il=timezone.now())
    distinta.stato = StatoDistinta.CONFERMATA
    distinta.confermata_da = actor
    distinta.confermata_il = timezone.now()
    distinta.atto = atto
    distinta.save()
    atto_link(atto=atto, actor=actor, oggetto=distinta, descrizione=_("Liquidazione della distinta"))
    _notifica_pagamenti(distinta.pk, actor)
    return distinta


def _notifica_pagamenti(distinta_pk: int, actor: Utente | None) -> None:
    """One notification per social worker with the number of their domande paid in the run."""
    distinta = Distinta.objects.select_related("bando").get(pk=distinta_pk)
    per_assistente: dict[int, int] = dict(
        Pagamento.objects.filter(distinta=distinta, domanda__assistente_sociale_id__isnull=False).order_by()
        .values("domanda__assistente_sociale_id").annotate(n=Count("pk"))
        .values_list("domanda__assistente_sociale_id", "n"))
    if not per_assistente:
        return
    ambito = Ambito.objects.get(pk=distinta.ambito_id)
    utenti = {u.pk: u for u in Utente.objects.filter(pk__in=per_assistente)}
    for pk, n in per_assistente.items():
        notifica_create(ambito=ambito, tipo=TIPO_NOTIFICA, utenti=[utenti[pk]], actor=actor, email=False,
                        titolo=_("Distinta %(mese)s confermata: %(n)d tue domande pagate")
                        % {"mese": distinta.mese.strftime("%m/%Y"), "n": n}, testo=str(distinta.bando),
                        url=reverse("misure:domanda_list", kwargs={"ambito_slug": ambito.slug}))


# --- events -----------------------------------------------------------------------------------------------------


@transaction.atomic
def evento_create(*, piano: PianoErogazione, actor: Utente | None, tipo: str, dal: dt.date, motivo: str,
                  al: dt.date | None = None, oggi: dt.date | None = None) -> EventoBeneficio:
    """Record an event of the benefit. Suspension: from ``dal`` (to ``al`` if known); resumption: closes the open
    suspension the day before ``dal``; decadenza (death, moving out), rinuncia, change of strumento: the plan ends
    from ``dal``, the unpaid commitment is released and months already paid after ``dal`` become indebiti."""
    _richiedi(piano.ambito_id, actor, GESTISCI)
    motivo = _motivo(motivo)
    if tipo not in TipoEventoBeneficio.values:
        raise RegolaViolata(_("Tipo di evento sconosciuto."), campo="tipo")
    if al is not None and al < dal:
        raise RegolaViolata(_("La fine non può precedere l'inizio."), campo="al")
    piano = PianoErogazione.objects.select_for_update().select_related("domanda").get(pk=piano.pk)
    if piano.stato == StatoPiano.CESSATO:
        raise RegolaViolata(_("Il piano è cessato: non si registrano altri eventi."), codice="piano_cessato")
    if tipo == TipoEventoBeneficio.RIPRESA:
        evento = _ripresa(piano, actor, dal, motivo)
    elif tipo == TipoEventoBeneficio.SOSPENSIONE:
        evento = _sospensione(piano, actor, dal, al, motivo)
    else:
        evento = _cessazione(piano, actor, tipo, dal, motivo, oggi or oggi_roma())
    _indebiti(piano, evento)
    return evento


def _sospensione(piano: PianoErogazione, actor: Utente | None, dal: dt.date, al: dt.date | None,
                 motivo: str) -> EventoBeneficio:
    if EventoBeneficio.objects.filter(piano=piano, tipo=TipoEventoBeneficio.SOSPENSIONE, al__isnull=True).exists():
        raise RegolaViolata(_("C'è già una sospensione aperta: registra prima la ripresa."), codice="gia_sospeso")
    evento = EventoBeneficio.objects.create(ambito_id=piano.ambito_id, piano=piano,
                                            tipo=TipoEventoBeneficio.SOSPENSIONE, dal=dal, al=al, motivo=motivo,
                                            utente=actor)
    if al is None:
        piano.stato = StatoPiano.SOSPESO
        piano.save(update_fields=["stato"])
        domande_services.domanda_transition(domanda=piano.domanda, azione="sospendi_erogazione", actor=actor,
                                            motivo=motivo, da_servizio=True)
    _siuss(piano, TipoEventoSIUSS.SOSPENSIONE, f"sospensione-{evento.pk}", dal,
           {"dal": dal.isoformat(), "al": al.isoformat() if al else None, "motivo": motivo})
    return evento


def _ripresa(piano: PianoErogazione, actor: Utente | None, dal: dt.date, motivo: str) -> EventoBeneficio:
    aperta = (EventoBeneficio.objects.select_for_update()
              .filter(piano=piano, tipo=TipoEventoBeneficio.SOSPENSIONE, al__isnull=True).first())
    if aperta is None:
        raise RegolaViolata(_("Non c'è una sospensione aperta da chiudere."), codice="non_sospeso")
    if dal <= aperta.dal:
        raise RegolaViolata(_("La ripresa deve essere dopo l'inizio della sospensione (%(data)s).")
                            % {"data": data_it(aperta.dal)}, campo="dal")
    aperta.al = dal - dt.timedelta(days=1)
    aperta.save(update_fields=["al"])
    piano.stato = StatoPiano.ATTIVO
    piano.save(update_fields=["stato"])
    if piano.domanda.stato == StatoDomanda.SOSPESA:
        domande_services.domanda_transition(domanda=piano.domanda, azione="riprendi_erogazione", actor=actor,
                                            motivo=motivo, da_servizio=True)
    return EventoBeneficio.objects.create(ambito_id=piano.ambito_id, piano=piano, tipo=TipoEventoBeneficio.RIPRESA,
                                          dal=dal, motivo=motivo, utente=actor)


AZIONE_DI_CESSAZIONE = {
    TipoEventoBeneficio.DECESSO: "dichiara_decaduta",
    TipoEventoBeneficio.TRASFERIMENTO: "dichiara_decaduta",
    TipoEventoBeneficio.RINUNCIA: "registra_rinuncia",
    TipoEventoBeneficio.CAMBIO_STRUMENTO: "cessa_erogazione",
}


def _cessazione(piano: PianoErogazione, actor: Utente | None, tipo: str, dal: dt.date, motivo: str,
                oggi: dt.date) -> EventoBeneficio:
    from fondi.models import Quota
    from fondi.services import disimpegno_create

    evento = EventoBeneficio.objects.create(ambito_id=piano.ambito_id, piano=piano, tipo=tipo, dal=dal, motivo=motivo,
                                            utente=actor)
    piano.stato = StatoPiano.CESSATO
    piano.cessato_dal = dal
    piano.save(update_fields=["stato", "cessato_dal"])
    azione = AZIONE_DI_CESSAZIONE[tipo]
    if piano.domanda.stato == StatoDomanda.FINANZIATA and azione == "cessa_erogazione":
        azione = "registra_rinuncia"
    domande_services.domanda_transition(domanda=piano.domanda, azione=azione, actor=actor, motivo=motivo,
                                        da_servizio=True)
    non_pagato = piano.totale - selectors.pagato_del_piano(piano)
    if non_pagato > 0:
        disimpegno_create(quota=Quota.objects.get(pk=piano.quota_id), importo=non_pagato, data_contabile=oggi,
                          actor=actor, comune=piano.comune, riferimento=piano,
                          motivo=_("%(tipo)s dal %(data)s") % {"tipo": evento.get_tipo_display(),
                                                               "data": data_it(dal)})
    _siuss(piano, TipoEventoSIUSS.CESSAZIONE, f"cessazione-{piano.pk}", dal,
           {"tipo": tipo, "dal": dal.isoformat(), "motivo": motivo})
    ambito = Ambito.objects.get(pk=piano.ambito_id)
    assistente = piano.domanda.assistente_sociale
    if assistente is not None and (actor is None or assistente.pk != actor.pk):
        notifica_create(ambito=ambito, tipo=TIPO_NOTIFICA, utenti=[assistente], actor=actor, email=False,
                        titolo=_("Beneficio della domanda %(d)s: %(tipo)s")
                        % {"d": piano.domanda, "tipo": evento.get_tipo_display()}, testo=motivo,
                        url=reverse("misure:erogazioni_piano", kwargs={"ambito_slug": ambito.slug,
                                                                       "piano_pk": piano.pk}))
    return evento


def _indebiti(piano: PianoErogazione, evento: EventoBeneficio) -> list[Indebito]:
    """Months already paid that the event makes (partly) not due: the difference becomes an indebito."""
    eventi = list(EventoBeneficio.objects.filter(piano=piano).order_by("dal", "pk"))
    nuovi = []
    for pagamento in Pagamento.objects.filter(piano=piano, mese__gte=primo_del_mese(evento.dal)).order_by("mese"):
        if Indebito.objects.filter(pagamento=pagamento).exists():
            continue
        dovuto = dovuto_del_mese(piano, eventi, pagamento.mese, Decimal(0))
        differenza = pagamento.importo - dovuto.importo
        if differenza > 0:
            nuovi.append(Indebito.objects.create(
                ambito_id=piano.ambito_id, comune_id=piano.comune_id, beneficiario_id=piano.beneficiario_id,
                pagamento=pagamento, evento=evento, importo=differenza))
    return nuovi


@transaction.atomic
def indebito_recupera(*, indebito: Indebito, actor: Utente | None, data: dt.date, motivo: str = "",
                      atto: Atto | None = None) -> Indebito:
    """Record that an indebito was recovered: a negative rettifica of the liquidazione it was paid with (what was
    paid on the quota goes down by the amount), then the freed commitment is released (disimpegno)."""
    from fondi.models import Movimento, Quota
    from fondi.services import disimpegno_create, rettifica_create

    _richiedi(indebito.ambito_id, actor, GESTISCI)
    indebito = Indebito.objects.select_for_update().select_related("pagamento__piano").get(pk=indebito.pk)
    if indebito.stato == StatoIndebito.RECUPERATO:
        raise Conflitto(_("L'indebito è già stato recuperato."), codice="indebito_recuperato")
    pagamento = indebito.pagamento
    testo = (motivo or "").strip() or _("Recupero dell'indebito del %(mese)s") % {
        "mese": pagamento.mese.strftime("%m/%Y")}
    movimento = Movimento.objects.get(pk=pagamento.movimento_id_fondi)
    rettifica = rettifica_create(movimento=movimento, importo=-indebito.importo, data_contabile=data, motivo=testo,
                                 actor=actor, atto=atto)
    disimpegno_create(quota=Quota.objects.get(pk=pagamento.piano.quota_id), importo=indebito.importo,
                      data_contabile=data, actor=actor, comune=movimento.comune, riferimento=pagamento.piano,
                      motivo=testo)
    indebito.stato = StatoIndebito.RECUPERATO
    indebito.recuperato_il = data
    indebito.movimento_id_fondi = rettifica.pk
    indebito.save()
    return indebito
