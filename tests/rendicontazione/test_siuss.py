"""The SIUSS PS/PSA/SINA writer: flows that validate against the official XSD (the repository's copy), one flow per
beneficiary and benefit for the single-record channels, and validation that reports a broken flow."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from lxml import etree

from rendicontazione.codici import CARTELLA_SIUSS
from rendicontazione.siuss import (
    NAMESPACE,
    BeneficiarioSiuss,
    EnteSiuss,
    IndirizzoSiuss,
    PrestazioneSiuss,
    SinaSiuss,
    flussi_singoli,
    scrivi_flusso,
    valida_xsd,
)

ENTE = EnteSiuss(codice="ADS-LODI", belfiore="E648", cf_operatore="RSSMRA80A01E648X", denominazione="Ambito di Lodi")


def beneficiari() -> list[BeneficiarioSiuss]:
    b2 = PrestazioneSiuss(
        codice_prestazione="A1.09", denominazione="Buono sociale caregiver familiare (Misura B2)",
        protocollo_domanda="B2-2025-0001", presenza_prova_mezzi="1", presa_carico="1", carattere="1",
        protocollo_dsu="INPS-ISEE-2025-00000001-00", anno_protocollo_dsu=2025, data_dsu=dt.date(2025, 1, 15),
        data_evento=dt.date(2025, 3, 1), data_inizio=dt.date(2025, 3, 1), data_fine=dt.date(2025, 12, 31),
        importo=Decimal("4800.00"), periodo_erogazione=10, importo_mensile=Decimal("480.00"),
        quota_ente=Decimal("4800.00"), quota_utente=Decimal("0"), soglia_isee=Decimal("25000"), area_utenza="2",
        sina=SinaSiuss(mobilita="2", attivita_vita_quotidiana="3", disturbi_comportamentali="1", area_reddituale="2",
                       area_supporto="1", fonte_valutazione="1", strumento_valutazione="1",
                       interventi=("A1.09", "A1.16"), invalidita=("2", "6")))
    annullo = PrestazioneSiuss(codice_prestazione="A1.16", denominazione="Contributo per trasporto e mobilità",
                               protocollo_domanda="TR-2025-0007", presenza_prova_mezzi="4", presa_carico="2",
                               tipo_operazione="C", data_evento=dt.date(2025, 4, 2))
    return [
        BeneficiarioSiuss("RSSMRA40A41E648K", "Rossi", "Maria", 1940, "E648", "2",
                          indirizzi=(IndirizzoSiuss(codice_regione="03", codice_comune="098031"),),
                          prestazioni=(b2, annullo)),
        BeneficiarioSiuss("BNCLGU50B01F205Z", "Bianchi", "Luigi", 1950, "F205", "1", prestazioni=(annullo,)),
    ]


def test_a_multi_beneficiary_flow_validates_against_the_official_schema(tmp_path):
    uscita = io.StringIO()
    scrivi_flusso(uscita, nome="ADS-LODI.PS_PSA_SINA.20250630.0000001", ente=ENTE, beneficiari=beneficiari())
    percorso = tmp_path / "flusso.xml"
    percorso.write_text(uscita.getvalue(), encoding="utf-8")
    assert valida_xsd(percorso, cartella=CARTELLA_SIUSS) == []
    radice = etree.parse(str(percorso)).getroot()
    ns = {"c": NAMESPACE}
    assert len(radice.findall("c:Beneficiario", ns)) == 2
    prestazioni = radice.findall(".//c:PrestazioniSociali", ns)
    assert [p.get("TipoOperazione") for p in prestazioni] == ["I", "C", "C"]
    assert prestazioni[0].get("ImportoPrestazione") == "4800.00" and prestazioni[0].get("DataDSU") == "2025-01-15"
    assert [c.text for c in radice.findall(".//c:SINA/c:NecessitaInterventiSociali/c:CodicePrestazione", ns)] == [
        "A1.09", "A1.16"]


def test_single_record_flows_hold_one_beneficiary_and_one_benefit_each():
    flussi = list(flussi_singoli(nome="ADS-LODI.PS_PSA_SINA.20250630", ente=ENTE, beneficiari=beneficiari()))
    assert len(flussi) == 3
    for flusso in flussi:
        assert valida_xsd(flusso, cartella=CARTELLA_SIUSS) == []
        radice = etree.fromstring(flusso)
        assert len(radice.findall(f"{{{NAMESPACE}}}Beneficiario")) == 1
        assert len(radice.findall(f".//{{{NAMESPACE}}}PrestazioniSociali")) == 1


def test_a_flow_outside_the_schema_is_reported(settings):
    sbagliato = BeneficiarioSiuss("NONVALIDO", "Verdi", "Anna", 1960, "E648", "3", prestazioni=(
        PrestazioneSiuss(codice_prestazione="A1", denominazione="Breve", protocollo_domanda="X",
                         presenza_prova_mezzi="9", presa_carico="1"),))
    uscita = io.StringIO()
    scrivi_flusso(uscita, nome="prova", ente=ENTE, beneficiari=[sbagliato])
    errori = valida_xsd(uscita.getvalue().encode(), cartella=CARTELLA_SIUSS)
    testo = " ".join(errori)
    for attributo in ("CodiceFiscale", "Genere", "CodicePrestazione", "DenominazionePrestazione",
                      "PresenzaProvaMezzi"):
        assert attributo in testo, (attributo, errori)
    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = ""  # not configured: nothing to validate against
    assert valida_xsd(uscita.getvalue().encode()) == []
    settings.RENDICONTAZIONE_SIUSS_XSD_DIR = str(CARTELLA_SIUSS)
    assert valida_xsd(uscita.getvalue().encode()) != []
    assert Path(CARTELLA_SIUSS / "LICENSE").is_file()
