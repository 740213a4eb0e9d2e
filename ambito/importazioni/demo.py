"""Demo of the import helper (``seed_demo``): in the Ambito di Lodi, a population file an office might
send — Windows-1252, ``;``, one code that lost its leading zero, one figure with a thousands separator —
uploaded and verified but not saved, so its page shows the dry run and the two ways to save."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from ambito.accounts.models import Utente
from ambito.importazioni import services
from ambito.importazioni.models import Importazione
from ambito.tenancy.models import Ambito

NOME = "popolazione-2025-comuni.csv"
RIGHE = [
    "Codice ISTAT;Comune;Residenti;Anno;Fonte",
    "098031;Lodi;46112;2025;Anagrafe comunale",
    "98019;Codogno;15902;2025;Anagrafe comunale",
    "098010;Casalpusterlengo;15.710;2025;Anagrafe comunale",
    "015191;San Colombano al Lambro;7398;2025;Anagrafe comunale",
]


def carica_demo(*, ambito: Ambito, actor: Utente) -> None:
    if ambito.slug != "lodi" or Importazione.objects.filter(ambito=ambito, nome_file=NOME).exists():
        return
    file = SimpleUploadedFile(NOME, ("\r\n".join(RIGHE) + "\r\n").encode("cp1252"), content_type="text/csv")
    importazione = services.importazione_create(ambito=ambito, actor=actor, tipo="territorio.popolazione", file=file)
    services.importazione_verify(importazione=importazione, actor=actor, mappatura=importazione.mappatura)
