"""ambito.files: the private file response every download view uses (content checks of uploads: ambito.allegati,
tests/allegati)."""

from __future__ import annotations

import pytest
from django.http import Http404

from ambito.files import nome_file_sicuro, risposta_file_privato
from tests.governance.helpers import PDF, crea_atto

pytestmark = pytest.mark.django_db


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


