"""Objects of one Ambito for the beneficiari URL kwargs (registered in the isolation matrix). The beneficiary
lives in comuni[0] (assistente_1's comune)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ambito.tenancy import ambito_scope
from misure.models import TentativoDuplicato
from misure.services import beneficiari as services
from tests.conftest import MondoAmbito
from tests.misure.beneficiari.helpers import persona
from tests.tenancy.oggetti import factory


def _beneficiario(w: MondoAmbito):
    with ambito_scope(w.ambito, actor=w.operatore):
        from misure.selectors.beneficiari import beneficiario_per_codice_fiscale

        dati = persona("Oggetti", "Matrice")
        esistente = beneficiario_per_codice_fiscale(dati["codice_fiscale"], ambito=w.ambito)
        return esistente or services.beneficiario_create(ambito=w.ambito, comune=w.comuni[0], actor=w.operatore,
                                                         **dati)


@factory("beneficiario_pk")
def beneficiario_pk(w: MondoAmbito) -> int:
    return _beneficiario(w).pk


@factory("attestazione_pk")
def attestazione_pk(w: MondoAmbito) -> int:
    b = _beneficiario(w)
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.attestazione_isee_create(
            beneficiario=b, actor=w.operatore, tipo_isee="sociosanitario", valore_isee=Decimal("9000.00"),
            rilasciata_il=dt.date(2026, 1, 10), scade_il=dt.date(2026, 12, 31)).pk


@factory("certificazione_pk")
def certificazione_pk(w: MondoAmbito) -> int:
    b = _beneficiario(w)
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.certificazione_create(beneficiario=b, actor=w.operatore, tipo_certificazione="l104_c3",
                                              data=dt.date(2020, 1, 1)).pk


@factory("beneficio_pk")
def beneficio_pk(w: MondoAmbito) -> int:
    b = _beneficiario(w)
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.beneficio_esterno_create(beneficiario=b, actor=w.operatore, codice="b1",
                                                 dal=dt.date(2025, 1, 1)).pk


@factory("tentativo_pk")
def tentativo_pk(w: MondoAmbito) -> int:
    b = _beneficiario(w)
    with ambito_scope(w.ambito):
        return TentativoDuplicato.objects.create(ambito=w.ambito, codice_fiscale=b.codice_fiscale, beneficiario=b,
                                                 comune_richiedente=w.comuni[1], utente=w.assistente_2).pk
