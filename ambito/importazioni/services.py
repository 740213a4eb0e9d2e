"""State changes of an import: upload, dry run (verify), save — all-or-nothing or the valid rows only.

``caricata → verificata → (in_corso →) completata | fallita``. The dry run writes nothing but the
import's own row (its outcome). Saving re-reads the file and runs the same checks again (the
database may have changed since the dry run), then hands the valid rows to the kind's ``salva``
in one transaction: with ``solo_valide=False`` one bad row refuses the whole save and nothing is
written; ``solo_valide=True`` needs the user's explicit ``conferma``. Files with more rows than
``AMBITO_IMPORT_RIGHE_JOB`` are saved by the ``ambito.importazione`` background job.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ambito.accounts.models import Utente
from ambito.errors import Conflitto, RegolaViolata
from ambito.files import limite_upload_byte
from ambito.importazioni.lettura import leggi_tabella
from ambito.importazioni.models import Importazione, StatoImportazione
from ambito.importazioni.registry import tipo_importazione_get
from ambito.importazioni.verifica import Esito, Mappatura, indovina_mappatura, problemi_mappatura, verifica
from ambito.jobs.services import job_create
from ambito.tenancy.models import Ambito

TIPO_JOB = "ambito.importazione"


def _bytes(file: UploadedFile) -> bytes:
    if file is None or not file.size:
        raise RegolaViolata(_("Il file è vuoto."), campo="file", codice="file_vuoto")
    if file.size > limite_upload_byte():
        raise RegolaViolata(_("Il file supera la dimensione massima di %(mb)d MB.") % {
            "mb": settings.AMBITO_MAX_UPLOAD_MB}, campo="file", codice="file_troppo_grande")
    file.seek(0)
    return file.read()


@transaction.atomic
def importazione_create(*, ambito: Ambito, actor: Utente, tipo: str, file: UploadedFile) -> Importazione:
    """Store an uploaded CSV/XLSX (checked by content, not by name) and guess the column mapping
    from the header (the user may change it before the dry run)."""
    tipo_imp = tipo_importazione_get(tipo)
    dati = _bytes(file)
    tabella = leggi_tabella(dati)
    nome = PurePath(file.name or "file").name[:200]
    importazione = Importazione(
        ambito=ambito, tipo=tipo_imp.codice, nome_file=nome, formato=tabella.formato,
        intestazioni=tabella.intestazioni, mappatura=indovina_mappatura(tipo_imp, tabella.intestazioni),
        righe_totali=len(tabella.righe), creata_da=actor)
    importazione.file.save(f"{get_random_string(16)}.{tabella.formato}", ContentFile(dati), save=False)
    importazione.save()
    return importazione


def _leggi(importazione: Importazione) -> Esito:
    tipo = tipo_importazione_get(importazione.tipo)
    with importazione.file.open("rb") as f:
        tabella = leggi_tabella(f.read())
    mappatura = {k: (int(v) if v is not None else None) for k, v in importazione.mappatura.items()}
    return verifica(tipo=tipo, ambito=importazione.ambito, tabella=tabella, mappatura=mappatura)


def _blocca(importazione: Importazione, *stati: str) -> Importazione:
    bloccata = Importazione.objects.select_for_update().get(pk=importazione.pk, ambito_id=importazione.ambito_id)
    if bloccata.stato not in stati:
        raise Conflitto(_("L'importazione è già %(stato)s.") % {"stato": bloccata.get_stato_display().lower()})
    return bloccata


@transaction.atomic
def importazione_verify(*, importazione: Importazione, actor: Utente, mappatura: Mappatura) -> Importazione:
    """The dry run: with this mapping, check every row and record each error (row as in the file,
    column, value, message). Nothing but the import's own row is written."""
    importazione = _blocca(importazione, StatoImportazione.CARICATA, StatoImportazione.VERIFICATA)
    tipo = tipo_importazione_get(importazione.tipo)
    mappatura = {c.nome: mappatura.get(c.nome) for c in tipo.colonne}  # the kind's columns, nothing else
    problemi = problemi_mappatura(tipo, importazione.intestazioni, mappatura)
    if problemi:
        campo, messaggio = next(iter(problemi.items()))
        raise RegolaViolata(messaggio, campo=campo, codice="mappatura_non_valida")
    importazione.mappatura = mappatura
    esito = _leggi(importazione)
    importazione.esito = esito.as_dict()
    importazione.stato = StatoImportazione.VERIFICATA
    importazione.save()
    return importazione


@transaction.atomic
def importazione_save(*, importazione: Importazione, actor: Utente, solo_valide: bool = False,
                      conferma: bool = False) -> Importazione:
    """Save the verified import: all rows or nothing; or, with ``solo_valide`` and the explicit
    ``conferma``, only the valid rows. A large file goes to a background job (state *in corso*)."""
    importazione = _blocca(importazione, StatoImportazione.VERIFICATA)
    errori = importazione.esito.get("righe_con_errori", 0)
    if solo_valide and not conferma:
        raise RegolaViolata(_("Per salvare solo le righe valide occorre confermarlo esplicitamente: le %(n)d righe "
                              "con errori non saranno importate.") % {"n": errori}, campo="conferma",
                            codice="conferma_richiesta")
    if errori and not solo_valide:
        raise RegolaViolata(ngettext(
            "Una riga ha errori: nessun dato salvato. Correggere il file e ricaricarlo, oppure salvare solo le "
            "righe valide.",
            "%(n)d righe hanno errori: nessun dato salvato. Correggere il file e ricaricarlo, oppure salvare solo "
            "le righe valide.", errori) % {"n": errori}, codice="righe_non_valide")
    importazione.solo_valide = solo_valide
    if importazione.righe_totali > settings.AMBITO_IMPORT_RIGHE_JOB:
        importazione.stato = StatoImportazione.IN_CORSO
        importazione.save()
        importazione.job = job_create(ambito=importazione.ambito, actor=actor, tipo=TIPO_JOB,
                                      parametri={"importazione": importazione.pk})
        importazione.save(update_fields=["job"])
        return importazione
    return _salva(importazione, actor)


def _salva(importazione: Importazione, actor: Utente | None) -> Importazione:
    """Check again and write, in the caller's transaction: a refusal undoes everything."""
    esito = _leggi(importazione)
    importazione.esito = esito.as_dict()
    if esito.errori and not importazione.solo_valide:
        raise RegolaViolata(_("%(n)d righe hanno errori (i dati sono cambiati dopo la verifica): nessun dato "
                              "salvato.") % {"n": esito.righe_con_errori}, codice="righe_non_valide")
    if not esito.valide:
        raise RegolaViolata(_("Nessuna riga valida da salvare."), codice="nessuna_riga_valida")
    tipo = tipo_importazione_get(importazione.tipo)
    importazione.righe_salvate = tipo.esegui_salvataggio(ambito=importazione.ambito, actor=actor, righe=esito.valide)
    importazione.stato = StatoImportazione.COMPLETATA
    importazione.completata_il = timezone.now()
    importazione.errore = ""
    importazione.save()
    return importazione


def importazione_run_job(*, importazione: Importazione, actor: Utente | None) -> Importazione:
    """The background save (called by the ``ambito.importazione`` job): all-or-nothing in one
    transaction; a refusal marks the import *non salvata* with its reason and fails the job."""
    try:
        with transaction.atomic():
            bloccata = _blocca(importazione, StatoImportazione.IN_CORSO)
            return _salva(bloccata, actor)
    except RegolaViolata as exc:
        with transaction.atomic():
            fallita = Importazione.objects.select_for_update().get(pk=importazione.pk)
            if fallita.stato == StatoImportazione.IN_CORSO:
                fallita.stato = StatoImportazione.FALLITA
                fallita.errore = exc.messaggio
                fallita.save()
        raise
