"""valuta_domanda on real rows: the domanda's declared data, the beneficiary's age and residence, the latest
assessment, declared external benefits and other open domande of the Ambito; it writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ambito.errors import RegolaViolata
from misure.models import BeneficioEsterno, EsitoVerifica, StatoDomanda, Valutazione
from misure.regole import valuta_domanda
from misure.selectors import bandi as selettori
from misure.services import bandi as servizi
from tests.misure.bandi.helpers import bando_b2, beneficiario, domanda, nello_scope

OGGI = dt.date(2025, 7, 1)
SI, NO, MANCA = EsitoVerifica.SODDISFATTA, EsitoVerifica.NON_SODDISFATTA, EsitoVerifica.DATI_MANCANTI


@pytest.fixture
def w(mondo):
    return mondo.a


def righe(risultato) -> dict[str, EsitoVerifica]:
    return {v.codice: v.esito for v in [*risultato.ammissibilita, *risultato.incompatibilita]}


@nello_scope
def test_domanda_ammissibile_con_punteggio_dalla_valutazione(w) -> None:
    bando = bando_b2(w.ambito, w.responsabile, pubblica=True)
    persona = beneficiario(w.ambito, w.comuni[0])
    d = domanda(bando, persona, condizioni={"caregiver_solo": True})
    Valutazione.objects.create(ambito=w.ambito, domanda=d, strumento="barthel", punteggio=Decimal("20"),
                               punteggio_massimo=Decimal("100"), data=dt.date(2025, 6, 20))
    risultato = valuta_domanda(d, oggi=OGGI)
    assert set(righe(risultato).values()) == {SI} and risultato.ammissibile is True
    punti = {r["criterio"]: r["punti"] for r in risultato.dettaglio_punteggio}
    assert punti["isee"] == "14.00" and punti["eta"] == "6.00" and punti["valutazione"] == "24.00"
    assert punti["condizione:caregiver_solo"] == "6.00"
    assert risultato.punteggio == Decimal("50.00")
    d.refresh_from_db()
    assert d.punteggio is None and not d.esiti_regole.exists()  # pure: nothing written


@nello_scope
def test_residenza_fuori_ambito_e_b1_dichiarato(w, mondo) -> None:
    bando = bando_b2(w.ambito, w.responsabile, pubblica=True)
    persona = beneficiario(w.ambito, w.comuni[1])
    d = domanda(bando, persona, isee_valore=None)
    BeneficioEsterno.objects.create(ambito=w.ambito, beneficiario=persona, codice="b1", descrizione="Misura B1",
                                    dal=dt.date(2025, 1, 1), importo_mensile=Decimal("650.00"))
    BeneficioEsterno.objects.create(ambito=w.ambito, beneficiario=persona, codice="hcp", descrizione="HCP finito",
                                    dal=dt.date(2024, 1, 1), al=dt.date(2024, 12, 31))
    risultato = valuta_domanda(d, oggi=OGGI)
    esiti = righe(risultato)
    assert esiti["isee"] == MANCA and esiti["incompatibilita:b1"] == NO
    assert esiti["incompatibilita:hcp"] == SI  # ended before today
    assert esiti["residenza"] == SI
    persona.comune = mondo.b.comuni[0]  # a comune of another Ambito
    assert righe(valuta_domanda(d, oggi=OGGI))["residenza"] == NO


@nello_scope
def test_incompatibilita_con_altre_domande_aperte_e_benefici_dichiarati_in_domanda(w) -> None:
    bando = bando_b2(w.ambito, w.responsabile, pubblica=True)
    persona = beneficiario(w.ambito, w.comuni[0])
    d = domanda(bando, persona, benefici_dichiarati=[{"codice": "rsa_aperta", "descrizione": "RSA aperta"}])
    altra = domanda(bando, persona, strumento="voucher-sad", stato=StatoDomanda.PRESENTATA, protocollo_anno=2025,
                    protocollo_numero=1)
    regole = {"regole": [{"codice": "sad", "descrizione": "Voucher SAD", "tipo": "strumento",
                          "riferimento": "voucher-sad", "modo": "esclusiva"}]}
    v2 = servizi.versione_new(bando=bando, actor=w.responsabile)
    v2 = servizi.versione_update(versione=v2, actor=w.responsabile, incompatibilita=regole)
    esiti = righe(valuta_domanda(d, oggi=OGGI))
    assert esiti["incompatibilita:rsa-aperta"] == NO  # declared on the domanda
    assert "incompatibilita:sad" not in esiti  # the draft v2 is not in force
    d.versione_regole = v2  # a domanda judged by v2 (in the graduatorie issue: after approval)
    assert righe(valuta_domanda(d, oggi=OGGI))["incompatibilita:sad"] == NO
    altra.stato = StatoDomanda.RITIRATA
    altra.save()
    assert righe(valuta_domanda(d, oggi=OGGI))["incompatibilita:sad"] == SI


@nello_scope
def test_importo_graduato_sulle_ore_di_contratto_nel_cumulo(w) -> None:
    bando = bando_b2(w.ambito, w.responsabile, pubblica=True)
    persona = beneficiario(w.ambito, w.comuni[0])
    BeneficioEsterno.objects.create(ambito=w.ambito, beneficiario=persona, codice="bonus_assistenti",
                                    dal=dt.date(2025, 1, 1), importo_mensile=Decimal("300.00"))
    regole = {"regole": [{"codice": "bonus", "descrizione": "Bonus regionale assistenti familiari",
                          "tipo": "beneficio_esterno", "riferimento": "bonus_assistenti", "modo": "entro_costo"}]}
    v2 = servizi.versione_new(bando=bando, actor=w.responsabile)
    v2 = servizi.versione_update(versione=v2, actor=w.responsabile, incompatibilita=regole)
    d = domanda(bando, persona, strumento="assistente-familiare", parametro_fasce=Decimal("30"),
                costo_effettivo_mensile=Decimal("900.00"), versione_regole=v2)
    assert righe(valuta_domanda(d, oggi=OGGI))["incompatibilita:bonus"] == SI  # 600 + 300 ≤ 900
    d.parametro_fasce = Decimal("38")
    assert righe(valuta_domanda(d, oggi=OGGI))["incompatibilita:bonus"] == NO  # 800 + 300 > 900


@nello_scope
def test_regole_non_valide_non_si_valutano(w) -> None:
    bando = bando_b2(w.ambito, w.responsabile)
    versione = selettori.versione_corrente(bando)
    type(versione).objects.filter(pk=versione.pk).update(regole_punteggio={"parita": ["sorteggio"]})
    d = domanda(bando, beneficiario(w.ambito, w.comuni[0]))
    with pytest.raises(RegolaViolata, match=r"punteggio\.parita"):
        valuta_domanda(d, oggi=OGGI)


@nello_scope
def test_una_bozza_non_salvata_e_incompleta_si_valuta_con_dati_mancanti(w) -> None:
    from misure.models import Domanda

    bando = bando_b2(w.ambito, w.responsabile, pubblica=True)
    bozza = Domanda(ambito=w.ambito, bando=bando)
    esiti = righe(valuta_domanda(bozza, oggi=OGGI))
    assert esiti["residenza"] == MANCA and esiti["isee"] == MANCA and esiti["certificazioni"] == MANCA
    assert esiti["incompatibilita:b1"] == SI
