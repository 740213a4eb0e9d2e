"""Collegial bodies, attendance, votes and outcomes (ambito.organi.services) on the real
populations of the four comuni of mondo.a."""

from __future__ import annotations

import datetime as dt

import pytest

from ambito.atti.models import Atto, TipoAtto
from ambito.errors import RegolaViolata
from ambito.organi.models import EsitoVotazione, Presenza, TipoOrgano, Voto
from ambito.organi.services import (
    componente_create,
    componente_update,
    organo_create,
    punto_create,
    seduta_close,
    seduta_create,
    seduta_presenze_set,
    votazione_close,
    voto_record,
)
from ambito.tenancy import ambito_scope
from ambito.tenancy.models import RegolaVoto
from tests.governance.helpers import GIORNO, alle_18, crea_assemblea, vota

pytestmark = pytest.mark.django_db


def regola(w, regola, qc=50, qp=0):
    w.ambito.regola_voto = regola
    w.ambito.quorum_componenti_percento = qc
    w.ambito.quorum_popolazione_percento = qp
    w.ambito.save()


def chiudi(w, assemblea):
    with ambito_scope(w.ambito, actor=w.responsabile):
        return votazione_close(punto=assemblea.punto, actor=w.responsabile)


LODI_CONTRO_TUTTI = {"Lodi": "contrario", "Codogno": "favorevole", "Casalpusterlengo": "favorevole",
                     "San_Colombano_al_Lambro": "favorevole"}


class TestOutcome:
    def test_three_small_comuni_approve_by_simple_majority_and_the_act_is_produced(self, mondo):
        regola(mondo.a, RegolaVoto.MAGGIORANZA_SEMPLICE)
        assemblea = crea_assemblea(mondo.a)
        vota(mondo.a, assemblea, **LODI_CONTRO_TUTTI)
        punto = chiudi(mondo.a, assemblea)
        assert punto.esito == EsitoVotazione.APPROVATO
        with ambito_scope(mondo.a.ambito):
            atto = Atto.objects.get(pk=punto.atto_id)
        assert atto.tipo == TipoAtto.DELIBERAZIONE_ASSEMBLEA
        assert (atto.numero, atto.data, atto.organo_id) == ("1", GIORNO, assemblea.organo.pk)
        assert atto.oggetto == "Approvazione del Piano di Zona 2025-2027"
        assert not atto.pubblicato

    def test_the_same_votes_are_rejected_when_the_ambito_weighs_by_population(self, mondo):
        regola(mondo.a, RegolaVoto.PONDERATO_POPOLAZIONE)
        assemblea = crea_assemblea(mondo.a)
        vota(mondo.a, assemblea, **LODI_CONTRO_TUTTI)
        punto = chiudi(mondo.a, assemblea)
        assert punto.esito == EsitoVotazione.RESPINTO
        assert punto.atto_id is None
        dettaglio = punto.dettaglio_esito
        assert dettaglio["regola"] == "ponderato_popolazione"
        assert dettaglio["favorevoli"] == {"numero": 3, "peso": "38940"}
        assert dettaglio["contrari"] == {"numero": 1, "peso": "46053"}
        assert {"chiave": "comune:098031", "nome": "Lodi", "peso": "46053", "presente": True,
                "voto": "contrario"} in dettaglio["unita"]
        assert any("ANPR" in nota and "2024" in nota for nota in dettaglio["note"])

    def test_double_majority_needs_both_heads_and_population(self, mondo):
        regola(mondo.a, RegolaVoto.DOPPIA_MAGGIORANZA)
        assemblea = crea_assemblea(mondo.a)
        vota(mondo.a, assemblea, **LODI_CONTRO_TUTTI)
        assert chiudi(mondo.a, assemblea).esito == EsitoVotazione.RESPINTO

    def test_an_abstention_breaks_unanimity(self, mondo):
        regola(mondo.a, RegolaVoto.UNANIMITA)
        assemblea = crea_assemblea(mondo.a)
        vota(mondo.a, assemblea, Lodi="favorevole", Codogno="favorevole", Casalpusterlengo="favorevole",
             San_Colombano_al_Lambro="astenuto")
        punto = chiudi(mondo.a, assemblea)
        assert punto.esito == EsitoVotazione.RESPINTO
        assert "Unanimità non raggiunta" in punto.dettaglio_esito["spiegazione"][-1]

    def test_below_quorum_the_vote_is_not_valid_and_no_act_is_produced(self, mondo):
        regola(mondo.a, RegolaVoto.MAGGIORANZA_SEMPLICE, qc=50, qp=50)
        # Codogno, Casalpusterlengo and San Colombano: 3 of 4 members but 38,940 of 84,993 residents.
        assemblea = crea_assemblea(mondo.a, presenti=("Codogno", "Casalpusterlengo", "San Colombano al Lambro"))
        vota(mondo.a, assemblea, Codogno="favorevole", Casalpusterlengo="favorevole",
             San_Colombano_al_Lambro="favorevole")
        punto = chiudi(mondo.a, assemblea)
        assert punto.esito == EsitoVotazione.NON_VALIDO
        assert punto.atto_id is None
        with ambito_scope(mondo.a.ambito):
            assert not Atto.objects.exists()

    def test_every_comune_of_the_ambito_counts_for_the_quorum_even_without_a_registered_mayor(self, mondo):
        regola(mondo.a, RegolaVoto.MAGGIORANZA_SEMPLICE, qc=60)
        assemblea = crea_assemblea(mondo.a, presenti=("Lodi", "Codogno"))
        vota(mondo.a, assemblea, Lodi="favorevole", Codogno="favorevole")
        punto = chiudi(mondo.a, assemblea)
        assert punto.dettaglio_esito["totale"]["numero"] == 4
        assert punto.esito == EsitoVotazione.NON_VALIDO  # 2 of 4 = 50% < 60%

    def test_an_ambito_that_calls_its_acts_risoluzioni_gets_a_risoluzione(self, mondo):
        assemblea = crea_assemblea(mondo.a, tipo_atto=TipoAtto.RISOLUZIONE_ASSEMBLEA)
        vota(mondo.a, assemblea, Lodi="favorevole", Codogno="favorevole")
        punto = chiudi(mondo.a, assemblea)
        with ambito_scope(mondo.a.ambito):
            assert Atto.objects.get(pk=punto.atto_id).tipo == TipoAtto.RISOLUZIONE_ASSEMBLEA

    def test_acts_produced_in_the_same_year_are_numbered_in_sequence(self, mondo):
        assemblea = crea_assemblea(mondo.a)
        vota(mondo.a, assemblea, Lodi="favorevole")
        chiudi(mondo.a, assemblea)
        with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
            secondo = punto_create(seduta=assemblea.seduta, actor=mondo.a.responsabile, oggetto="Regolamento ISEE")
            voto_record(punto=secondo, actor=None, componente=assemblea.sindaci["Codogno"], valore="favorevole")
            secondo = votazione_close(punto=secondo, actor=mondo.a.responsabile)
            assert secondo.numero == 2
            assert Atto.objects.get(pk=secondo.atto_id).numero == "2"

    def test_a_vote_cannot_be_closed_twice_nor_changed_after_closing(self, mondo):
        assemblea = crea_assemblea(mondo.a)
        vota(mondo.a, assemblea, Lodi="favorevole")
        chiudi(mondo.a, assemblea)
        with pytest.raises(RegolaViolata, match="chiusa"):
            chiudi(mondo.a, assemblea)
        with pytest.raises(RegolaViolata, match="chiusa"):
            vota(mondo.a, assemblea, Lodi="contrario")
        with ambito_scope(mondo.a.ambito):
            assert Atto.objects.count() == 1
            assert Voto.objects.get().valore == "favorevole"

    def test_a_tavolo_decides_by_simple_majority_and_adopts_no_act(self, mondo):
        regola(mondo.a, RegolaVoto.PONDERATO_POPOLAZIONE)
        w = mondo.a
        with ambito_scope(w.ambito, actor=w.responsabile):
            tavolo = organo_create(ambito=w.ambito, actor=w.responsabile, tipo=TipoOrgano.TAVOLO_TEMATICO,
                                   nome="Tavolo povertà")
            assert tavolo.tipo_atto == ""
            lodi = componente_create(organo=tavolo, actor=None, nominativo="Assistente di Lodi", comune=w.comuni[0],
                                     valido_dal=dt.date(2025, 1, 1))
            asst = componente_create(organo=tavolo, actor=None, nominativo="Referente ASST", ente=w.asst,
                                     valido_dal=dt.date(2025, 1, 1))
            cooperativa = componente_create(organo=tavolo, actor=None, nominativo="Cooperativa", ente=w.asst,
                                            valido_dal=dt.date(2025, 1, 1))
            seduta = seduta_create(organo=tavolo, actor=None, data=alle_18())
            seduta_presenze_set(seduta=seduta, actor=None, presenti=[lodi, asst, cooperativa])
            punto = punto_create(seduta=seduta, actor=None, oggetto="Proposta di co-progettazione")
            voto_record(punto=punto, actor=None, componente=lodi, valore="contrario")
            voto_record(punto=punto, actor=None, componente=asst, valore="favorevole")
            voto_record(punto=punto, actor=None, componente=cooperativa, valore="favorevole")
            punto = votazione_close(punto=punto, actor=None)
        assert punto.esito == EsitoVotazione.APPROVATO  # heads, although Lodi alone outweighs the others
        assert punto.dettaglio_esito["regola"] == "maggioranza_semplice"
        assert punto.atto_id is None

    def test_weighted_rules_refuse_to_count_a_comune_without_population(self, mondo):
        regola(mondo.a, RegolaVoto.PONDERATO_POPOLAZIONE)
        comune = mondo.a.comuni[3]
        comune.popolazione = None
        comune.save()
        assemblea = crea_assemblea(mondo.a)
        vota(mondo.a, assemblea, Lodi="favorevole")
        with pytest.raises(RegolaViolata, match="San Colombano"):
            chiudi(mondo.a, assemblea)
        with ambito_scope(mondo.a.ambito):
            assert not Atto.objects.exists()


class TestWhoMayVote:
    def test_a_delegate_votes_for_the_comune_of_the_mayor_they_stand_in_for(self, mondo):
        regola(mondo.a, RegolaVoto.PONDERATO_POPOLAZIONE)
        assemblea = crea_assemblea(mondo.a, presenti=("Codogno",))
        w = mondo.a
        with ambito_scope(w.ambito, actor=w.responsabile):
            delegato = componente_create(organo=assemblea.organo, actor=None, nominativo="Assessore di Lodi",
                                         delegato_di=assemblea.sindaci["Lodi"], valido_dal=dt.date(2026, 1, 1))
            assert delegato.comune_id == w.comuni[0].pk
            seduta_presenze_set(seduta=assemblea.seduta, actor=None, presenti=[delegato, assemblea.sindaci["Codogno"]])
            voto_record(punto=assemblea.punto, actor=None, componente=delegato, valore="favorevole")
            voto_record(punto=assemblea.punto, actor=None, componente=assemblea.sindaci["Codogno"], valore="contrario")
            punto = votazione_close(punto=assemblea.punto, actor=None)
        assert punto.esito == EsitoVotazione.APPROVATO  # Lodi's 46,053 through its delegate
        assert {"chiave": "comune:098031", "nome": "Lodi", "peso": "46053", "presente": True,
                "voto": "favorevole"} in punto.dettaglio_esito["unita"]

    def test_mayor_and_delegate_of_one_comune_cannot_both_vote(self, mondo):
        assemblea = crea_assemblea(mondo.a)
        w = mondo.a
        with ambito_scope(w.ambito, actor=w.responsabile):
            delegato = componente_create(organo=assemblea.organo, actor=None, nominativo="Assessore di Lodi",
                                         delegato_di=assemblea.sindaci["Lodi"], valido_dal=dt.date(2026, 1, 1))
            seduta_presenze_set(seduta=assemblea.seduta, actor=None,
                                presenti=[*assemblea.sindaci.values(), delegato])
            voto_record(punto=assemblea.punto, actor=None, componente=assemblea.sindaci["Lodi"], valore="contrario")
            with pytest.raises(RegolaViolata, match="Sindaco di Lodi"):
                voto_record(punto=assemblea.punto, actor=None, componente=delegato, valore="favorevole")
            assert Voto.objects.count() == 1

    def test_an_absent_member_cannot_vote(self, mondo):
        assemblea = crea_assemblea(mondo.a, presenti=("Lodi",))
        with pytest.raises(RegolaViolata, match="non risulta presente"):
            vota(mondo.a, assemblea, Codogno="favorevole")

    def test_a_member_whose_term_ended_cannot_be_present_nor_vote(self, mondo):
        assemblea = crea_assemblea(mondo.a, presenti=("Lodi",))
        w = mondo.a
        with ambito_scope(w.ambito, actor=w.responsabile):
            codogno = componente_update(componente=assemblea.sindaci["Codogno"], actor=None,
                                        nominativo="Sindaco di Codogno", qualifica="Sindaco",
                                        valido_dal=dt.date(2024, 6, 10), valido_al=GIORNO - dt.timedelta(days=1))
            with pytest.raises(RegolaViolata, match="non è in carica"):
                seduta_presenze_set(seduta=assemblea.seduta, actor=None, presenti=[assemblea.sindaci["Lodi"], codogno])
            with pytest.raises(RegolaViolata, match="non è in carica"):
                voto_record(punto=assemblea.punto, actor=None, componente=codogno, valore="favorevole")

    def test_a_member_who_voted_on_an_open_item_cannot_be_marked_absent(self, mondo):
        assemblea = crea_assemblea(mondo.a, presenti=("Lodi", "Codogno"))
        vota(mondo.a, assemblea, Codogno="favorevole")
        with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile), pytest.raises(RegolaViolata, match="Codogno"):
            seduta_presenze_set(seduta=assemblea.seduta, actor=None, presenti=[assemblea.sindaci["Lodi"]])
        with ambito_scope(mondo.a.ambito):
            assert Presenza.objects.filter(seduta=assemblea.seduta).count() == 2

    def test_a_vote_can_be_changed_until_the_vote_is_closed(self, mondo):
        assemblea = crea_assemblea(mondo.a)
        vota(mondo.a, assemblea, Lodi="contrario")
        vota(mondo.a, assemblea, Lodi="favorevole")
        with ambito_scope(mondo.a.ambito):
            voto = Voto.objects.get()
            assert voto.valore == "favorevole"
            assert [h.valore for h in voto.history.order_by("history_date")] == ["contrario", "favorevole"]


class TestMembersAndSessions:
    def test_an_assemblea_member_represents_a_comune_of_the_ambito(self, mondo):
        w = mondo.a
        with ambito_scope(w.ambito, actor=w.responsabile):
            organo = organo_create(ambito=w.ambito, actor=None, tipo=TipoOrgano.ASSEMBLEA, nome="Assemblea")
            with pytest.raises(RegolaViolata, match="rappresentano un comune"):
                componente_create(organo=organo, actor=None, nominativo="ASST", ente=w.asst,
                                  valido_dal=dt.date(2025, 1, 1))
            with pytest.raises(RegolaViolata, match="non appartiene all'Ambito"):
                componente_create(organo=organo, actor=None, nominativo="Sindaco di Sesto",
                                  comune=mondo.b.comuni[0], valido_dal=dt.date(2025, 1, 1))

    def test_validity_dates_must_be_in_order(self, mondo):
        w = mondo.a
        with ambito_scope(w.ambito, actor=w.responsabile):
            organo = organo_create(ambito=w.ambito, actor=None, tipo=TipoOrgano.ASSEMBLEA, nome="Assemblea")
            with pytest.raises(RegolaViolata, match="precede"):
                componente_create(organo=organo, actor=None, nominativo="X", comune=w.comuni[0],
                                  valido_dal=dt.date(2025, 1, 1), valido_al=dt.date(2024, 1, 1))

    def test_a_closed_session_cannot_be_changed_and_closes_only_when_every_vote_is_done(self, mondo):
        assemblea = crea_assemblea(mondo.a)
        w = mondo.a
        with ambito_scope(w.ambito, actor=w.responsabile):
            with pytest.raises(RegolaViolata, match="punti da votare"):
                seduta_close(seduta=assemblea.seduta, actor=None)
            voto_record(punto=assemblea.punto, actor=None, componente=assemblea.sindaci["Lodi"], valore="favorevole")
            votazione_close(punto=assemblea.punto, actor=None)
            seduta_close(seduta=assemblea.seduta, actor=None)
            with pytest.raises(RegolaViolata, match="chiusa"):
                punto_create(seduta=assemblea.seduta, actor=None, oggetto="Varie ed eventuali")

    def test_the_population_reference_date_defaults_to_the_session_day(self, mondo):
        w = mondo.a
        with ambito_scope(w.ambito, actor=w.responsabile):
            organo = organo_create(ambito=w.ambito, actor=None, tipo=TipoOrgano.GIUNTA, nome="Giunta")
            seduta = seduta_create(organo=organo, actor=None, data=alle_18())
        assert seduta.data_riferimento_popolazione == GIORNO
        assert organo.tipo_atto == TipoAtto.DELIBERAZIONE_GIUNTA
