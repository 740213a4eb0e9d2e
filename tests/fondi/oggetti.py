"""Objects of one Ambito for the fondi URL kwargs (registered in the isolation matrix)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ambito.tenancy import ambito_scope
from fondi import services
from fondi.models import Movimento
from tests.conftest import MondoAmbito
from tests.fondi.helpers import assegnazione, atto, quota
from tests.tenancy.oggetti import factory


def _assegnazione(w: MondoAmbito):
    with ambito_scope(w.ambito, actor=w.operatore):
        return assegnazione(w.ambito, w.operatore)


@factory("assegnazione_pk")
def assegnazione_pk(w: MondoAmbito) -> int:
    return _assegnazione(w).pk


@factory("quota_pk")
def quota_pk(w: MondoAmbito) -> int:
    a = _assegnazione(w)
    with ambito_scope(w.ambito, actor=w.operatore):
        return quota(a, w.operatore).pk


@factory("movimento_pk")
def movimento_pk(w: MondoAmbito) -> int:
    a = _assegnazione(w)
    with ambito_scope(w.ambito):
        return Movimento.objects.get(assegnazione=a).pk


@factory("riparto_pk")
def riparto_pk(w: MondoAmbito) -> int:
    a = _assegnazione(w)
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.riparto_create(assegnazione=a, metodo="parti_uguali", totale=Decimal("100.00"),
                                       atto=atto(w.ambito), data_contabile=dt.date(2025, 2, 1), descrizione="R",
                                       actor=w.operatore).pk


def _cofinanziamento(w: MondoAmbito):
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.cofinanziamento_create(
            ambito=w.ambito, descrizione="Quota 2025", anno=2025, quota_per_abitante=Decimal("1.5"),
            anno_popolazione=2024, data_riferimento=dt.date(2025, 1, 1), atto=atto(w.ambito), actor=w.operatore)


@factory("cofinanziamento_pk")
def cofinanziamento_pk(w: MondoAmbito) -> int:
    return _cofinanziamento(w).pk


@factory("quota_comunale_pk")
def quota_comunale_pk(w: MondoAmbito) -> int:
    c = _cofinanziamento(w)
    with ambito_scope(w.ambito):
        return c.quote_comunali.first().pk


