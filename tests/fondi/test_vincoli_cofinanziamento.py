from __future__ import annotations

import datetime as dt

import pytest

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from fondi import selectors, services
from fondi.models import TipoDestinazione, VincoloTipo
from tests.fondi.helpers import D, assegnazione, atto, quota

pytestmark = pytest.mark.django_db


def test_a_maximum_share_for_administrative_costs_is_enforced(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, importo="100000.00")
        services.vincolo_create(assegnazione=a, tipo=VincoloTipo.MASSIMO, percentuale=D("5"),
                                tipo_destinazione=TipoDestinazione.SPESE_AMMINISTRATIVE, actor=w.operatore)
        quota(a, w.operatore, importo="5000.00", tipo=TipoDestinazione.SPESE_AMMINISTRATIVE, descrizione="Gestione")
        with pytest.raises(RegolaViolata, match=r"al massimo 5\.000,00 €"):
            quota(a, w.operatore, importo="0.01", tipo=TipoDestinazione.SPESE_AMMINISTRATIVE, descrizione="Altro")


def test_a_minimum_share_is_reported_until_it_is_reached(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, codice="FNPS", importo="100000.00")
        services.vincolo_create(assegnazione=a, tipo=VincoloTipo.MINIMO, percentuale=D("50"),
                                area="famiglia_minori", actor=w.operatore)
        quota(a, w.operatore, importo="40000.00", area="famiglia_minori")
        prima = selectors.vincolo_esito_list(assegnazione=a, data=dt.date(2025, 12, 31))
        quota(a, w.operatore, importo="10000.00", area="famiglia_minori", descrizione="ADM")
        dopo = selectors.vincolo_esito_list(assegnazione=a, data=dt.date(2025, 12, 31))
    assert (prima[0].rispettato, prima[0].limite, prima[0].allocato) == (False, D("50000.00"), D("40000.00"))
    assert dopo[0].rispettato


def test_municipal_cofinancing_expected_vs_received_per_comune(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.responsabile):
        cofin = services.cofinanziamento_create(
            ambito=w.ambito, descrizione="Quota di solidarietà 2025", anno=2025, quota_per_abitante=D("2.5000"),
            anno_popolazione=2024, data_riferimento=dt.date(2025, 1, 1), atto=atto(w.ambito), actor=w.responsabile)
        quote = {q.comune.denominazione: q for q in selectors.quota_comunale_list(ambito=w.ambito,
                                                                                 cofinanziamento=cofin)}
        services.versamento_create(quota_comunale=quote["Lodi"], data=dt.date(2025, 3, 1), importo=D("100000.00"),
                                   actor=w.responsabile)
        with pytest.raises(RegolaViolata, match="supera quanto ricevuto"):
            services.versamento_create(quota_comunale=quote["Lodi"], data=dt.date(2025, 3, 2),
                                       importo=D("-100000.01"), actor=w.responsabile)
        quote = {q.comune.denominazione: q for q in selectors.quota_comunale_list(ambito=w.ambito,
                                                                                 cofinanziamento=cofin)}
        prima = {q.comune.denominazione: q for q in selectors.quota_comunale_list(
            ambito=w.ambito, cofinanziamento=cofin, data=dt.date(2025, 2, 28))}
    # Lodi: 46,053 residents × € 2.50
    assert quote["Lodi"].importo_atteso == D("115132.50")
    assert quote["Lodi"].ricevuto == D("100000.00")
    assert quote["Lodi"].da_ricevere == D("15132.50")
    assert quote["Codogno"].ricevuto == D("0.00")
    assert prima["Lodi"].ricevuto == D("0.00")
    assert len(quote) == 4
