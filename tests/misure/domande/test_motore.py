"""The domande services with the real rules engine (the bandi part's) on the seeded B2 2025 rules: a submission
stores one line per requirement and incompatibility; a declared B1 blocks the decision until the office decides."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from misure.models import EsitoVerifica, StrumentoBando
from misure.selectors import domande as selectors
from misure.services import domande as services
from tests.misure.bandi.helpers import bando_b2
from tests.misure.domande.conftest import VALUTA_VERA
from tests.misure.domande.helpers import beneficiario, pdf

pytestmark = pytest.mark.django_db
OGGI = dt.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def motore_vero(monkeypatch, valutatore_finto):
    monkeypatch.setattr(services, "_valuta_domanda", VALUTA_VERA)


def test_the_seeded_b2_rules_judge_a_submitted_domanda(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        bando = bando_b2(w.ambito, w.responsabile, pubblica=True)
        bando.refresh_from_db()
        caregiver = StrumentoBando.objects.get(bando=bando, strumento__codice="caregiver")
        idonea = beneficiario(w.ambito, w.comuni[0], cognome="Idonea")
        con_b1 = beneficiario(w.ambito, w.comuni[0], cognome="ConB1")
        dati = {"isee_tipo": "sociosanitario", "isee_valore": Decimal("12000.00"),
                "isee_scadenza": dt.date(2099, 12, 31), "l104_c3": True, "vive_al_domicilio": True}
        a = services.domanda_create(ambito=w.ambito, actor=w.operatore, bando=bando, strumento=caregiver,
                                    beneficiario=idonea, **dati)
        b = services.domanda_create(ambito=w.ambito, actor=w.operatore, bando=bando, strumento=caregiver,
                                    beneficiario=con_b1, benefici_dichiarati=["b1"], **dati)
        for d in (a, b):
            for documento in selectors.documenti_richiesti(domanda=d):
                services.documento_domanda_set(domanda=d, documento=documento, file=pdf(), actor=w.operatore)
        a = services.domanda_submit(domanda=a, actor=w.operatore, oggi=OGGI)
        b = services.domanda_submit(domanda=b, actor=w.operatore, oggi=OGGI)
        esiti_a = list(selectors.esito_list(domanda=a))
        esiti_b = list(selectors.esito_list(domanda=b))
        assert a.versione_regole.congelata and a.punteggio is not None
        assert esiti_a and selectors.esito_automatico(esiti_a).ammissibile, [(e.codice, e.esito) for e in esiti_a]
        assert any(e.codice.endswith("b1") and e.esito == EsitoVerifica.NON_SODDISFATTA for e in esiti_b)
        b = services.domanda_transition(domanda=b, azione="prendi_in_istruttoria", actor=w.operatore, oggi=OGGI)
        with pytest.raises(RegolaViolata, match="decisione dell'ufficio"):
            services.domanda_transition(domanda=b, azione="dichiara_ammissibile", actor=w.operatore, oggi=OGGI)


def test_after_a_move_the_new_comune_s_submission_still_sees_the_domanda_left_in_the_old_one(mondo):
    """A person moves from comune X to comune Y (the office's transfer): the domanda filed in X stays with X. The
    assistente of Y files another one: the incompatibility with the open domanda of X is found at submission,
    although the assistente of Y cannot see that domanda."""
    from misure.services.beneficiari import beneficiario_trasferisci
    from tests.misure.domande.helpers import bando_b2 as bando_di_prova

    w = mondo.a
    x, y = w.comuni[0], w.comuni[1]
    dati = {"isee_tipo": "sociosanitario", "isee_valore": Decimal("12000.00"), "isee_scadenza": dt.date(2099, 12, 31)}
    with ambito_scope(w.ambito):
        prova = bando_di_prova(w.ambito)
        prova.versione.regole_ammissibilita = {}
        prova.versione.regole_incompatibilita = {"regole": [
            {"codice": "caregiver", "descrizione": "Buono caregiver familiare", "tipo": "strumento",
             "riferimento": "caregiver", "modo": "esclusiva"}]}
        prova.versione.save()
        persona = beneficiario(w.ambito, x, cognome="Trasferita")
    with ambito_scope(w.ambito, comuni=[x.pk], actor=w.assistente_1):
        a = services.domanda_create(ambito=w.ambito, actor=w.assistente_1, bando=prova.bando,
                                    strumento=prova.caregiver, beneficiario=persona, **dati)
        services.domanda_submit(domanda=a, actor=w.assistente_1, oggi=OGGI)
    with ambito_scope(w.ambito, actor=w.operatore):
        beneficiario_trasferisci(beneficiario=persona, comune=y, residente_dal=dt.date(2025, 6, 1),
                                 actor=w.operatore)
    with ambito_scope(w.ambito, comuni=[y.pk], actor=w.assistente_2):
        b = services.domanda_create(ambito=w.ambito, actor=w.assistente_2, bando=prova.bando,
                                    strumento=prova.assistente, beneficiario=persona, **dati)
        services.documento_domanda_set(domanda=b, documento=prova.contratto, file=pdf(), actor=w.assistente_2)
        b = services.domanda_submit(domanda=b, actor=w.assistente_2, oggi=OGGI)
        esiti = {e.codice: e for e in selectors.esito_list(domanda=b)}
    assert esiti["incompatibilita:caregiver"].esito == EsitoVerifica.NON_SODDISFATTA, esiti
