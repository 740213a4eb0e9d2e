"""Data returns (debiti informativi): each production of a return for a period (:class:`Invio`), who
downloaded it (:class:`ScaricamentoInvio`), and the per-Ambito mapping of local interventions to the
national and regional codes every return reads (:class:`VoceMappatura`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ambito.tenancy.models import TenantLogModel, TenantModel


class EsitoControlli(models.TextChoices):
    DA_ESEGUIRE = "da_eseguire", _("Controlli in corso")
    SUPERATI = "superati", _("Controlli superati")
    NON_SUPERATI = "non_superati", _("Controlli non superati")


class Invio(TenantModel):
    """One production of a registered return (``codice``, see :mod:`rendicontazione.registry`) for one period.

    The file is the result of ``job`` (private storage, exactly once). Before the file is written the return's
    checks run: their findings are kept in ``anomalie`` (one entry per row and field, with a link to the
    record to fix) and an error stops the job, so no file is offered. ``sintesi`` keeps the figures of the
    file keyed by row (only for aggregate returns), so a re-run shows what changed since the last *submitted*
    production and a return may refuse a decrease. Marking it submitted records the receipt
    (``protocollo``, and the receipt file among its attachments).
    """

    codice = models.CharField(_("debito informativo"), max_length=80)
    anno = models.PositiveSmallIntegerField(_("anno"))
    periodo = models.PositiveSmallIntegerField(_("periodo"), default=1,
                                               help_text=_("Trimestre (1–4), semestre (1–2) o 1 per l'anno."))
    parametri = models.JSONField(_("parametri"), default=dict, blank=True)
    formato = models.CharField(_("formato"), max_length=10)
    job = models.ForeignKey("ambito.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                            verbose_name=_("elaborazione"))
    prodotto_da = models.ForeignKey("ambito.Utente", null=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("prodotto da"))
    creato_il = models.DateTimeField(_("richiesto il"), auto_now_add=True)
    esito_controlli = models.CharField(_("controlli"), max_length=20, choices=EsitoControlli.choices,
                                       default=EsitoControlli.DA_ESEGUIRE)
    anomalie = models.JSONField(_("anomalie"), default=list, blank=True)
    sintesi = models.JSONField(_("sintesi del contenuto"), default=dict, blank=True)
    # False when the file had more rows than ``sintesi`` keeps: the comparisons then run on its RigaInvio rows.
    sintesi_completa = models.BooleanField(_("sintesi completa"), default=True)
    inviato_il = models.DateField(_("inviato il"), null=True, blank=True)
    inviato_da = models.ForeignKey("ambito.Utente", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("segnato come inviato da"))
    protocollo = models.CharField(_("protocollo o ricevuta"), max_length=100, blank=True)
    note_invio = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("invio")
        verbose_name_plural = _("invii")
        ordering = ["-creato_il", "-pk"]
        indexes = [models.Index(fields=["ambito", "codice", "anno", "periodo"], name="rendic_invio_periodo")]

    def __str__(self) -> str:
        return f"{self.codice} {self.anno}/{self.periodo}"

    @property
    def inviato(self) -> bool:
        return self.inviato_il is not None


class ScaricamentoInvio(TenantLogModel):
    """Who downloaded which produced file, and when (a log: append only, not audited)."""

    invio = models.ForeignKey(Invio, on_delete=models.CASCADE, related_name="scaricamenti")
    utente = models.ForeignKey("ambito.Utente", null=True, on_delete=models.SET_NULL, related_name="+")
    scaricato_il = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-scaricato_il", "-pk"]


class RigaInvio(TenantLogModel):
    """The compact summary of one row of a keyed return's file (see :mod:`rendicontazione.sintesi_db`): its key, a
    64-bit digest of its values, the figures that may not decrease and the link to the record. A derived log
    (written in bulk by the job, never edited): not audited, listed in ``NOT_AUDITED``."""

    invio = models.ForeignKey(Invio, on_delete=models.CASCADE, related_name="+")
    numero = models.PositiveIntegerField()
    chiave = models.TextField()
    impronta = models.BigIntegerField()
    cifre = models.JSONField(default=dict, blank=True)
    url = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["invio", "chiave"], name="rendic_riga_invio_chiave")]


class VoceMappatura(TenantModel):
    """One local intervention or strumento of the Ambito and the codes every return reads for it.

    ``tipo_oggetto`` names a kind of the mappable-objects registry (``fondi.quota``, ``fondi.destinazione``,
    ``locale`` for a free row; misure/piani/udos register theirs later) and ``chiave_oggetto`` the object
    within it (a quota's id, a destination's value). The codes are checked against the reference lists in
    ``rendicontazione/dati/`` by the service.
    """

    tipo_oggetto = models.CharField(_("tipo di oggetto"), max_length=60)
    chiave_oggetto = models.CharField(_("oggetto"), max_length=60, blank=True)
    descrizione = models.CharField(_("intervento locale"), max_length=250)
    siuss_codice_prestazione = models.CharField(_("SIUSS: codice prestazione"), max_length=10, blank=True)
    siuss_area_utenza = models.CharField(_("SIUSS: area utenza"), max_length=1, blank=True)
    istat_area = models.CharField(_("ISTAT: area di utenza"), max_length=10, blank=True)
    istat_servizio = models.CharField(_("ISTAT: servizio"), max_length=20, blank=True)
    voce_regionale = models.CharField(_("voce di spesa regionale"), max_length=40, blank=True)
    macroarea_pdz = models.CharField(_("macro-area del Piano di Zona"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("voce di mappatura")
        verbose_name_plural = _("mappatura dei codici")
        ordering = ["tipo_oggetto", "descrizione", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ambito", "tipo_oggetto", "chiave_oggetto"],
                                    condition=~models.Q(chiave_oggetto=""), name="rendic_mappatura_oggetto_unico"),
        ]

    def __str__(self) -> str:
        return self.descrizione


class StatistichePubbliche(TenantModel):
    """The Ambito's choice to publish the aggregate figures of the measures dashboard in its public area, without
    login (``/p/<slug>/statistiche/``, ``noindex``, small counts suppressed). Off until the office switches it on;
    one row per Ambito."""

    attiva = models.BooleanField(_("pubblica le statistiche delle misure"), default=False)

    class Meta:
        verbose_name = _("pubblicazione delle statistiche")
        verbose_name_plural = _("pubblicazione delle statistiche")
        constraints = [models.UniqueConstraint(fields=["ambito"], name="rendic_statistiche_pubbliche_una")]

    def __str__(self) -> str:
        return str(self.attiva)


class TermineDebito(TenantModel):
    """The Ambito's own deadline for a return: ``giorni`` after the end of each period (the ATS or the Region may
    set a term other than the return's default ``giorni_scadenza``)."""

    codice = models.CharField(_("debito informativo"), max_length=80)
    giorni = models.PositiveSmallIntegerField(_("giorni dopo la fine del periodo"))
    note = models.CharField(_("riferimento"), max_length=250, blank=True,
                            help_text=_("La nota o l'atto che fissa il termine."))

    class Meta:
        verbose_name = _("termine di un debito informativo")
        verbose_name_plural = _("termini dei debiti informativi")
        constraints = [models.UniqueConstraint(fields=["ambito", "codice"], name="rendic_termine_unico")]

    def __str__(self) -> str:
        return f"{self.codice}: {self.giorni}"


class AvvisoScadenzaISEE(TenantLogModel):
    """An ISEE-expiry warning sent to a social worker for one attestation and expiry date (a log: once each).

    The unique constraint is what makes the daily beat run idempotent: a second run (or two workers at once)
    finds the row and sends nothing. A renewed attestation (another row, another date) gets its own warning."""

    attestazione = models.ForeignKey("misure.AttestazioneISEE", on_delete=models.CASCADE, related_name="+")
    scade_il = models.DateField()
    destinatario = models.ForeignKey("ambito.Utente", on_delete=models.CASCADE, related_name="+")
    inviato_il = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attestazione", "scade_il", "destinatario"],
                                               name="rendic_avviso_isee_unico")]
