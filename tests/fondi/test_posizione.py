"""The position report by comune and destination, its drill-down, and that it is the Ambito's own."""

from __future__ import annotations

import datetime as dt

import pytest

from ambito.tenancy import ambito_scope
from fondi import selectors, services
from tests.fondi.helpers import D, assegnazione, atto, determina_di_liquidazione, quota

pytestmark = pytest.mark.django_db


@pytest.fixture
def riparto_a(mondo):
    """Ambito A: 1,000 split equally among its 4 comuni on 01/02/2025; Codogno commits 100 on
    01/03 and pays 40 on 01/04; a bando quota of 500 commits 200. Ambito B has its own ledger."""
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, codice="FNPS", importo="10000.00")
        r = services.riparto_create(assegnazione=a, metodo="parti_uguali", totale=D("1000.00"), atto=atto(w.ambito),
                                    data_contabile=dt.date(2025, 2, 1), descrizione="Riparto", actor=w.operatore)
        codogno = r.quote.get(comune__denominazione="Codogno")
        services.impegno_create(quota=codogno, importo=D("100.00"), data_contabile=dt.date(2025, 3, 1),
                                actor=w.operatore)
        services.liquidazione_create(quota=codogno, importo=D("40.00"), data_contabile=dt.date(2025, 4, 1),
                                     atto=determina_di_liquidazione(w.ambito), actor=w.operatore)
        bando = quota(a, w.operatore, importo="500.00")
        services.impegno_create(quota=bando, importo=D("200.00"), data_contabile=dt.date(2025, 3, 1),
                                actor=w.operatore)
    b = mondo.b
    with ambito_scope(b.ambito, actor=b.operatore):
        ab = assegnazione(b.ambito, b.operatore, codice="FNPS", importo="777777.00")
        services.impegno_create(quota=quota(ab, b.operatore, importo="5000.00"), importo=D("5000.00"),
                                data_contabile=dt.date(2025, 3, 1), actor=b.operatore)
    return w, codogno


def per_comune(w, giorno):
    with ambito_scope(w.ambito):
        p = selectors.posizione_get(ambito=w.ambito, data=giorno, per=["comune"])
    return {r.etichette[0]: r for r in p.righe}, p


def test_by_comune_each_comune_has_its_share_and_its_spending_at_each_date(riparto_a):
    w, _codogno = riparto_a
    righe, p = per_comune(w, dt.date(2025, 3, 31))
    assert righe["Codogno"].saldi.allocato == D("250.00")
    assert (righe["Codogno"].saldi.impegnato, righe["Codogno"].saldi.liquidato) == (D("100.00"), D("0.00"))
    assert righe["Lodi"].saldi.impegnato == D("0.00")
    # The assigned amount and the bando belong to no comune: one "Non attribuito" row carries them.
    assert righe["Non attribuito"].saldi.assegnato == D("10000.00")
    assert righe["Non attribuito"].saldi.impegnato == D("200.00")
    assert p.totale.allocato == D("1500.00") and p.totale.impegnato == D("300.00")
    righe, _p = per_comune(w, dt.date(2025, 4, 1))
    assert righe["Codogno"].saldi.liquidato == D("40.00")


def test_a_row_of_the_report_drills_down_to_exactly_its_movements(riparto_a, client_per):
    w, _codogno = riparto_a
    righe, _p = per_comune(w, dt.date(2025, 12, 31))
    c = client_per(w.sindaco)
    testo = c.get(f"/a/{w.ambito.slug}/fondi/movimenti/?{righe['Codogno'].query}").content.decode()
    assert "Filtrati per Comune: Codogno" in testo
    assert "3 movimenti" in testo  # allocation, commitment, payment
    assert "Lodi" not in testo.split("Filtrati per")[1].split("</table>")[0]


def test_the_report_and_the_dashboard_count_only_the_ambito_s_own_funds(riparto_a, client_per):
    w, _codogno = riparto_a
    with ambito_scope(w.ambito):
        p = selectors.posizione_get(ambito=w.ambito, data=dt.date(2025, 12, 31), per=["fonte"])
    assert p.totale.assegnato == D("10000.00")  # not B's 777,777
    c = client_per(w.responsabile)
    for pagina in ("", "posizione/?data=2025-12-31", "movimenti/"):
        assert "777.777,00" not in c.get(f"/a/{w.ambito.slug}/fondi/{pagina}").content.decode()
    assert "777.777,00" not in c.get(f"/a/{w.ambito.slug}/").content.decode()
    api = c.get(f"/api/v1/a/{w.ambito.slug}/fondi/posizione/", {"data": "2025-12-31"}).json()
    assert api["totale"]["assegnato"] == "10000.00"


def _somme(movimenti) -> selectors.Saldi:
    voci = dict.fromkeys(selectors.VOCI, D("0"))
    for m in movimenti:
        voci[m.voce] += m.importo * m.segno
    return selectors.Saldi(*(voci[v] for v in selectors.VOCI))


@pytest.mark.parametrize("per", [["fonte", "annualita"], ["fonte"], ["destinazione", "comune"],
                                 ["fonte", "annualita", "destinazione", "comune"], ["assegnazione", "quota"]])
def test_every_row_drills_down_to_movements_whose_totals_are_the_row(mondo, client_per, per):
    """Issue 14, defect 1: the FNA 2024 row opened FNA and FNPS 2024 together (the drill-down had no fund)."""
    from django.http import QueryDict

    from fondi.forms import MovimentiFiltroForm

    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        for codice in ("FNA", "FNPS"):
            a = assegnazione(w.ambito, w.operatore, codice=codice, annualita=2024, importo="9000.00")
            q = quota(a, w.operatore, importo="3000.00")
            services.impegno_create(quota=q, importo=D("1000.00"), data_contabile=dt.date(2025, 3, 1),
                                    comune=w.comuni[1], actor=w.operatore)
        p = selectors.posizione_get(ambito=w.ambito, data=dt.date(2025, 12, 31), per=per)
        assert len(p.righe) >= 2
        for riga in p.righe:
            filtri = MovimentiFiltroForm(QueryDict(riga.query)).filtri()
            movimenti = list(selectors.movimento_list(ambito=w.ambito, filtri=filtri))
            assert _somme(movimenti) == riga.saldi, (riga.etichette, riga.query)
    fna = next(r for r in p.righe if r.etichette[0].startswith("FNA ")) if "fonte" in per else None
    if fna is not None:
        testo = client_per(w.sindaco).get(f"/a/{w.ambito.slug}/fondi/movimenti/?{fna.query}").content.decode()
        assert "Fonte: FNA" in testo
        assert "FNPS" not in testo.split("Filtrati per")[1].split("</table>")[0]


def test_a_report_by_fund_and_comune_ends_each_fund_with_its_subtotal(riparto_a, client_per):
    """Issue 14, defect 11: the position by comune ran to ~15,000 px with no subtotal."""
    import re

    w, _codogno = riparto_a
    html = client_per(w.operatore).get(f"/a/{w.ambito.slug}/fondi/posizione/",
                                       {"per": ["fonte", "comune"], "data": "31/12/2025"}).content.decode()
    subtotali = re.findall(r'<tr class="ambito-subtotale"><th scope="row" colspan="2">([^<]+)</th>(.*?)</tr>', html)
    assert [etichetta for etichetta, _celle in subtotali] == ["Totale FNPS — Fondo Nazionale Politiche Sociali"]
    assert "1.500,00 €" in subtotali[0][1] and "10.000,00 €" in subtotali[0][1]  # allocated, assigned


def test_the_latest_movements_of_an_assegnazione_are_not_flooded_by_its_riparto(riparto_a, client_per):
    """Issue 14, defect 11: the 61 allocations of a riparto filled the "Ultimi movimenti" box."""
    w, codogno = riparto_a
    html = client_per(w.operatore).get(
        f"/a/{w.ambito.slug}/fondi/assegnazioni/{codogno.assegnazione_id}/").content.decode()
    ultimi = html.split("Ultimi movimenti")[1]
    assert ultimi.count("<td>Allocazione a quota</td>") == 1  # the bando's own, not the 4 comuni's
    assert "Riparto — Codogno" in ultimi  # a riparto quota's spending is still listed
    assert "Le allocazioni dei riparti tra comuni non sono elencate qui" in ultimi
