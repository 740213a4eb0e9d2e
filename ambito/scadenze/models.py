"""The record of reminders already sent: one row per deadline and threshold, unique in the database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ambito.tenancy.models import TenantLogModel


class PromemoriaScadenza(TenantLogModel):
    """A reminder sent for one deadline at one threshold (``soglia`` days before; 0 = on expiry).

    The unique constraint is what makes each reminder go out once: the beat task inserts this row in the same
    transaction as the notifications, and a repeated or concurrent run fails the insert and sends nothing. The
    due date is part of the key: a deadline moved to another date gets its reminders again.
    """

    tipo = models.CharField(_("tipo di scadenza"), max_length=80)
    chiave = models.CharField(_("scadenza"), max_length=200)
    data_scadenza = models.DateField(_("data della scadenza"))
    soglia = models.PositiveSmallIntegerField(_("giorni prima"))
    inviato_il = models.DateTimeField(_("inviato il"), auto_now_add=True)
    destinatari = models.PositiveIntegerField(_("destinatari"), default=0)

    class Meta:
        verbose_name = _("promemoria di scadenza")
        verbose_name_plural = _("promemoria di scadenza")
        constraints = [
            models.UniqueConstraint(fields=["ambito", "tipo", "chiave", "data_scadenza", "soglia"],
                                    name="promemoria_scadenza_una_volta"),
        ]

    def __str__(self) -> str:
        return f"{self.tipo} {self.chiave} {self.data_scadenza} −{self.soglia}"
