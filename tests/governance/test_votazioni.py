"""The voting rules (ambito.organi.votazioni) with the real populations of four comuni of the Ambito di Lodi
(ANPR residents, 10/01/2024): Lodi 46,053; Codogno 15,885; Casalpusterlengo 15,646;
San Colombano al Lambro 7,409 — total 84,993."""

from decimal import Decimal

import pytest

from ambito.organi.votazioni import (
    APPROVATO,
    ASTENUTO,
    CONTRARIO,
    DOPPIA_MAGGIORANZA,
    FAVOREVOLE,
    MAGGIORANZA_SEMPLICE,
    NON_VALIDO,
    PONDERATO_POPOLAZIONE,
    RESPINTO,
    UNANIMITA,
    UnitaDiVoto,
    calcola_esito,
)

POPOLAZIONI = {"Lodi": 46053, "Codogno": 15885, "Casalpusterlengo": 15646, "San Colombano al Lambro": 7409}


def assemblea(**voti):
    """Units of the four comuni; a keyword per comune (spaces as underscores): a vote, "presente" or absent."""
    unita = []
    for nome, abitanti in POPOLAZIONI.items():
        voto = voti.get(nome.replace(" ", "_"))
        unita.append(UnitaDiVoto(chiave=nome, nome=nome, peso=Decimal(abitanti), presente=voto is not None,
                                 voto=None if voto in (None, "presente") else voto))
    return unita


def esito(unita, regola, qc=50, qp=0):
    return calcola_esito(unita, regola=regola, quorum_componenti_percento=qc, quorum_popolazione_percento=qp)


def test_lodi_outvoted_by_three_small_comuni_wins_by_heads_but_loses_by_population():
    unita = assemblea(Lodi=CONTRARIO, Codogno=FAVOREVOLE, Casalpusterlengo=FAVOREVOLE,
                      San_Colombano_al_Lambro=FAVOREVOLE)
    semplice = esito(unita, MAGGIORANZA_SEMPLICE)
    ponderato = esito(unita, PONDERATO_POPOLAZIONE)
    doppia = esito(unita, DOPPIA_MAGGIORANZA)
    assert semplice.esito == APPROVATO
    assert ponderato.esito == RESPINTO
    assert ponderato.favorevoli.peso == Decimal(38940)
    assert ponderato.contrari.peso == Decimal(46053)
    assert doppia.esito == RESPINTO
    assert any("38.940" in riga and "46.053" in riga for riga in ponderato.spiegazione)


def test_lodi_alone_in_favour_loses_by_heads_but_wins_by_population():
    unita = assemblea(Lodi=FAVOREVOLE, Codogno=CONTRARIO, Casalpusterlengo=CONTRARIO,
                      San_Colombano_al_Lambro=CONTRARIO)
    assert esito(unita, MAGGIORANZA_SEMPLICE).esito == RESPINTO
    assert esito(unita, PONDERATO_POPOLAZIONE).esito == APPROVATO
    assert esito(unita, DOPPIA_MAGGIORANZA).esito == RESPINTO


def test_double_majority_passes_only_when_heads_and_population_agree():
    unita = assemblea(Lodi=FAVOREVOLE, Codogno=FAVOREVOLE, Casalpusterlengo=FAVOREVOLE,
                      San_Colombano_al_Lambro=CONTRARIO)
    risultato = esito(unita, DOPPIA_MAGGIORANZA)
    assert risultato.esito == APPROVATO
    assert (risultato.favorevoli.numero, risultato.favorevoli.peso) == (3, Decimal(77584))


def test_a_tie_in_heads_rejects_under_simple_majority_while_population_decides_the_weighted_vote():
    unita = assemblea(Lodi=FAVOREVOLE, San_Colombano_al_Lambro=FAVOREVOLE, Codogno=CONTRARIO,
                      Casalpusterlengo=CONTRARIO)
    assert esito(unita, MAGGIORANZA_SEMPLICE).esito == RESPINTO
    assert esito(unita, PONDERATO_POPOLAZIONE).esito == APPROVATO  # 53,462 against 31,531
    assert esito(unita, DOPPIA_MAGGIORANZA).esito == RESPINTO


def test_an_exact_tie_in_weight_is_not_a_majority():
    unita = [UnitaDiVoto("a", "A", Decimal(1000), True, FAVOREVOLE), UnitaDiVoto("b", "B", Decimal(1000), True,
                                                                                  CONTRARIO)]
    assert esito(unita, PONDERATO_POPOLAZIONE).esito == RESPINTO


def test_lodi_alone_has_the_population_quorum_but_not_the_members_quorum():
    unita = assemblea(Lodi=FAVOREVOLE)
    risultato = esito(unita, PONDERATO_POPOLAZIONE, qc=50, qp=50)
    assert risultato.esito == NON_VALIDO
    assert not risultato.quorum_raggiunto
    assert risultato.presenti.peso == Decimal(46053)  # 54% of the population: that part is met
    assert esito(unita, PONDERATO_POPOLAZIONE, qc=25, qp=50).esito == APPROVATO


def test_three_small_comuni_have_the_members_quorum_but_not_the_population_quorum():
    unita = assemblea(Codogno=FAVOREVOLE, Casalpusterlengo=FAVOREVOLE, San_Colombano_al_Lambro=FAVOREVOLE)
    risultato = esito(unita, MAGGIORANZA_SEMPLICE, qc=50, qp=50)  # 38,940 of 84,993 = 45.8%
    assert risultato.esito == NON_VALIDO
    assert any("non raggiunto" in riga for riga in risultato.spiegazione)


def test_quorum_is_reached_at_exactly_the_required_percentage():
    unita = assemblea(Lodi=FAVOREVOLE, Codogno=CONTRARIO)
    assert esito(unita, MAGGIORANZA_SEMPLICE, qc=50).quorum_raggiunto  # 2 of 4 = 50%
    assert not esito(unita, MAGGIORANZA_SEMPLICE, qc=51).quorum_raggiunto


def test_abstention_breaks_unanimity():
    unita = assemblea(Lodi=FAVOREVOLE, Codogno=FAVOREVOLE, Casalpusterlengo=FAVOREVOLE,
                      San_Colombano_al_Lambro=ASTENUTO)
    assert esito(unita, UNANIMITA).esito == RESPINTO
    assert esito(unita, MAGGIORANZA_SEMPLICE).esito == APPROVATO  # abstentions do not count against


def test_unanimity_of_those_present_ignores_absent_comuni():
    unita = assemblea(Lodi=FAVOREVOLE, Codogno=FAVOREVOLE, Casalpusterlengo=FAVOREVOLE)
    risultato = esito(unita, UNANIMITA)
    assert risultato.esito == APPROVATO
    assert "unanimità" in risultato.spiegazione[-1]


def test_a_present_comune_that_does_not_vote_breaks_unanimity():
    unita = assemblea(Lodi=FAVOREVOLE, Codogno=FAVOREVOLE, Casalpusterlengo="presente")
    risultato = esito(unita, UNANIMITA)
    assert risultato.esito == RESPINTO
    assert risultato.non_votanti.numero == 1


def test_abstentions_count_for_the_quorum_but_not_as_votes():
    unita = assemblea(Lodi=ASTENUTO, Codogno=ASTENUTO, Casalpusterlengo=FAVOREVOLE)
    risultato = esito(unita, MAGGIORANZA_SEMPLICE, qc=75)
    assert risultato.quorum_raggiunto
    assert risultato.esito == APPROVATO  # 1 in favour, 0 against


def test_nobody_in_favour_is_never_approved():
    unita = assemblea(Lodi=ASTENUTO, Codogno=ASTENUTO, Casalpusterlengo=ASTENUTO, San_Colombano_al_Lambro=ASTENUTO)
    for regola in (MAGGIORANZA_SEMPLICE, PONDERATO_POPOLAZIONE, DOPPIA_MAGGIORANZA, UNANIMITA):
        assert esito(unita, regola).esito == RESPINTO


def test_the_result_is_stored_as_json_safe_data_with_each_units_weight():
    unita = assemblea(Lodi=CONTRARIO, Codogno=FAVOREVOLE)
    dati = esito(unita, PONDERATO_POPOLAZIONE).as_dict()
    assert dati["favorevoli"] == {"numero": 1, "peso": "15885"}
    assert {"chiave": "Lodi", "nome": "Lodi", "peso": "46053", "presente": True, "voto": "contrario"} in dati["unita"]


def test_an_absent_unit_cannot_carry_a_vote_and_units_are_unique():
    with pytest.raises(ValueError):
        UnitaDiVoto("x", "X", Decimal(1), presente=False, voto=FAVOREVOLE)
    with pytest.raises(ValueError):
        calcola_esito([UnitaDiVoto("x", "X"), UnitaDiVoto("x", "X")], regola=MAGGIORANZA_SEMPLICE)
    with pytest.raises(ValueError):
        calcola_esito([], regola="sorteggio")
