"""The SEPA credit transfer file (pain.001.001.03) of a confirmed run validates against the XSD shipped in
misure/schemi/; a file that breaks the schema is caught."""

from __future__ import annotations

import pytest
from lxml import etree

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from misure.erogazioni_uscite import sepa_pain001, valida_pain001
from tests.misure.erogazioni.helpers import conferma, piano, prepara, scenario

pytestmark = pytest.mark.django_db
IBAN_CAPOFILA = "IT37T0306909606000000063128"


def test_the_sepa_file_of_a_confirmed_run_validates_against_the_xsd(mondo, client_per):
    w = mondo.a
    s = scenario(w)
    piano(w, s, cognome="Sepa")
    distinta = prepara(w, s)
    with ambito_scope(w.ambito), pytest.raises(RegolaViolata, match="confermata"):
        sepa_pain001(distinta, debitore="Comune di Lodi", iban_debitore=IBAN_CAPOFILA)
    distinta = conferma(w, s, distinta)
    with ambito_scope(w.ambito):
        contenuto = sepa_pain001(distinta, debitore="Comune di Lodi", iban_debitore=IBAN_CAPOFILA)
    valida_pain001(contenuto)  # the same check the function made, stated here
    albero = etree.fromstring(contenuto)
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
    assert albero.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=ns) == "1"
    assert albero.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=ns) == "100.00"
    assert albero.findtext(".//p:CdtTrfTxInf/p:CdtrAcct/p:Id/p:IBAN", namespaces=ns) == "IT60X0542811101000000123456"
    rotto = contenuto.replace(b"<CtrlSum>100.00</CtrlSum>", b"<CtrlSum>cento</CtrlSum>", 1)
    with pytest.raises(etree.DocumentInvalid):
        valida_pain001(rotto)
    risposta = client_per(w.operatore).post(f"/a/{w.ambito.slug}/misure/erogazioni/distinte/{distinta.pk}/sepa/",
                                            {"debitore": "Comune di Lodi", "iban": IBAN_CAPOFILA})
    assert risposta.status_code == 200 and risposta["Content-Type"] == "application/xml"
    valida_pain001(risposta.content)
    api = f"/api/v1/a/{w.ambito.slug}/misure/erogazioni/distinte/{distinta.pk}/sepa/"
    via_api = client_per(w.operatore).post(api, {"debitore": "Comune di Lodi", "iban": IBAN_CAPOFILA},
                                           content_type="application/json")
    assert via_api.status_code == 200 and via_api["Content-Type"] == "application/xml"
    valida_pain001(via_api.content)
    sbagliato = client_per(w.operatore).post(api, {"debitore": "Comune di Lodi", "iban": "IT00X"},
                                             content_type="application/json")
    assert sbagliato.status_code == 400 and "errore" in sbagliato.json()
