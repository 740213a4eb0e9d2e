"""Comuni of an Ambito over time: one Ambito per comune per date, enforced by the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django_scopes import scopes_disabled

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from ambito.territorio.models import AppartenenzaComune, Comune, SubAmbito
from ambito.territorio.selectors import appartenenza_list, territorio_riepilogo
from ambito.territorio.services import (
    appartenenza_close,
    appartenenza_create,
    appartenenza_set_sub_ambito,
    sub_ambito_create,
    sub_ambito_delete,
)
from tests.conftest import Mondo

pytestmark = pytest.mark.django_db

D = dt.date


def conta_appartenenze() -> int:
    with scopes_disabled():
        return AppartenenzaComune.objects.count()


def test_a_comune_of_another_ambito_on_overlapping_dates_is_refused_with_a_clear_message(mondo: Mondo):
    sesto = mondo.b.comuni[0]  # belongs to Ambito B since 2020-01-01, open-ended
    prima = conta_appartenenze()
    with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile), pytest.raises(RegolaViolata) as exc:
        appartenenza_create(ambito=mondo.a.ambito, actor=mondo.a.responsabile, comune=sesto,
                            valido_dal=D(2026, 1, 1))
    assert "appartiene già a un altro Ambito" in exc.value.messaggio
    assert "Sesto San Giovanni" in exc.value.messaggio
    assert exc.value.campo == "comune"
    assert conta_appartenenze() == prima


def test_the_database_itself_refuses_overlapping_memberships(mondo: Mondo):
    with scopes_disabled(), pytest.raises(IntegrityError, match="appartenenza_un_ambito_per_data"), \
            transaction.atomic():
        AppartenenzaComune.objects.create(ambito=mondo.a.ambito, comune=mondo.b.comuni[0],
                                          valido_dal=D(2019, 1, 1), valido_al=D(2020, 1, 1))


def test_consecutive_periods_in_two_ambiti_are_allowed(mondo: Mondo):
    cologno = mondo.b.comuni[1]
    with ambito_scope(mondo.b.ambito, actor=mondo.b.responsabile):
        periodo_b = AppartenenzaComune.objects.get(ambito=mondo.b.ambito, comune=cologno)
        appartenenza_close(appartenenza=periodo_b, actor=mondo.b.responsabile, valido_al=D(2025, 12, 31))
    with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
        nuovo = appartenenza_create(ambito=mondo.a.ambito, actor=mondo.a.responsabile, comune=cologno,
                                    valido_dal=D(2026, 1, 1))
        assert cologno in [a.comune for a in appartenenza_list(ambito=mondo.a.ambito, data=D(2026, 1, 1))]
        assert cologno not in [a.comune for a in appartenenza_list(ambito=mondo.a.ambito, data=D(2025, 12, 31))]
    assert nuovo.pk is not None


def test_a_one_day_overlap_between_ambiti_is_refused(mondo: Mondo):
    cologno = mondo.b.comuni[1]
    with ambito_scope(mondo.b.ambito, actor=mondo.b.responsabile):
        periodo_b = AppartenenzaComune.objects.get(ambito=mondo.b.ambito, comune=cologno)
        appartenenza_close(appartenenza=periodo_b, actor=mondo.b.responsabile, valido_al=D(2025, 12, 31))
    with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile), pytest.raises(RegolaViolata):
        appartenenza_create(ambito=mondo.a.ambito, actor=mondo.a.responsabile, comune=cologno,
                            valido_dal=D(2025, 12, 31))


def test_reopening_a_closed_period_that_would_overlap_another_ambito_is_refused(mondo: Mondo):
    cologno = mondo.b.comuni[1]
    with ambito_scope(mondo.b.ambito, actor=mondo.b.responsabile):
        periodo_b = AppartenenzaComune.objects.get(ambito=mondo.b.ambito, comune=cologno)
        appartenenza_close(appartenenza=periodo_b, actor=mondo.b.responsabile, valido_al=D(2025, 12, 31))
    with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
        appartenenza_create(ambito=mondo.a.ambito, actor=mondo.a.responsabile, comune=cologno,
                            valido_dal=D(2026, 1, 1))
    with ambito_scope(mondo.b.ambito, actor=mondo.b.responsabile), pytest.raises(RegolaViolata):
        appartenenza_close(appartenenza=periodo_b, actor=mondo.b.responsabile, valido_al=None)
    with scopes_disabled():
        periodo_b.refresh_from_db()
    assert periodo_b.valido_al == D(2025, 12, 31)


def test_the_same_comune_twice_in_one_ambito_is_refused_naming_the_existing_period(mondo: Mondo):
    lodi = mondo.a.comuni[0]
    with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile), pytest.raises(RegolaViolata) as exc:
        appartenenza_create(ambito=mondo.a.ambito, actor=mondo.a.responsabile, comune=lodi, valido_dal=D(2026, 3, 1))
    assert exc.value.messaggio == "Il comune di Lodi appartiene già a questo Ambito dal 01/01/2020."


def test_an_end_before_the_start_is_refused(mondo: Mondo):
    comune = Comune.objects.create(codice_istat="098001", codice_catastale="A004", denominazione="Abbadia Cerreto",
                                   sigla_provincia="LO", codice_regione="03")
    with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile), pytest.raises(RegolaViolata) as exc:
        appartenenza_create(ambito=mondo.a.ambito, actor=mondo.a.responsabile, comune=comune,
                            valido_dal=D(2026, 3, 1), valido_al=D(2026, 2, 1))
    assert exc.value.campo == "valido_al"


def test_a_ceased_comune_cannot_join_after_its_end(mondo: Mondo):
    ronago = Comune.objects.create(codice_istat="013199", codice_catastale="H537", denominazione="Ronago",
                                   sigla_provincia="CO", codice_regione="03", valido_al=D(2024, 1, 31))
    with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile), pytest.raises(RegolaViolata) as exc:
        appartenenza_create(ambito=mondo.a.ambito, actor=mondo.a.responsabile, comune=ronago,
                            valido_dal=D(2025, 1, 1))
    assert exc.value.messaggio == "Il comune di Ronago è cessato il 31/01/2024."


def test_lodi_crosses_a_province_boundary_with_san_colombano_al_lambro(mondo: Mondo):
    with ambito_scope(mondo.a.ambito):
        riepilogo = territorio_riepilogo(ambito=mondo.a.ambito, data=D(2026, 1, 1))
    assert riepilogo.interprovinciale
    assert [(p.sigla, p.comuni) for p in riepilogo.province] == [("LO", 3), ("MI", 1)]
    assert riepilogo.popolazione == 46053 + 15885 + 15646 + 7409
    with ambito_scope(mondo.b.ambito):
        assert not territorio_riepilogo(ambito=mondo.b.ambito, data=D(2026, 1, 1)).interprovinciale


def test_sub_ambiti_group_comuni_and_deleting_one_keeps_the_comuni_in_the_ambito(mondo: Mondo):
    with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
        periodi = list(appartenenza_list(ambito=mondo.a.ambito, data=D(2026, 1, 1)))
        basso = sub_ambito_create(ambito=mondo.a.ambito, actor=mondo.a.responsabile, nome="  Basso   Lodigiano ",
                                  comuni=periodi[:2])
        assert basso.nome == "Basso Lodigiano"
        assert [p.sub_ambito for p in appartenenza_list(ambito=mondo.a.ambito, data=D(2026, 1, 1))][:2] == [basso] * 2
        with pytest.raises(RegolaViolata, match="Esiste già"):
            sub_ambito_create(ambito=mondo.a.ambito, actor=mondo.a.responsabile, nome="basso lodigiano")
        sub_ambito_delete(sub_ambito=basso, actor=mondo.a.responsabile)
        dopo = list(appartenenza_list(ambito=mondo.a.ambito, data=D(2026, 1, 1)))
        assert len(dopo) == 4 and all(p.sub_ambito is None for p in dopo)
        assert not SubAmbito.objects.filter(ambito=mondo.a.ambito).exists()
        # Each comune's loss of its sub-ambito is in its history, with the actor.
        ultima = dopo[0].history.first()
        assert ultima.sub_ambito_id is None and ultima.history_user == mondo.a.responsabile


def test_a_sub_ambito_of_another_ambito_cannot_be_assigned(mondo: Mondo):
    with scopes_disabled():
        estraneo = SubAmbito.objects.create(ambito=mondo.b.ambito, nome="Nord")
    with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
        periodo = appartenenza_list(ambito=mondo.a.ambito, data=D(2026, 1, 1)).first()
        with pytest.raises(RegolaViolata):
            appartenenza_set_sub_ambito(appartenenza=periodo, actor=mondo.a.responsabile, sub_ambito=estraneo)
