"""What a file is, from its content: never from its name or the content type the browser declares.

:func:`riconosci` reads the bytes of an upload and says which accepted kind (:class:`TipoFile`) it is, or
what else it is (an executable, a ZIP archive, a web page…) so that a refusal can say it in Italian.

* **PDF**: the header ``%PDF-`` at the start; **PDF/A** when its XMP metadata declare ``pdfaid:part``
  (ISO 19005 requires that metadata stream to be uncompressed, so the marker is visible in the bytes).
* **Signed PDF (.p7m, CAdES)**: a DER or BER PKCS#7/CMS ``ContentInfo`` whose content type is
  ``signedData`` (OID 1.2.840.113549.1.7.2), with at least one signer and the signed document enveloped
  in it (not a detached signature), and that document a PDF — or itself a .p7m (counter-signatures made
  by wrapping, ``.pdf.p7m.p7m``). A base64 or PEM encoding of the same is recognised too. The ASN.1 is
  walked by a small parser here (tags and lengths only, definite and indefinite lengths, bounded depth):
  the signature is *not* verified, only the structure.
* **PNG**, **JPEG**: their signatures.
* **ODT**: a ZIP whose ``mimetype`` entry says ``application/vnd.oasis.opendocument.text``; **DOCX**: a
  ZIP with ``[Content_Types].xml`` and ``word/document.xml`` whose content types declare no macros (a DOCM
  renamed .docx is refused).
"""

from __future__ import annotations

import base64
import binascii
import re
import zipfile
from dataclasses import dataclass
from typing import IO

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class TipoFile(models.TextChoices):
    PDF = "pdf", _("PDF")
    PDFA = "pdfa", _("PDF/A")
    P7M = "p7m", _("PDF firmato digitalmente (.p7m)")
    PNG = "png", _("immagine PNG")
    JPEG = "jpeg", _("immagine JPEG")
    ODT = "odt", _("documento ODT")
    DOCX = "docx", _("documento Word (DOCX)")


# The kind each content satisfies: a PDF/A is also a PDF.
SODDISFA = {
    TipoFile.PDF: {TipoFile.PDF}, TipoFile.PDFA: {TipoFile.PDF, TipoFile.PDFA}, TipoFile.P7M: {TipoFile.P7M},
    TipoFile.PNG: {TipoFile.PNG}, TipoFile.JPEG: {TipoFile.JPEG}, TipoFile.ODT: {TipoFile.ODT},
    TipoFile.DOCX: {TipoFile.DOCX},
}
ESTENSIONE = {
    TipoFile.PDF: ".pdf", TipoFile.PDFA: ".pdf", TipoFile.P7M: ".p7m", TipoFile.PNG: ".png",
    TipoFile.JPEG: ".jpg", TipoFile.ODT: ".odt", TipoFile.DOCX: ".docx",
}
MIME = {
    TipoFile.PDF: "application/pdf", TipoFile.PDFA: "application/pdf", TipoFile.P7M: "application/pkcs7-mime",
    TipoFile.PNG: "image/png", TipoFile.JPEG: "image/jpeg",
    TipoFile.ODT: "application/vnd.oasis.opendocument.text",
    TipoFile.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# What a name's extension promises (for the message "the file is not a PDF: its content is …").
_ATTESO_DA_ESTENSIONE = {
    ".pdf": _("un PDF"), ".p7m": _("un PDF firmato digitalmente (.p7m)"), ".png": _("un'immagine PNG"),
    ".jpg": _("un'immagine JPEG"), ".jpeg": _("un'immagine JPEG"), ".odt": _("un documento ODT"),
    ".docx": _("un documento Word (DOCX)"),
}
_TIPO_DA_ESTENSIONE = {
    ".pdf": {TipoFile.PDF, TipoFile.PDFA}, ".p7m": {TipoFile.P7M}, ".png": {TipoFile.PNG},
    ".jpg": {TipoFile.JPEG}, ".jpeg": {TipoFile.JPEG}, ".odt": {TipoFile.ODT}, ".docx": {TipoFile.DOCX},
}
_DESCRIZIONE = {
    TipoFile.PDF: _("un PDF"), TipoFile.PDFA: _("un PDF/A"), TipoFile.P7M: _("un PDF firmato digitalmente (.p7m)"),
    TipoFile.PNG: _("un'immagine PNG"), TipoFile.JPEG: _("un'immagine JPEG"), TipoFile.ODT: _("un documento ODT"),
    TipoFile.DOCX: _("un documento Word (DOCX)"),
}

OID_SIGNED_DATA = bytes.fromhex("2a864886f70d010702")  # 1.2.840.113549.1.7.2
_PROFONDITA_MASSIMA = 24
_P7M_ANNIDATI_MAX = 3


@dataclass(frozen=True)
class Riconosciuto:
    """The kind of a content (``tipo``, None when it is none of the accepted kinds) and, in words, what it is."""

    tipo: str | None
    descrizione: str
    # Why a content that looks like a .p7m is not an acceptable one (detached, not a PDF inside…).
    difetto: str = ""


# --- A minimal ASN.1 (DER/BER) reader ----------------------------------------------------------------

class _ASN1Errato(ValueError):
    pass


@dataclass(frozen=True)
class _Elemento:
    tag: int  # the first identifier octet (class, constructed bit, number < 31)
    inizio: int  # first content octet
    fine: int  # one past the last content octet
    dopo: int  # one past the element (end-of-contents octets included)

    @property
    def costruito(self) -> bool:
        return bool(self.tag & 0x20)


def _elemento(dati: bytes, pos: int, profondita: int = 0) -> _Elemento:
    if profondita > _PROFONDITA_MASSIMA:
        raise _ASN1Errato("too deep")
    if pos + 2 > len(dati):
        raise _ASN1Errato("truncated")
    tag = dati[pos]
    pos += 1
    if tag & 0x1F == 0x1F:  # high tag number form: skip its octets
        while pos < len(dati) and dati[pos] & 0x80:
            pos += 1
        pos += 1
    if pos >= len(dati):
        raise _ASN1Errato("truncated")
    primo = dati[pos]
    pos += 1
    if primo < 0x80:
        fine = pos + primo
    elif primo == 0x80:  # indefinite length (BER): children up to the end-of-contents octets 00 00
        if not tag & 0x20:
            raise _ASN1Errato("indefinite primitive")
        cursore = pos
        while True:
            if cursore + 2 > len(dati):
                raise _ASN1Errato("no end of contents")
            if dati[cursore] == 0 and dati[cursore + 1] == 0:
                return _Elemento(tag, pos, cursore, cursore + 2)
            cursore = _elemento(dati, cursore, profondita + 1).dopo
    else:
        n = primo & 0x7F
        if n > 8 or pos + n > len(dati):
            raise _ASN1Errato("bad length")
        fine = pos + n + int.from_bytes(dati[pos:pos + n], "big")
        pos += n
    if fine > len(dati):
        raise _ASN1Errato("truncated content")
    return _Elemento(tag, pos, fine, fine)


def _figli(dati: bytes, elemento: _Elemento, profondita: int = 0) -> list[_Elemento]:
    figli, pos = [], elemento.inizio
    while pos < elemento.fine:
        figlio = _elemento(dati, pos, profondita + 1)
        figli.append(figlio)
        pos = figlio.dopo
    return figli


def _ottetti(dati: bytes, elemento: _Elemento, profondita: int = 0) -> bytes:
    """The value of an OCTET STRING, primitive (DER) or constructed from chunks (BER)."""
    if profondita > _PROFONDITA_MASSIMA:
        raise _ASN1Errato("too deep")
    if elemento.tag == 0x04:
        return dati[elemento.inizio:elemento.fine]
    if elemento.tag == 0x24:
        return b"".join(_ottetti(dati, figlio, profondita + 1) for figlio in _figli(dati, elemento, profondita))
    raise _ASN1Errato("not an octet string")


def contenuto_firmato(dati: bytes) -> bytes | None:
    """The document enveloped in a CMS/PKCS#7 SignedData (DER or BER), or None for a detached signature.

    Raises ``ValueError`` when ``dati`` is not a SignedData ``ContentInfo`` with at least one signer.
    """
    radice = _elemento(dati, 0)
    if radice.tag != 0x30:
        raise _ASN1Errato("not a sequence")
    figli = _figli(dati, radice)
    if len(figli) < 2 or figli[0].tag != 0x06 or dati[figli[0].inizio:figli[0].fine] != OID_SIGNED_DATA:
        raise _ASN1Errato("not signedData")
    if figli[1].tag != 0xA0:
        raise _ASN1Errato("no content")
    (signed_data, *_resto) = _figli(dati, figli[1])
    campi = _figli(dati, signed_data)
    # version, digestAlgorithms, encapContentInfo, [0] certificates, [1] crls, signerInfos
    if len(campi) < 4 or campi[0].tag != 0x02 or campi[1].tag != 0x31 or campi[2].tag != 0x30:
        raise _ASN1Errato("not a SignedData")
    firmatari = campi[-1]
    if firmatari.tag != 0x31 or not _figli(dati, firmatari):
        raise _ASN1Errato("no signer")
    encap = _figli(dati, campi[2])
    if not encap or encap[0].tag != 0x06:
        raise _ASN1Errato("bad encapContentInfo")
    if len(encap) < 2:
        return None
    if encap[1].tag != 0xA0:
        raise _ASN1Errato("bad eContent")
    (econtent, *_altro) = _figli(dati, encap[1])
    return _ottetti(dati, econtent)


_BASE64 = re.compile(rb"^[A-Za-z0-9+/=\s]+$")


def _da_base64(dati: bytes) -> bytes | None:
    """The DER inside a PEM (``-----BEGIN PKCS7-----``) or bare base64 .p7m, or None."""
    testo = dati.strip()
    if testo.startswith(b"-----BEGIN"):
        righe = [r for r in testo.splitlines() if not r.startswith(b"-----")]
        testo = b"".join(righe)
    if not testo or len(testo) < 16 or not _BASE64.match(testo[:4096]):
        return None
    try:
        decodificato = base64.b64decode(b"".join(testo.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    return decodificato if decodificato[:1] == b"\x30" else None


# --- Recognition ----------------------------------------------------------------------------------

def _leggi(file: IO[bytes]) -> bytes:
    file.seek(0)
    dati = file.read()
    file.seek(0)
    return dati


def _riconosci_p7m(dati: bytes, annidamento: int = 0) -> Riconosciuto | None:
    """A .p7m (or None when ``dati`` is no SignedData at all)."""
    grezzi = dati if dati[:1] == b"\x30" else _da_base64(dati)
    if grezzi is None:
        return None
    try:
        documento = contenuto_firmato(grezzi)
    except (ValueError, IndexError):
        return None
    descrizione = gettext("un file firmato digitalmente (.p7m)")
    if documento is None:
        return Riconosciuto(None, descrizione, gettext(
            "è una firma separata (detached): il file .p7m non contiene il documento firmato"))
    if documento.startswith(b"%PDF-"):
        return Riconosciuto(TipoFile.P7M, str(_DESCRIZIONE[TipoFile.P7M]))
    if annidamento < _P7M_ANNIDATI_MAX:
        interno = _riconosci_p7m(documento, annidamento + 1)
        if interno is not None:
            return interno
    return Riconosciuto(None, descrizione, gettext(
        "il documento firmato contenuto nel file .p7m non è un PDF (è %(cosa)s)") % {
        "cosa": _riconosci_altro(documento).descrizione})


def _riconosci_zip(file: IO[bytes]) -> Riconosciuto:
    try:
        with zipfile.ZipFile(file) as archivio:
            nomi = set(archivio.namelist())
            if "mimetype" in nomi:
                mimetype = archivio.read("mimetype")[:100].strip()
                if mimetype == b"application/vnd.oasis.opendocument.text":
                    return Riconosciuto(TipoFile.ODT, str(_DESCRIZIONE[TipoFile.ODT]))
                if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                    return Riconosciuto(None, gettext("un documento OpenDocument che non è un testo (ODS, ODP…)"))
            if "[Content_Types].xml" in nomi and "word/document.xml" in nomi:
                if b"macroenabled" in archivio.read("[Content_Types].xml")[:200_000].lower():
                    return Riconosciuto(None, gettext("un documento Word con macro (DOCM)"))
                return Riconosciuto(TipoFile.DOCX, str(_DESCRIZIONE[TipoFile.DOCX]))
            if "[Content_Types].xml" in nomi and "xl/workbook.xml" in nomi:
                return Riconosciuto(None, gettext("un foglio di calcolo Excel (XLSX)"))
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, NotImplementedError):
        return Riconosciuto(None, gettext("un archivio ZIP danneggiato"))
    finally:
        file.seek(0)
    return Riconosciuto(None, gettext("un archivio ZIP"))


def _riconosci_altro(dati: bytes) -> Riconosciuto:
    """What a content that is none of the accepted kinds is, in words."""
    inizio = dati[:512]
    if not dati:
        return Riconosciuto(None, gettext("un file vuoto"))
    if inizio.startswith(b"MZ") or inizio.startswith(b"\x7fELF") or inizio[:4] in (
            b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe"):
        return Riconosciuto(None, gettext("un programma eseguibile"))
    if inizio.startswith(b"#!"):
        return Riconosciuto(None, gettext("uno script eseguibile"))
    if inizio.startswith((b"GIF87a", b"GIF89a")):
        return Riconosciuto(None, gettext("un'immagine GIF"))
    if inizio.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Riconosciuto(None, gettext("un documento Office nel vecchio formato (DOC, XLS)"))
    if inizio.startswith(b"{\\rtf"):
        return Riconosciuto(None, gettext("un documento RTF"))
    if inizio.startswith(b"PK\x03\x04"):
        return Riconosciuto(None, gettext("un archivio ZIP"))
    minuscolo = inizio.lstrip().lower()
    if minuscolo.startswith((b"<!doctype html", b"<html", b"<?xml", b"<svg")):
        return Riconosciuto(None, gettext("una pagina web o un file XML"))
    return Riconosciuto(None, gettext("un contenuto non riconosciuto"))


def riconosci(file: IO[bytes]) -> Riconosciuto:
    """What ``file`` is, by its content (the file position is left at the start)."""
    dati = _leggi(file)
    if dati.startswith(b"%PDF-"):
        if b"pdfaid:part" in dati or b"pdfaid:part" in dati.replace(b"\x00", b""):
            return Riconosciuto(TipoFile.PDFA, str(_DESCRIZIONE[TipoFile.PDFA]))
        return Riconosciuto(TipoFile.PDF, str(_DESCRIZIONE[TipoFile.PDF]))
    if dati.startswith(b"\x89PNG\r\n\x1a\n"):
        return Riconosciuto(TipoFile.PNG, str(_DESCRIZIONE[TipoFile.PNG]))
    if dati.startswith(b"\xff\xd8\xff"):
        return Riconosciuto(TipoFile.JPEG, str(_DESCRIZIONE[TipoFile.JPEG]))
    if dati.startswith(b"PK\x03\x04"):
        return _riconosci_zip(file)
    p7m = _riconosci_p7m(dati)
    if p7m is not None:
        return p7m
    return _riconosci_altro(dati)


def elenco_tipi(tipi: set[str] | frozenset[str]) -> str:
    """The accepted kinds in words, in a fixed order: "PDF, PDF/A, PDF firmato digitalmente (.p7m)"."""
    return ", ".join(str(etichetta) for valore, etichetta in TipoFile.choices if valore in tipi)


def messaggio_rifiuto(riconosciuto: Riconosciuto, *, nome: str, ammessi: set[str] | frozenset[str]) -> str:
    """Why a file is refused, in Italian, naming what the name promised and what the content is."""
    nome_breve = nome.replace("\\", "/").rsplit("/", 1)[-1][:80] or gettext("senza nome")
    estensione = ("." + nome_breve.rsplit(".", 1)[-1].lower()) if "." in nome_breve else ""
    tipi = elenco_tipi(ammessi)
    if riconosciuto.difetto:
        return gettext("Il file «%(nome)s» non è accettabile: %(difetto)s. Tipi ammessi qui: %(tipi)s.") % {
            "nome": nome_breve, "difetto": riconosciuto.difetto, "tipi": tipi}
    atteso = _ATTESO_DA_ESTENSIONE.get(estensione)
    if atteso is not None and riconosciuto.tipo not in _TIPO_DA_ESTENSIONE[estensione]:
        return gettext("Il file non è %(atteso)s: il contenuto di «%(nome)s» è %(trovato)s. "
                       "Tipi ammessi qui: %(tipi)s.") % {
            "atteso": atteso, "nome": nome_breve, "trovato": riconosciuto.descrizione, "tipi": tipi}
    return gettext("Il contenuto di «%(nome)s» è %(trovato)s, che qui non è ammesso. Tipi ammessi qui: %(tipi)s.") % {
        "nome": nome_breve, "trovato": riconosciuto.descrizione, "tipi": tipi}
