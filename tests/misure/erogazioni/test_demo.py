"""The erogazioni demo: plans and a confirmed run for the finanziata domande, a SINA assessment on each domanda with
a plan (the SIUSS flow's SINA block); a clear no-op when none is finanziata."""

from __future__ import annotations

import logging

import pytest

from ambito.tenancy import ambito_scope
from misure.demo import erogazioni as demo
from misure.models import Distinta, Pagamento, PianoErogazione, StatoDistinta, Valutazione
from tests.misure.erogazioni.helpers import finanziata, scenario

pytestmark = pytest.mark.django_db


def test_the_demo_creates_plans_and_a_confirmed_run(mondo):
    w = mondo.a
    s = scenario(w)
    for i in range(4):
        finanziata(w, s, cognome=f"Demo{i}")
    contesto = {"bando_b2": s.prova.bando}
    with ambito_scope(w.ambito, actor=w.responsabile):
        demo.carica(ambito=w.ambito, actor=w.responsabile, contesto=contesto)
        demo.carica(ambito=w.ambito, actor=w.responsabile, contesto=contesto)  # idempotent
        assert PianoErogazione.objects.filter(domanda__bando=s.prova.bando).count() == 4
        distinta = Distinta.objects.get(bando=s.prova.bando)
        assert distinta.stato == StatoDistinta.CONFERMATA and distinta.confermata_da == w.responsabile
        assert distinta.preparata_da == w.operatore
        assert Pagamento.objects.filter(distinta=distinta).count() == 4
        # one SINA assessment per domanda with a plan, not repeated by the second run
        valutazioni = Valutazione.objects.filter(domanda__bando=s.prova.bando)
        assert valutazioni.count() == 4 and not valutazioni.filter(sina_mobilita__isnull=True).exists()
        assert sorted(valutazioni.values_list("strumento", flat=True)) == ["adl", "adl", "svama", "svama"]


def test_without_finanziata_domande_the_demo_says_so_and_does_nothing(mondo, caplog):
    w = mondo.a
    s = scenario(w)
    with ambito_scope(w.ambito, actor=w.responsabile), caplog.at_level(logging.WARNING):
        demo.carica(ambito=w.ambito, actor=w.responsabile, contesto={"bando_b2": s.prova.bando})
        assert not Distinta.objects.exists()
    assert "no finanziata domanda" in caplog.text
