"""Audit models. Change history lives in django-simple-history tables (one per audited model);
this module holds the log of reads of sensitive personal data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ambito.tenancy.models import TenantLogModel


class AccessoDatiSensibili(TenantLogModel):
    """Who looked at whose sensitive data (health, disability, ISEE), and when.

    Rows are append-only: a database trigger refuses UPDATE and DELETE
    (see ``ambito.audit.services.install_append_only_triggers``).
    """

    utente = models.ForeignKey("ambito.Utente", null=True, on_delete=models.SET_NULL, related_name="+")
    utente_email = models.EmailField(_("utente"))
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    interessato = models.CharField(_("interessato"), max_length=250,
                                   help_text=_("Di chi sono i dati (es. codice fiscale mascherato)."))
    categoria = models.CharField(_("categoria di dati"), max_length=60)
    contesto = models.CharField(_("contesto"), max_length=250, blank=True)
    indirizzo_ip = models.GenericIPAddressField(null=True, blank=True)
    avvenuto_il = models.DateTimeField(_("avvenuto il"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("accesso a dati sensibili")
        verbose_name_plural = _("accessi a dati sensibili")
        ordering = ["-avvenuto_il"]
