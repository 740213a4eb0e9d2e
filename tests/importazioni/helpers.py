"""Files as Italian offices produce them, and the import flow driven through the services."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def csv_file(righe: list[list[str]], *, nome: str = "popolazione.csv", separatore: str = ";",
             codifica: str = "cp1252", bom: bool = False) -> SimpleUploadedFile:
    testo = "\r\n".join(separatore.join(r) for r in righe) + "\r\n"
    dati = testo.encode(codifica)
    if bom:
        dati = b"\xef\xbb\xbf" + dati
    return SimpleUploadedFile(nome, dati, content_type="text/csv")


def xlsx_file(righe: list[list[object]], *, nome: str = "popolazione.xlsx") -> SimpleUploadedFile:
    libro = Workbook()
    foglio = libro.active
    for riga in righe:
        foglio.append(riga)
    buffer = io.BytesIO()
    libro.save(buffer)
    return SimpleUploadedFile(nome, buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
