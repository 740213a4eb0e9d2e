"""Monthly recomputation of the drafts of rolling bandi (issue 20, "Scheduling"; issue 17, "Rolling bandi produce a
new graduatoria every month from the domande ammissibili up to the cut-off date").

A beat task (``misure.graduatorie_mensili``, daily in ``CELERY_BEAT_SCHEDULE``) fans out one task per active Ambito
(``jobs.tasks.per_ogni_ambito_attivo``). In each Ambito, for every bando a finestre or a sportello still taking
domande in the month, and for each of its graduatorie (one overall, or one per strumento):

* the month's cut-off is the bando's ``giorno_chiusura_mensile`` (the last day of the month when unset, or when the
  month is shorter); it counts once passed (domande are taken on the cut-off day itself);
* **idempotent per (bando, month)**: a graduatoria of that cut-off already there (in any state) → nothing;
* otherwise the latest **draft** is moved to the new cut-off and recomputed from the domande (new snapshot, rows,
  hash; the bando's parameters: a month starts again from the quota's budget), or, when there is no draft, a new
  draft of the month is computed;
* a provisional or definitive graduatoria is never touched (only drafts are read for update).

Each bando runs in its own transaction with its row locked (``SELECT … FOR UPDATE``): a re-delivered task or two
beat runs at once wait for each other and the second finds the month done. The office is notified of each draft
created or recomputed (``misure.graduatorie_mensili``, in-app by default).
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from dataclasses import dataclass, field

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ambito.errors import RegolaViolata
from ambito.formato import data_it
from ambito.formato import oggi as oggi_roma
from ambito.jobs.tasks import AmbitoTask, per_ogni_ambito_attivo
from ambito.tenancy.models import Ambito
from misure.models import Bando, Graduatoria, ModalitaBando, StatoBando, StatoGraduatoria, StrumentoBando
from misure.services import graduatorie as services

logger = logging.getLogger(__name__)
TIPO_NOTIFICA = "misure.graduatorie_mensili"
MODALITA_MENSILI = (ModalitaBando.FINESTRE, ModalitaBando.SPORTELLO)


def _chiusura(anno: int, mese: int, giorno: int) -> dt.date:
    return dt.date(anno, mese, min(giorno, calendar.monthrange(anno, mese)[1]))


def ultima_chiusura(bando: Bando, oggi: dt.date) -> dt.date:
    """The latest monthly cut-off already passed on ``oggi`` (the cut-off day itself still takes domande)."""
    giorno = bando.giorno_chiusura_mensile or 31
    questo_mese = _chiusura(oggi.year, oggi.month, giorno)
    if oggi > questo_mese:
        return questo_mese
    anno, mese = (oggi.year, oggi.month - 1) if oggi.month > 1 else (oggi.year - 1, 12)
    return _chiusura(anno, mese, giorno)


@dataclass
class Resoconto:
    create: list[int] = field(default_factory=list)
    ricalcolate: list[int] = field(default_factory=list)
    invariate: int = 0
    errori: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"create": self.create, "ricalcolate": self.ricalcolate, "invariate": self.invariate,
                "errori": self.errori}


def bandi_mensili(*, ambito: Ambito, oggi: dt.date) -> list[Bando]:
    """Rolling bandi of the Ambito that took domande in the month ending at their latest cut-off."""
    scelti = []
    candidati = Bando.objects.filter(ambito=ambito, modalita__in=MODALITA_MENSILI,
                                     stato__in=[StatoBando.PUBBLICATO, StatoBando.CHIUSO]).order_by("pk")
    for bando in candidati:
        chiusura = ultima_chiusura(bando, oggi)
        precedente = ultima_chiusura(bando, chiusura)
        if (bando.apertura is None or bando.apertura <= chiusura) and (
                bando.chiusura is None or bando.chiusura > precedente):
            scelti.append(bando)
    return scelti


def _aggiorna_strumento(bando: Bando, strumento: StrumentoBando | None, chiusura: dt.date,
                        resoconto: Resoconto) -> None:
    delle_graduatorie = Graduatoria.objects.filter(ambito_id=bando.ambito_id, bando=bando, strumento=strumento)
    if delle_graduatorie.filter(fino_al=chiusura).exists():
        resoconto.invariate += 1  # this month is done (whatever its state): idempotent
        return
    bozza = (delle_graduatorie.filter(stato=StatoGraduatoria.BOZZA)
             .filter(Q(fino_al__isnull=True) | Q(fino_al__lt=chiusura)).order_by("-pk").first())
    if bozza is None:
        nuova = services.graduatoria_compute(bando=bando, actor=None, strumento=strumento, fino_al=chiusura)
        resoconto.create.append(nuova.pk)
        return
    bozza.fino_al = chiusura
    bozza.titolo = services.titolo_graduatoria(bando, strumento, chiusura)
    bozza.save(update_fields=["fino_al", "titolo"])
    services.graduatoria_compute(bando=bando, actor=None, graduatoria=bozza)
    resoconto.ricalcolate.append(bozza.pk)


def graduatorie_mensili_aggiorna(*, ambito: Ambito, oggi: dt.date | None = None) -> Resoconto:
    """Bring the drafts of the Ambito's rolling bandi to their latest monthly cut-off (module docstring)."""
    oggi = oggi or oggi_roma()
    resoconto = Resoconto()
    for bando in bandi_mensili(ambito=ambito, oggi=oggi):
        chiusura = ultima_chiusura(bando, oggi)
        try:
            with transaction.atomic():
                bando = Bando.objects.select_for_update().get(pk=bando.pk, ambito=ambito)
                strumenti = (list(StrumentoBando.objects.filter(ambito=ambito, bando=bando).order_by("pk"))
                             if bando.graduatoria_per == "strumento" else [None])
                for strumento in strumenti:
                    _aggiorna_strumento(bando, strumento, chiusura, resoconto)
        except RegolaViolata as exc:  # e.g. no fondi quota yet: the bando is skipped, the others go on
            logger.warning("misure monthly graduatorie, %s: %s", bando, exc.messaggio)
            resoconto.errori.append(f"{bando}: {exc.messaggio}")
    logger.info("misure monthly graduatorie in %s: %s", ambito.slug, resoconto.as_dict())
    if resoconto.create or resoconto.ricalcolate:
        _notifica(ambito, resoconto, oggi)
    return resoconto


def _notifica(ambito: Ambito, resoconto: Resoconto, oggi: dt.date) -> None:
    from ambito.notifiche.services import notifica_create

    pk = [*resoconto.create, *resoconto.ricalcolate]
    titoli = ", ".join(Graduatoria.objects.filter(ambito=ambito, pk__in=pk).order_by("pk")
                       .values_list("titolo", flat=True))
    notifica_create(ambito=ambito, tipo=TIPO_NOTIFICA, actor=None, capacita=services.GESTISCI,
                    titolo=_("Graduatorie mensili in bozza aggiornate al %(d)s") % {"d": data_it(oggi)},
                    testo=_("Calcolate sulle domande fino alla chiusura del mese: %(t)s.") % {"t": titoli})


@shared_task(name="misure.graduatorie_mensili")
def graduatorie_mensili() -> int:
    """Beat task: fan out the monthly drafts, one task per active Ambito (each in its scope)."""
    return per_ogni_ambito_attivo(graduatorie_mensili_ambito)


@shared_task(base=AmbitoTask, name="misure.graduatorie_mensili_ambito")
def graduatorie_mensili_ambito(*, ambito: Ambito) -> dict:
    return graduatorie_mensili_aggiorna(ambito=ambito).as_dict()
