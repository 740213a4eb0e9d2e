"""Deadlines: flagged on the funds dashboard and on the home page while something is open."""

from __future__ import annotations

import datetime as dt

import pytest

from ambito.tenancy import ambito_scope
from fondi import selectors, services
from tests.fondi.helpers import D, assegnazione, quota

pytestmark = pytest.mark.django_db

OGGI = dt.date.today()


@pytest.fixture
def fondi(mondo):
    """FNA: commit by today + 20 days, 400 of 1,000 still uncommitted; FSR: report by 10 days
    ago, not reported; FNPS: report by 10 days ago, reported; DDN: deadline in a year."""
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        fna = assegnazione(w.ambito, w.operatore, codice="FNA", importo="1000.00",
                           scadenza_impegno=OGGI + dt.timedelta(days=20))
        services.impegno_create(quota=quota(fna, w.operatore, importo="600.00"), importo=D("600.00"),
                                data_contabile=dt.date(2025, 3, 1), actor=w.operatore)
        assegnazione(w.ambito, w.operatore, codice="FSR", scadenza_rendicontazione=OGGI - dt.timedelta(days=10))
        fnps = assegnazione(w.ambito, w.operatore, codice="FNPS",
                            scadenza_rendicontazione=OGGI - dt.timedelta(days=10))
        services.assegnazione_mark_rendicontata(assegnazione=fnps, data=OGGI - dt.timedelta(days=30),
                                                actor=w.operatore)
        assegnazione(w.ambito, w.operatore, codice="DDN", scadenza_impegno=OGGI + dt.timedelta(days=365))
    return w


def test_open_deadlines_within_sixty_days_or_past_are_flagged_and_closed_ones_are_not(fondi):
    w = fondi
    with ambito_scope(w.ambito):
        elenco = selectors.scadenza_list(ambito=w.ambito)
    assert [(s.assegnazione.fonte.codice, s.tipo, s.scaduta) for s in elenco] == [
        ("FSR", "rendicontazione", True), ("FNA", "impegno", False)]
    assert elenco[1].importo_aperto == D("400.00") and elenco[1].giorni == 20


def test_a_report_sent_later_does_not_hide_the_deadline_at_an_earlier_date(fondi):
    w = fondi
    with ambito_scope(w.ambito):
        prima = selectors.scadenza_list(ambito=w.ambito, data=OGGI - dt.timedelta(days=31))
    assert ("FNPS", "rendicontazione") in [(s.assegnazione.fonte.codice, s.tipo) for s in prima]


@pytest.mark.parametrize("chiave", ["operatore", "sindaco"])
def test_the_home_page_shows_the_funds_totals_and_the_deadlines(fondi, client_per, chiave):
    w = fondi
    testo = client_per(w.utente(chiave)).get(f"/a/{w.ambito.slug}/").content.decode()
    riquadro = testo.split('id="widget-fondi-titolo"')[1].split("</section>")[0]
    assert "Assegnato" in riquadro and "301.000,00 €" in riquadro  # 1,000 (FNA) + 3 × 100,000
    assert "Impegnato" in riquadro and "600,00 €" in riquadro
    assert "Scaduta" in riquadro and "FSR" in riquadro
    assert "tra 20 giorni" in riquadro and "ancora aperti 400,00 €" in riquadro
    assert "FNPS" not in riquadro and "DDN" not in riquadro


def test_the_funds_box_is_not_on_the_home_page_of_roles_without_the_funds(fondi, client_per):
    w = fondi
    for chiave in ("assistente_1", "partner"):
        pagina = client_per(w.utente(chiave)).get(f"/a/{w.ambito.slug}/").content.decode()
        assert 'id="widget-fondi-titolo"' not in pagina
