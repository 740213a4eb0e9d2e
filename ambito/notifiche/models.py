"""Notifications and each user's choice of channel per kind."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ambito.notifiche.registry import etichetta_tipo
from ambito.tenancy.models import TenantLogModel


class StatoEmail(models.TextChoices):
    NON_RICHIESTA = "", _("Non richiesta")
    IN_CODA = "in_coda", _("In invio")
    INVIATA = "inviata", _("Inviata")
    FALLITA = "fallita", _("Non recapitata")


class Notifica(TenantLogModel):
    """One notification to one user in one Ambito.

    The row is the in-app copy *and* the log of the e-mail: it is written in the transaction of the event
    that causes it, and the e-mail is sent after commit by a Celery task that records its attempts here.
    A log (not audited): its only changes are reading it and the e-mail's delivery state.
    ``in_app`` is False when the user chose e-mail only for this kind; it becomes True if the e-mail cannot
    be delivered, so a notification is never lost.
    """

    destinatario = models.ForeignKey("ambito.Utente", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("destinatario"))
    tipo = models.CharField(_("tipo"), max_length=80)
    titolo = models.CharField(_("titolo"), max_length=200)
    testo = models.TextField(_("testo"), blank=True)
    url = models.CharField(_("collegamento"), max_length=500, blank=True,
                           help_text=_("Indirizzo (relativo) dell'oggetto a cui si riferisce."))
    creata_il = models.DateTimeField(_("creata il"), auto_now_add=True)
    letta_il = models.DateTimeField(_("letta il"), null=True, blank=True)
    in_app = models.BooleanField(_("visibile nell'applicazione"), default=True)
    email_stato = models.CharField(_("stato dell'e-mail"), max_length=10, choices=StatoEmail.choices,
                                   default=StatoEmail.NON_RICHIESTA, blank=True)
    email_tentativi = models.PositiveSmallIntegerField(_("tentativi di invio"), default=0)
    email_errore = models.TextField(_("ultimo errore di invio"), blank=True)
    email_inviata_il = models.DateTimeField(_("e-mail inviata il"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifica")
        verbose_name_plural = _("notifiche")
        ordering = ["-creata_il", "-pk"]
        indexes = [models.Index(fields=["ambito", "destinatario", "letta_il"], name="notifica_destinatario_idx")]

    def __str__(self) -> str:
        return self.titolo

    @property
    def letta(self) -> bool:
        return self.letta_il is not None

    @property
    def etichetta_tipo(self) -> str:
        return etichetta_tipo(self.tipo)


class PreferenzaNotifica(models.Model):
    """A user's channels for one kind of notification (no row: the kind's default).

    Belongs to the user, not to an Ambito: someone who works for two Ambiti chooses once.
    """

    utente = models.ForeignKey("ambito.Utente", on_delete=models.CASCADE, related_name="preferenze_notifiche",
                               verbose_name=_("utente"))
    tipo = models.CharField(_("tipo"), max_length=80)
    in_app = models.BooleanField(_("nell'applicazione"), default=True)
    email = models.BooleanField(_("per e-mail"), default=True)
    modificata_il = models.DateTimeField(_("modificata il"), auto_now=True)

    class Meta:
        verbose_name = _("preferenza di notifica")
        verbose_name_plural = _("preferenze di notifica")
        constraints = [models.UniqueConstraint(fields=["utente", "tipo"], name="preferenza_notifica_unica")]

    def __str__(self) -> str:
        return f"{self.utente} · {self.tipo}"
