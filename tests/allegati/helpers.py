"""Files for the attachment tests: real contents of each kind, and disguised ones."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.governance.helpers import PDF
from tests.riferimenti import DATI

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
PDFA = PDF.replace(b"%%EOF", b"<x:xmpmeta><pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>"
                               b"</x:xmpmeta>\n%%EOF")


def firmato(nome: str) -> bytes:
    """A signed file of ``tests/data/`` (provenance in tests/data/README.md)."""
    return (DATI / nome).read_bytes()


def _zip(voci: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archivio:
        for nome, contenuto in voci.items():
            archivio.writestr(nome, contenuto)
    return buffer.getvalue()


ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"})
DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
DOCM = _zip({"[Content_Types].xml": b'<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled'
                                    b'.main+xml"/></Types>', "word/document.xml": b"<w:document/>",
             "word/vbaProject.bin": b"\x00"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ZIP = _zip({"leggimi.txt": b"ciao"})


def caricato(nome: str, contenuto: bytes, tipo: str = "application/pdf") -> SimpleUploadedFile:
    """An upload with the name and declared content type the browser would send (both untrusted)."""
    return SimpleUploadedFile(nome, contenuto, content_type=tipo)
