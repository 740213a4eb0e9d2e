"""misure's computed indicators (``ambito.indicatori``) match an independent SQL count, and its bandi and measures
are offered to the Piano di Zona as link targets (``ambito.collegabili``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from ambito import collegabili
from ambito.indicatori import indicatore_calcolato
from ambito.tenancy import ambito_scope
from misure.models import Domanda, EventoDomanda, StatoDomanda
from tests.misure.domande.helpers import beneficiario, presentata

pytestmark = pytest.mark.django_db
DAL, AL = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def _alle_dieci(giorno: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(giorno, dt.time(10)))


def _sql(query: str, parametri: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query, parametri)
        return cursor.fetchone()[0]


def test_submitted_and_admitted_domande_match_an_independent_count(mondo, prova):
    w = mondo.a
    with ambito_scope(w.ambito):
        persone = [beneficiario(w.ambito, w.comuni[0], cognome=f"Conta{i}", nome="Prova") for i in range(4)]
    domande = [presentata(w, prova, p) for p in persone]
    with ambito_scope(w.ambito):
        # One protocolled last year; the others this year. Two declared ammissibile: one in the year, one before.
        Domanda.objects.filter(pk=domande[0].pk).update(presentata_il=_alle_dieci(dt.date(2025, 12, 31)))
        for d, giorno in ((domande[1], dt.date(2026, 3, 2)), (domande[0], dt.date(2025, 12, 31))):
            EventoDomanda.objects.create(ambito=w.ambito, domanda=d, da_stato=StatoDomanda.IN_ISTRUTTORIA,
                                         a_stato=StatoDomanda.AMMISSIBILE, quando=_alle_dieci(giorno))
        presentate = indicatore_calcolato("misure.domande_presentate").valore(ambito=w.ambito, dal=DAL, al=AL)
        ammesse = indicatore_calcolato("misure.domande_ammesse").valore(ambito=w.ambito, dal=DAL, al=AL)
        attese_presentate = _sql(
            "SELECT count(*) FROM misure_domanda WHERE ambito_id = %s AND "
            "(presentata_il AT TIME ZONE 'Europe/Rome')::date BETWEEN %s AND %s", [w.ambito.pk, DAL, AL])
        attese_ammesse = _sql(
            "SELECT count(*) FROM (SELECT domanda_id, min(quando) AS prima FROM misure_eventodomanda "
            "WHERE ambito_id = %s AND a_stato = 'ammissibile' GROUP BY domanda_id) p "
            "WHERE (prima AT TIME ZONE 'Europe/Rome')::date BETWEEN %s AND %s", [w.ambito.pk, DAL, AL])
    assert (presentate, ammesse) == (Decimal(attese_presentate), Decimal(attese_ammesse))
    assert (presentate, ammesse) == (Decimal(3), Decimal(1))


def test_bandi_and_measures_are_linkable_from_the_plan(mondo, prova):
    w = mondo.a
    with ambito_scope(w.ambito):
        bandi = list(collegabili.oggetti(ambito=w.ambito, codice="misure.bando"))
        url = collegabili.url_di(prova.bando, w.ambito.slug)
    assert prova.bando in bandi
    assert url == f"/a/{w.ambito.slug}/misure/bandi/{prova.bando.pk}/"
    assert collegabili.tipo_collegabile("misure.misura") is not None
