"""ISEE-expiry warnings (beat): to the social worker who filed an open domanda, once per attestation; not for
closed domande, renewed attestations, far expiries or another Ambito; fund deadlines stay with the core."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django_scopes import scopes_disabled

from ambito.notifiche.models import Notifica
from ambito.tenancy import ambito_scope
from misure.models import StatoDomanda
from rendicontazione.avvisi import TIPO_NOTIFICA, avvisi_isee, avvisi_isee_send
from tests.misure.domande.helpers import attestazione_isee, bando_b2, beneficiario
from tests.rendicontazione.test_cruscotto_misure import domanda

pytestmark = pytest.mark.django_db

OGGI = dt.date(2026, 3, 1)


def notifiche(utente) -> list[Notifica]:
    with scopes_disabled():
        return list(Notifica.objects.filter(tipo=TIPO_NOTIFICA, destinatario=utente))


def con_isee(w, prova, comune, stato, scade_il: dt.date, *, assistente):
    persona = beneficiario(w.ambito, comune)
    attestazione_isee(w.ambito, persona, Decimal("9000.00"), rilasciata_il=scade_il - dt.timedelta(days=300),
                      scade_il=scade_il)
    d = domanda(w, prova, comune, stato, persona=persona)
    d.assistente_sociale = assistente
    d.save()
    return persona


@pytest.fixture
def isee(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        prova = bando_b2(w.ambito)
        presto = con_isee(w, prova, w.comuni[0], StatoDomanda.ATTIVA, OGGI + dt.timedelta(days=10),
                          assistente=w.assistente_1)
        con_isee(w, prova, w.comuni[1], StatoDomanda.CESSATA, OGGI + dt.timedelta(days=5), assistente=w.assistente_2)
        con_isee(w, prova, w.comuni[1], StatoDomanda.FINANZIATA, OGGI + dt.timedelta(days=90),
                 assistente=w.assistente_2)
        rinnovato = con_isee(w, prova, w.comuni[1], StatoDomanda.IN_ISTRUTTORIA, OGGI + dt.timedelta(days=3),
                             assistente=w.assistente_2)
        attestazione_isee(w.ambito, rinnovato, Decimal("8000.00"), rilasciata_il=OGGI, scade_il=dt.date(2027, 1, 15))
    return w, presto


def test_the_filing_social_worker_is_warned_once(isee, django_capture_on_commit_callbacks):
    w, _presto = isee
    with django_capture_on_commit_callbacks(execute=True), ambito_scope(w.ambito):
        assert avvisi_isee_send(ambito=w.ambito, data=OGGI) == 1
        assert avvisi_isee_send(ambito=w.ambito, data=OGGI + dt.timedelta(days=1)) == 0  # the next day: not again
    [avviso] = notifiche(w.assistente_1)
    assert avviso.titolo == f"ISEE in scadenza il {(OGGI + dt.timedelta(days=10)):%d/%m/%Y}"
    assert "/misure/domande/" in avviso.url and "9000" not in avviso.testo + avviso.titolo
    # Closed domanda, expiry beyond the notice, renewed attestation: nobody else is warned.
    assert notifiche(w.assistente_2) == []


def test_the_notice_is_a_setting_and_the_beat_task_fans_out(isee):
    w, _presto = isee
    assert "rendicontazione-avvisi-isee" in settings.CELERY_BEAT_SCHEDULE
    with ambito_scope(w.ambito):
        from django.test import override_settings

        with override_settings(RENDICONTAZIONE_ISEE_PREAVVISO_GIORNI=100):
            assert avvisi_isee_send(ambito=w.ambito, data=OGGI) == 2  # the one in 90 days joins
    assert len(notifiche(w.assistente_2)) == 1
    assert avvisi_isee.delay().get() >= 2  # enqueued once per active Ambito (eager Celery in tests)
    assert len(notifiche(w.assistente_1)) == 1  # still once


def test_fund_deadlines_are_left_to_the_core_reminders():
    from ambito.scadenze.registry import tipi_registrati

    assert "fondi.assegnazione" in {t.codice for t in tipi_registrati()}


def test_accreditation_expiries_are_left_to_udos_deadlines_and_the_core_reminders(
        mondo, django_capture_on_commit_callbacks):
    """udos registers each accreditation's periodic check in the core deadline registry (``udos.cpe``,
    ``accreditamento:<pk>``): the core's daily reminders warn the office once per threshold, so rendicontazione
    adds no second accreditation warning."""
    from ambito.formato import oggi
    from ambito.scadenze.services import promemoria_send
    from tests.fondi.helpers import atto
    from tests.udos import helpers as udos_helpers
    from udos import services as udos_services

    w = mondo.a
    scade = oggi() + dt.timedelta(days=7)
    with ambito_scope(w.ambito, actor=w.operatore):
        unita = udos_helpers.cpe_positiva(w, denominazione="Nido Accreditato").unita
        acc = udos_services.accreditamento_create(unita=unita, actor=w.operatore, data_domanda=dt.date(2025, 6, 2),
                                                  posti=5)
        for stato in ("istruttoria", "sopralluogo"):
            acc = udos_services.accreditamento_transition(accreditamento=acc, actor=w.operatore, stato=stato,
                                                          data=dt.date(2025, 6, 3))
        udos_services.accreditamento_transition(accreditamento=acc, actor=w.operatore, stato="accreditata",
                                                data=dt.date(2025, 6, 4), atto=atto(w.ambito),
                                                retta_patto=Decimal("500"), scadenza=scade)
        for _volta in range(2):  # the beat runs daily: a second run sends nothing new
            with django_capture_on_commit_callbacks(execute=True):
                promemoria_send(ambito=w.ambito, oggi=oggi())
    with scopes_disabled():
        avvisi = list(Notifica.objects.filter(ambito=w.ambito, tipo="scadenze.udos.cpe", destinatario=w.operatore,
                                              titolo__contains="Nido Accreditato"))
        assert not Notifica.objects.filter(tipo="scadenze.udos.cpe", destinatario=w.sindaco).exists()
    assert [(n.titolo, n.url) for n in avvisi] == [
        ("Scade tra 7 giorni: Verifica periodica dell'accreditamento — Nido Accreditato",
         f"/a/{w.ambito.slug}/udos/accreditamenti/{acc.pk}/")]
