"""The domande demo: through the services (real protocol numbers, timelines), states spread, the comune's
assistente files their residents' domande and sees them at home; a clear error when the context is missing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ambito.tenancy import ambito_scope
from misure.demo import domande as demo
from misure.models import Domanda, EventoDomanda, StatoDomanda
from tests.misure.domande.helpers import attestazione_isee, beneficiario

pytestmark = pytest.mark.django_db


def test_the_demo_files_domande_in_various_states(mondo, prova, client_per, monkeypatch):
    w = mondo.a
    monkeypatch.setattr(demo, "NUMERO", 40)
    with ambito_scope(w.ambito, actor=w.responsabile):
        persone = [beneficiario(w.ambito, w.comuni[i % 4], cognome=f"Demo{i:02d}") for i in range(40)]
        for i, p in enumerate(persone):
            attestazione_isee(w.ambito, p, Decimal(8000 + 700 * i), rilasciata_il=dt.date(2025, 1, 15),
                             scade_il=dt.date(2025, 12, 31))
        contesto = {"bando_b2": prova.bando, "beneficiari": persone}
        demo.carica(ambito=w.ambito, actor=w.responsabile, contesto=contesto)
        domande = list(Domanda.objects.filter(bando=prova.bando))
        stati = {s: sum(d.stato == s for d in domande) for s in StatoDomanda.values}
        per_anno: dict[int, list[int]] = {}
        for d in domande:
            if d.protocollo_numero:
                per_anno.setdefault(d.protocollo_anno, []).append(d.protocollo_numero)
        eventi = EventoDomanda.objects.filter(domanda__bando=prova.bando).count()
        di_lodi = {d.assistente_sociale for d in domande if d.comune == w.comuni[0]}
        demo.carica(ambito=w.ambito, actor=w.responsabile, contesto=contesto)  # idempotent
        assert Domanda.objects.filter(bando=prova.bando).count() == 40
    assert len(domande) == 40 and len(contesto["domande"]) == 40
    for stato in ("bozza", "presentata", "in_istruttoria", "integrazione_richiesta", "integrata", "in_sospeso",
                  "ritirata"):
        assert stati[stato] > 0, stato
    assert stati["ammissibile"] > 0 and stati["non_ammissibile"] > 0  # ISEE above 25.000 for the later ones
    assert per_anno and all(sorted(n) == list(range(1, len(n) + 1)) for n in per_anno.values())  # gapless
    assert eventi > 100
    assert di_lodi == {w.assistente_1}
    home = client_per(w.assistente_1).get(f"/a/{w.ambito.slug}/").content.decode()
    assert "Le domande dei tuoi comuni" in home and "Demo36" in home and "Demo37" not in home


def test_the_demo_says_what_is_missing(mondo):
    with ambito_scope(mondo.a.ambito), pytest.raises(demo.ContestoDemoMancante, match="bando_b2"):
        demo.carica(ambito=mondo.a.ambito, actor=mondo.a.responsabile, contesto={"beneficiari": [object()]})
    with ambito_scope(mondo.a.ambito):
        demo.carica(ambito=mondo.a.ambito, actor=mondo.a.responsabile, contesto={})  # nothing upstream: no-op
        assert not Domanda.objects.exists()
