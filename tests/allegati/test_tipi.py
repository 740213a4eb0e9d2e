"""Each kind is recognised by its content, never by its name; a refusal says what the name promised and what
the content is, in Italian."""

from __future__ import annotations

import io
import subprocess

import pytest

from ambito.allegati.tipi import TipoFile, contenuto_firmato, messaggio_rifiuto, riconosci
from tests.allegati.helpers import DOCM, DOCX, EXE, JPEG, ODT, PDFA, XLSX, ZIP, firmato
from tests.governance.helpers import PDF, PNG

ATTI = {"pdf", "pdfa", "p7m"}


def tipo(contenuto: bytes) -> str | None:
    return riconosci(io.BytesIO(contenuto)).tipo


@pytest.mark.parametrize(("contenuto", "atteso"), [
    (PDF, TipoFile.PDF), (PDFA, TipoFile.PDFA), (PNG, TipoFile.PNG), (JPEG, TipoFile.JPEG), (ODT, TipoFile.ODT),
    (DOCX, TipoFile.DOCX), (DOCM, None), (EXE, None), (XLSX, None), (ZIP, None), (b"<html><body>x</body></html>", None),
    (b"Testo qualsiasi", None),
])
def test_each_kind_is_recognised_by_its_content(contenuto, atteso):
    assert tipo(contenuto) == atteso


@pytest.mark.parametrize("nome", ["delibera_firmata_der.pdf.p7m", "delibera_firmata_ber.pdf.p7m",
                                  "delibera_doppia_firma.pdf.p7m.p7m"])
def test_a_signed_pdf_is_a_p7m_in_der_in_ber_and_signed_twice(nome):
    assert tipo(firmato(nome)) == TipoFile.P7M


def test_the_signed_document_is_read_out_of_the_envelope():
    assert contenuto_firmato(firmato("delibera_firmata_der.pdf.p7m")) == PDF
    assert contenuto_firmato(firmato("delibera_firmata_ber.pdf.p7m")) == PDF  # chunked, indefinite lengths


def test_a_p7m_sent_as_base64_is_recognised_too():
    import base64

    assert tipo(base64.encodebytes(firmato("delibera_firmata_der.pdf.p7m"))) == TipoFile.P7M


def test_a_p7m_built_now_with_openssl_is_recognised(tmp_path):
    """A fresh CAdES envelope signed at test time (Debian's openssl), not only the stored ones."""
    (tmp_path / "delibera.pdf").write_bytes(PDF)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", "chiave.pem", "-out", "cert.pem", "-days", "1",
                    "-subj", "/CN=Firmatario di prova"], cwd=tmp_path, check=True, capture_output=True)
    subprocess.run(["openssl", "cms", "-sign", "-binary", "-nodetach", "-in", "delibera.pdf", "-signer", "cert.pem",
                    "-inkey", "chiave.pem", "-outform", "DER", "-out", "delibera.pdf.p7m"], cwd=tmp_path, check=True,
                   capture_output=True)
    assert tipo((tmp_path / "delibera.pdf.p7m").read_bytes()) == TipoFile.P7M


@pytest.mark.parametrize(("nome", "difetto"), [
    ("firma_separata.p7s", "firma separata (detached)"),
    ("testo_firmato.txt.p7m", "il documento firmato contenuto nel file .p7m non è un PDF"),
])
def test_a_detached_signature_or_a_signed_non_pdf_is_no_signed_pdf(nome, difetto):
    riconosciuto = riconosci(io.BytesIO(firmato(nome)))
    assert riconosciuto.tipo is None and difetto in riconosciuto.difetto


@pytest.mark.parametrize("rotto", [
    b"\x30\x82\xff\xff\x06\x09", b"\x30\x80" * 200, b"\x30\x03\x06\x01\x00",
    firmato("delibera_firmata_der.pdf.p7m")[:400],
])
def test_a_broken_or_truncated_envelope_is_not_a_p7m_and_does_not_crash(rotto):
    assert tipo(rotto) is None


def test_a_png_named_pdf_is_refused_saying_what_it_really_is():
    messaggio = messaggio_rifiuto(riconosci(io.BytesIO(PNG)), nome="delibera.pdf", ammessi=ATTI)
    assert messaggio == ("Il file non è un PDF: il contenuto di «delibera.pdf» è un'immagine PNG. "
                         "Tipi ammessi qui: PDF, PDF/A, PDF firmato digitalmente (.p7m).")


def test_a_renamed_program_is_called_a_program():
    messaggio = messaggio_rifiuto(riconosci(io.BytesIO(EXE)), nome="C:\\Documenti\\determina.pdf", ammessi=ATTI)
    assert messaggio.startswith("Il file non è un PDF: il contenuto di «determina.pdf» è un programma eseguibile.")


def test_a_word_document_with_macros_renamed_docx_is_named_for_what_it_is():
    messaggio = messaggio_rifiuto(riconosci(io.BytesIO(DOCM)), nome="relazione.docx", ammessi={"docx", "odt"})
    assert messaggio.startswith("Il file non è un documento Word (DOCX): il contenuto di «relazione.docx» è un "
                                "documento Word con macro (DOCM).")


def test_a_kind_not_allowed_here_is_named_with_the_kinds_that_are():
    messaggio = messaggio_rifiuto(riconosci(io.BytesIO(DOCX)), nome="relazione.docx", ammessi=ATTI)
    assert messaggio == ("Il contenuto di «relazione.docx» è un documento Word (DOCX), che qui non è ammesso. "
                         "Tipi ammessi qui: PDF, PDF/A, PDF firmato digitalmente (.p7m).")
