"""A sovrazonale project (Azzate's seed: several Ambiti of one distretto, with the ASST): one shared header,
one part per Ambito. Each Ambito sees the header and every part's title, and only its own budget lines and
monitoring; the only crossing is ``piani.sovrazonale.sovrazonale_parti`` (allowlisted ``cross_ambito``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from piani import selectors, services
from tests.piani import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def condiviso(mondo):
    a, b = mondo.a, mondo.b
    with ambito_scope(a.ambito, actor=a.responsabile):
        testata = services.sovrazonale_create(ambito=a.ambito, actor=a.responsabile, ambiti=[b.ambito],
                                              titolo="Dimissioni protette del distretto", ente=a.asst)
    parti = {}
    for w, titolo, budget, valore in ((a, "Dimissioni protette — parte di Lodi", "30000.00", 41),
                                      (b, "Dimissioni protette — parte di Sesto", "17000.00", 23)):
        with ambito_scope(w.ambito, actor=w.responsabile):
            piano = h.piano(w.ambito, w.responsabile)
            parte = h.progetto(piano, w.responsabile, titolo=titolo, codici=("E",))
            services.progetto_sovrazonale_set(progetto=parte, actor=w.responsabile, testata=testata)
            services.budget_set(progetto=parte, actor=w.responsabile, anno=2025, fonte="FNA", importo=Decimal(budget))
            indicatore = h.indicatore(parte, w.responsabile, nome=f"Dimissioni seguite {w.ambito.slug}")
            services.valore_set(indicatore=indicatore, periodo=h.periodo(piano, w.responsabile),
                                actor=w.responsabile, valore=valore)
            parti[w.ambito.slug] = parte
    return a, b, testata, parti


def test_each_ambito_sees_the_header_and_only_its_own_part_in_full(condiviso, client_per):
    a, b, testata, parti = condiviso
    for w, propria, altrui, budget, budget_altrui in (
            (a, parti["lodi"], parti["sesto"], "30.000,00", "17.000,00"),
            (b, parti["sesto"], parti["lodi"], "17.000,00", "30.000,00")):
        client = client_per(w.responsabile)
        testata_pagina = client.get(f"/a/{w.ambito.slug}/piani/sovrazonali/{testata.pk}/").content.decode()
        assert "Dimissioni protette del distretto" in testata_pagina
        assert "parte di Lodi" in testata_pagina and "parte di Sesto" in testata_pagina
        assert budget_altrui not in testata_pagina
        scheda = client.get(f"/a/{w.ambito.slug}/piani/progetti/{propria.pk}/").content.decode()
        assert budget in scheda and budget_altrui not in scheda
        assert f"Dimissioni seguite {w.ambito.slug}" in scheda
        assert "Dimissioni seguite" in scheda and f"Dimissioni seguite {altrui.ambito.slug}" not in scheda
        assert client.get(f"/a/{w.ambito.slug}/piani/progetti/{altrui.pk}/").status_code == 404
        assert client.get(f"/api/v1/a/{w.ambito.slug}/piani/progetti/{altrui.pk}/").status_code == 404
        with ambito_scope(w.ambito):
            assert [p.titolo for p in selectors.progetto_list(ambito=w.ambito, contesto=_contesto(w))] == [
                propria.titolo]


def _contesto(w):
    from ambito.accounts.permissions import contesto_per

    return contesto_per(w.responsabile, w.ambito)


def test_an_ambito_outside_the_header_neither_sees_it_nor_joins_it(condiviso, mondo, client_per):
    a, b, _testata, parti = condiviso
    from ambito.tenancy.models import Ambito

    terzo = Ambito.objects.create(denominazione="Ambito terzo", slug="terzo", codice="TERZO")
    with ambito_scope(terzo):
        assert not selectors.sovrazonale_list(ambito=terzo).exists()
    with ambito_scope(a.ambito, actor=a.responsabile):
        solo_lodi = services.sovrazonale_create(ambito=a.ambito, actor=a.responsabile, ambiti=[terzo],
                                                titolo="Solo Lodi e terzo")
    with ambito_scope(b.ambito, actor=b.responsabile), pytest.raises(RegolaViolata):
        services.progetto_sovrazonale_set(progetto=parti["sesto"], actor=b.responsabile, testata=solo_lodi)
    assert client_per(b.responsabile).get(f"/a/{b.ambito.slug}/piani/sovrazonali/{solo_lodi.pk}/").status_code == 404
    with ambito_scope(a.ambito, actor=a.responsabile), pytest.raises(RegolaViolata):
        services.sovrazonale_create(ambito=a.ambito, actor=a.responsabile, ambiti=[], titolo="Da solo")


def test_the_header_is_created_and_joined_through_the_pages(mondo, client_per):
    a, b = mondo.a, mondo.b
    r = client_per(a.responsabile).post(f"/a/{a.ambito.slug}/piani/sovrazonali/nuovo/", {
        "titolo": "Valutazione multidimensionale condivisa", "ambiti": [b.ambito.pk]}, follow=True)
    assert "Progetto sovrazonale registrato: Valutazione multidimensionale condivisa." in r.content.decode()
    with ambito_scope(b.ambito, actor=b.responsabile):
        testata = selectors.sovrazonale_list(ambito=b.ambito).get()
        parte = h.progetto(h.piano(b.ambito, b.responsabile), b.responsabile, titolo="UVM — parte di Sesto")
    client_b = client_per(b.responsabile)
    r = client_b.post(f"/a/{b.ambito.slug}/piani/progetti/{parte.pk}/sovrazonale/", {"testata": testata.pk},
                      follow=True)
    assert "Progetto sovrazonale aggiornato." in r.content.decode()
    pagina = client_b.get(f"/a/{b.ambito.slug}/piani/sovrazonali/{testata.pk}/").content.decode()
    assert "UVM — parte di Sesto" in pagina and "(questo Ambito)" in pagina
    # An Ambito cannot pick a header it does not take part in: not even offered, refused if posted.
    with ambito_scope(a.ambito, actor=a.responsabile):
        solo_a = services.sovrazonale_create(ambito=a.ambito, actor=a.responsabile, titolo="Solo di Lodi",
                                             ambiti=[ambito_terzo()])
    rifiuto = client_b.post(f"/a/{b.ambito.slug}/piani/progetti/{parte.pk}/sovrazonale/", {"testata": solo_a.pk})
    assert rifiuto.status_code == 400


def ambito_terzo():
    from ambito.tenancy.models import Ambito

    return Ambito.objects.get_or_create(slug="terzo", defaults={"denominazione": "Terzo", "codice": "TERZO"})[0]


def test_only_the_leading_ambito_edits_the_header_and_a_part_holder_cannot_be_removed(condiviso, client_per):
    a, b, testata, _parti = condiviso
    url_b = f"/a/{b.ambito.slug}/piani/sovrazonali/{testata.pk}/modifica/"
    rifiuto = client_per(b.responsabile).post(url_b, {"titolo": "Preso da Sesto", "ambiti": [a.ambito.pk]})
    assert rifiuto.status_code == 400 and "Solo l&#x27;Ambito capofila" in rifiuto.content.decode()
    client_a = client_per(a.responsabile)
    url_a = f"/a/{a.ambito.slug}/piani/sovrazonali/{testata.pk}/modifica/"
    terzo = ambito_terzo()
    via = client_a.post(url_a, {"titolo": "Senza Sesto", "ambiti": [terzo.pk]})
    assert via.status_code == 400 and "non può essere tolto" in via.content.decode()
    ok = client_a.post(url_a, {"titolo": "Dimissioni protette 2025–2027", "ambiti": [b.ambito.pk, terzo.pk]},
                       follow=True)
    assert "Progetto sovrazonale aggiornato." in ok.content.decode()
    testata.refresh_from_db()
    assert testata.titolo == "Dimissioni protette 2025–2027"
    assert {x.slug for x in testata.ambiti.all()} == {a.ambito.slug, b.ambito.slug, "terzo"}
    assert [v.titolo for v in testata.history.order_by("history_date")][-1] == "Dimissioni protette 2025–2027"
