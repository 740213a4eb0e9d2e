"""Erogazioni services: plans, the monthly run with its re-checks and exclusions, confirmation through the
two-person approval, fondi movements, events with pro rata and indebiti, recovery."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction

from ambito.approvazioni.services import richiesta_approve
from ambito.atti.models import AttoCollegamento
from ambito.errors import Conflitto, RegolaViolata
from ambito.formato import oggi
from ambito.notifiche.models import Notifica
from ambito.tenancy import ambito_scope
from fondi.models import Movimento, TipoMovimento
from fondi.selectors import saldi_quote
from misure import erogazioni_db
from misure.models import (
    BeneficioEsterno,
    Distinta,
    EventoDomanda,
    EventoSIUSS,
    Indebito,
    Pagamento,
    StatoDistinta,
    StatoDomanda,
    StatoIndebito,
    TipoDestinatario,
    TipoEventoBeneficio,
    VersioneRegole,
)
from misure.services import erogazioni as services
from tests.misure.erogazioni.helpers import IBAN, MESE, conferma, finanziata, piano, prepara, scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(mondo):
    return mondo.a


@pytest.fixture
def s(w):
    return scenario(w)


def saldi(w, s):
    with ambito_scope(w.ambito):
        return saldi_quote(ambito=w.ambito, data=dt.date(2099, 1, 1))[s.quota.pk]


# --- the plan ---------------------------------------------------------------------------------------------------


def test_a_plan_from_the_start_month_the_office_sets_makes_the_domanda_attiva(w, s):
    p = piano(w, s, mese_inizio=dt.date(2025, 2, 1))
    with ambito_scope(w.ambito):
        assert (p.mese_inizio, p.mese_fine) == (dt.date(2025, 2, 1), dt.date(2026, 1, 1))
        assert (p.importo_mensile, p.totale) == (Decimal("100.00"), Decimal("1200.00"))
        assert p.iban == IBAN and p.quota_id == s.quota.pk
        p.domanda.refresh_from_db()
        assert p.domanda.stato == StatoDomanda.ATTIVA
        assert EventoDomanda.objects.filter(domanda=p.domanda, a_stato=StatoDomanda.ATTIVA).count() == 1


def test_a_plan_is_refused_for_a_domanda_not_finanziata_or_beyond_the_rules(w, s):
    d = finanziata(w, s)
    with ambito_scope(w.ambito, actor=w.operatore):
        with pytest.raises(RegolaViolata, match="primo giorno"):
            services.piano_create(domanda=d, actor=w.operatore, mese_inizio=dt.date(2025, 1, 5))
        with pytest.raises(RegolaViolata, match="supera quello finanziato"):
            services.piano_create(domanda=d, actor=w.operatore, mese_inizio=MESE, importo_mensile=Decimal("100.01"))
        with pytest.raises(RegolaViolata, match="superano quelli finanziati"):
            services.piano_create(domanda=d, actor=w.operatore, mese_inizio=MESE, mesi=13)
        with pytest.raises(RegolaViolata) as errore:
            services.piano_create(domanda=d, actor=w.operatore, mese_inizio=MESE, iban="IT00X0000000000000000000000")
        assert errore.value.campo == "iban"
        with pytest.raises(RegolaViolata, match="ente erogatore"):
            services.piano_create(domanda=d, actor=w.operatore, mese_inizio=MESE,
                                  tipo_destinatario=TipoDestinatario.ENTE)
        with pytest.raises(PermissionDenied):
            services.piano_create(domanda=d, actor=w.assistente_1, mese_inizio=MESE)
        services.piano_create(domanda=d, actor=w.operatore, mese_inizio=MESE)
        with pytest.raises(RegolaViolata, match="domanda finanziata"):
            services.piano_create(domanda=d, actor=w.operatore, mese_inizio=MESE)


def test_the_service_only_transitions_are_not_offered_nor_accepted_from_the_domanda_page(w, s):
    from misure.services import domande as domande_services

    d = finanziata(w, s)
    with ambito_scope(w.ambito, actor=w.operatore), pytest.raises(RegolaViolata, match="sconosciuta"):
        domande_services.domanda_transition(domanda=d, azione="attiva_erogazione", actor=w.operatore)


# --- the monthly run --------------------------------------------------------------------------------------------


def test_the_run_pays_what_is_due_and_shows_each_exclusion_with_its_reason(w, s):
    ok = piano(w, s, cognome="Pagato")
    altro_comune = piano(w, s, comune=w.comuni[1], cognome="Secondo")
    isee = piano(w, s, cognome="IseeScaduto")
    incompatibile = piano(w, s, cognome="ConB1")
    with ambito_scope(w.ambito):
        isee.domanda.__class__.objects.filter(pk=isee.domanda_id).update(isee_scadenza=dt.date(2025, 2, 28))
        VersioneRegole.objects.filter(bando=s.prova.bando).update(regole_incompatibilita={"regole": [
            {"codice": "b1", "descrizione": "B1", "tipo": "beneficio", "riferimento": "b1", "modo": "esclude"}]})
        BeneficioEsterno.objects.create(ambito=w.ambito, beneficiario=incompatibile.beneficiario, codice="b1",
                                        dal=dt.date(2025, 3, 10))
    distinta = prepara(w, s)
    with ambito_scope(w.ambito):
        righe = {r.piano_id: r for r in distinta.righe.all()}
        assert righe[ok.pk].importo == Decimal("100.00") and not righe[ok.pk].esclusa
        assert righe[ok.pk].motivo_esclusione == ""
        assert righe[altro_comune.pk].importo == Decimal("100.00")
        assert righe[isee.pk].esclusa and "ISEE scaduto il 28/02/2025" in righe[isee.pk].motivo_esclusione
        assert righe[incompatibile.pk].esclusa and "«b1» dal 10/03/2025" in righe[incompatibile.pk].motivo_esclusione
        assert (distinta.totale, distinta.righe_incluse, distinta.righe_escluse) == (Decimal("200.00"), 2, 2)
        assert distinta.chiave == f"bando-{s.prova.bando.pk}:2025-03"


def test_the_lines_numbers_travel_as_one_exact_array_literal_and_nothing_else_is_accepted():
    """The run's lines send their numeric columns to PostgreSQL as array literals (erogazioni_db.letterale_array):
    every value comes back exactly, NULL included; a text, a float or a NaN is refused, not guessed."""
    valori = [Decimal("400.00"), Decimal("-0.01"), Decimal("1E+2"), Decimal(0), None]
    letterale = erogazioni_db.letterale_array(valori)
    assert letterale == "{400.00,-0.01,1E+2,0,NULL}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::numeric[], %s::bigint[], %s::boolean[]",
                       [letterale, erogazioni_db.letterale_array([9007199254740993, -1]),
                        erogazioni_db.letterale_array([True, False])])
        assert cursor.fetchone() == (valori, [9007199254740993, -1], [True, False])
    for estraneo in ("1", 1.5, Decimal("NaN")):
        with pytest.raises(TypeError):
            erogazioni_db.letterale_array([estraneo])


def test_confirmation_is_two_person_records_payments_and_one_liquidazione_per_quota_and_comune(w, s):
    piani = [piano(w, s, cognome="A"), piano(w, s, cognome="B"), piano(w, s, comune=w.comuni[1], cognome="C")]
    distinta = prepara(w, s)
    from ambito.approvazioni.services import richiesta_cancel

    with ambito_scope(w.ambito, actor=w.responsabile):  # the preparer never approves, even with the right
        richiesta = services.distinta_richiedi_conferma(distinta=distinta, actor=w.responsabile, atto=s.determina)
        with pytest.raises(RegolaViolata, match="seconda persona"):
            richiesta_approve(richiesta=richiesta, actor=w.responsabile, secondo_fattore_verificato=True)
        richiesta_cancel(richiesta=richiesta, actor=w.responsabile)
        Distinta.objects.filter(pk=distinta.pk).update(stato=StatoDistinta.PREPARATA)
    with ambito_scope(w.ambito, actor=w.operatore):
        richiesta = services.distinta_richiedi_conferma(distinta=distinta, actor=w.operatore, atto=s.determina)
        with pytest.raises(PermissionDenied):  # a role without the right
            richiesta_approve(richiesta=richiesta, actor=w.operatore, secondo_fattore_verificato=True)
        assert Pagamento.objects.count() == 0
    with ambito_scope(w.ambito, actor=w.responsabile):
        richiesta_approve(richiesta=richiesta, actor=w.responsabile, secondo_fattore_verificato=True)
        distinta.refresh_from_db()
        assert distinta.stato == StatoDistinta.CONFERMATA and distinta.confermata_da == w.responsabile
        assert Pagamento.objects.filter(distinta=distinta).count() == 3
        liquidazioni = Movimento.objects.filter(tipo=TipoMovimento.LIQUIDAZIONE, quota=s.quota)
        assert sorted((m.comune_id, m.importo) for m in liquidazioni) == sorted(
            [(w.comuni[0].pk, Decimal("200.00")), (w.comuni[1].pk, Decimal("100.00"))])
        assert all(m.atto_id == s.determina.pk for m in liquidazioni)
        assert AttoCollegamento.objects.filter(atto=s.determina, object_id=distinta.pk).exists()
        assert EventoSIUSS.objects.filter(tipo="pagamento").count() == 3
        assert saldi(w, s).liquidato == Decimal("300.00")
        # the social worker who filed the domande is told once for the run
        assert Notifica.objects.filter(destinatario=w.assistente_1, titolo__contains="03/2025").count() == 1
        assert {p.pk for p in piani} == set(Pagamento.objects.values_list("piano_id", flat=True))


def test_rerunning_a_confirmed_month_changes_nothing(w, s, django_capture_on_commit_callbacks):
    from ambito.jobs.models import Job
    from ambito.jobs.services import job_create
    from misure.erogazioni_jobs import CODICE_JOB

    piano(w, s)
    distinta = conferma(w, s, prepara(w, s))
    with ambito_scope(w.ambito):
        prima = list(Pagamento.objects.values_list("pk", "importo"))
        righe_prima = list(distinta.righe.values_list("pk", "importo"))
    for _i in range(2):  # a re-delivered or re-requested job, after confirmation
        with django_capture_on_commit_callbacks(execute=True), ambito_scope(w.ambito, actor=w.operatore):
            job = job_create(ambito=w.ambito, actor=w.operatore, tipo=CODICE_JOB,
                             parametri={"bando": s.prova.bando.pk, "mese": "2025-03-01"})
        with ambito_scope(w.ambito):
            assert Job.objects.get(pk=job.pk).stato == "completato"
    again = prepara(w, s)
    assert again.pk == distinta.pk and again.stato == StatoDistinta.CONFERMATA
    with ambito_scope(w.ambito):
        assert list(Pagamento.objects.values_list("pk", "importo")) == prima
        assert list(distinta.righe.values_list("pk", "importo")) == righe_prima
        assert Distinta.objects.count() == 1
    with ambito_scope(w.ambito, actor=w.operatore), pytest.raises(Conflitto):
        services.distinta_conferma(distinta=distinta, actor=w.responsabile, atto=s.determina)
    assert saldi(w, s).liquidato == Decimal("100.00")


def test_the_next_month_excludes_a_month_already_paid_and_the_database_refuses_a_second_payment(w, s):
    p = piano(w, s)
    conferma(w, s, prepara(w, s))
    with ambito_scope(w.ambito):
        primo = Pagamento.objects.get()
        with pytest.raises(IntegrityError), transaction.atomic():
            Pagamento.objects.create(ambito=w.ambito, comune=p.comune, distinta=primo.distinta, piano=p,
                                     domanda=p.domanda, beneficiario=p.beneficiario, mese=MESE,
                                     importo=Decimal("1.00"), giorni=1, tipo_destinatario="beneficiario",
                                     intestatario="x", iban=IBAN)


def test_a_voucher_provider_is_paid_beside_families(w, s):
    from ambito.territorio.models import Ente

    ente = Ente.objects.create(denominazione="Cooperativa Sociale Il Melo", codice_fiscale="01234567890") \
        if "codice_fiscale" in {f.name for f in Ente._meta.get_fields()} else Ente.objects.create(
            denominazione="Cooperativa Sociale Il Melo")
    piano(w, s, cognome="Famiglia")
    piano(w, s, cognome="Voucher", tipo_destinatario=TipoDestinatario.ENTE, ente=ente, iban=IBAN)
    conferma(w, s, prepara(w, s))
    with ambito_scope(w.ambito):
        assert sorted(Pagamento.objects.values_list("tipo_destinatario", "intestatario")) == sorted(
            [("beneficiario", "Famiglia Maria"), ("ente", "Cooperativa Sociale Il Melo")])


# --- events -----------------------------------------------------------------------------------------------------


def test_a_suspension_mid_month_is_paid_pro_rata_by_days(w, s):
    p = piano(w, s)
    with ambito_scope(w.ambito, actor=w.operatore):
        # March has 31 days: suspended 11–20 March (10 days) → 21/31 of 100,00 = 67,74
        services.evento_create(piano=p, actor=w.operatore, tipo=TipoEventoBeneficio.SOSPENSIONE,
                               dal=dt.date(2025, 3, 11), al=dt.date(2025, 3, 20), motivo="Ricovero ospedaliero")
    distinta = prepara(w, s)
    with ambito_scope(w.ambito):
        riga = distinta.righe.get()
        assert (riga.importo, riga.giorni, riga.esclusa) == (Decimal("67.74"), 21, False)
        assert EventoSIUSS.objects.filter(tipo="sospensione").count() == 1


def test_an_open_suspension_then_resumption_moves_the_domanda_and_pays_the_days_after(w, s):
    p = piano(w, s)
    with ambito_scope(w.ambito, actor=w.operatore):
        notifiche = Notifica.objects.filter(destinatario=w.assistente_1, tipo="misure.domanda")
        prima = notifiche.count()
        services.evento_create(piano=p, actor=w.operatore, tipo=TipoEventoBeneficio.SOSPENSIONE,
                               dal=dt.date(2025, 2, 15), motivo="Ricovero in RSA di sollievo")
        p.domanda.refresh_from_db()
        assert p.domanda.stato == StatoDomanda.SOSPESA
        assert notifiche.count() == prima + 1  # the social worker who filed it is told of the suspension
    distinta = prepara(w, s)
    with ambito_scope(w.ambito):
        assert distinta.righe.get().motivo_esclusione == "Sospeso per tutto il mese."
    with ambito_scope(w.ambito, actor=w.operatore):
        services.evento_create(piano=p, actor=w.operatore, tipo=TipoEventoBeneficio.RIPRESA,
                               dal=dt.date(2025, 3, 17), motivo="Rientro al domicilio")
        p.domanda.refresh_from_db()
        assert p.domanda.stato == StatoDomanda.ATTIVA
    distinta = prepara(w, s)  # still preparata: re-prepared with the new facts
    with ambito_scope(w.ambito):
        riga = distinta.righe.get()
        assert (riga.giorni, riga.importo) == (15, Decimal("48.39"))  # 15/31 × 100


def test_an_indebito_after_a_late_death_notice_and_the_commitment_released(w, s):
    p = piano(w, s, mese_inizio=dt.date(2025, 1, 1))
    for mese in (dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)):
        conferma(w, s, prepara(w, s, mese))
    impegnato_prima = saldi(w, s).impegnato
    # Notice arrives in April: the beneficiary died on 10 February (28 days: 9 due → 32,14; 67,86 not due)
    with ambito_scope(w.ambito, actor=w.operatore):
        services.evento_create(piano=p, actor=w.operatore, tipo=TipoEventoBeneficio.DECESSO,
                               dal=dt.date(2025, 2, 10), motivo="Comunicazione dell'anagrafe")
        p.refresh_from_db()
        p.domanda.refresh_from_db()
        assert p.domanda.stato == StatoDomanda.DECADUTA and p.stato == "cessato"
        indebiti = sorted((i.pagamento.mese, i.importo) for i in Indebito.objects.filter(beneficiario=p.beneficiario))
        assert indebiti == [(dt.date(2025, 2, 1), Decimal("67.86")), (dt.date(2025, 3, 1), Decimal("100.00"))]
        assert EventoSIUSS.objects.filter(tipo="cessazione", piano=p).count() == 1
    # the 900,00 never paid (1.200 − 300) is released
    assert impegnato_prima - saldi(w, s).impegnato == Decimal("900.00")
    # April: nothing more for this plan
    aprile = prepara(w, s, dt.date(2025, 4, 1))
    with ambito_scope(w.ambito):
        assert not aprile.righe.exists()


def test_recovering_an_indebito_corrects_the_payment_in_the_ledger(w, s):
    p = piano(w, s)
    conferma(w, s, prepara(w, s))
    with ambito_scope(w.ambito, actor=w.operatore):
        services.evento_create(piano=p, actor=w.operatore, tipo=TipoEventoBeneficio.TRASFERIMENTO,
                               dal=dt.date(2025, 3, 1), motivo="Trasferito a Brescia")
        indebito = Indebito.objects.get()
        assert indebito.importo == Decimal("100.00")
    liquidato, impegnato = saldi(w, s).liquidato, saldi(w, s).impegnato
    with ambito_scope(w.ambito, actor=w.operatore):
        services.indebito_recupera(indebito=indebito, actor=w.operatore, data=oggi())
        indebito.refresh_from_db()
        assert indebito.stato == StatoIndebito.RECUPERATO
        with pytest.raises(Conflitto):
            services.indebito_recupera(indebito=indebito, actor=w.operatore, data=oggi())
        rettifica = Movimento.objects.get(pk=indebito.movimento_id_fondi)
        assert rettifica.tipo == TipoMovimento.RETTIFICA and rettifica.importo == Decimal("-100.00")
    assert liquidato - saldi(w, s).liquidato == Decimal("100.00")
    assert impegnato - saldi(w, s).impegnato == Decimal("100.00")


def test_rinuncia_before_any_payment_releases_the_whole_commitment(w, s):
    p = piano(w, s)
    impegnato = saldi(w, s).impegnato
    with ambito_scope(w.ambito, actor=w.operatore):
        services.evento_create(piano=p, actor=w.operatore, tipo=TipoEventoBeneficio.RINUNCIA,
                               dal=dt.date(2025, 1, 1), motivo="Rinuncia scritta")
        p.domanda.refresh_from_db()
        assert p.domanda.stato == StatoDomanda.RITIRATA
        with pytest.raises(RegolaViolata, match="cessato"):
            services.evento_create(piano=p, actor=w.operatore, tipo=TipoEventoBeneficio.SOSPENSIONE,
                                   dal=dt.date(2025, 2, 1), motivo="x")
    assert impegnato - saldi(w, s).impegnato == Decimal("1200.00")


def test_a_beneficiary_no_longer_resident_in_the_ambito_is_excluded(w, s, mondo):
    p = piano(w, s, cognome="Trasferita")
    with ambito_scope(w.ambito):
        type(p.beneficiario).objects.filter(pk=p.beneficiario_id).update(comune=mondo.b.comuni[0])
    distinta = prepara(w, s)
    with ambito_scope(w.ambito):
        assert distinta.righe.get().motivo_esclusione == "Il beneficiario non risiede più in un comune dell'Ambito."


def test_a_change_of_strumento_ends_the_plan_and_closes_the_domanda(w, s):
    p = piano(w, s)
    with ambito_scope(w.ambito, actor=w.operatore):
        services.evento_create(piano=p, actor=w.operatore, tipo=TipoEventoBeneficio.CAMBIO_STRUMENTO,
                               dal=dt.date(2025, 3, 16), motivo="Passa al buono assistente familiare")
        p.domanda.refresh_from_db()
        assert p.domanda.stato == StatoDomanda.CESSATA
        assert Notifica.objects.filter(destinatario=w.assistente_1, titolo__contains="Cambio di strumento").exists()
    distinta = prepara(w, s)
    with ambito_scope(w.ambito):
        riga = distinta.righe.get()
        assert (riga.giorni, riga.importo) == (15, Decimal("48.39"))  # 1–15 March due
