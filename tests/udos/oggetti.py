"""One object of an Ambito per URL kwarg of the udos module (isolation matrix), all of the ente gestore "a"
of that Ambito (``helpers.ente_di``): the gestore matrix (test_gestore.py) asks for them as a referente of
another ente."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ambito.tenancy import ambito_scope
from tests.conftest import MondoAmbito
from tests.tenancy.oggetti import factory
from tests.udos import helpers
from udos import services
from udos.models import EsitoVigilanza


@factory("unita_pk")
def unita_pk(w: MondoAmbito) -> int:
    with ambito_scope(w.ambito, actor=w.operatore):
        return helpers.unita_attiva(w).pk


@factory("cpe_pk")
def cpe_pk(w: MondoAmbito) -> int:
    with ambito_scope(w.ambito, actor=w.operatore):
        return helpers.cpe_avvio(w).pk


@factory("visita_pk")
def visita_pk(w: MondoAmbito) -> int:
    with ambito_scope(w.ambito, actor=w.operatore):
        unita = helpers.unita_attiva(w)
        return services.visita_create(unita=unita, actor=w.operatore, data=dt.date(2025, 6, 1),
                                      esito=EsitoVigilanza.PRESCRIZIONI, prescrizioni="Uscita di sicurezza",
                                      termine=dt.date(2025, 9, 1)).pk


@factory("accreditamento_pk")
def accreditamento_pk(w: MondoAmbito) -> int:
    with ambito_scope(w.ambito, actor=w.operatore):
        unita = helpers.cpe_positiva(w).unita
        return services.accreditamento_create(unita=unita, actor=w.operatore, data_domanda=dt.date(2025, 6, 1),
                                              posti=10).pk


@factory("consuntivo_pk")
def consuntivo_pk(w: MondoAmbito) -> int:
    with ambito_scope(w.ambito, actor=w.operatore):
        unita = helpers.unita_attiva(w, codice_afam=f"AFAM-{w.ambito.slug}-{helpers.next_numero()}")
        return services.consuntivo_create(unita=unita, actor=w.operatore, anno=2025, utenti=25, giornate=220,
                                          costi=Decimal("200000.00"), ricavi=Decimal("150000.00")).pk
