"""Objects of one Ambito for the domande URL kwargs (the isolation matrix): a draft domanda of a resident of the
first comune (assistente_1's), on a bando with a required document."""

from __future__ import annotations

from ambito.tenancy import ambito_scope
from misure.models import Domanda
from misure.services import domande as services
from tests.conftest import MondoAmbito
from tests.misure.domande.helpers import BandoDiProva, bando_b2, beneficiario
from tests.tenancy.oggetti import factory


def _prova(w: MondoAmbito) -> BandoDiProva:
    return bando_b2(w.ambito)


def _domanda(w: MondoAmbito) -> Domanda:
    with ambito_scope(w.ambito, actor=w.operatore):
        esistente = Domanda.objects.filter(ambito=w.ambito, beneficiario__cognome="Matrice").first()
        if esistente is not None:
            return esistente
        prova = _prova(w)
        persona = beneficiario(w.ambito, w.comuni[0], cognome="Matrice")
        return services.domanda_create(ambito=w.ambito, actor=None, bando=prova.bando, strumento=prova.assistente,
                                       beneficiario=persona)


@factory("domanda_pk")
def domanda_pk(w: MondoAmbito) -> int:
    return _domanda(w).pk


@factory("documento_pk")
def documento_pk(w: MondoAmbito) -> int:
    d = _domanda(w)
    with ambito_scope(w.ambito):
        return d.bando.documenti_richiesti.get().pk


@factory("azione")
def azione(w: MondoAmbito) -> str:
    return "prendi_in_istruttoria"


