"""Indicators with targets per year, monitoring periods, values, objective statuses, closing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.errors import Conflitto, RegolaViolata
from ambito.indicatori import indicatore_calcolato
from piani.models import (
    FonteIndicatore,
    Indicatore,
    Obiettivo,
    PeriodoMonitoraggio,
    PianoDiZona,
    Progetto,
    TargetIndicatore,
    ValoreIndicatore,
    ValutazioneObiettivo,
)
from piani.services._comune import _testo

# --- indicators -------------------------------------------------------------------------------------


def _indicatore_valida(i: Indicatore) -> None:
    i.nome = _testo(i.nome, campo="nome", limite=250, obbligatorio=True, nome=_("il nome"))
    i.unita = _testo(i.unita, campo="unita", limite=60, obbligatorio=True, nome=_("l'unità di misura"))
    if i.fonte == FonteIndicatore.CALCOLATO:
        calcolato = indicatore_calcolato(i.calcolo)
        if calcolato is None:
            raise RegolaViolata(_("Scegli un indicatore calcolato tra quelli disponibili."), campo="calcolo")
    else:
        i.fonte, i.calcolo = FonteIndicatore.MANUALE, ""
    if (i.obiettivo_id is None) == (i.progetto_id is None):
        raise RegolaViolata(_("Un indicatore è di un obiettivo oppure di un progetto."), campo="obiettivo")


def _target_set(indicatore: Indicatore, target: dict[int, Decimal]) -> None:
    anni = indicatore.piano.anni
    for anno, valore in target.items():
        if anno not in anni:
            raise RegolaViolata(_("Il valore atteso va dato per un anno del triennio."), campo="target")
        riga = TargetIndicatore.objects.filter(indicatore=indicatore, anno=anno).first()
        if valore is None:
            if riga is not None:
                riga.delete()
        elif riga is None:
            TargetIndicatore.objects.create(ambito_id=indicatore.ambito_id, indicatore=indicatore, anno=anno,
                                            valore=valore)
        elif riga.valore != valore:
            riga.valore = valore
            riga.save()


CAMPI_INDICATORE = ("nome", "tipo", "unita", "baseline", "fonte", "calcolo", "periodicita", "crescente")


@transaction.atomic
def indicatore_create(*, actor: Utente | None, obiettivo: Obiettivo | None = None, progetto: Progetto | None = None,
                      target: dict[int, Decimal] | None = None, **campi: Any) -> Indicatore:
    padre = obiettivo or progetto
    if padre is None:
        raise RegolaViolata(_("Un indicatore è di un obiettivo oppure di un progetto."), campo="obiettivo")
    indicatore = Indicatore(ambito_id=padre.ambito_id, obiettivo=obiettivo, progetto=progetto,
                            **{k: v for k, v in campi.items() if k in CAMPI_INDICATORE})
    _indicatore_valida(indicatore)
    indicatore.save()
    _target_set(indicatore, target or {})
    return indicatore


@transaction.atomic
def indicatore_update(*, indicatore: Indicatore, actor: Utente | None, target: dict[int, Decimal] | None = None,
                      **campi: Any) -> Indicatore:
    for nome in CAMPI_INDICATORE:
        if nome in campi:
            setattr(indicatore, nome, campi[nome])
    _indicatore_valida(indicatore)
    indicatore.save()
    _target_set(indicatore, target or {})
    return indicatore


# --- monitoring -------------------------------------------------------------------------------------


@transaction.atomic
def periodo_create(*, piano: PianoDiZona, actor: Utente | None, anno: int, semestre: int | None = None
                   ) -> PeriodoMonitoraggio:
    if anno not in piano.anni:
        raise RegolaViolata(_("Il periodo va scelto nel triennio del piano (%(p)s).") % {"p": piano.periodo},
                            campo="anno")
    if semestre not in (None, 1, 2):
        raise RegolaViolata(_("Il semestre è 1 o 2 (vuoto per l'intero anno)."), campo="semestre")
    if PeriodoMonitoraggio.objects.filter(piano=piano, anno=anno, semestre=semestre).exists():
        raise RegolaViolata(_("Il periodo esiste già."), campo="anno")
    periodo = PeriodoMonitoraggio(ambito_id=piano.ambito_id, piano=piano, anno=anno, semestre=semestre)
    periodo.save()
    return periodo


def _blocca_periodo_aperto(periodo: PeriodoMonitoraggio) -> PeriodoMonitoraggio:
    periodo = PeriodoMonitoraggio.objects.select_for_update().get(pk=periodo.pk, ambito_id=periodo.ambito_id)
    if periodo.chiuso:
        raise Conflitto(_("Il periodo %(p)s è chiuso: i suoi dati non si modificano. Il responsabile può "
                          "riaprirlo indicando il motivo.") % {"p": periodo}, codice="periodo_chiuso")
    return periodo


@transaction.atomic
def valore_set(*, indicatore: Indicatore, periodo: PeriodoMonitoraggio, actor: Utente | None, valore: Decimal,
               note: str = "", evidenza: str = "", calcolato: bool = False) -> ValoreIndicatore:
    """Record (or correct) the value an indicator reached in an open period of its plan."""
    if periodo.piano_id != indicatore.piano.pk:
        raise RegolaViolata(_("Il periodo non è del piano dell'indicatore."), campo="periodo")
    periodo = _blocca_periodo_aperto(periodo)
    note = _testo(note, campo="note", limite=5000)
    evidenza = _testo(evidenza, campo="evidenza", limite=250)
    riga = ValoreIndicatore.objects.filter(indicatore=indicatore, periodo=periodo).first()
    if riga is None:
        riga = ValoreIndicatore(ambito_id=indicatore.ambito_id, indicatore=indicatore, periodo=periodo)
    nuovo = (valore, note, evidenza, calcolato)
    if riga.pk is None or (riga.valore, riga.note, riga.evidenza, riga.calcolato) != nuovo:
        riga.valore, riga.note, riga.evidenza, riga.calcolato = nuovo
        riga.save()
    return riga


@transaction.atomic
def valore_compute(*, indicatore: Indicatore, periodo: PeriodoMonitoraggio, actor: Utente | None
                   ) -> ValoreIndicatore:
    """Measure a computed indicator over the period from live data (its registered query)."""
    calcolato = indicatore_calcolato(indicatore.calcolo)
    if indicatore.fonte != FonteIndicatore.CALCOLATO or calcolato is None:
        raise RegolaViolata(_("L'indicatore si inserisce a mano."), campo="indicatore")
    valore = calcolato.valore(ambito=indicatore.ambito, dal=periodo.dal, al=periodo.al,
                              oggetto=indicatore.progetto or indicatore.obiettivo)
    return valore_set(indicatore=indicatore, periodo=periodo, actor=actor, valore=valore, calcolato=True,
                      evidenza=str(calcolato.etichetta)[:250])


@transaction.atomic
def valutazione_set(*, obiettivo: Obiettivo, periodo: PeriodoMonitoraggio, actor: Utente | None, stato: str,
                    motivazione: str = "") -> ValutazioneObiettivo:
    """The objective's status in an open period, with its reasons; it becomes the objective's current status."""
    from piani.models import StatoObiettivo

    if stato not in StatoObiettivo.values:
        raise RegolaViolata(_("Stato dell'obiettivo sconosciuto."), campo="stato")
    if periodo.piano_id != obiettivo.piano_id:
        raise RegolaViolata(_("Il periodo non è del piano dell'obiettivo."), campo="periodo")
    periodo = _blocca_periodo_aperto(periodo)
    motivazione = _testo(motivazione, campo="motivazione", limite=5000)
    riga = ValutazioneObiettivo.objects.filter(obiettivo=obiettivo, periodo=periodo).first() or ValutazioneObiettivo(
        ambito_id=obiettivo.ambito_id, obiettivo=obiettivo, periodo=periodo)
    riga.stato, riga.motivazione = stato, motivazione
    riga.save()
    if (obiettivo.stato, obiettivo.motivazione_stato) != (stato, motivazione):
        obiettivo.stato, obiettivo.motivazione_stato = stato, motivazione
        obiettivo.save()
    return riga


@transaction.atomic
def periodo_close(*, periodo: PeriodoMonitoraggio, actor: Utente | None) -> PeriodoMonitoraggio:
    """Close the period: its figures are frozen and shown to the Assemblea (the responsabile's step)."""
    periodo = _blocca_periodo_aperto(periodo)
    periodo.chiuso, periodo.chiuso_il, periodo.chiuso_da = True, timezone.now(), actor
    periodo.save()
    return periodo


@transaction.atomic
def periodo_reopen(*, periodo: PeriodoMonitoraggio, actor: Utente | None, motivo: str) -> PeriodoMonitoraggio:
    """Reopen a closed period to correct it: only with a reason, recorded in the history."""
    motivo = _testo(motivo, campo="motivo", limite=2000, obbligatorio=True, nome=_("il motivo della riapertura"))
    periodo = PeriodoMonitoraggio.objects.select_for_update().get(pk=periodo.pk, ambito_id=periodo.ambito_id)
    if not periodo.chiuso:
        raise Conflitto(_("Il periodo è già aperto."), codice="periodo_aperto")
    periodo.chiuso, periodo.chiuso_il, periodo.chiuso_da, periodo.motivo_riapertura = False, None, None, motivo
    periodo.save()
    return periodo
