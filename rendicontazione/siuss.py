"""The SIUSS flow PS/PSA/SINA (INPS, casellario dell'assistenza) as XML: the writer the SIUSS return will use.

The writer takes neutral records (:class:`EnteSiuss`, :class:`BeneficiarioSiuss` with its
:class:`PrestazioneSiuss` events and optional :class:`SinaSiuss` block) and streams the XML of the official schema
``PS_PSA_SINA201812.xsd`` (namespace ``http://inps.it/Casellario``): a multi-beneficiary file for the upload, or one
flow per beneficiary and benefit for the application-cooperation / WaaS channels (:func:`flussi_singoli`). The
records will be built by the return that reads misure's erogazioni and valutazioni (not on this branch).

Validation: when ``RENDICONTAZIONE_SIUSS_XSD_DIR`` points to the operator's copy of the official XSDs, every
produced flow is validated against it (:func:`valida_xsd`) before it is offered; the repository keeps a copy in
``rendicontazione/dati/siuss/`` (MIT, INPS) that the tests use.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import XMLGenerator

from django.conf import settings
from django.utils.translation import gettext as _

from ambito.errors import RegolaViolata

NAMESPACE = "http://inps.it/Casellario"
XSD_PS_PSA_SINA = "PS_PSA_SINA201812.xsd"


@dataclass(frozen=True)
class EnteSiuss:
    codice: str  # the ente's code at INPS (1–32)
    belfiore: str  # the Belfiore code of its seat (4 characters)
    cf_operatore: str
    denominazione: str = ""


@dataclass(frozen=True)
class SinaSiuss:
    """The non-self-sufficiency block, from the multidimensional assessment (codes of the XSD)."""

    mobilita: str
    attivita_vita_quotidiana: str
    disturbi_comportamentali: str
    area_reddituale: str
    area_supporto: str
    fonte_valutazione: str
    strumento_valutazione: str
    disturbi_area_cognitiva: str = ""
    necessita_cure_sanitarie: str = ""
    fonte_invalidita: str = ""
    interventi: tuple[str, ...] = ()  # CodicePrestazione of the social interventions needed
    invalidita: tuple[str, ...] = ()  # InvCiv codes (1–8)


@dataclass(frozen=True)
class PrestazioneSiuss:
    """One benefit event: ``tipo_operazione`` I (insert) or C (cancel)."""

    codice_prestazione: str
    denominazione: str
    protocollo_domanda: str
    presenza_prova_mezzi: str  # 1 ISEE, 2 other means test, 3 ISEE waived, 4 none
    presa_carico: str  # 1 yes, 2 no
    tipo_operazione: str = "I"
    carattere: str = ""  # 1 periodic, 2 one-off
    protocollo_dsu: str = ""
    anno_protocollo_dsu: int | None = None
    data_dsu: dt.date | None = None
    data_evento: dt.date | None = None
    data_inizio: dt.date | None = None
    data_fine: dt.date | None = None
    data_erogazione: dt.date | None = None
    importo: Decimal | None = None
    periodo_erogazione: int | None = None
    importo_mensile: Decimal | None = None
    quota_ente: Decimal | None = None
    quota_utente: Decimal | None = None
    quota_ssn: Decimal | None = None
    quota_richiesta: Decimal | None = None
    soglia_isee: Decimal | None = None
    ore_mensili: Decimal | None = None
    area_utenza: str = ""
    sina: SinaSiuss | None = None


@dataclass(frozen=True)
class IndirizzoSiuss:
    codice_nazione: str = "380"
    codice_regione: str = ""
    codice_comune: str = ""  # 6-digit ISTAT code


@dataclass(frozen=True)
class BeneficiarioSiuss:
    codice_fiscale: str
    cognome: str
    nome: str
    anno_nascita: int
    luogo_nascita: str  # Belfiore
    genere: str  # 1 M, 2 F
    cittadinanza: str = "000"  # 3 digits (000 = Italy in the INPS table)
    indirizzi: tuple[IndirizzoSiuss, ...] = ()
    prestazioni: tuple[PrestazioneSiuss, ...] = field(default_factory=tuple)


def _attributi(coppie: Iterable[tuple[str, object]]) -> dict[str, str]:
    """Only the attributes with a value, as the XSD's lexical forms (dates ISO, decimals with a dot)."""
    valori = {}
    for nome, valore in coppie:
        if valore is None or valore == "":
            continue
        valori[nome] = valore.isoformat() if isinstance(valore, dt.date) else str(valore)
    return valori


def _elemento(xml: XMLGenerator, nome: str, attributi: dict[str, str]) -> None:
    xml.startElementNS((NAMESPACE, nome), nome, {(None, k): v for k, v in attributi.items()})
    xml.endElementNS((NAMESPACE, nome), nome)


def _attributi_sina(s: SinaSiuss) -> dict[str, str]:
    return _attributi([
        ("Mobilita", s.mobilita), ("AttivitaVitaQuotidiana", s.attivita_vita_quotidiana),
        ("DisturbiAreaCognitiva", s.disturbi_area_cognitiva), ("DisturbiComportamentali", s.disturbi_comportamentali),
        ("NecessitaCureSanitarie", s.necessita_cure_sanitarie), ("AreaReddituale", s.area_reddituale),
        ("AreaSupporto", s.area_supporto), ("FonteDerivazioneValutazione", s.fonte_valutazione),
        ("StrumentoValutazione", s.strumento_valutazione), ("FonteDerivazioneInvalidita", s.fonte_invalidita)])


def _scrivi_sina(xml: XMLGenerator, s: SinaSiuss) -> None:
    xml.startElementNS((NAMESPACE, "SINA"), "SINA", {(None, k): v for k, v in _attributi_sina(s).items()})
    if s.interventi:
        xml.startElementNS((NAMESPACE, "NecessitaInterventiSociali"), "NecessitaInterventiSociali", {})
        for codice in s.interventi:
            xml.startElementNS((NAMESPACE, "CodicePrestazione"), "CodicePrestazione", {})
            xml.characters(codice)
            xml.endElementNS((NAMESPACE, "CodicePrestazione"), "CodicePrestazione")
        xml.endElementNS((NAMESPACE, "NecessitaInterventiSociali"), "NecessitaInterventiSociali")
    if s.invalidita:
        xml.startElementNS((NAMESPACE, "InvaliditaCivile"), "InvaliditaCivile", {})
        for codice in s.invalidita:
            xml.startElementNS((NAMESPACE, "InvCiv"), "InvCiv", {})
            xml.characters(codice)
            xml.endElementNS((NAMESPACE, "InvCiv"), "InvCiv")
        xml.endElementNS((NAMESPACE, "InvaliditaCivile"), "InvaliditaCivile")
    xml.endElementNS((NAMESPACE, "SINA"), "SINA")


def _scrivi_prestazione(xml: XMLGenerator, p: PrestazioneSiuss) -> None:
    attributi = _attributi([
        ("TipoOperazione", p.tipo_operazione), ("PresenzaProvaMezzi", p.presenza_prova_mezzi),
        ("CaratterePrestazione", p.carattere), ("NumeroProtocolloDSU", p.protocollo_dsu),
        ("AnnoProtocolloDSU", p.anno_protocollo_dsu), ("DataDSU", p.data_dsu),
        ("CodicePrestazione", p.codice_prestazione), ("DenominazionePrestazione", p.denominazione),
        ("ProtocolloDomanda", p.protocollo_domanda), ("DataEvento", p.data_evento),
        ("DataInizioPrestazione", p.data_inizio), ("DataFinePrestazione", p.data_fine),
        ("DataErogazionePrestazione", p.data_erogazione), ("ImportoPrestazione", p.importo),
        ("PeriodoErogazione", p.periodo_erogazione), ("ImportoMensile", p.importo_mensile),
        ("ImportoQuotaEnte", p.quota_ente), ("ImportoQuotaUtente", p.quota_utente),
        ("ImportoQuotaSSN", p.quota_ssn), ("ImportoQuotaRichiesta", p.quota_richiesta),
        ("ImportoSogliaISEE", p.soglia_isee), ("OreServizioMensile", p.ore_mensili),
        ("PresaCarico", p.presa_carico), ("AreaUtenza", p.area_utenza)])
    xml.startElementNS((NAMESPACE, "PrestazioniSociali"), "PrestazioniSociali",
                       {(None, k): v for k, v in attributi.items()})
    if p.sina is not None:
        _scrivi_sina(xml, p.sina)
    xml.endElementNS((NAMESPACE, "PrestazioniSociali"), "PrestazioniSociali")


def _scrivi_beneficiario(xml: XMLGenerator, b: BeneficiarioSiuss) -> None:
    xml.startElementNS((NAMESPACE, "Beneficiario"), "Beneficiario", {(None, "CodiceFiscale"): b.codice_fiscale})
    _elemento(xml, "Anagrafica", _attributi([
        ("Cognome", b.cognome), ("Nome", b.nome), ("AnnoNascita", f"{b.anno_nascita:04d}"),
        ("LuogoNascita", b.luogo_nascita), ("Genere", b.genere), ("CodiceCittadinanza", b.cittadinanza)]))
    for indirizzo in b.indirizzi or (IndirizzoSiuss(),):
        _elemento(xml, "Indirizzo", _attributi([
            ("CodiceRegione", indirizzo.codice_regione), ("CodiceComune", indirizzo.codice_comune),
            ("CodiceNazione", indirizzo.codice_nazione)]))
    for prestazione in b.prestazioni:
        _scrivi_prestazione(xml, prestazione)
    xml.endElementNS((NAMESPACE, "Beneficiario"), "Beneficiario")


def scrivi_flusso(uscita: IO[str], *, nome: str, ente: EnteSiuss, beneficiari: Iterable[BeneficiarioSiuss]) -> None:
    """Stream one flow (any number of beneficiaries: the upload file) to ``uscita``."""
    xml = XMLGenerator(uscita, encoding="utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startPrefixMapping(None, NAMESPACE)
    xml.startElementNS((NAMESPACE, "Flusso"), "Flusso", {})
    xml.startElementNS((NAMESPACE, "IdentificazioneFlusso"), "IdentificazioneFlusso", {(None, "Nome"): nome[:50]})
    _elemento(xml, "Ente", _attributi([("Codice", ente.codice), ("Denominazione", ente.denominazione[:100]),
                                       ("Indirizzo", ente.belfiore), ("CFOperatore", ente.cf_operatore)]))
    xml.endElementNS((NAMESPACE, "IdentificazioneFlusso"), "IdentificazioneFlusso")
    for beneficiario in beneficiari:
        _scrivi_beneficiario(xml, beneficiario)
    xml.endElementNS((NAMESPACE, "Flusso"), "Flusso")
    xml.endPrefixMapping(None)
    xml.endDocument()


def flussi_singoli(*, nome: str, ente: EnteSiuss, beneficiari: Iterable[BeneficiarioSiuss]) -> Iterator[bytes]:
    """One flow per beneficiary and benefit (cooperazione applicativa and WaaS take exactly one of each)."""
    for beneficiario in beneficiari:
        for prestazione in beneficiario.prestazioni:
            uscita = io.StringIO()
            singolo = BeneficiarioSiuss(**{**beneficiario.__dict__, "prestazioni": (prestazione,)})
            scrivi_flusso(uscita, nome=nome, ente=ente, beneficiari=[singolo])
            yield uscita.getvalue().encode("utf-8")


def cartella_xsd() -> Path | None:
    """The operator's copy of the official XSDs (``RENDICONTAZIONE_SIUSS_XSD_DIR``), None when not configured."""
    cartella = getattr(settings, "RENDICONTAZIONE_SIUSS_XSD_DIR", "")
    return Path(cartella) if cartella else None


def valida_xsd(percorso_o_dati: Path | bytes, *, cartella: Path | None = None) -> list[str]:
    """Validate a flow against ``PS_PSA_SINA201812.xsd`` in ``cartella`` (default: the setting); returns the
    schema's error messages (empty: valid). Without a configured folder nothing is checked (empty list)."""
    from lxml import etree  # only where flows are validated

    cartella = cartella or cartella_xsd()
    if cartella is None:
        return []
    xsd = cartella / XSD_PS_PSA_SINA
    if not xsd.is_file():
        raise RegolaViolata(_("Lo schema SIUSS non si trova in %(c)s.") % {"c": cartella}, codice="xsd_mancante")
    schema = _schema(xsd)
    if isinstance(percorso_o_dati, Path):
        return _valida_file(percorso_o_dati, schema)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    documento = etree.fromstring(percorso_o_dati, parser).getroottree()
    if schema.validate(documento):
        return []
    return [f"riga {e.line}: {e.message}" for e in schema.error_log]


_SCHEMI: dict[tuple[str, float], Any] = {}


def _schema(xsd: Path) -> Any:
    """The compiled schema, kept per file and modification time (the WaaS feed validates every flow)."""
    from lxml import etree

    chiave = (str(xsd), xsd.stat().st_mtime)
    if chiave not in _SCHEMI:
        _SCHEMI[chiave] = etree.XMLSchema(etree.parse(str(xsd)))
    return _SCHEMI[chiave]


def _valida_file(percorso: Path, schema: Any) -> list[str]:
    """Validate a file while it is parsed, freeing each beneficiary once read: memory stays flat for any size."""
    from lxml import etree

    try:
        for _evento, elemento in etree.iterparse(str(percorso), events=("end",), schema=schema,
                                                 resolve_entities=False, no_network=True, huge_tree=True):
            if elemento.tag == f"{{{NAMESPACE}}}Beneficiario":
                elemento.clear(keep_tail=True)
                while elemento.getprevious() is not None:
                    del elemento.getparent()[0]
    except etree.XMLSyntaxError as errore:
        return [f"riga {e.line}: {e.message}" for e in errore.error_log] or [str(errore)]
    return []
