import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from fondi import selectors, services
from fondi.models import Movimento, TipoMovimento
from tests.fondi.helpers import D, assegnazione, quota

pytestmark = pytest.mark.django_db


def saldi_quota(q, data=dt.date(2099, 1, 1)):
    return selectors.saldi_quote(ambito=q.ambito, data=data).get(q.pk, selectors.Saldi())


def test_an_assegnazione_opens_its_assigned_balance(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, importo="250000.00")
        saldi = selectors.saldi_assegnazioni(ambito=w.ambito, data=dt.date(2025, 12, 31))[a.pk]
        prima = selectors.saldi_assegnazioni(ambito=w.ambito, data=dt.date(2025, 1, 9))
    assert saldi.assegnato == D("250000.00")
    assert saldi.residuo == D("250000.00")
    assert a.pk not in prima


def test_commitments_and_payments_follow_the_quota(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        q = quota(a, w.operatore, importo="10000.00")
        services.impegno_create(quota=q, importo=D("6000.00"), data_contabile=dt.date(2025, 3, 1), actor=w.operatore)
        services.liquidazione_create(quota=q, importo=D("2500.50"), data_contabile=dt.date(2025, 4, 1),
                                     actor=w.operatore)
        services.disimpegno_create(quota=q, importo=D("1000.00"), data_contabile=dt.date(2025, 5, 1),
                                   actor=w.operatore)
        s = saldi_quota(q)
    assert (s.allocato, s.impegnato, s.liquidato) == (D("10000.00"), D("5000.00"), D("2500.50"))
    assert s.disponibile == D("5000.00")


def test_a_commitment_beyond_the_quota_is_refused_with_the_available_amount(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        q = quota(a, w.operatore, importo="10000.00")
        services.impegno_create(quota=q, importo=D("9000.00"), data_contabile=dt.date(2025, 3, 1), actor=w.operatore)
        with pytest.raises(RegolaViolata) as exc:
            services.impegno_create(quota=q, importo=D("1000.01"), data_contabile=dt.date(2025, 3, 2),
                                    actor=w.operatore)
        assert "1.000,00 €" in exc.value.messaggio
        assert Movimento.objects.filter(quota=q, tipo=TipoMovimento.IMPEGNO).count() == 1


def test_a_backdated_payment_cannot_precede_its_commitment(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        q = quota(a, w.operatore)
        services.impegno_create(quota=q, importo=D("5000.00"), data_contabile=dt.date(2025, 6, 1), actor=w.operatore)
        with pytest.raises(RegolaViolata):
            services.liquidazione_create(quota=q, importo=D("100.00"), data_contabile=dt.date(2025, 5, 31),
                                         actor=w.operatore)


def test_the_database_refuses_an_overcommitment_that_bypasses_the_services(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        q = quota(a, w.operatore, importo="100.00")
        with pytest.raises(IntegrityError, match="fondi:"), transaction.atomic():
            Movimento.objects.create(ambito=w.ambito, assegnazione=a, quota=q, tipo="impegno", voce="impegnato",
                                     segno=1, importo=D("100.01"), data_contabile=dt.date(2025, 3, 1))


def test_movements_can_be_neither_changed_nor_deleted(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        m = Movimento.objects.get(assegnazione=a)
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            Movimento.objects.filter(pk=m.pk).update(importo=D("1.00"))
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute("DELETE FROM fondi_movimento WHERE id = %s", [m.pk])
        assert Movimento.objects.get(pk=m.pk).importo == D("100000.00")
