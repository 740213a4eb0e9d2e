"""State changes of attachments (issue 14, "Attachments").

Rules enforced here, whatever the entry point (the attachment pages and API, a module's own service, a job):

* only objects of a model registered with :func:`ambito.allegati.registry.registra_allegati`, and of the
  same Ambito, take attachments;
* a file is accepted by its **content**, never by its name or declared type: it must be one of the kinds the
  module allows for that object (:mod:`ambito.allegati.tipi`), not empty, and within the size limit
  (``settings.AMBITO_MAX_UPLOAD_MB``, or the module's lower one);
* it is stored in private storage under a random name with the extension of its content; the uploaded name
  is kept only as a label, and its SHA-256 as a fingerprint;
* replacing a file adds a version: the old versions stay, row and file, and can still be downloaded;
* every download is recorded (:func:`scaricamento_record`), append-only.

Every change is saved through the model, so django-simple-history records who/when/before/after.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.allegati.models import Allegato, ScaricamentoAllegato, VersioneAllegato
from ambito.allegati.registry import RegolaAllegati, regola_per
from ambito.allegati.tipi import ESTENSIONE, SODDISFA, riconosci
from ambito.allegati.tipi import messaggio_rifiuto as _messaggio_rifiuto
from ambito.errors import Conflitto, RegolaViolata

NOME_MAX = 250


@dataclass(frozen=True)
class FileVerificato:
    tipo: str
    dimensione: int
    sha256: str


def _regola(oggetto: models.Model) -> RegolaAllegati:
    regola = regola_per(oggetto)
    if regola is None:
        raise RegolaViolata(_("Questo tipo di oggetto non accetta allegati."), codice="allegati_non_previsti")
    return regola


def verifica_file(file: UploadedFile | None, *, regola: RegolaAllegati, campo: str = "file") -> FileVerificato:
    """Check an upload against ``regola``: not empty, within the size limit, of an accepted kind by its content.

    Raises :class:`RegolaViolata` naming ``campo`` with a specific Italian message (what the name promised and
    what the content is, the kinds accepted, the limit).
    """
    if file is None or not file.size:
        raise RegolaViolata(_("Il file è vuoto."), campo=campo, codice="file_vuoto")
    if file.size > regola.limite_mb * 1024 * 1024:
        raise RegolaViolata(_("Il file supera la dimensione massima di %(mb)d MB.") % {"mb": regola.limite_mb},
                            campo=campo, codice="file_troppo_grande")
    riconosciuto = riconosci(file)
    if riconosciuto.tipo is None or not SODDISFA[riconosciuto.tipo] & regola.tipi:
        raise RegolaViolata(_messaggio_rifiuto(riconosciuto, nome=file.name or "", ammessi=regola.tipi), campo=campo,
                            codice="tipo_file_non_ammesso")
    impronta = hashlib.sha256()
    file.seek(0)
    for pezzo in file.chunks():
        impronta.update(pezzo)
    file.seek(0)
    return FileVerificato(riconosciuto.tipo, file.size, impronta.hexdigest())


def _nome_pulito(nome: str, tipo: str) -> str:
    """The uploaded name as a label: no folders, within the column, ending with the extension of the content."""
    base = (nome or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or _("documento")
    estensione = ESTENSIONE[tipo]
    if PurePath(base).suffix.lower() not in {estensione, ".jpeg" if tipo == "jpeg" else estensione}:
        base += estensione
    return base[-NOME_MAX:]


def _nuova_versione(*, allegato: Allegato, regola: RegolaAllegati, file: UploadedFile, verificato: FileVerificato,
                    actor: Utente | None, numero: int) -> VersioneAllegato:
    versione = VersioneAllegato(ambito_id=allegato.ambito_id, allegato=allegato, numero=numero,
                                nome_file=_nome_pulito(file.name, verificato.tipo), tipo=verificato.tipo,
                                dimensione=verificato.dimensione, sha256=verificato.sha256, caricato_da=actor)
    versione.cartella = regola.cartella
    versione.file.save(file.name or "documento", file, save=False)
    try:
        with transaction.atomic():
            versione.save()
    except IntegrityError as exc:  # another replacement of the same attachment won the race
        versione.file.storage.delete(versione.file.name)
        raise Conflitto(_("L'allegato è appena stato sostituito da un'altra persona: ricarica la pagina."),
                        campo="file") from exc
    allegato.versione_corrente = versione
    allegato.save(update_fields=["versione_corrente"])
    return versione


@transaction.atomic
def allegato_create(
    *, oggetto: models.Model, actor: Utente | None, file: UploadedFile, titolo: str = "", chiave: str = "",
    campo: str = "file",
) -> Allegato:
    """Attach ``file`` to ``oggetto`` (its first version). ``titolo`` defaults to the file's name.

    ``chiave`` names a slot the owning module manages (one attachment per object and key, e.g. an act's
    ``documento``); use :func:`documento_set` to create or replace it.
    """
    regola = _regola(oggetto)
    if oggetto.pk is None or getattr(oggetto, "ambito_id", None) is None:
        raise RegolaViolata(_("Si possono allegare file solo a oggetti di un Ambito."), codice="oggetto_estraneo")
    if regola.modificabile is not None:
        regola.modificabile(oggetto)
    verificato = verifica_file(file, regola=regola, campo=campo)
    titolo = (titolo or "").strip() or _nome_pulito(file.name, verificato.tipo)
    if len(titolo) > NOME_MAX:
        raise RegolaViolata(_("Il titolo può avere al massimo %(n)d caratteri (ne ha %(lunghezza)d).") % {
            "n": NOME_MAX, "lunghezza": len(titolo)}, campo="titolo", codice="testo_troppo_lungo")
    allegato = Allegato(ambito_id=oggetto.ambito_id, content_type=ContentType.objects.get_for_model(oggetto),
                        object_id=oggetto.pk, chiave=chiave, titolo=titolo)
    try:
        with transaction.atomic():
            allegato.save()
    except IntegrityError as exc:
        raise Conflitto(_("Il documento è appena stato allegato da un'altra persona: ricarica la pagina."),
                        campo=campo) from exc
    _nuova_versione(allegato=allegato, regola=regola, file=file, verificato=verificato, actor=actor, numero=1)
    return allegato


@transaction.atomic
def allegato_replace(*, allegato: Allegato, actor: Utente | None, file: UploadedFile, campo: str = "file") -> Allegato:
    """Replace an attachment's file: a new version becomes current, the previous ones stay downloadable."""
    allegato = Allegato.objects.select_for_update().get(pk=allegato.pk, ambito_id=allegato.ambito_id)
    oggetto = allegato.content_type.get_object_for_this_type(pk=allegato.object_id)
    regola = _regola(oggetto)
    if regola.modificabile is not None:
        regola.modificabile(oggetto)
    verificato = verifica_file(file, regola=regola, campo=campo)
    ultimo = allegato.versioni.aggregate(ultimo=models.Max("numero"))["ultimo"] or 0
    _nuova_versione(allegato=allegato, regola=regola, file=file, verificato=verificato, actor=actor,
                    numero=ultimo + 1)
    return allegato


@transaction.atomic
def documento_set(
    *, oggetto: models.Model, chiave: str, actor: Utente | None, file: UploadedFile, titolo: str,
    campo: str = "file",
) -> Allegato:
    """Attach the object's ``chiave`` document, or replace it with a new version if it already has one."""
    esistente = (Allegato.objects.select_for_update()
                 .filter(ambito_id=oggetto.ambito_id, content_type=ContentType.objects.get_for_model(oggetto),
                         object_id=oggetto.pk, chiave=chiave).first())
    if esistente is None:
        return allegato_create(oggetto=oggetto, actor=actor, file=file, titolo=titolo, chiave=chiave, campo=campo)
    return allegato_replace(allegato=esistente, actor=actor, file=file, campo=campo)


def scaricamento_record(*, versione: VersioneAllegato, actor: Utente | None, indirizzo_ip: str | None = None,
                        ) -> ScaricamentoAllegato:
    """Record that ``actor`` (None: someone not logged in, from a public page) downloaded ``versione``; the row
    cannot be changed or deleted afterwards."""
    return ScaricamentoAllegato.objects.create(ambito_id=versione.ambito_id, versione=versione, utente=actor,
                                               utente_email=actor.email if actor else "", indirizzo_ip=indirizzo_ip)
