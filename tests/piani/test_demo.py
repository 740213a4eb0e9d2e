"""The piani demo: Lodi's two plans (the 2021 Accordo extended to cover 2024), objectives in areas, projects,
indicators and closed monitoring, a partner's grant, tavoli tematici, the sovrazonale header with Sesto's part;
idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from guardian.shortcuts import get_objects_for_user

from ambito.organi.models import OrganoCollegiale, TipoOrgano
from ambito.tenancy import ambito_scope
from piani import selectors
from piani.demo import carica_demo
from piani.models import EventoPiano, PianoDiZona, Progetto, StatoPiano, ValoreIndicatore

pytestmark = pytest.mark.django_db


def test_the_demo_builds_lodi_s_plans_and_sesto_s_part_once(mondo):
    a, b = mondo.a, mondo.b
    for _ in range(2):
        for w in (a, b):
            with ambito_scope(w.ambito, actor=w.responsabile):
                carica_demo(ambito=w.ambito, actor=w.responsabile)
    with ambito_scope(a.ambito):
        vecchio, nuovo = PianoDiZona.objects.filter(ambito=a.ambito).order_by("triennio")
        assert (vecchio.stato, vecchio.accordo_valido_al) == (StatoPiano.CHIUSO, dt.date(2024, 12, 31))
        assert EventoPiano.objects.get(piano=vecchio, tipo="proroga").atto.numero == "14/2023"
        assert nuovo.stato == StatoPiano.VIGENTE and nuovo.accordo.tipo == "accordo_programma"
        assert nuovo.sottoscrittori.count() == len(a.comuni) + 1
        assert nuovo.progetti.count() == 4 and nuovo.obiettivi.count() == 4
        # one value per project's indicator, plus the computed spending measured from the ledger
        assert ValoreIndicatore.objects.filter(periodo__piano=nuovo, periodo__chiuso=True).count() == 5
        assert {o.tipo for o in OrganoCollegiale.objects.filter(ambito=a.ambito)} >= {TipoOrgano.TAVOLO_TEMATICO}
        concessi = get_objects_for_user(a.partner, "piani.view_progetto", klass=Progetto.objects.filter(
            ambito=a.ambito), accept_global_perms=False)
        assert [p.titolo for p in concessi] == ["Dimissioni protette — parte dell'Ambito di Lodi"]
        testata = selectors.sovrazonale_list(ambito=a.ambito).get()
        procedura = selectors.coprogettazione_list(ambito=a.ambito).get()
        assert procedura.stato == "convenzione" and procedura.n_ammessi == 2
        profilo = {r.voce: r for r in selectors.profilo_comunita(ambito=a.ambito, anno=2024)}
        assert profilo["65 anni e oltre"].sommato and profilo["Anziani che vivono soli"].ambito == Decimal("31.4")
    with ambito_scope(b.ambito):
        assert Progetto.objects.get(ambito=b.ambito).sovrazonale == testata
