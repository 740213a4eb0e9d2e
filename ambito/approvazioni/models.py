"""Approval requests: an operation on an object of any module, prepared by one user, decided by another."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambito.tenancy.models import TenantModel


class StatoRichiesta(models.TextChoices):
    IN_ATTESA = "in_attesa", _("In attesa di approvazione")
    APPROVATA = "approvata", _("Approvata")
    RIFIUTATA = "rifiutata", _("Rifiutata")
    ANNULLATA = "annullata", _("Annullata da chi l'ha preparata")


class RichiestaApprovazione(TenantModel):
    """One request of a registered kind (``tipo``) about one object of the Ambito.

    ``parametri`` holds what the preparer asked for (e.g. the publication dates), as JSON; the kind's
    callback reads it on approval. The database refuses a decision by the preparer
    (``richiesta_non_autoapprovata``), a refusal without a reason and a decided request without decider.
    """

    tipo = models.CharField(_("tipo di richiesta"), max_length=80)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    oggetto = GenericForeignKey("content_type", "object_id")
    descrizione = models.CharField(_("descrizione"), max_length=300)
    parametri = models.JSONField(_("parametri"), default=dict, blank=True)
    stato = models.CharField(_("stato"), max_length=20, choices=StatoRichiesta.choices,
                             default=StatoRichiesta.IN_ATTESA)
    preparata_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("preparata da"))
    preparata_il = models.DateTimeField(_("preparata il"), default=timezone.now)
    decisa_da = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("decisa da"))
    decisa_il = models.DateTimeField(_("decisa il"), null=True, blank=True)
    motivo_rifiuto = models.TextField(_("motivo del rifiuto"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("richiesta di approvazione")
        verbose_name_plural = _("richieste di approvazione")
        ordering = ["-preparata_il", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(decisa_da__isnull=True) | ~Q(decisa_da=F("preparata_da")),
                                   name="richiesta_non_autoapprovata"),
            models.CheckConstraint(condition=~Q(stato="rifiutata") | ~Q(motivo_rifiuto=""),
                                   name="richiesta_rifiuto_motivato"),
            models.CheckConstraint(
                condition=(Q(stato__in=["approvata", "rifiutata"], decisa_da__isnull=False, decisa_il__isnull=False)
                           | Q(stato__in=["in_attesa", "annullata"], decisa_da__isnull=True)),
                name="richiesta_decisione_coerente"),
            models.UniqueConstraint(fields=["ambito", "tipo", "content_type", "object_id"],
                                    condition=Q(stato="in_attesa"), name="richiesta_una_in_attesa"),
        ]
        indexes = [models.Index(fields=["ambito", "stato"], name="richiesta_ambito_stato")]

    def __str__(self) -> str:
        return str(self.descrizione)
