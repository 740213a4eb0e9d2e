"""The CPE procedure through its services: lifecycle with the checklist, prescriptions and their follow-up,
inhibition, variations linked to the previous CPE, closure; every illegal move refused with a clear error."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest

from ambito.errors import RegolaViolata
from ambito.formato import oggi
from ambito.scadenze.registry import StatoScadenza
from ambito.tenancy import ambito_scope
from tests.udos import helpers
from udos import services
from udos.models import CPE, StatoCPE, StatoUnita, TipoCPE, UnitaOfferta, VisitaVigilanza
from udos.scadenze import scadenze_cpe

pytestmark = pytest.mark.django_db
D0 = helpers.PRESENTATA_IL


@contextmanager
def dentro(mondo):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
        yield mondo.a


def giorni(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def test_a_start_cpe_puts_the_unit_in_the_register_active_from_filing_with_the_types_checklist(mondo):
    with dentro(mondo) as a:
        cpe = helpers.cpe_avvio(a, denominazione="Nido Girotondo", capacita=40)
        assert cpe.stato == StatoCPE.PRESENTATA and cpe.tipo == TipoCPE.AVVIO
        assert (cpe.unita.stato, cpe.unita.data_avvio, cpe.unita.capacita_autorizzata) == (StatoUnita.ATTIVA, D0, 40)
        codici = [v.requisito.codice for v in cpe.verifiche.order_by("requisito__ordine")]
        assert codici[:3] == ["GEN-01", "GEN-02", "GEN-03"] and "INF-01" in codici and "NIDO-01" in codici
        assert {v.esito for v in cpe.verifiche.all()} == {"da_verificare"}


def test_the_full_lifecycle_with_integrations_and_a_positive_outcome_dates_every_step(mondo):
    with dentro(mondo) as a:
        cpe = helpers.cpe_avvio(a)
        cpe = services.cpe_verifica_start(cpe=cpe, actor=a.operatore, data=giorni(1))
        cpe = services.cpe_integrazioni_request(cpe=cpe, actor=a.operatore, data=giorni(3),
                                                motivo="Manca la planimetria")
        assert cpe.stato == StatoCPE.INTEGRAZIONI_RICHIESTE
        cpe = services.cpe_integrazioni_receive(cpe=cpe, actor=a.operatore, data=giorni(8))
        assert cpe.stato == StatoCPE.VERIFICA_DOCUMENTALE
        helpers.completa_checklist(cpe, a.operatore)
        cpe = services.cpe_vigilanza_request(cpe=cpe, actor=a.operatore, data=giorni(12))
        cpe = services.cpe_esito_record(cpe=cpe, actor=a.operatore, esito=StatoCPE.ESITO_POSITIVO,
                                        data_sopralluogo=giorni(40), data_esito=giorni(50))
        assert cpe.stato == StatoCPE.ESITO_POSITIVO and not cpe.aperta
        assert (cpe.data_verifica, cpe.data_integrazioni_richieste, cpe.data_integrazioni_ricevute,
                cpe.data_richiesta_ats, cpe.data_sopralluogo, cpe.data_esito) == (
            giorni(1), giorni(3), giorni(8), giorni(12), giorni(40), giorni(50))
        # every step is a history row with its actor
        storia = list(CPE.history.filter(id=cpe.pk).order_by("history_date").values_list("stato", flat=True))
        assert storia == ["presentata", "verifica_documentale", "integrazioni_richieste", "verifica_documentale",
                          "vigilanza_richiesta", "esito_positivo"]
        assert set(CPE.history.filter(id=cpe.pk).values_list("history_user", flat=True)) == {a.operatore.pk}
        visita = VisitaVigilanza.objects.get(cpe=cpe)
        assert (visita.data, visita.esito) == (giorni(40), "positivo")


def test_the_ats_cannot_be_asked_before_the_checklist_is_complete(mondo):
    with dentro(mondo) as a:
        cpe = services.cpe_verifica_start(cpe=helpers.cpe_avvio(a), actor=a.operatore, data=giorni(1))
        with pytest.raises(RegolaViolata, match="completa la verifica dei requisiti: 10 ancora da verificare") as e:
            services.cpe_vigilanza_request(cpe=cpe, actor=a.operatore, data=giorni(5))
        assert e.value.codice == "checklist_incompleta"
        cpe.refresh_from_db()
        assert cpe.stato == StatoCPE.VERIFICA_DOCUMENTALE and cpe.data_richiesta_ats is None


def test_a_non_conforming_requirement_needs_a_note(mondo):
    with dentro(mondo) as a:
        cpe = helpers.cpe_avvio(a)
        verifica = cpe.verifiche.first()
        with pytest.raises(RegolaViolata, match="scrivi cosa manca"):
            services.checklist_update(cpe=cpe, actor=a.operatore, esiti={verifica.pk: ("non_conforme", " ")})
        services.checklist_update(cpe=cpe, actor=a.operatore, esiti={verifica.pk: ("non_conforme", "Firma mancante")})
        verifica.refresh_from_db()
        assert (verifica.esito, verifica.nota) == ("non_conforme", "Firma mancante")


@pytest.mark.parametrize("passo", ["vigilanza", "esito", "integrazioni_ricevute", "prescrizioni"])
def test_illegal_transitions_from_presentata_are_refused_and_change_nothing(mondo, passo):
    with dentro(mondo) as a:
        cpe = helpers.cpe_avvio(a)
        chiamate = {
            "vigilanza": lambda: services.cpe_vigilanza_request(cpe=cpe, actor=a.operatore, data=giorni(2)),
            "esito": lambda: services.cpe_esito_record(cpe=cpe, actor=a.operatore, esito="esito_positivo",
                                                       data_sopralluogo=giorni(2), data_esito=giorni(3)),
            "integrazioni_ricevute": lambda: services.cpe_integrazioni_receive(cpe=cpe, actor=a.operatore,
                                                                               data=giorni(2)),
            "prescrizioni": lambda: services.cpe_prescrizioni_close(cpe=cpe, actor=a.operatore, ottemperate=True,
                                                                    data=giorni(2)),
        }
        with pytest.raises(RegolaViolata, match="Una CPE nello stato «Presentata» non può passare a") as e:
            chiamate[passo]()
        assert e.value.codice == "transizione_non_ammessa"
        assert CPE.history.filter(id=cpe.pk).count() == 1


def test_a_closed_cpe_accepts_no_further_step(mondo):
    with dentro(mondo) as a:
        cpe = helpers.cpe_positiva(a)
        with pytest.raises(RegolaViolata, match="«Esito positivo» non può passare a «In verifica documentale»"):
            services.cpe_verifica_start(cpe=cpe, actor=a.operatore, data=oggi())


def test_dates_must_follow_each_other_and_never_lie_in_the_future(mondo):
    with dentro(mondo) as a:
        cpe = helpers.cpe_avvio(a)
        with pytest.raises(RegolaViolata, match="non può precedere la presentazione") as e:
            services.cpe_verifica_start(cpe=cpe, actor=a.operatore, data=giorni(-1))
        assert e.value.campo == "data"
        with pytest.raises(RegolaViolata, match="successiva a oggi"):
            services.cpe_verifica_start(cpe=cpe, actor=a.operatore, data=oggi() + dt.timedelta(days=1))
        cpe = helpers.fino_a_vigilanza(helpers.cpe_avvio(a), a.operatore)
        with pytest.raises(RegolaViolata, match="non può precedere il sopralluogo") as e:
            services.cpe_esito_record(cpe=cpe, actor=a.operatore, esito="esito_positivo", data_sopralluogo=giorni(40),
                                      data_esito=giorni(39))
        assert e.value.campo == "data_esito"


def test_prescriptions_need_text_and_a_deadline_then_compliance_closes_positively(mondo):
    with dentro(mondo) as a:
        cpe = helpers.fino_a_vigilanza(helpers.cpe_avvio(a), a.operatore)
        with pytest.raises(RegolaViolata, match="Scrivi le prescrizioni"):
            services.cpe_esito_record(cpe=cpe, actor=a.operatore, esito="prescrizioni", data_sopralluogo=giorni(30),
                                      data_esito=giorni(35))
        with pytest.raises(RegolaViolata, match="Il termine per ottemperare") as e:
            services.cpe_esito_record(cpe=cpe, actor=a.operatore, esito="prescrizioni", data_sopralluogo=giorni(30),
                                      data_esito=giorni(35), prescrizioni="Adeguare i servizi igienici",
                                      termine_prescrizioni=giorni(35))
        assert e.value.campo == "termine_prescrizioni"
        cpe = services.cpe_esito_record(cpe=cpe, actor=a.operatore, esito="prescrizioni", data_sopralluogo=giorni(30),
                                        data_esito=giorni(35), prescrizioni="Adeguare i servizi igienici",
                                        termine_prescrizioni=giorni(95))
        assert cpe.stato == StatoCPE.PRESCRIZIONI and cpe.unita.stato == StatoUnita.ATTIVA
        visita = VisitaVigilanza.objects.get(cpe=cpe)
        assert (visita.esito, visita.termine, visita.ottemperata_il) == ("prescrizioni", giorni(95), None)
        cpe = services.cpe_prescrizioni_close(cpe=cpe, actor=a.operatore, ottemperate=True, data=giorni(80))
        visita.refresh_from_db()
        assert (cpe.stato, cpe.data_ottemperanza, visita.ottemperata_il) == (StatoCPE.ESITO_POSITIVO, giorni(80),
                                                                             giorni(80))


def test_prescriptions_not_complied_with_inhibit_the_unit(mondo):
    with dentro(mondo) as a:
        cpe = helpers.fino_a_vigilanza(helpers.cpe_avvio(a), a.operatore)
        cpe = services.cpe_esito_record(cpe=cpe, actor=a.operatore, esito="prescrizioni", data_sopralluogo=giorni(30),
                                        data_esito=giorni(35), prescrizioni="Ridurre i posti",
                                        termine_prescrizioni=giorni(65))
        cpe = services.cpe_prescrizioni_close(cpe=cpe, actor=a.operatore, ottemperate=False, data=giorni(70))
        assert cpe.stato == StatoCPE.INIBITA
        assert UnitaOfferta.objects.get(pk=cpe.unita_id).stato == StatoUnita.INIBITA
        with pytest.raises(RegolaViolata, match="serve una nuova CPE di avvio"):
            services.cpe_variazione_create(unita=cpe.unita, actor=a.operatore, tipo="variazione_capacita",
                                           data_presentazione=giorni(80), canale="suap", capacita=20)


def test_a_variation_links_to_the_previous_cpe_and_applies_the_declared_capacity_at_filing(mondo):
    with dentro(mondo) as a:
        prima = helpers.cpe_positiva(a, capacita=30)
        variazione = services.cpe_variazione_create(unita=prima.unita, actor=a.operatore, tipo="variazione_capacita",
                                                    data_presentazione=giorni(120), canale="comune", capacita=20)
        assert variazione.precedente == prima and variazione.stato == StatoCPE.PRESENTATA
        assert UnitaOfferta.objects.get(pk=prima.unita_id).capacita_autorizzata == 20
        storia = UnitaOfferta.history.filter(id=prima.unita_id).order_by("history_date")
        assert [h.capacita_autorizzata for h in storia] == [30, 20]
        with pytest.raises(RegolaViolata, match="C'è una CPE ancora in istruttoria") as e:
            services.cpe_variazione_create(unita=prima.unita, actor=a.operatore, tipo="trasferimento",
                                           data_presentazione=giorni(121), canale="suap", indirizzo="Via Nuova 2")
        assert e.value.codice == "cpe_aperta"


def test_a_transformation_is_checked_against_the_new_types_limits(mondo):
    with dentro(mondo) as a:
        prima = helpers.cpe_positiva(a, capacita=30)
        with pytest.raises(RegolaViolata, match="«Micronido» la capacità massima è 10 bambini: ne sono dichiarati 30"):
            services.cpe_variazione_create(unita=prima.unita, actor=a.operatore, tipo="trasformazione",
                                           data_presentazione=giorni(120), canale="suap", capacita=30,
                                           tipologia=helpers.tipologia("MICRONIDO"))
        cpe = services.cpe_variazione_create(unita=prima.unita, actor=a.operatore, tipo="trasformazione",
                                             data_presentazione=giorni(120), canale="suap", capacita=10,
                                             tipologia=helpers.tipologia("MICRONIDO"))
        assert cpe.unita.tipologia.codice == "MICRONIDO" and cpe.tipologia.codice == "MICRONIDO"


def test_which_changes_need_a_cpe_and_which_a_notice():
    assert services.serve_cpe("capacita") == TipoCPE.VARIAZIONE_CAPACITA
    assert services.serve_cpe("sede") == TipoCPE.TRASFERIMENTO
    assert services.serve_cpe("gestore") == TipoCPE.CAMBIO_GESTORE
    assert services.serve_cpe("tipologia") == TipoCPE.TRASFORMAZIONE
    assert services.serve_cpe("legale_rappresentante") is None


def test_a_new_legal_representative_is_a_notice_and_closure_ends_the_unit(mondo):
    with dentro(mondo) as a:
        unita = helpers.cpe_positiva(a).unita
        services.comunicazione_create(unita=unita, actor=a.operatore, tipo="legale_rappresentante", data=giorni(100),
                                      testo="Nuovo legale rappresentante")
        unita.refresh_from_db()
        assert unita.stato == StatoUnita.ATTIVA and unita.cpe.count() == 1
        unita = services.unita_close(unita=unita, actor=a.operatore, data=giorni(200), motivo="Fine attività")
        assert (unita.stato, unita.data_cessazione) == (StatoUnita.CESSATA, giorni(200))
        with pytest.raises(RegolaViolata, match="non può ricevere la comunicazione «Cessazione dell'attività»"):
            services.unita_close(unita=unita, actor=a.operatore, data=giorni(201))
        with pytest.raises(RegolaViolata, match="L'unità è cessata"):
            services.unita_update(unita=unita, actor=a.operatore, denominazione="Altro nome")


def test_the_30_60_75_day_terms_are_in_the_deadline_registry(mondo):
    with dentro(mondo) as a:
        cpe = helpers.cpe_avvio(a, data=giorni(0))

        def termini(oggi_: dt.date):
            return {s.chiave.split(":")[1]: (s.data, s.stato) for s in scadenze_cpe(
                ambito=a.ambito, dal=dt.date(2025, 1, 1), al=dt.date(2026, 12, 31), oggi=oggi_) if
                s.chiave.startswith(f"{cpe.pk}:")}

        assert termini(giorni(1)) == {"ats": (giorni(30), StatoScadenza.APERTA)}
        assert termini(giorni(31)) == {"ats": (giorni(30), StatoScadenza.SCADUTA)}
        cpe = helpers.fino_a_vigilanza(cpe, a.operatore)  # ATS asked on day 10
        assert termini(giorni(11)) == {"sopralluogo": (giorni(70), StatoScadenza.APERTA),
                                       "esito": (giorni(85), StatoScadenza.APERTA)}
        services.cpe_esito_record(cpe=cpe, actor=a.operatore, esito="esito_positivo", data_sopralluogo=giorni(40),
                                  data_esito=giorni(50))
        assert termini(giorni(51)) == {}
