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
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import IO, Any, NamedTuple

from django.conf import settings
from django.utils.translation import gettext as _

from ambito.errors import RegolaViolata
from ambito.exporters import testo_sicuro
from rendicontazione.registry import SOTTORIGHE

NAMESPACE = "http://inps.it/Casellario"
XSD_PS_PSA_SINA = "PS_PSA_SINA201812.xsd"


@dataclass(frozen=True, slots=True)
class EnteSiuss:
    codice: str  # the ente's code at INPS (1–32)
    belfiore: str  # the Belfiore code of its seat (4 characters)
    cf_operatore: str
    denominazione: str = ""


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class IndirizzoSiuss:
    codice_nazione: str = "380"
    codice_regione: str = ""
    codice_comune: str = ""  # 6-digit ISTAT code


@dataclass(frozen=True, slots=True)
class BeneficiarioSiuss:
    codice_fiscale: str
    cognome: str
    nome: str
    anno_nascita: int
    luogo_nascita: str  # Belfiore
    genere: str  # 1 M, 2 F
    cittadinanza: str = "380"  # 3 digits: the State's numeric code (380 Italy, as in INPS's own example flow)
    indirizzi: tuple[IndirizzoSiuss, ...] = ()
    prestazioni: tuple[PrestazioneSiuss, ...] = field(default_factory=tuple)


# Characters an attribute value may not hold as they are: XML's specials, the whitespace an attribute would
# normalise, and the control characters XML cannot hold at all (stripped).
_DA_TRATTARE = re.compile(r'[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f]')
_ENTITA = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
                         "\t": "&#9;"})


def _testo(valore: str) -> str:
    """Text as an attribute or element holds it (control characters stripped, specials escaped)."""
    if _DA_TRATTARE.search(valore) is None:
        return valore  # codes, names and numbers: almost every value
    return testo_sicuro(valore).translate(_ENTITA)


class Attributi(NamedTuple):
    """The attributes of one element: their XSD names and, in the same order, the keys of the flat record that
    hold their values."""

    nomi: tuple[str, ...]
    chiavi: tuple[str, ...]

    def __add__(self, altri: Attributi) -> Attributi:  # type: ignore[override]
        return Attributi(self.nomi + altri.nomi, self.chiavi + altri.chiavi)


def attributi(*coppie: tuple[str, str]) -> Attributi:
    """:class:`Attributi` from (XSD name, record key) pairs."""
    return Attributi(tuple(nome for nome, _chiave in coppie), tuple(chiave for _nome, chiave in coppie))


# The attributes of each element: (XSD name, key of the flat record). The flat record is the row of the SIUSS
# return's layout (``rendicontazione/ritorni/siuss.py``); the neutral dataclasses above are turned into it.
ANAGRAFICA = attributi(("Cognome", "cognome"), ("Nome", "nome"), ("AnnoNascita", "anno_nascita"),
              ("LuogoNascita", "luogo_nascita"), ("Genere", "genere"), ("CodiceCittadinanza", "cittadinanza"))
INDIRIZZO = attributi(("CodiceRegione", "codice_regione"), ("CodiceComune", "codice_comune"),
             ("CodiceNazione", "codice_nazione"))
# A benefit event's attributes: those of the event itself, then those every event of the same domanda shares
# (written once per domanda and person when the records name their domanda in ``_domanda``; attribute order is
# not significant in XML).
PRESTAZIONE_EVENTO = attributi(
    ("TipoOperazione", "tipo_operazione"), ("DataEvento", "data_evento"), ("DataInizioPrestazione", "data_inizio"),
    ("DataFinePrestazione", "data_fine"), ("DataErogazionePrestazione", "data_erogazione"),
    ("ImportoPrestazione", "importo_prestazione"), ("PeriodoErogazione", "periodo_erogazione"),
    ("ImportoQuotaEnte", "quota_ente"), ("ImportoQuotaUtente", "quota_utente"), ("ImportoQuotaSSN", "quota_ssn"),
    ("ImportoQuotaRichiesta", "quota_richiesta"), ("OreServizioMensile", "ore_mensili"))
# Of those, the ones of the domanda itself, and the ones many domande share (the benefit and how it is granted:
# written once per flow, :func:`_ricordato`).
PRESTAZIONE_DOMANDA_PROPRI = attributi(
    ("NumeroProtocolloDSU", "numero_protocollo_dsu"), ("AnnoProtocolloDSU", "anno_protocollo_dsu"),
    ("DataDSU", "data_dsu"), ("ProtocolloDomanda", "protocollo_domanda"), ("ImportoMensile", "importo_mensile"))
PRESTAZIONE_DOMANDA_CONDIVISI = attributi(
    ("PresenzaProvaMezzi", "presenza_prova_mezzi"), ("CaratterePrestazione", "carattere_prestazione"),
    ("CodicePrestazione", "codice_prestazione"), ("DenominazionePrestazione", "denominazione_prestazione"),
    ("ImportoSogliaISEE", "soglia_isee"), ("PresaCarico", "presa_carico"), ("AreaUtenza", "area_utenza"))
PRESTAZIONE_DOMANDA = PRESTAZIONE_DOMANDA_PROPRI + PRESTAZIONE_DOMANDA_CONDIVISI
PRESTAZIONE = PRESTAZIONE_EVENTO + PRESTAZIONE_DOMANDA
SINA = attributi(
    ("Mobilita", "sina_mobilita"), ("AttivitaVitaQuotidiana", "sina_attivita_vita_quotidiana"),
    ("DisturbiAreaCognitiva", "sina_disturbi_area_cognitiva"),
    ("DisturbiComportamentali", "sina_disturbi_comportamentali"),
    ("NecessitaCureSanitarie", "sina_necessita_cure_sanitarie"), ("AreaReddituale", "sina_area_reddituale"),
    ("AreaSupporto", "sina_area_supporto"), ("FonteDerivazioneValutazione", "sina_fonte_valutazione"),
    ("StrumentoValutazione", "sina_strumento_valutazione"), ("FonteDerivazioneInvalidita", "sina_fonte_invalidita"))
# Dataclass fields named otherwise than the record's keys.
_CAMPI_PRESTAZIONE = {"carattere_prestazione": "carattere", "numero_protocollo_dsu": "protocollo_dsu",
                      "denominazione_prestazione": "denominazione", "importo_prestazione": "importo"}


def _attributi(record: Mapping[str, Any], tabella: Attributi) -> str:
    """The attributes with a value (not None, not ""), as the XSD's lexical forms (``str`` of a date is ISO, of a
    Decimal has a dot), text escaped: `` Nome="valore"…`` ready to write. (A number is never compared with "":
    a Decimal's comparison with a string costs more than writing it.)"""
    return "".join([f' {nome}="{_testo(valore) if type(valore) is str else valore}"'
                    for nome, valore in zip(tabella.nomi, map(record.get, tabella.chiavi), strict=True)
                    if valore is not None and (valore or type(valore) is not str)])


def _elenco(nome: str, figlio: str, codici: Iterable[str]) -> str:
    voci = "".join(f"<{figlio}>{_testo(c)}</{figlio}>" for c in codici)
    return f"<{nome}>{voci}</{nome}>"


def _sina(record: Mapping[str, Any]) -> str:
    interni = ""
    if record.get("sina_interventi"):
        interni += _elenco("NecessitaInterventiSociali", "CodicePrestazione", record["sina_interventi"])
    if record.get("sina_invalidita_civile"):  # the InvCiv codes, separated by spaces (a column of the layout)
        interni += _elenco("InvaliditaCivile", "InvCiv", record["sina_invalidita_civile"].split())
    attributi = _attributi(record, SINA)
    return f"<SINA{attributi}>{interni}</SINA>" if interni else f"<SINA{attributi}/>"


def _della_domanda(record: Mapping[str, Any], scritti: dict[tuple[Any, ...], str]) -> tuple[str, str]:
    """The attributes a domanda's events share, and its SINA block ("" without one; its codes repeat from person
    to person, so its text is kept, :func:`_ricordato`)."""
    sina = ""
    if record.get("sina_mobilita"):
        chiave = ("SINA", *map(record.get, SINA.chiavi), tuple(record.get("sina_interventi") or ()),
                  record.get("sina_invalidita_civile"))
        sina = _ricordato(scritti, chiave, lambda: _sina(record))
    condivisi = _ricordato(scritti, ("PRESTAZIONE", *map(record.get, PRESTAZIONE_DOMANDA_CONDIVISI.chiavi)),
                           lambda: _attributi(record, PRESTAZIONE_DOMANDA_CONDIVISI))
    return _attributi(record, PRESTAZIONE_DOMANDA_PROPRI) + condivisi, sina


TESTI_RICORDATI = 2_000  # distinct texts a flow keeps to write again (then it starts over): memory stays bounded


def _ricordato(scritti: dict[tuple[Any, ...], str], chiave: tuple[Any, ...], scrivi: Callable[[], str]) -> str:
    """The text for ``chiave`` (the values it is written from) if the flow wrote it already, else ``scrivi()``.
    Events repeat their attributes — a month's payments share the dates, and most the amount — and SINA blocks
    their codes: a flow writes each distinct text once (values equal in Python are the same value in the
    schema)."""
    testo = scritti.get(chiave)
    if testo is None:
        if len(scritti) >= TESTI_RICORDATI:
            scritti.clear()
        testo = scritti[chiave] = scrivi()
    return testo


def _attributi_evento(record: Mapping[str, Any], scritti: dict[tuple[Any, ...], str]) -> str:
    """The attributes of the event itself (kept: :func:`_ricordato`)."""
    return _ricordato(scritti, tuple(map(record.get, PRESTAZIONE_EVENTO.chiavi)),
                      lambda: _attributi(record, PRESTAZIONE_EVENTO))


def _indirizzo(indirizzo: Mapping[str, Any]) -> str:
    nazione = "" if indirizzo.get("codice_nazione") else ' CodiceNazione="380"'
    return f"<Indirizzo{_attributi(indirizzo, INDIRIZZO)}{nazione}/>"


def _beneficiario(records: Sequence[Mapping[str, Any]], scritti: dict[tuple[Any, ...], str]) -> str:
    """One person (the registry data of the first record) and every benefit event of ``records``; ``scritti``: the
    flow's texts already written (:func:`_ricordato`)."""
    primo = records[0]
    parti = [f'<Beneficiario CodiceFiscale="{_testo(primo["codice_fiscale"])}"><Anagrafica',
             _attributi(primo, ANAGRAFICA), "/>"]
    parti += [_ricordato(scritti, ("INDIRIZZO", *map(indirizzo.get, INDIRIZZO.chiavi)), partial(_indirizzo, indirizzo))
              for indirizzo in primo.get("_indirizzi") or (primo,)]  # people of a few comuni: kept
    domande: dict[Any, tuple[str, str]] = {}
    for record in records:
        domanda = record.get("_domanda")
        comune = domande.get(domanda) if domanda is not None else None
        if comune is None:
            comune = _della_domanda(record, scritti)
            if domanda is not None:
                domande[domanda] = comune
        attributi, sina = comune
        chiusura = f">{sina}</PrestazioniSociali>" if sina else "/>"
        for evento in record.get(SOTTORIGHE) or (record,):  # a record with its events as sub-rows, or one event
            parti += ["<PrestazioniSociali", _attributi_evento(evento, scritti), attributi, chiusura]
    parti.append("</Beneficiario>")
    return "".join(parti)


def scrivi_flusso_record(uscita: IO[str], *, nome: str, ente: EnteSiuss,
                         persone: Iterable[Sequence[Mapping[str, Any]]]) -> None:
    """Stream one flow to ``uscita`` from flat records, one sequence per person (any number of people: the upload
    file). The text of each person is built and written in one piece (a SAX writer's per-attribute calls were
    most of a large file's time)."""
    uscita.write('<?xml version="1.0" encoding="utf-8"?>\n')
    uscita.write(f'<Flusso xmlns="{NAMESPACE}"><IdentificazioneFlusso Nome="{_testo(nome[:50])}"><Ente')
    uscita.write(_attributi({"codice": ente.codice, "denominazione": ente.denominazione[:100],
                             "belfiore": ente.belfiore, "cf_operatore": ente.cf_operatore},
                            attributi(("Codice", "codice"), ("Denominazione", "denominazione"),
                                      ("Indirizzo", "belfiore"), ("CFOperatore", "cf_operatore"))))
    uscita.write("/></IdentificazioneFlusso>")
    scritti: dict[tuple[Any, ...], str] = {}
    for records in persone:
        uscita.write(_beneficiario(records, scritti))
    uscita.write("</Flusso>")


def record_di(beneficiario: BeneficiarioSiuss, prestazione: PrestazioneSiuss) -> dict[str, Any]:
    """The flat record of one benefit event given as the neutral dataclasses."""
    record: dict[str, Any] = {chiave: getattr(beneficiario, chiave) for chiave in ANAGRAFICA.chiavi}
    record["anno_nascita"] = f"{beneficiario.anno_nascita:04d}"
    record["codice_fiscale"] = beneficiario.codice_fiscale
    record["_indirizzi"] = [{chiave: getattr(i, chiave) for chiave in INDIRIZZO.chiavi}
                            for i in beneficiario.indirizzi or (IndirizzoSiuss(),)]
    for chiave in PRESTAZIONE.chiavi:
        record[chiave] = getattr(prestazione, _CAMPI_PRESTAZIONE.get(chiave, chiave))
    if prestazione.sina is not None:
        for chiave in SINA.chiavi:
            record[chiave] = getattr(prestazione.sina, chiave.removeprefix("sina_"))
        record["sina_interventi"] = prestazione.sina.interventi
        record["sina_invalidita_civile"] = " ".join(prestazione.sina.invalidita)
    return record


def scrivi_flusso(uscita: IO[str], *, nome: str, ente: EnteSiuss, beneficiari: Iterable[BeneficiarioSiuss]) -> None:
    """Stream one flow (any number of beneficiaries: the upload file) to ``uscita``."""
    scrivi_flusso_record(uscita, nome=nome, ente=ente,
                         persone=([record_di(b, p) for p in b.prestazioni] for b in beneficiari if b.prestazioni))


def flussi_singoli(*, nome: str, ente: EnteSiuss, beneficiari: Iterable[BeneficiarioSiuss]) -> Iterator[bytes]:
    """One flow per beneficiary and benefit (cooperazione applicativa and WaaS take exactly one of each)."""
    for beneficiario in beneficiari:
        for prestazione in beneficiario.prestazioni:
            uscita = io.StringIO()
            scrivi_flusso(uscita, nome=nome, ente=ente, beneficiari=[replace(beneficiario, prestazioni=(prestazione,))])
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
