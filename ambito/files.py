"""Private files: checking uploads and serving stored files only through permission-checked views.

Files (acts' PDFs, job results) live in the default storage rooted at
``settings.PRIVATE_MEDIA_ROOT``, which no URL serves. A view that has already checked that the
user may see the object returns :func:`risposta_file_privato`; nothing else hands files out.
"""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from ambito.errors import RegolaViolata

PDF_MAGIC = b"%PDF-"


def limite_upload_byte() -> int:
    return settings.AMBITO_MAX_UPLOAD_MB * 1024 * 1024


def _leggi_inizio(file: IO[bytes], n: int) -> bytes:
    file.seek(0)
    inizio = file.read(n)
    file.seek(0)
    return inizio


def valida_pdf(file: UploadedFile, *, campo: str = "allegato") -> None:
    """Refuse anything that is not a PDF by its content (the magic bytes ``%PDF-`` at the start),
    whatever its name or declared content type, and anything above ``AMBITO_MAX_UPLOAD_MB``."""
    if file is None or not file.size:
        raise RegolaViolata(_("Il file è vuoto."), campo=campo, codice="file_vuoto")
    if file.size > limite_upload_byte():
        raise RegolaViolata(
            _("Il file supera la dimensione massima di %(mb)d MB.") % {"mb": settings.AMBITO_MAX_UPLOAD_MB},
            campo=campo, codice="file_troppo_grande")
    if not _leggi_inizio(file, len(PDF_MAGIC)).startswith(PDF_MAGIC):
        raise RegolaViolata(_("Il file non è un PDF: carica il documento in formato PDF."), campo=campo,
                            codice="file_non_pdf")


def nome_file_sicuro(nome: str, *, estensione: str = "") -> str:
    """A download name safe for ``Content-Disposition`` (no path, no quotes, no control chars)."""
    base = get_valid_filename(nome.replace("/", "-").replace("\\", "-")) or "documento"
    if estensione and not base.lower().endswith(estensione.lower()):
        base += estensione
    return base


def risposta_file_privato(
    file: FieldFile, *, nome: str, content_type: str = "application/octet-stream", allegato: bool = True,
) -> FileResponse:
    """Stream a privately stored file. The caller has checked permission; a missing file is a 404.

    ``nome`` is the download name (never the stored name); the response forbids MIME sniffing and
    shared caching, and by default asks the browser to save rather than render the file.
    """
    if not file or not file.name:
        raise Http404("no file")
    try:
        handle = file.storage.open(file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("file missing from storage") from exc
    response = FileResponse(handle, as_attachment=allegato, filename=nome_file_sicuro(nome),
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
