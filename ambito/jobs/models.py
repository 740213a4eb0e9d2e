"""Long work (exports, PDFs, recalculations) as a database row that a Celery task claims by id."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from ambito.jobs.registry import etichetta_tipo
from ambito.tenancy.models import TenantLogModel


class StatoJob(models.TextChoices):
    RICHIESTO = "richiesto", _("In coda")
    IN_CORSO = "in_corso", _("In corso")
    COMPLETATO = "completato", _("Completato")
    FALLITO = "fallito", _("Non riuscito")


def _percorso_risultato(instance: Job, filename: str) -> str:
    return f"ambiti/{instance.ambito_id}/jobs/{instance.uuid}/{filename}"


class Job(TenantLogModel):
    """One unit of background work.

    The task receives only ``uuid``; it claims the job with a conditional UPDATE
    (``richiesto → in_corso``). A redelivered job already ``in_corso`` (worker killed) starts
    again from scratch with a new ``tentativo``; the result is attached in one atomic step
    guarded by that attempt number, so a killed worker never yields two results.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tipo = models.CharField(_("tipo"), max_length=80)
    parametri = models.JSONField(_("parametri"), default=dict, blank=True)
    # What the job is about, as people read it ("FNA 2024 … · Excel (XLSX) · 29/11/2026"), written when it is
    # requested: the list tells identical kinds apart without reading every job's objects.
    oggetto = models.CharField(_("oggetto"), max_length=250, blank=True)
    richiesto_da = models.ForeignKey("ambito.Utente", null=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("richiesto da"))
    stato = models.CharField(_("stato"), max_length=20, choices=StatoJob.choices, default=StatoJob.RICHIESTO)
    progresso = models.PositiveSmallIntegerField(_("avanzamento %"), default=0)
    messaggio = models.CharField(_("messaggio"), max_length=250, blank=True)
    errore = models.TextField(_("errore"), blank=True)
    tentativi = models.PositiveSmallIntegerField(_("tentativi"), default=0)
    risultato = models.FileField(_("risultato"), upload_to=_percorso_risultato, blank=True, max_length=300)
    creato_il = models.DateTimeField(auto_now_add=True)
    iniziato_il = models.DateTimeField(null=True, blank=True)
    terminato_il = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("elaborazione")
        verbose_name_plural = _("elaborazioni")
        ordering = ["-creato_il"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progresso__lte=100), name="job_progresso_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.tipo} ({self.get_stato_display()})"

    @property
    def terminato(self) -> bool:
        return self.stato in {StatoJob.COMPLETATO, StatoJob.FALLITO}

    @property
    def etichetta(self) -> str:
        """The registered kind's label (the code itself when the kind is no longer registered)."""
        return etichetta_tipo(self.tipo)

    @property
    def nome_risultato(self) -> str:
        """The result's file name without its storage folder ("" when there is none)."""
        return self.risultato.name.rsplit("/", 1)[-1] if self.risultato else ""
