"""Builders for the erogazioni tests: a B2 bando with a fondi quota linked to it and a commitment, finanziata
domande (set through the ORM, as the graduatorie part would), plans through the erogazioni services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ambito.atti.models import TipoAtto
from ambito.tenancy import ambito_scope
from fondi import services as fondi_services
from misure.models import Domanda, StatoDomanda
from misure.services import erogazioni as services
from tests.fondi.helpers import assegnazione, atto, quota
from tests.misure.domande.helpers import BandoDiProva, bando_b2, beneficiario, presentata

IBAN = "IT60X0542811101000000123456"
MESE = dt.date(2025, 3, 1)


@dataclass
class Scenario:
    prova: BandoDiProva
    quota: object
    determina: object


def scenario(w, *, importo_quota: str = "100000.00", impegno: str = "50000.00") -> Scenario:
    with ambito_scope(w.ambito, actor=w.operatore):
        prova = bando_b2(w.ambito)
        a = assegnazione(w.ambito, w.operatore, importo="200000.00")
        q = quota(a, w.operatore, importo=importo_quota, oggetto=prova.bando)
        fondi_services.impegno_create(quota=q, importo=Decimal(impegno), data_contabile=dt.date(2025, 2, 1),
                                      actor=w.operatore, atto=atto(w.ambito, tipo=TipoAtto.DETERMINA_CAPOFILA))
        determina = atto(w.ambito, tipo=TipoAtto.DETERMINA_CAPOFILA, data=dt.date(2025, 3, 20),
                         oggetto="Liquidazione B2 marzo")
    return Scenario(prova, q, determina)


def finanziata(w, s: Scenario, comune=None, *, cognome: str = "Rossi", strumento=None, **dati) -> Domanda:
    with ambito_scope(w.ambito):
        ben = beneficiario(w.ambito, comune or w.comuni[0], cognome=cognome)
        ben.iban = IBAN
        ben.save()
    comune = comune or w.comuni[0]
    actor = {w.comuni[0].pk: w.assistente_1, w.comuni[1].pk: w.assistente_2}.get(comune.pk, w.operatore)
    d = presentata(w, s.prova, ben, actor=actor, strumento=strumento, oggi=dt.date(2025, 1, 15), **dati)
    with ambito_scope(w.ambito):
        Domanda.objects.filter(pk=d.pk).update(stato=StatoDomanda.FINANZIATA)
        d.refresh_from_db()
    return d


def piano(w, s: Scenario, *, mese_inizio=dt.date(2025, 1, 1), comune=None, cognome: str = "Rossi", **kwargs):
    d = finanziata(w, s, comune, cognome=cognome)
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.piano_create(domanda=d, actor=w.operatore, mese_inizio=mese_inizio, **kwargs)


def prepara(w, s: Scenario, mese=MESE):
    with ambito_scope(w.ambito, actor=w.operatore):
        return services.distinta_prepara(bando=s.prova.bando, mese=mese, actor=w.operatore)


def conferma(w, s: Scenario, distinta):
    """Through the two-person approval: the operatore prepares, the responsabile (second factor) approves."""
    from ambito.approvazioni.services import richiesta_approve

    with ambito_scope(w.ambito, actor=w.operatore):
        richiesta = services.distinta_richiedi_conferma(distinta=distinta, actor=w.operatore, atto=s.determina)
    with ambito_scope(w.ambito, actor=w.responsabile):
        richiesta_approve(richiesta=richiesta, actor=w.responsabile, secondo_fattore_verificato=True)
        distinta.refresh_from_db()
    return distinta
