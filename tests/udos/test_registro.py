"""Rules of the register beyond the CPE: the operator's codice fiscale / partita IVA, capacity, consistent
dates, data that change without a CPE, vigilance, accreditation and contracts, the FSR through fondi."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal

import pytest

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from ambito.territorio import services as territorio_services
from ambito.territorio.models import Ente, TipoEnte
from fondi.models import Quota
from fondi.selectors import saldi_quote
from tests.fondi.helpers import assegnazione, atto
from tests.udos import helpers
from udos import services
from udos.models import StatoAccreditamento, StatoUnita, UnitaOfferta

pytestmark = pytest.mark.django_db


@contextmanager
def dentro(mondo):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        yield mondo.a


def test_an_ente_gestore_without_a_valid_codice_fiscale_cannot_file(mondo):
    with dentro(mondo) as a:
        senza_cf = Ente.objects.create(tipo=TipoEnte.COOPERATIVA, denominazione="Coop senza codice",
                                       registrato_da=a.ambito)
        with pytest.raises(RegolaViolata, match="non ha codice fiscale o partita IVA") as e:
            helpers.cpe_avvio(a, ente=senza_cf)
        assert e.value.campo == "ente_gestore"
        sbagliato = Ente.objects.create(tipo=TipoEnte.COOPERATIVA, denominazione="Coop con codice errato",
                                        codice_fiscale="01234567890", registrato_da=a.ambito)
        with pytest.raises(RegolaViolata, match="Il codice fiscale dell'ente gestore «Coop con codice errato» non è"):
            helpers.cpe_avvio(a, ente=sbagliato)
        # the shared Ente register itself refuses a wrong partita IVA when the gestore is registered
        with pytest.raises(RegolaViolata, match="Partita IVA non valida") as e:
            territorio_services.ente_create(ambito=a.ambito, actor=a.operatore, dati={
                "tipo": TipoEnte.COOPERATIVA, "denominazione": "Nuova coop", "codice_fiscale": "01234567890"})
        assert e.value.campo == "codice_fiscale"
        assert not UnitaOfferta.objects.filter(ambito=a.ambito).exists()


@pytest.mark.parametrize(("codice", "capacita", "messaggio"), [
    ("NIDO", 0, "La capacità deve essere un numero intero positivo."),
    ("NIDO", -3, "La capacità deve essere un numero intero positivo."),
    ("NIDO", 61, "Per un «Asilo nido» la capacità massima è 60 bambini: ne sono dichiarati 61."),
    ("NIDO", 10, "Per un «Asilo nido» la capacità minima è 11 bambini: ne sono dichiarati 10."),
    ("NIDO_FAMIGLIA", 6, "Per un «Nido famiglia» la capacità massima è 5 bambini"),
    ("SFA", 36, "Per un «Servizio di formazione all'autonomia» la capacità massima è 35 progetti"),
    ("CASA", 13, "la capacità massima è 12 posti"),
])
def test_capacity_is_positive_and_within_the_types_limits(mondo, codice, capacita, messaggio):
    with dentro(mondo) as a:
        with pytest.raises(RegolaViolata, match=messaggio) as e:
            helpers.cpe_avvio(a, codice=codice, capacita=capacita)
        assert e.value.campo == "capacita"


def test_socio_sanitary_types_are_only_references(mondo):
    with dentro(mondo) as a, pytest.raises(RegolaViolata, match="«Residenza sanitaria assistenziale» è un'unità"):
        helpers.cpe_avvio(a, codice="RSA", capacita=60)


def test_filing_dates_cannot_be_in_the_future_and_the_comune_must_be_of_the_ambito(mondo):
    with dentro(mondo) as a:
        with pytest.raises(RegolaViolata, match="successiva a oggi") as e:
            helpers.cpe_avvio(a, data=dt.date.today() + dt.timedelta(days=3))
        assert e.value.campo == "data_presentazione"
        from udos.services.presentazione import cpe_avvio_create
        with pytest.raises(RegolaViolata, match="non fa parte dell'Ambito"):
            cpe_avvio_create(ambito=a.ambito, actor=a.operatore, tipologia=helpers.tipologia(), denominazione="X",
                             ente_gestore=helpers.ente_di(a), comune=mondo.b.comuni[0], indirizzo="Via 1",
                             capacita=20, data_presentazione=helpers.PRESENTATA_IL, canale="suap")


def test_data_without_a_cpe_change_with_history_and_cpe_data_are_refused(mondo):
    with dentro(mondo) as a:
        unita = helpers.unita_attiva(a)
        services.unita_update(unita=unita, actor=a.operatore, codice_afam="AFAM-001", telefono="0371 123456",
                              latitudine=Decimal("45.314"), longitudine=Decimal("9.503"))
        with pytest.raises(RegolaViolata, match="Questi dati cambiano solo con una CPE: capacita_autorizzata"):
            services.unita_update(unita=unita, actor=a.operatore, capacita_autorizzata=50)
        with pytest.raises(RegolaViolata, match="sia la latitudine sia la longitudine"):
            services.unita_update(unita=unita, actor=a.operatore, latitudine=None)
        altra = helpers.unita_attiva(a)
        with pytest.raises(RegolaViolata, match="Il codice AFAM AFAM-001 è già usato") as e:
            services.unita_update(unita=altra, actor=a.operatore, codice_afam="AFAM-001")
        assert e.value.campo == "codice_afam"
        storia = UnitaOfferta.history.filter(id=unita.pk).order_by("history_date")
        assert [h.codice_afam for h in storia] == ["", "AFAM-001"]
        assert storia.last().history_user == a.operatore


def test_a_vigilance_visit_with_prescriptions_is_followed_up_and_an_inhibition_stops_the_unit(mondo):
    with dentro(mondo) as a:
        unita = helpers.unita_attiva(a)
        with pytest.raises(RegolaViolata, match="precedere l'inizio attività"):
            services.visita_create(unita=unita, actor=a.operatore, data=dt.date(2025, 1, 1), esito="positivo")
        visita = services.visita_create(unita=unita, actor=a.operatore, data=dt.date(2025, 5, 5),
                                        esito="prescrizioni", prescrizioni="Estintori", termine=dt.date(2025, 7, 5))
        services.visita_ottemperanza_record(visita=visita, actor=a.operatore, data=dt.date(2025, 6, 30))
        with pytest.raises(RegolaViolata, match="non ha prescrizioni da chiudere"):
            services.visita_ottemperanza_record(visita=visita, actor=a.operatore, data=dt.date(2025, 7, 1))
        services.visita_create(unita=unita, actor=a.operatore, data=dt.date(2025, 8, 1), esito="inibizione")
        unita.refresh_from_db()
        assert unita.stato == StatoUnita.INIBITA


def test_accreditation_needs_a_positive_vigilance_and_the_act_then_contracts_respect_the_places(mondo):
    with dentro(mondo) as a:
        non_verificata = helpers.unita_attiva(a)
        with pytest.raises(RegolaViolata, match="serve una CPE con esito positivo") as e:
            services.accreditamento_create(unita=non_verificata, actor=a.operatore,
                                           data_domanda=dt.date(2025, 6, 1), posti=10)
        assert e.value.codice == "vigilanza_mancante"
        unita = helpers.cpe_positiva(a, capacita=30).unita
        acc = services.accreditamento_create(unita=unita, actor=a.operatore, data_domanda=dt.date(2025, 6, 1),
                                             posti=20)
        with pytest.raises(RegolaViolata, match="«Domanda presentata» non può passare a «Accreditata»"):
            services.accreditamento_transition(accreditamento=acc, actor=a.operatore, stato="accreditata",
                                               data=dt.date(2025, 6, 2))
        for stato, giorno in (("istruttoria", 2), ("sopralluogo", 10)):
            acc = services.accreditamento_transition(accreditamento=acc, actor=a.operatore, stato=stato,
                                                     data=dt.date(2025, 6, giorno))
        with pytest.raises(RegolaViolata, match="Indica l'atto di accreditamento"):
            services.accreditamento_transition(accreditamento=acc, actor=a.operatore, stato="accreditata",
                                               data=dt.date(2025, 6, 20))
        acc = services.accreditamento_transition(
            accreditamento=acc, actor=a.operatore, stato="accreditata", data=dt.date(2025, 6, 20),
            atto=atto(a.ambito), retta_patto=Decimal("550.00"), scadenza=dt.date(2026, 6, 20))
        assert acc.stato == StatoAccreditamento.ACCREDITATA
        unita.refresh_from_db()
        assert unita.posti_accreditati == 20
        comune = Ente.objects.create(tipo=TipoEnte.COMUNE, denominazione="Comune di prova", comune=a.comuni[0])
        services.contratto_create(accreditamento=acc, actor=a.operatore, committente=comune,
                                  data_inizio=dt.date(2025, 9, 1), data_fine=dt.date(2026, 7, 31), posti=15,
                                  tariffa=Decimal("38.50"))
        with pytest.raises(RegolaViolata, match="5 disponibili nel periodo") as e:
            services.contratto_create(accreditamento=acc, actor=a.operatore, committente=comune,
                                      data_inizio=dt.date(2025, 9, 1), data_fine=dt.date(2026, 7, 31), posti=6,
                                      tariffa=Decimal("38.50"))
        assert e.value.campo == "posti"
        with pytest.raises(RegolaViolata, match="La fine del contratto non può precedere l'inizio"):
            services.contratto_create(accreditamento=acc, actor=a.operatore, committente=comune,
                                      data_inizio=dt.date(2025, 9, 1), data_fine=dt.date(2025, 8, 1), posti=1,
                                      tariffa=Decimal("1"))
        acc = services.accreditamento_transition(accreditamento=acc, actor=a.operatore, stato="revocata",
                                                 data=dt.date(2025, 10, 1), motivo="Requisiti non mantenuti")
        unita.refresh_from_db()
        assert (unita.posti_accreditati, unita.posti_contrattualizzati) == (0, 0)


def test_fsr_contribution_is_a_fondi_quota_of_the_unit_capped_by_the_deficit_then_paid(mondo):
    with dentro(mondo) as a:
        senza_afam = helpers.unita_attiva(a)
        with pytest.raises(RegolaViolata, match="registro regionale \\(AFAM\\)"):
            services.consuntivo_create(unita=senza_afam, actor=a.operatore, anno=2025, utenti=20, giornate=200,
                                       costi=Decimal("100"), ricavi=Decimal("50"))
        unita = helpers.unita_attiva(a, codice_afam="AFAM-FSR-1")
        with pytest.raises(RegolaViolata, match="Senza sbilancio di gestione"):
            services.consuntivo_create(unita=unita, actor=a.operatore, anno=2025, utenti=20, giornate=200,
                                       costi=Decimal("100.00"), ricavi=Decimal("120.00"))
        consuntivo = services.consuntivo_create(unita=unita, actor=a.operatore, anno=2025, utenti=20, giornate=200,
                                                costi=Decimal("180000.00"), ricavi=Decimal("150000.00"))
        assert consuntivo.sbilancio == Decimal("30000.00")
        fsr = assegnazione(a.ambito, a.operatore, codice="FSR", importo="500000.00")
        determina = atto(a.ambito)
        with pytest.raises(RegolaViolata, match="non può superare lo sbilancio di gestione"):
            services.contributo_assign(consuntivo=consuntivo, actor=a.operatore, assegnazione=fsr,
                                       importo=Decimal("30000.01"), atto=determina, data_contabile=dt.date(2025, 11, 1))
        consuntivo = services.contributo_assign(consuntivo=consuntivo, actor=a.operatore, assegnazione=fsr,
                                                importo=Decimal("25000.00"), atto=determina,
                                                data_contabile=dt.date(2025, 11, 1))
        quota = Quota.objects.get(pk=consuntivo.quota_id)
        assert (quota.tipo_destinazione, quota.object_id) == ("udos", unita.pk)
        assert quota.content_type.model == "unitaofferta"
        services.contributo_liquidate(consuntivo=consuntivo, actor=a.operatore, importo=Decimal("10000.00"),
                                      data_contabile=dt.date(2025, 12, 1), atto=atto(a.ambito))
        saldi = saldi_quote(ambito=a.ambito, data=dt.date(2025, 12, 31), quota=quota)[quota.pk]
        assert (saldi.allocato, saldi.impegnato, saldi.liquidato) == (
            Decimal("25000.00"), Decimal("25000.00"), Decimal("10000.00"))
