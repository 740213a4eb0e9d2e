"""The monthly beat of rolling bandi: the draft is moved to the month's cut-off and really recomputed, once per
(bando, month); a provisional graduatoria is never touched (the month gets a new draft beside it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from ambito.notifiche.models import Notifica
from ambito.tenancy import ambito_scope
from misure.graduatorie_mensili import graduatorie_mensili, graduatorie_mensili_aggiorna, ultima_chiusura
from misure.models import Domanda, Graduatoria, PosizioneGraduatoria
from misure.services import graduatorie as services
from tests.fondi import helpers as fondi
from tests.misure.graduatorie.helpers import bando_con_quota, domanda_valutata

pytestmark = pytest.mark.django_db


def a_finestre(w, *presentate: dt.date):
    prova = bando_con_quota(w.ambito, importo="1200.00")
    prova.bando.modalita, prova.bando.giorno_chiusura_mensile = "finestre", 15
    prova.bando.save()
    domande = [domanda_valutata(w.ambito, prova, w.comuni[0], punti={"isee": 5 + i}) for i in range(len(presentate))]
    for d, giorno in zip(domande, presentate, strict=True):
        ora = timezone.make_aware(dt.datetime.combine(giorno, dt.time(9)))
        Domanda.objects.filter(pk=d.pk).update(presentata_il=ora)
    return prova, domande


def righe(g):
    return sorted(PosizioneGraduatoria.objects.filter(graduatoria=g).values_list("domanda_id", "esito"))


def test_the_draft_is_recomputed_at_the_cut_off_once_a_month_and_an_approved_one_is_never_touched(mondo):
    w = mondo.a
    with ambito_scope(w.ambito):
        prova, (gennaio, febbraio) = a_finestre(w, dt.date(2025, 1, 10), dt.date(2025, 2, 14))
        bozza = services.graduatoria_compute(bando=prova.bando, actor=None, fino_al=dt.date(2025, 1, 15))
        altra, _domande = a_finestre(w, dt.date(2025, 1, 12))
        provvisoria = services.graduatoria_compute(bando=altra.bando, actor=None, fino_al=dt.date(2025, 1, 15))
        provvisoria = services.graduatoria_approva_provvisoria(graduatoria=provvisoria, atto=fondi.atto(w.ambito),
                                                               actor=None, oggi=dt.date(2025, 1, 20))
        prima = (provvisoria.hash_calcolo, provvisoria.calcolata_il, righe(provvisoria))
        assert righe(bozza) == [(gennaio.pk, "finanziata")]

        # the 15th still takes domande: nothing moves on the cut-off day
        assert ultima_chiusura(prova.bando, dt.date(2025, 2, 15)) == dt.date(2025, 1, 15)
        assert graduatorie_mensili_aggiorna(ambito=w.ambito, oggi=dt.date(2025, 2, 15)).as_dict()["ricalcolate"] == []

        resoconto = graduatorie_mensili_aggiorna(ambito=w.ambito, oggi=dt.date(2025, 2, 16))
        bozza.refresh_from_db()
        assert resoconto.ricalcolate == [bozza.pk] and bozza.fino_al == dt.date(2025, 2, 15)
        assert "15/02/2025" in bozza.titolo and services.verifica_hash(bozza)
        # really recomputed: February's domanda ranks first (higher score) and takes the 1.200 €
        assert righe(bozza) == sorted([(gennaio.pk, "non_finanziata"), (febbraio.pk, "finanziata")])
        # the provisional graduatoria of the other bando is untouched; its month gets a new draft
        provvisoria.refresh_from_db()
        assert (provvisoria.hash_calcolo, provvisoria.calcolata_il, righe(provvisoria)) == prima
        assert provvisoria.stato == "provvisoria" and provvisoria.fino_al == dt.date(2025, 1, 15)
        (nuova,) = resoconto.create
        assert Graduatoria.objects.get(pk=nuova).bando_id == altra.bando.pk
        assert Notifica.objects.filter(tipo="misure.graduatorie_mensili", destinatario=w.operatore).count() == 1

        # idempotent per (bando, month): a second run in February changes nothing
        calcolata = bozza.calcolata_il
        di_nuovo = graduatorie_mensili_aggiorna(ambito=w.ambito, oggi=dt.date(2025, 2, 28))
        bozza.refresh_from_db()
        assert (di_nuovo.create, di_nuovo.ricalcolate, di_nuovo.invariate) == ([], [], 2)
        assert bozza.calcolata_il == calcolata and Graduatoria.objects.filter(bando=altra.bando).count() == 2
        assert Graduatoria.objects.get(pk=nuova).budget == Decimal("1200.00")


def test_the_beat_fans_out_to_every_active_ambito(mondo):
    assert settings.CELERY_BEAT_SCHEDULE["misure-graduatorie-mensili"]["task"] == "misure.graduatorie_mensili"
    w = mondo.a
    with ambito_scope(w.ambito):
        prova, _domande = a_finestre(w, dt.date(2025, 1, 10))
    assert graduatorie_mensili.apply().get() >= 2  # one task per active Ambito (eager in tests)
    assert graduatorie_mensili.apply().get() >= 2
    with ambito_scope(w.ambito):
        (g,) = Graduatoria.objects.filter(bando=prova.bando)
        assert g.stato == "bozza" and g.fino_al == ultima_chiusura(prova.bando, timezone.localdate())
