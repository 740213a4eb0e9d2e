"""Retention: closed domande past their measure's years are anonymised (statistics kept, the person dropped,
attachment files removed) by the beat job, with a report; nothing in a pending state is ever touched."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from ambito.allegati.models import VersioneAllegato
from ambito.notifiche.models import Notifica
from ambito.tenancy import ambito_scope
from misure.domande.conservazione import anonimizza_domande, domande_anonymise
from misure.models import AttestazioneISEE, Beneficiario, Domanda, EventoDomanda, StatoDomanda
from misure.services import domande as services
from tests.misure.domande.helpers import attestazione_isee, beneficiario, domanda, pdf, presentata

pytestmark = pytest.mark.django_db
OGGI = dt.date(2025, 3, 10)


def chiudi(w, d, azione, motivo, *, anni_fa: float):
    with ambito_scope(w.ambito, actor=w.operatore):
        if azione == "dichiara_non_ammissibile":
            services.domanda_transition(domanda=d, azione="prendi_in_istruttoria", actor=w.operatore, oggi=OGGI)
        services.domanda_transition(domanda=d, azione=azione, actor=w.operatore, motivo=motivo, oggi=OGGI)
        Domanda.objects.filter(pk=d.pk).update(chiusa_il=timezone.now() - dt.timedelta(days=365.25 * anni_fa))


def test_expired_closed_domande_are_anonymised_and_the_rest_untouched(mondo, prova, ben_x, ben_y):
    w = mondo.a
    with ambito_scope(w.ambito):
        attestazione_isee(w.ambito, ben_x, Decimal("31000.00"), rilasciata_il=OGGI, scade_il=OGGI)
        terzo = beneficiario(w.ambito, w.comuni[0], cognome="Aperta")
    # Not admitted, closed 6 years ago: past the 5 years of the non admitted → anonymised, with its file.
    esclusa = domanda(w, prova, ben_x, strumento=prova.assistente, isee_valore=Decimal("31000.00"))
    with ambito_scope(w.ambito, actor=w.assistente_1):
        services.documento_domanda_set(domanda=esclusa, documento=prova.contratto, file=pdf(),
                                       actor=w.assistente_1)
        services.domanda_submit(domanda=esclusa, actor=w.assistente_1, oggi=OGGI)
    chiudi(w, esclusa, "dichiara_non_ammissibile", "ISEE di Bianchi Anna oltre la soglia", anni_fa=6)
    # Withdrawn 3 years ago: within the 10 years of the measure → kept.
    ritirata = presentata(w, prova, ben_y, actor=w.assistente_2, oggi=OGGI)
    chiudi(w, ritirata, "ritira", "Trasferito fuori Ambito", anni_fa=3)
    # Pending (in istruttoria) with an old date planted on it → never touched.
    aperta = presentata(w, prova, terzo, oggi=OGGI)
    with ambito_scope(w.ambito):
        Domanda.objects.filter(pk=aperta.pk).update(chiusa_il=timezone.now() - dt.timedelta(days=365 * 30))

    with ambito_scope(w.ambito):
        resoconto = domande_anonymise(ambito=w.ambito)
        esclusa.refresh_from_db()
        ritirata.refresh_from_db()
        aperta.refresh_from_db()
        persona = Beneficiario.objects.get(pk=ben_x.pk)
        versioni = list(VersioneAllegato.objects.filter(allegato__object_id=esclusa.pk))
        motivi = list(EventoDomanda.objects.filter(domanda=esclusa).exclude(motivo="").values_list("motivo",
                                                                                                  flat=True))
        isee = AttestazioneISEE.objects.filter(beneficiario=ben_x).count()

    assert resoconto.domande == [str(esclusa)] and resoconto.beneficiari == 1 and resoconto.file_rimossi == 1
    # Statistics kept: state, protocol, bando, strumento, comune, score, ISEE type.
    assert (esclusa.stato, esclusa.protocollo_numero, esclusa.bando_id, esclusa.comune_id, esclusa.isee_tipo) == (
        StatoDomanda.NON_AMMISSIBILE, 1, prova.bando.pk, w.comuni[0].pk, "sociosanitario")
    assert esclusa.punteggio is not None and esclusa.anonimizzata_il is not None
    # The person dropped.
    assert esclusa.isee_valore is None and esclusa.motivo_esito == "[anonimizzato]"
    assert set(motivi) == {"[anonimizzato]"}
    assert (persona.cognome, persona.codice_fiscale[:4], persona.data_nascita) == ("[anonimizzato]", "ANON",
                                                                                   dt.date(1940, 1, 1))
    assert isee == 0
    assert [(v.file.name, v.nome_file) for v in versioni] == [("", "[anonimizzato]")]
    # Untouched.
    assert ritirata.anonimizzata_il is None and ritirata.motivo_esito == ""
    assert aperta.anonimizzata_il is None and aperta.stato == StatoDomanda.PRESENTATA
    # The office gets the report.
    with ambito_scope(w.ambito):
        rapporto = Notifica.objects.get(destinatario=w.operatore, tipo="misure.conservazione")
    assert rapporto.titolo == "Conservazione: anonimizzata 1 domanda chiusa" and str(esclusa) in rapporto.testo
    # A second run finds nothing more to do.
    with ambito_scope(w.ambito):
        assert domande_anonymise(ambito=w.ambito).domande == []


def test_a_person_with_another_domanda_is_kept(mondo, prova, ben_x):
    w = mondo.a
    vecchia = presentata(w, prova, ben_x, oggi=OGGI)
    chiudi(w, vecchia, "ritira", "Rinuncia", anni_fa=11)
    domanda(w, prova, ben_x)  # a new draft of the same person
    with ambito_scope(w.ambito):
        resoconto = domande_anonymise(ambito=w.ambito)
        persona = Beneficiario.objects.get(pk=ben_x.pk)
    assert resoconto.domande == [str(vecchia)] and resoconto.beneficiari == 0
    assert persona.cognome == "Bianchi" and persona.anonimizzato_il is None


def test_the_beat_job_runs_in_every_ambito(mondo, prova, ben_x):
    assert settings.CELERY_BEAT_SCHEDULE["misure-anonimizza-domande"]["task"] == "misure.anonimizza_domande"
    w = mondo.a
    vecchia = presentata(w, prova, ben_x, oggi=OGGI)
    chiudi(w, vecchia, "ritira", "Rinuncia", anni_fa=11)
    assert anonimizza_domande.apply().get() >= 2  # one task per active Ambito (eager in tests)
    with ambito_scope(w.ambito):
        vecchia.refresh_from_db()
    assert vecchia.anonimizzata_il is not None
