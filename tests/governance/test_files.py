"""ambito.files: the PDF check and the private file response every download view uses."""

from __future__ import annotations

import pytest
from django.http import Http404

from ambito.errors import RegolaViolata
from ambito.files import nome_file_sicuro, risposta_file_privato, valida_pdf
from tests.governance.helpers import PDF, crea_atto, non_pdf, pdf

pytestmark = pytest.mark.django_db


def test_a_pdf_passes_and_is_left_readable_from_the_start():
    documento = pdf()
    valida_pdf(documento)
    assert documento.read() == PDF


@pytest.mark.parametrize("contenuto", [b"<html>%PDF-1.4</html>", b" %PDF-1.4", b"PK\x03\x04 a zip", b"%PD"])
def test_content_that_does_not_start_as_a_pdf_is_refused(contenuto):
    with pytest.raises(RegolaViolata) as errore:
        valida_pdf(pdf(contenuto=contenuto))
    assert errore.value.codice == "file_non_pdf"


def test_the_limit_is_exact_to_the_byte(settings):
    settings.AMBITO_MAX_UPLOAD_MB = 1
    valida_pdf(pdf(contenuto=PDF + b"0" * (1024 * 1024 - len(PDF))))
    with pytest.raises(RegolaViolata, match="1 MB"):
        valida_pdf(pdf(contenuto=PDF + b"0" * (1024 * 1024 - len(PDF) + 1)))


@pytest.mark.parametrize("nome", ['a"b\r\nSet-Cookie: x=1.pdf', "../../etc/passwd", "Delibera n. 3/2026"])
def test_download_names_carry_no_quotes_paths_or_line_breaks(nome):
    sicuro = nome_file_sicuro(nome, estensione=".pdf")
    assert not set('"/\\\r\n') & set(sicuro)
    assert sicuro.endswith(".pdf")


def test_the_response_is_an_attachment_that_browsers_must_not_sniff(mondo):
    atto = crea_atto(mondo.a)
    risposta = risposta_file_privato(atto.allegato, nome='Delibera "12".pdf', content_type="application/pdf")
    assert risposta["Content-Disposition"] == 'attachment; filename="Delibera_12.pdf"'
    assert risposta["X-Content-Type-Options"] == "nosniff"
    assert risposta["Cache-Control"] == "private, no-store"
    assert b"".join(risposta.streaming_content) == PDF


def test_a_missing_file_is_a_404(mondo):
    atto = crea_atto(mondo.a)
    atto.allegato.storage.delete(atto.allegato.name)
    with pytest.raises(Http404):
        risposta_file_privato(atto.allegato, nome="x.pdf")
    with pytest.raises(Http404):
        risposta_file_privato(crea_atto(mondo.a, numero="99", allegato=False).allegato, nome="x.pdf")


def test_a_disguised_image_is_refused():
    with pytest.raises(RegolaViolata):
        valida_pdf(non_pdf())
