"""The movement list pages by keyset: every page costs the same, the count stops at a bound."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.http import QueryDict

from ambito.paginazione import pagina_keyset
from ambito.tenancy import ambito_scope
from fondi import selectors, services
from tests.fondi.helpers import D, assegnazione, quota

pytestmark = pytest.mark.django_db


@pytest.fixture
def molti(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        q = quota(assegnazione(w.ambito, w.operatore), w.operatore, importo="10000.00")
        for i in range(230):  # several on each day: the key is (date, pk)
            services.impegno_create(quota=q, importo=D("1.00"), data_contabile=dt.date(2025, 3, 1) +
                                    dt.timedelta(days=i // 7), actor=w.operatore)
    return w


def test_walking_the_pages_forward_and_back_shows_every_movement_once_in_order(molti):
    w = molti
    with ambito_scope(w.ambito):
        tutti = list(selectors.movimento_list(ambito=w.ambito).values_list("pk", flat=True))
        qs = selectors.movimento_list(ambito=w.ambito)
        visti, richiesta, pagine = [], QueryDict(), []
        while True:
            p = pagina_keyset(qs, campi=("data_contabile", "pk"), tipi=(dt.date, int), richiesta=richiesta,
                              per_pagina=50)
            pagine.append(p)
            visti += [m.pk for m in p.oggetti]
            if not p.link_successiva:
                break
            richiesta = QueryDict(p.link_successiva[1:])
        assert visti == tutti and len(pagine) == 5
        indietro = pagina_keyset(qs, campi=("data_contabile", "pk"), tipi=(dt.date, int),
                                 richiesta=QueryDict(pagine[-1].link_precedente[1:]), per_pagina=50)
        assert [m.pk for m in indietro.oggetti] == [m.pk for m in pagine[-2].oggetti]
        ultima = pagina_keyset(qs, campi=("data_contabile", "pk"), tipi=(dt.date, int),
                               richiesta=QueryDict("ultima=1"), per_pagina=50)
        assert [m.pk for m in ultima.oggetti] == tutti[-50:] and ultima.link_successiva is None
        assert ultima.conteggio == len(tutti) and not ultima.oltre
        limitata = pagina_keyset(qs, campi=("data_contabile", "pk"), tipi=(dt.date, int), richiesta=QueryDict(),
                                 per_pagina=50, limite_conteggio=100)
        assert (limitata.conteggio, limitata.oltre) == (100, True)


def test_the_page_links_keep_the_filters_and_a_bad_cursor_shows_the_first_page(molti, client_per):
    w = molti
    c = client_per(w.operatore)
    testo = c.get(f"/a/{w.ambito.slug}/fondi/movimenti/?tipo=impegno").content.decode()
    assert "230 movimenti" in testo
    successiva = re.search(r'href="(\?[^"]*dopo=[^"]*)"', testo).group(1).replace("&amp;", "&")
    assert "tipo=impegno" in successiva
    assert c.get(f"/a/{w.ambito.slug}/fondi/movimenti/{successiva}").status_code == 200
    assert c.get(f"/a/{w.ambito.slug}/fondi/movimenti/?dopo=rotto_x").status_code == 200
