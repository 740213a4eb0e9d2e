"""Private files: the upload size limit, and serving stored files only through permission-checked views
(what an upload contains is checked by :mod:`ambito.allegati`).

Files (acts' PDFs, job results) live in the default storage rooted at
``settings.PRIVATE_MEDIA_ROOT``, which no URL serves. A view that has already checked that the
user may see the object returns :func:`risposta_file_privato`; nothing else hands files out.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.text import get_valid_filename


def limite_upload_byte() -> int:
    return settings.AMBITO_MAX_UPLOAD_MB * 1024 * 1024


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
