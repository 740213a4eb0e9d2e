"""Review of issue 20 — small counts hidden from mayors must stay hidden: a count shown as "< N" in one row must not
come back as the measure's total minus the other comuni's counts shown next to it (secondary disclosure). Only the
primary suppression is implemented: documented as an expected failure until complementary suppression exists."""

from __future__ import annotations

import pytest

from ambito.tenancy import ambito_scope
from rendicontazione.cruscotto_misure import cruscotto_misure
from tests.rendicontazione.test_cruscotto_misure import dati  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.xfail(strict=True, reason="BUG (review of issue 20): primary suppression only. In the measures "
                   "dashboard a mayor sees the measure's total (12 domande, 8 beneficiari) and Lodi's 10 and 6: "
                   "Codogno's '< 5' is 2 and 2 by subtraction. Needs complementary suppression (hide a second "
                   "cell, or the total) in rendicontazione/cruscotto_misure.py.")
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
