"""Reminders and notifications of the CPE procedure: the 30-day term reaches the office through the core's
reminder service, a filed CPE notifies the office, the gestore's referenti hear of integrations and outcomes;
visits' prescriptions and accreditations' periodic checks are deadlines too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ambito.formato import oggi
from ambito.notifiche.models import Notifica
from ambito.scadenze.services import promemoria_send
from ambito.tenancy import ambito_scope
from tests.fondi.helpers import atto
from tests.udos import helpers
from udos import services
from udos.scadenze import scadenze_cpe

pytestmark = pytest.mark.django_db


def test_the_request_to_the_ats_is_reminded_to_the_office_before_the_30_days(mondo, django_capture_on_commit_callbacks):
    w = mondo.a
    presentata = oggi() - dt.timedelta(days=25)  # five days left
    with ambito_scope(w.ambito, actor=w.operatore):
        with django_capture_on_commit_callbacks(execute=True):
            cpe = helpers.cpe_avvio(w, data=presentata, denominazione="Nido Promemoria")
        avviso = Notifica.objects.get(ambito=w.ambito, destinatario=w.operatore, tipo="udos.cpe")
        assert avviso.titolo == "Nuova CPE: Nido Promemoria"
        with django_capture_on_commit_callbacks(execute=True):
            assert promemoria_send(ambito=w.ambito, oggi=oggi()) >= 1
        promemoria = Notifica.objects.get(ambito=w.ambito, destinatario=w.responsabile, tipo="scadenze.udos.cpe")
        assert not Notifica.objects.filter(destinatario=w.sindaco, tipo="scadenze.udos.cpe").exists()
    assert promemoria.titolo == "Scade tra 5 giorni: Richiesta di vigilanza all'ATS — Nido Promemoria"
    assert promemoria.url == f"/a/{w.ambito.slug}/udos/cpe/{cpe.pk}/"


def test_the_gestores_referenti_hear_of_integrations_and_of_the_outcome(mondo, django_capture_on_commit_callbacks):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        referente = helpers.gestore(w, helpers.ente_di(w, "a"))
        estraneo = helpers.gestore(w, helpers.ente_di(w, "b"))
        cpe = helpers.cpe_avvio(w, denominazione="Nido Aquilone")
        cpe = services.cpe_verifica_start(cpe=cpe, actor=w.operatore, data=helpers.PRESENTATA_IL)
        with django_capture_on_commit_callbacks(execute=True):
            services.cpe_integrazioni_request(cpe=cpe, actor=w.operatore, data=helpers.PRESENTATA_IL,
                                              motivo="Manca l'autocertificazione antimafia")
        avvisi = list(Notifica.objects.filter(ambito=w.ambito, tipo="udos.cpe_gestore"))
    assert [(n.destinatario, n.titolo) for n in avvisi] == [(referente, "CPE di Nido Aquilone: Integrazioni richieste")]
    assert avvisi[0].testo == "Integrazioni richieste: Manca l'autocertificazione antimafia"
    assert estraneo not in {n.destinatario for n in avvisi}


def test_visit_prescriptions_and_accreditation_checks_are_deadlines(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        unita = helpers.cpe_positiva(w, denominazione="Nido Scadenze").unita
        visita = services.visita_create(unita=unita, actor=w.operatore, data=dt.date(2025, 6, 1),
                                        esito="prescrizioni", prescrizioni="Estintori", termine=dt.date(2025, 8, 1))
        acc = services.accreditamento_create(unita=unita, actor=w.operatore, data_domanda=dt.date(2025, 6, 2), posti=5)
        for stato in ("istruttoria", "sopralluogo"):
            acc = services.accreditamento_transition(accreditamento=acc, actor=w.operatore, stato=stato,
                                                     data=dt.date(2025, 6, 3))
        services.accreditamento_transition(accreditamento=acc, actor=w.operatore, stato="accreditata",
                                           data=dt.date(2025, 6, 4), atto=atto(w.ambito), retta_patto=Decimal("500"),
                                           scadenza=dt.date(2026, 6, 4))
        termini = {s.chiave: (s.data, s.titolo) for s in scadenze_cpe(
            ambito=w.ambito, dal=dt.date(2025, 1, 1), al=dt.date(2026, 12, 31), oggi=dt.date(2025, 7, 1))}
        assert termini[f"visita:{visita.pk}"] == (dt.date(2025, 8, 1), "Prescrizioni ATS — Nido Scadenze")
        assert termini[f"accreditamento:{acc.pk}"][0] == dt.date(2026, 6, 4)
        services.visita_ottemperanza_record(visita=visita, actor=w.operatore, data=dt.date(2025, 7, 20))
        dopo = {s.chiave for s in scadenze_cpe(ambito=w.ambito, dal=dt.date(2025, 1, 1), al=dt.date(2026, 12, 31),
                                                oggi=dt.date(2025, 7, 21))}
    assert f"visita:{visita.pk}" not in dopo
