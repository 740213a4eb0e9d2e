"""Balances at past dates, right after carry-overs (riporti) and corrections (rettifiche)."""

from __future__ import annotations

import datetime as dt

import pytest

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from fondi import selectors, services
from fondi.models import Movimento, TipoMovimento
from tests.fondi.helpers import D, assegnazione, determina_di_liquidazione, quota

pytestmark = pytest.mark.django_db


@pytest.fixture
def storia(mondo):
    """FNA 2023: 100,000 assigned; 60,000 to a bando; 50,000 committed; 30,000 paid; then
    40,000 carried to FNA 2024 (50,000) on 15/01/2025 and the commitment corrected by −5,000
    on 01/02/2025."""
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a23 = assegnazione(w.ambito, w.operatore, annualita=2023, importo="100000.00", data=dt.date(2024, 1, 10))
        a24 = assegnazione(w.ambito, w.operatore, annualita=2024, importo="50000.00", data=dt.date(2025, 1, 10))
        q = quota(a23, w.operatore, importo="60000.00", data=dt.date(2024, 2, 1))
        imp = services.impegno_create(quota=q, importo=D("50000.00"), data_contabile=dt.date(2024, 3, 1),
                                      actor=w.operatore)
        services.liquidazione_create(quota=q, importo=D("30000.00"), data_contabile=dt.date(2024, 6, 1),
                                     atto=determina_di_liquidazione(w.ambito), actor=w.operatore)
        riporto = services.riporto_create(assegnazione=a23, destinazione=a24, importo=D("40000.00"),
                                          data_contabile=dt.date(2025, 1, 15), motivo="Residui 2023",
                                          actor=w.operatore)
        rett = services.rettifica_create(movimento=imp, importo=D("-5000.00"), data_contabile=dt.date(2025, 2, 1),
                                         motivo="Errore di imputazione nella determina", actor=w.operatore)
    return w, a23, a24, q, imp, riporto, rett


def saldi(w, a, giorno):
    with ambito_scope(w.ambito):
        return selectors.saldi_assegnazioni(ambito=w.ambito, data=giorno).get(a.pk, selectors.Saldi())


def test_before_the_carry_over_the_old_annualita_keeps_its_whole_assignment(storia):
    w, a23, a24, *_ = storia
    s = saldi(w, a23, dt.date(2024, 12, 31))
    assert (s.assegnato, s.allocato, s.impegnato, s.liquidato) == (D("100000.00"), D("60000.00"), D("50000.00"),
                                                                   D("30000.00"))
    assert saldi(w, a24, dt.date(2024, 12, 31)).assegnato == D("0.00")


def test_on_the_day_of_the_carry_over_the_residue_moves_to_the_next_annualita(storia):
    w, a23, a24, *_ = storia
    assert saldi(w, a23, dt.date(2025, 1, 14)).assegnato == D("100000.00")
    assert saldi(w, a23, dt.date(2025, 1, 15)).assegnato == D("60000.00")
    assert saldi(w, a24, dt.date(2025, 1, 15)).assegnato == D("90000.00")
    assert saldi(w, a23, dt.date(2025, 1, 15)).da_allocare == D("0.00")


def test_a_correction_changes_the_balance_only_from_its_own_date(storia):
    w, a23, *_ = storia
    assert saldi(w, a23, dt.date(2025, 1, 31)).impegnato == D("50000.00")
    assert saldi(w, a23, dt.date(2025, 2, 1)).impegnato == D("45000.00")
    assert saldi(w, a23, dt.date(2025, 2, 1)).residuo == D("15000.00")


def test_the_position_report_by_annualita_agrees_at_each_date(storia):
    w, *_ = storia
    with ambito_scope(w.ambito):
        prima = selectors.posizione_get(ambito=w.ambito, data=dt.date(2024, 12, 31), per=["annualita"])
        dopo = selectors.posizione_get(ambito=w.ambito, data=dt.date(2025, 2, 1), per=["annualita"])
    per_anno = {r.chiavi["assegnazione__annualita"]: r.saldi for r in dopo.righe}
    assert [r.chiavi["assegnazione__annualita"] for r in prima.righe] == [2023]
    assert per_anno[2023].assegnato == D("60000.00")
    assert per_anno[2024].assegnato == D("90000.00")
    assert dopo.totale.assegnato == D("150000.00")  # a riporto moves money, it does not create it
    assert dopo.totale.impegnato == D("45000.00")


def test_correcting_a_carry_over_corrects_both_legs(storia):
    w, a23, a24, _q, _imp, riporto, _rett = storia
    with ambito_scope(w.ambito, actor=w.operatore):
        services.rettifica_create(movimento=riporto, importo=D("-10000.00"), data_contabile=dt.date(2025, 3, 1),
                                  motivo="Riporto eccessivo", actor=w.operatore)
        assert Movimento.objects.filter(tipo=TipoMovimento.RETTIFICA, rettifica_di__collegato=riporto).count() == 1
    assert saldi(w, a23, dt.date(2025, 3, 1)).assegnato == D("70000.00")
    assert saldi(w, a24, dt.date(2025, 3, 1)).assegnato == D("80000.00")
    assert saldi(w, a24, dt.date(2025, 2, 28)).assegnato == D("90000.00")


def test_a_correction_that_breaks_a_later_balance_is_refused(storia):
    w, _a23, _a24, q, *_ = storia
    with ambito_scope(w.ambito, actor=w.operatore):
        allocazione = Movimento.objects.get(quota=q, tipo=TipoMovimento.ALLOCAZIONE)
        # 60,000 allocated → 40,000 would be below the 45,000 committed.
        with pytest.raises(RegolaViolata, match="parte non impegnata"):
            services.rettifica_create(movimento=allocazione, importo=D("-20000.00"),
                                      data_contabile=dt.date(2025, 2, 1), motivo="x", actor=w.operatore)


def test_a_carry_over_cannot_take_allocated_money(storia):
    w, a23, a24, *_ = storia
    with ambito_scope(w.ambito, actor=w.operatore), pytest.raises(RegolaViolata, match="non ancora allocato"):
        services.riporto_create(assegnazione=a23, destinazione=a24, importo=D("0.01"),
                                data_contabile=dt.date(2025, 4, 1), motivo="x", actor=w.operatore)


def test_a_backdated_carry_over_cannot_break_an_allocation_made_later(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a23 = assegnazione(w.ambito, w.operatore, annualita=2023, importo="1000.00", data=dt.date(2024, 1, 10))
        a24 = assegnazione(w.ambito, w.operatore, annualita=2024, importo="1000.00", data=dt.date(2024, 1, 10))
        quota(a23, w.operatore, importo="800.00", data=dt.date(2024, 6, 1))
        # On 01/03/2024 1,000 were free, but from 01/06/2024 only 200 are.
        with pytest.raises(RegolaViolata, match="200,00 € al 01/06/2024"):
            services.riporto_create(assegnazione=a23, destinazione=a24, importo=D("500.00"),
                                    data_contabile=dt.date(2024, 3, 1), motivo="x", actor=w.operatore)


def test_a_rettifica_needs_a_reason_and_cannot_precede_the_original(storia):
    w, _a23, _a24, _q, imp, *_ = storia
    with ambito_scope(w.ambito, actor=w.operatore):
        with pytest.raises(RegolaViolata, match="motivo"):
            services.rettifica_create(movimento=imp, importo=D("1.00"), data_contabile=dt.date(2025, 3, 1),
                                      motivo=" ", actor=w.operatore)
        with pytest.raises(RegolaViolata, match="precedere"):
            services.rettifica_create(movimento=imp, importo=D("1.00"), data_contabile=dt.date(2024, 2, 1),
                                      motivo="x", actor=w.operatore)


def test_the_history_of_an_assegnazione_is_linked_from_its_page_and_reads_as_a_user_expects(mondo, client_per):
    """Issue 14, defect 5: no link from the page, years as "2.025", amounts without €, and a breadcrumb
    that did not lead back to the object."""
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, importo="250000.00", annualita=2025)
    client = client_per(w.operatore)
    pagina_url = f"/a/{w.ambito.slug}/fondi/assegnazioni/{a.pk}/"
    storico_url = f"/a/{w.ambito.slug}/storico/fondi.assegnazione/{a.pk}/"
    assert f'href="{storico_url}"' in client.get(pagina_url).content.decode()
    storico = client.get(storico_url).content.decode()
    assert "<td>2025</td>" in storico and "2.025" not in storico
    assert "<td>250.000,00 €</td>" in storico
    assert f'<a href="{pagina_url}">' in storico.split('aria-label="Percorso di navigazione"')[1].split("</ol>")[0]
    # Roles that cannot read histories get no link.
    assert storico_url not in client_per(w.sindaco).get(pagina_url).content.decode()
