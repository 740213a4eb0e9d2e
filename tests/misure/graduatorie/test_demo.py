"""The graduatorie demo: on the B2 bando with assessed domande and a quota, a definitive graduatoria with its
acts, made definitive through the two-person approval (requested by the operatore, approved by the responsabile),
the domande moved; published on the public page; idempotent."""

from __future__ import annotations

import pytest

from ambito.approvazioni.models import RichiestaApprovazione
from ambito.tenancy import ambito_scope
from misure.demo import graduatorie as demo
from misure.models import Domanda, Graduatoria
from tests.misure.graduatorie.helpers import bando_con_quota, domanda_valutata

pytestmark = pytest.mark.django_db


def test_demo_graduatoria_approvata(mondo):
    w = mondo.a
    with ambito_scope(w.ambito):
        prova = bando_con_quota(w.ambito)
        for i in range(4):
            domanda_valutata(w.ambito, prova, w.comuni[i % 2], punti={"isee": 10 + i})
        contesto = {"bando_b2": prova.bando}
        demo.carica(ambito=w.ambito, actor=w.responsabile, contesto=contesto)
        demo.carica(ambito=w.ambito, actor=w.responsabile, contesto=contesto)
        g = Graduatoria.objects.get(bando=prova.bando)
        assert g.stato == "definitiva" and g.atto_provvisoria_id and g.atto_definitiva_id and g.pubblicata_al
        richiesta = RichiestaApprovazione.objects.get(tipo="misure.graduatoria_definitiva", object_id=g.pk)
        assert (richiesta.stato, richiesta.preparata_da, richiesta.decisa_da) == (
            "approvata", w.operatore, w.responsabile)
        stati = sorted(Domanda.objects.filter(bando=prova.bando).values_list("stato", flat=True))
        assert stati == ["finanziata", "finanziata", "lista_attesa", "lista_attesa"]
