"""Audit models. Change history lives in django-simple-history tables (one per audited model);
this module holds the log of reads of sensitive personal data."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from ambito.tenancy.models import TenantLogModel


class AccessoDatiSensibili(TenantLogModel):
    """Who looked at whose sensitive data (health, disability, ISEE), and when.

    Rows are append-only: a database trigger refuses UPDATE and DELETE
    (see ``ambito.audit.services.install_append_only_triggers``).
    """

    # Every export writes a row per record it reads, one page reads them: the indexes are the page's — the Ambito's
    # rows newest first (one index for both), and the user's — each one more costs every row written.
    ambito = models.ForeignKey("ambito.Ambito", on_delete=models.PROTECT, related_name="+", verbose_name=_("Ambito"),
                               db_index=False)
    utente = models.ForeignKey("ambito.Utente", null=True, on_delete=models.SET_NULL, related_name="+")
    utente_email = models.EmailField(_("utente"))
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+",
                                     db_index=False)
    object_id = models.CharField(max_length=64)
    interessato = models.CharField(_("interessato"), max_length=250,
                                   help_text=_("Di chi sono i dati (es. codice fiscale mascherato)."))
    categoria = models.CharField(_("categoria di dati"), max_length=60)
    campi = ArrayField(models.CharField(max_length=60), default=list, blank=True, verbose_name=_("campi letti"))
    contesto = models.CharField(_("contesto"), max_length=250, blank=True)
    indirizzo_ip = models.GenericIPAddressField(null=True, blank=True)
    avvenuto_il = models.DateTimeField(_("avvenuto il"), auto_now_add=True)

    class Meta:
        verbose_name = _("accesso a dati sensibili")
        verbose_name_plural = _("accessi a dati sensibili")
        ordering = ["-avvenuto_il"]
        indexes = [models.Index(fields=["ambito", "-avvenuto_il"], name="accesso_sensibili_ambito_data")]

    def etichette_campi(self) -> list[str]:
        """The fields read, by their labels (no query: the content type is loaded with the row)."""
        modello = self.content_type.model_class()
        etichette = []
        for nome in self.campi:
            try:
                etichette.append(str(modello._meta.get_field(nome).verbose_name))
            except (AttributeError, FieldDoesNotExist):  # a model or field removed since: keep the name
                etichette.append(nome)
        return etichette
