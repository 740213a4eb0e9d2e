"""Review of issue 20 — small counts hidden from mayors must stay hidden: a count shown as "< N" in one row must not
come back as the measure's total minus the other comuni's counts shown next to it (secondary disclosure): a second
count is hidden with it (complementary suppression)."""

from __future__ import annotations

import pytest

from ambito.tenancy import ambito_scope
from rendicontazione.cruscotto_misure import cruscotto_misure
from tests.rendicontazione.test_cruscotto_misure import dati  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_a_hidden_count_cannot_be_recovered_from_the_totals_a_mayor_sees(dati):  # noqa: F811
    w, _prova = dati
    with ambito_scope(w.ambito):
        c = cruscotto_misure(ambito=w.ambito, anno=2025, sopprimi=True)
    for colonna in ("domande", "beneficiari"):
        celle = [getattr(r, colonna) for r in c.per_comune]
        nascoste = [v for v in celle if v.startswith("<")]
        totali = [getattr(r, colonna) for r in c.per_misura]
        assert nascoste, colonna  # the fixture has a small comune
        ricavabile = (len(nascoste) == 1 and len(totali) == 1 and totali[0].isdigit()
                      and all(v.isdigit() for v in celle if not v.startswith("<")))
        assert not ricavabile, (colonna, totali, celle)


def test_the_chart_table_of_the_rate_per_1000_residents_shows_the_same_figure_as_the_page(dati, client_per):  # noqa: F811
    """The chart's table is the accessible copy of the chart: Lodi's 6 beneficiaries on 46,053 residents are 0,13
    per 1,000 there too (the core chart table rounded every "numero" to a whole number: 0)."""
    w, _prova = dati
    with ambito_scope(w.ambito):
        c = cruscotto_misure(ambito=w.ambito, anno=2025, sopprimi=False)
    [grafico] = [g for g in c.grafici if "1.000 residenti" in str(g.titolo)]
    tabella = dict((etichetta, valori[0]) for etichetta, valori in grafico.righe)
    lodi = next(r for r in c.per_comune if r.etichetta == w.comuni[0].denominazione)
    assert str(lodi.beneficiari_per_mille) == "0.13"
    assert tabella[w.comuni[0].denominazione] == "0,13"
    pagina = client_per(w.operatore).get(f"/a/{w.ambito.slug}/rendicontazione/cruscotto/misure/?anno=2025")
    html = pagina.content.decode()
    inizio = html.index(str(grafico.titolo).split(",")[0])
    assert "0,13" in html[inizio:html.index("</table>", inizio)]


@pytest.mark.parametrize(("valori", "mostrati"), [
    ([10, 2, 0], ["n.d.", "< 5", "0"]),  # a lone small count takes the smallest shown non-zero one with it
    ([10, 7, 3], ["10", "n.d.", "< 5"]),
    ([1, 1, 9, 12], ["< 5", "< 5", "n.d.", "12"]),  # two hidden that can only be 1 each: one more is hidden
    ([2, 1, 9], ["< 5", "< 5", "9"]),  # 3 in two hidden counts: 1 + 2 or 2 + 1
    ([3, 0, 0], ["< 5", "0", "0"]),  # nothing else to hide (the total is itself small, and hidden)
    ([0, 8, 9], ["0", "8", "9"]),
])
def test_complementary_suppression_leaves_no_small_count_to_subtract(valori, mostrati):
    from rendicontazione.cruscotto import conteggi_mostrati

    assert conteggi_mostrati(valori, soglia=5, sopprimi=True) == mostrati
    assert conteggi_mostrati(valori, soglia=5, sopprimi=False) == [str(v) for v in valori]
