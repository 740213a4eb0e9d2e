"""The demo loader maps the B2 strumenti (so the dashboard by measure shows the demo domande under an ISTAT area),
idempotently. On the shared world, not through seed_demo (that one takes a minute and a half)."""

from __future__ import annotations

import pytest

from ambito.tenancy import ambito_scope
from misure.models import StatoDomanda
from rendicontazione.cruscotto_misure import cruscotto_misure
from rendicontazione.demo import carica_demo
from rendicontazione.selectors import mappatura_per
from tests.misure.domande.helpers import bando_b2
from tests.rendicontazione.test_cruscotto_misure import domanda

pytestmark = pytest.mark.django_db


def test_the_demo_maps_the_b2_strumenti_and_feeds_the_dashboard(mondo) -> None:
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        prova = bando_b2(w.ambito)
        prova.misura.codice = "b2"  # the demo measure's code
        prova.misura.save()
        domanda(w, prova, w.comuni[0], StatoDomanda.FINANZIATA)
        carica_demo(ambito=w.ambito, actor=w.operatore)
        carica_demo(ambito=w.ambito, actor=w.operatore)  # a second run adds nothing (no unique-row error)
        mappa = mappatura_per(ambito=w.ambito, tipo_oggetto="misure.strumento")
        assert {mappa[str(sb.strumento_id)].istat_area for sb in (prova.caregiver, prova.assistente)} == {"DIS"}
        # the FSR's destinations too, so the demo's FSR, ISTAT and SMAF/MEF returns find every paid quota mapped
        destinazioni = mappatura_per(ambito=w.ambito, tipo_oggetto="fondi.destinazione")
        assert {"udos", "spese_amministrative"} <= set(destinazioni)
        cruscotto = cruscotto_misure(ambito=w.ambito, anno=2025, sopprimi=False)
    assert [(r.etichetta, r.domande) for r in cruscotto.per_area] == [("Disabili", "1")]
