"""Computed indicators (``ambito.indicatori``) match an independent count of the underlying rows, and the
plan's spending per macro-area comes from the fondi quotas linked to its projects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum

from ambito.indicatori import indicatore_calcolato, indicatori_registrati
from ambito.tenancy import ambito_scope
from fondi import services as fondi
from fondi.models import Movimento, Quota, TipoMovimento
from piani import selectors, services
from piani.models import Progetto
from tests.fondi.helpers import D, assegnazione, determina_di_liquidazione
from tests.piani import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def spesa(mondo):
    """Two projects (A+I, and J) with quotas of two funds, commitments and payments in 2025 and 2026."""
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        piano = h.piano(w.ambito, w.operatore)
        emporio = h.progetto(piano, w.operatore, titolo="Emporio", codici=("A", "I"))
        disabili = h.progetto(piano, w.operatore, titolo="Dopo di noi", codici=("J",))
        a1 = assegnazione(w.ambito, w.operatore, importo="50000.00", codice="FNPS")
        a2 = assegnazione(w.ambito, w.operatore, importo="30000.00", codice="FNA")
        righe = [(emporio, a1, "10000.00", [("2025-03-01", "2000.00"), ("2025-11-30", "1500.50")]),
                 (emporio, a2, "5000.00", [("2026-02-01", "700.00")]),
                 (disabili, a2, "8000.00", [("2025-06-15", "4000.00")])]
        for progetto, a, importo, liquidazioni in righe:
            q = services.progetto_quota_create(progetto=progetto, actor=w.operatore, assegnazione=a,
                                               importo=D(importo), atto=h.atto(w.ambito),
                                               data_contabile=dt.date(2025, 3, 1))
            fondi.impegno_create(quota=q, importo=D(importo), data_contabile=dt.date(2025, 3, 1), actor=w.operatore)
            for giorno, somma in liquidazioni:
                fondi.liquidazione_create(quota=q, importo=D(somma), data_contabile=dt.date.fromisoformat(giorno),
                                          actor=w.operatore, atto=determina_di_liquidazione(w.ambito))
        services.budget_set(progetto=emporio, actor=w.operatore, anno=2025, fonte="FNPS", importo=D("12000.00"))
        services.budget_set(progetto=disabili, actor=w.operatore, anno=2025, fonte="FNA", importo=D("9000.00"))
    return w, piano, emporio, disabili


def liquidato_contato(progetto: Progetto, dal: dt.date, al: dt.date) -> Decimal:
    """Independent count: the liquidazione movements of the quotas pointing at the project, summed in SQL."""
    ct = ContentType.objects.get_for_model(Progetto)
    quote = Quota.objects.filter(content_type=ct, object_id=progetto.pk).values("pk")
    return Movimento.objects.filter(quota__in=quote, tipo=TipoMovimento.LIQUIDAZIONE,
                                    data_contabile__range=(dal, al)).aggregate(s=Sum("importo"))["s"] or Decimal(0)


def test_paid_per_project_matches_the_liquidazione_movements(spesa):
    w, _piano, emporio, disabili = spesa
    calcolo = indicatore_calcolato("fondi.liquidato_progetto")
    with ambito_scope(w.ambito):
        for progetto in (emporio, disabili):
            for dal, al in ((dt.date(2025, 1, 1), dt.date(2025, 12, 31)), (dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
                            (dt.date(2025, 7, 1), dt.date(2025, 12, 31))):
                contato = liquidato_contato(progetto, dal, al)
                assert calcolo.valore(ambito=w.ambito, dal=dal, al=al, oggetto=progetto) == contato
        assert liquidato_contato(emporio, dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == D("3500.50")  # not empty


def test_paid_for_an_objective_matches_the_movements_of_its_projects_quotas(spesa):
    w, piano, emporio, disabili = spesa
    with ambito_scope(w.ambito, actor=w.operatore):
        obiettivo = h.obiettivo(piano, w.operatore)
        emporio.obiettivi.add(obiettivo)
        disabili.obiettivi.add(obiettivo)
        h.progetto(piano, w.operatore, titolo="Fuori obiettivo")
        dal, al = dt.date(2025, 1, 1), dt.date(2026, 12, 31)
        contato = liquidato_contato(emporio, dal, al) + liquidato_contato(disabili, dal, al)
        indicatore = services.indicatore_create(actor=w.operatore, obiettivo=obiettivo, nome="Spesa dell'obiettivo",
                                                unita="euro", fonte="calcolato", calcolo="fondi.liquidato_progetto")
        calcolato = indicatore_calcolato("fondi.liquidato_progetto").valore(ambito=w.ambito, dal=dal, al=al,
                                                                             oggetto=obiettivo)
        valore = services.valore_compute(indicatore=indicatore, periodo=h.periodo(piano, w.operatore, anno=2026),
                                         actor=w.operatore)
    assert calcolato == contato == D("8200.50")
    assert valore.valore == D("700.00")  # 2026 only: the emporio's second fund


def test_allocated_per_project_and_paid_over_assigned_match_the_rows(spesa):
    w, _piano, emporio, _disabili = spesa
    with ambito_scope(w.ambito):
        al = dt.date(2025, 12, 31)
        allocato = indicatore_calcolato("fondi.allocato_progetto").valore(ambito=w.ambito, dal=al, al=al,
                                                                           oggetto=emporio)
        assert allocato == D("15000.00")
        liquidato = Movimento.objects.filter(ambito=w.ambito, tipo=TipoMovimento.LIQUIDAZIONE,
                                             data_contabile__lte=al).aggregate(s=Sum("importo"))["s"]
        assegnato = Movimento.objects.filter(ambito=w.ambito, tipo=TipoMovimento.ASSEGNAZIONE,
                                             data_contabile__lte=al).aggregate(s=Sum("importo"))["s"]
        percento = indicatore_calcolato("fondi.liquidato_su_assegnato").valore(ambito=w.ambito, dal=al, al=al)
    assert percento == (liquidato * 100 / assegnato).quantize(Decimal("0.01")) == D("9.38")


def test_spending_per_area_sums_the_quotas_of_the_area_s_projects(spesa):
    w, piano, _emporio, _disabili = spesa
    with ambito_scope(w.ambito):
        righe = {r.area.codice: r for r in selectors.spesa_per_area(piano=piano)}
    assert (righe["A"].allocato, righe["A"].liquidato, righe["A"].previsto) == (D("15000.00"), D("4200.50"),
                                                                                D("12000.00"))
    assert righe["I"].allocato == righe["A"].allocato  # the project in two areas counts in each
    assert (righe["J"].allocato, righe["J"].liquidato, righe["J"].previsto) == (D("8000.00"), D("4000.00"),
                                                                                D("9000.00"))
    assert righe["B"].allocato == 0 and righe["B"].progetti == 0


def test_a_computed_indicator_value_is_recorded_as_computed(spesa):
    w, piano, emporio, _ = spesa
    with ambito_scope(w.ambito, actor=w.operatore):
        indicatore = services.indicatore_create(actor=w.operatore, progetto=emporio, nome="Spesa liquidata",
                                                unita="euro", fonte="calcolato", calcolo="fondi.liquidato_progetto")
        valore = services.valore_compute(indicatore=indicatore, periodo=h.periodo(piano, w.operatore),
                                         actor=w.operatore)
    assert valore.calcolato and valore.valore == D("3500.50")


def test_every_registered_indicator_has_a_unit_and_a_label():
    codici = {i.codice for i in indicatori_registrati()}
    assert {"fondi.liquidato_progetto", "fondi.allocato_progetto", "fondi.liquidato_su_assegnato"} <= codici
    assert all(i.unita and i.etichetta for i in indicatori_registrati())
