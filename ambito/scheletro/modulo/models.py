"""The module's data. Every row belongs to one Ambito: ``TenantModel`` scopes it (a query outside a scope
raises) and audits it (who changed what, before and after)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ambito.tenancy.models import TenantModel


class Elemento(TenantModel):
    nome = models.CharField(_("nome"), max_length=200)
    descrizione = models.TextField(_("descrizione"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("elemento")
        verbose_name_plural = _("elementi")
        ordering = ["nome"]
        constraints = [models.UniqueConstraint(fields=["ambito", "nome"], name="modulo_modello_elemento_nome_unico")]

    def __str__(self) -> str:
        return self.nome
