"""Running a job: what a job function sees (:class:`ContestoJob`) and the services that move a
:class:`~ambito.jobs.models.Job` through its states (``richiesto → in_corso → completato | fallito``).

Delivery is at-least-once (``acks_late``): a job found *in_corso* when its message arrives again (the
worker was killed) is restarted from scratch with ``tentativi + 1``, in a fresh temporary directory;
progress and the final result are written only by the latest attempt (every write is guarded by the
attempt number), so a killed or superseded worker never leaves two results.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ambito.accounts.models import Utente
from ambito.accounts.permissions import ContestoAccesso, contesto_per
from ambito.errors import RegolaViolata
from ambito.jobs.models import Job, StatoJob
from ambito.jobs.registry import TipoJob
from ambito.tenancy.models import Ambito

logger = logging.getLogger(__name__)


MESSAGGIO_ERRORE_IMPREVISTO = _(
    "Si è verificato un errore imprevisto e l'elaborazione non è stata completata. "
    "Riprova più tardi; se il problema si ripete, contatta l'assistenza."
)
MESSAGGIO_TROPPI_TENTATIVI = _(
    "L'elaborazione si è interrotta più volte ed è stata annullata. Riprova più tardi o contatta l'assistenza."
)
MESSAGGIO_CODA_NON_DISPONIBILE = _(
    "Non è stato possibile avviare l'elaborazione: il servizio delle elaborazioni non è raggiungibile. "
    "Riprova più tardi."
)
MESSAGGIO_ABBANDONATO = _("L'elaborazione non si è conclusa entro il tempo massimo ed è stata annullata.")


def max_tentativi() -> int:
    """How many times one job may start (redeliveries after a killed worker and transient-error retries)."""
    return getattr(settings, "AMBITO_JOB_MAX_TENTATIVI", 3)




# ---------------------------------------------------------------------------------------------
# What a running job sees
# ---------------------------------------------------------------------------------------------


class JobSuperato(Exception):
    """This attempt is no longer the current one (a newer attempt claimed the job): stop quietly."""


def _cartella_temporanea_radice() -> Path:
    return Path(getattr(settings, "AMBITO_JOB_TMP_DIR", Path(tempfile.gettempdir()) / "ambito-jobs"))


@dataclass
class ContestoJob:
    """Handed to a job function: the job, its typed parameters, progress reports and temp files."""

    job: Job
    tipo: TipoJob
    actor: Utente | None = None
    _cartella: Path | None = field(default=None, init=False, repr=False)

    @property
    def ambito(self) -> Ambito:
        return self.job.ambito

    @property
    def tentativo(self) -> int:
        return self.job.tentativi

    @cached_property
    def dati(self) -> dict[str, Any]:
        """The parameters validated again by the kind's form (typed values: dates, model instances)."""
        form = self.tipo.crea_form(ambito=self.ambito, data=self.job.parametri)
        if form is None:
            return dict(self.job.parametri)
        if not form.is_valid():
            raise RegolaViolata(gettext("I parametri dell'elaborazione non sono più validi: %(errori)s")
                                % {"errori": "; ".join(str(e) for errs in form.errors.values() for e in errs)})
        return form.cleaned_data

    @cached_property
    def accesso(self) -> ContestoAccesso | None:
        """The requester's access context now (None for a job without a requester, e.g. the system's)."""
        if self.actor is None:
            return None
        accesso = contesto_per(self.actor, self.ambito)
        if accesso is None:
            raise RegolaViolata(gettext("Chi ha richiesto l'elaborazione non ha più accesso a questo Ambito."))
        return accesso

    def verifica_permessi(self) -> None:
        """The requester must still hold the kind's capability when the job runs (revocation counts)."""
        if self.actor is not None and not self.accesso.puo(self.tipo.capacita):
            raise RegolaViolata(gettext("Chi ha richiesto l'elaborazione non ha più il permesso di eseguirla."))

    def progresso(self, percentuale: int | Decimal, messaggio: str = "") -> None:
        """Report progress (0–100, kept below 100 until the result is attached). Raises
        :class:`JobSuperato` when a newer attempt has taken over."""
        job_progress(job=self.job, actor=self.actor, percentuale=percentuale, messaggio=messaggio)

    def file_temporaneo(self, suffisso: str = "") -> Path:
        """A new empty temporary file for this attempt (the directory is removed when the attempt ends)."""
        if self._cartella is None:
            self._cartella = _prepara_cartella(self.job)
        handle, nome = tempfile.mkstemp(suffix=suffisso, dir=self._cartella)
        os.close(handle)
        return Path(nome)

    def pulisci(self) -> None:
        if self._cartella is not None:
            shutil.rmtree(self._cartella, ignore_errors=True)
            self._cartella = None


def _prepara_cartella(job: Job) -> Path:
    """A fresh directory ``<root>/<job uuid>/<attempt>``; older attempts' leftovers are removed."""
    base = _cartella_temporanea_radice() / str(job.uuid)
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    for vecchia in base.iterdir():
        if vecchia.name.isdigit() and int(vecchia.name) < job.tentativi:
            shutil.rmtree(vecchia, ignore_errors=True)
    cartella = base / str(job.tentativi)
    shutil.rmtree(cartella, ignore_errors=True)
    cartella.mkdir(mode=0o700)
    return cartella


@transaction.atomic
def job_claim(*, job_uuid: str, actor: Utente | None) -> Job | None:
    """Start (or restart) a job: a conditional UPDATE moves it to *in_corso* with one more attempt.

    Returns None when there is nothing to run: the job is already finished (a duplicate delivery), or it
    has started :func:`max_tentativi` times already (a job that keeps killing its worker), in which case
    it is marked *fallito*. The UPDATE locks the row until commit, so reading it back is consistent.
    """
    adesso = timezone.now()
    limite = max_tentativi()
    avviati = Job.objects.filter(
        uuid=job_uuid, stato__in=[StatoJob.RICHIESTO, StatoJob.IN_CORSO], tentativi__lt=limite,
    ).update(stato=StatoJob.IN_CORSO, tentativi=F("tentativi") + 1, progresso=0, errore="",
             messaggio=gettext("Avviata"), iniziato_il=adesso)
    if avviati:
        job = Job.objects.select_related("ambito").get(uuid=job_uuid)
        if job.tentativi > 1:
            logger.warning("job %s restarted (attempt %d) by %s", job.uuid, job.tentativi, actor)
            Job.objects.filter(pk=job.pk).update(messaggio=gettext("Riavviata dopo un'interruzione"))
        return job
    esauriti = Job.objects.filter(uuid=job_uuid, stato=StatoJob.IN_CORSO, tentativi__gte=limite).update(
        stato=StatoJob.FALLITO, errore=str(MESSAGGIO_TROPPI_TENTATIVI), messaggio="", terminato_il=adesso)
    if esauriti:
        logger.error("job %s failed after %d attempts", job_uuid, limite)
    return None


def job_progress(*, job: Job, actor: Utente | None, percentuale: int | Decimal, messaggio: str = "") -> None:
    """Record progress, visible at once to the UI (autocommit; do not call it inside ``atomic``).

    Guarded by the attempt number: a superseded attempt gets :class:`JobSuperato` and must stop.
    """
    valore = max(0, min(99, int(percentuale)))
    aggiornati = Job.objects.filter(pk=job.pk, stato=StatoJob.IN_CORSO, tentativi=job.tentativi).update(
        progresso=valore, messaggio=str(messaggio)[:250])
    if not aggiornati:
        raise JobSuperato(f"job {job.uuid}: attempt {job.tentativi} superseded ({actor})")
    job.progresso = valore
    job.messaggio = str(messaggio)[:250]


@transaction.atomic
def job_finish(*, job: Job, actor: Utente | None, nome_file: str, contenuto: bytes | Path) -> bool:
    """Attach the result and mark the job *completato* — in one atomic step, only for the current attempt.

    The row is locked and checked (*in_corso*, same attempt); files already in the job's storage folder
    are leftovers of an attempt killed between writing its file and committing, and are removed first.
    So exactly one result file exists per job. Returns False (and stores nothing) for a stale attempt.
    """
    corrente = (Job.objects.select_for_update().select_related("ambito")
                .filter(pk=job.pk, stato=StatoJob.IN_CORSO, tentativi=job.tentativi).first())
    if corrente is None:
        logger.warning("job %s: attempt %d superseded, result discarded", job.uuid, job.tentativi)
        return False
    _elimina_file_orfani(corrente)
    if isinstance(contenuto, bytes):
        corrente.risultato.save(nome_file, ContentFile(contenuto), save=False)
    else:
        with Path(contenuto).open("rb") as handle:
            corrente.risultato.save(nome_file, File(handle), save=False)
    salvato = corrente.risultato.name
    try:
        corrente.stato = StatoJob.COMPLETATO
        corrente.progresso = 100
        corrente.messaggio = gettext("Completata")
        corrente.terminato_il = timezone.now()
        corrente.save(update_fields=["risultato", "stato", "progresso", "messaggio", "terminato_il"])
    except Exception:
        corrente.risultato.storage.delete(salvato)
        raise
    job.stato, job.risultato, job.progresso = corrente.stato, corrente.risultato, corrente.progresso
    logger.info("job %s completed (attempt %d) for %s", job.uuid, job.tentativi, actor)
    return True


def _cartella_risultati(job: Job) -> str:
    return f"ambiti/{job.ambito_id}/jobs/{job.uuid}"


def _elimina_file_orfani(job: Job) -> None:
    storage = Job._meta.get_field("risultato").storage
    cartella = _cartella_risultati(job)
    if not storage.exists(cartella):
        return
    _, nomi = storage.listdir(cartella)
    for nome in nomi:
        logger.warning("job %s: removing orphan result %s", job.uuid, nome)
        storage.delete(f"{cartella}/{nome}")


def job_fail(*, job: Job, actor: Utente | None, errore: str) -> bool:
    """End the current attempt as *fallito* with a message for the user (guarded by the attempt)."""
    falliti = Job.objects.filter(pk=job.pk, stato=StatoJob.IN_CORSO, tentativi=job.tentativi).update(
        stato=StatoJob.FALLITO, errore=str(errore), terminato_il=timezone.now())
    if falliti:
        job.stato, job.errore = StatoJob.FALLITO, str(errore)
        logger.info("job %s failed (attempt %d) for %s: %s", job.uuid, job.tentativi, actor, errore)
    return bool(falliti)


@transaction.atomic
def job_risultati_scaduti_delete(*, ambito: Ambito, actor: Utente | None, giorni: int | None = None) -> int:
    """Delete result files older than ``giorni`` (``AMBITO_JOB_RETENTION_DAYS``, default 7) and, while at it,
    fail jobs stuck queued or running for longer than ``AMBITO_JOB_TIMEOUT_HOURS`` (default 24: their
    message is lost). The job rows stay (who exported what, and when). Returns the files deleted."""
    giorni = giorni if giorni is not None else getattr(settings, "AMBITO_JOB_RETENTION_DAYS", 7)
    adesso = timezone.now()
    scaduti = list(
        Job.objects.select_for_update()
        .filter(ambito=ambito, stato=StatoJob.COMPLETATO, terminato_il__lt=adesso - dt.timedelta(days=giorni))
        .exclude(risultato="")
    )
    messaggio = gettext("Il file è stato eliminato dopo %(giorni)d giorni.") % {"giorni": giorni}
    for job in scaduti:
        nome = job.risultato.name
        job.risultato = ""
        job.messaggio = messaggio
        job.save(update_fields=["risultato", "messaggio"])
        transaction.on_commit(lambda nome=nome: Job._meta.get_field("risultato").storage.delete(nome))
    ore = getattr(settings, "AMBITO_JOB_TIMEOUT_HOURS", 24)
    abbandonati = Job.objects.filter(
        ambito=ambito, stato__in=[StatoJob.RICHIESTO, StatoJob.IN_CORSO],
        creato_il__lt=adesso - dt.timedelta(hours=ore),
    ).update(stato=StatoJob.FALLITO, errore=str(MESSAGGIO_ABBANDONATO), terminato_il=adesso)
    if scaduti or abbandonati:
        logger.info("ambito %s: %d job results deleted, %d stale jobs failed (%s)", ambito.slug, len(scaduti),
                    abbandonati, actor)
    return len(scaduti)
