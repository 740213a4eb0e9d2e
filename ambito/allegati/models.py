"""Attachments of any object of any module: the attachment, its versions, and who downloaded them.

An :class:`Allegato` hangs on one object (content type + id) of its Ambito; each upload is a
:class:`VersioneAllegato` (replacing a file adds a version, the old ones stay, file and row); every download
is a :class:`ScaricamentoAllegato` row, append-only like the rest of the audit trail.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambito.allegati.tipi import ESTENSIONE, TipoFile
from ambito.formato import formato_numero
from ambito.tenancy.models import TenantLogModel, TenantModel


def _percorso_versione(instance: VersioneAllegato, filename: str) -> str:
    """Private storage path: never the uploaded name, a random one with the extension of the *content*."""
    # The service sets ``cartella`` (where the owning module keeps its files) before saving.
    cartella = getattr(instance, "cartella", "") or "allegati"
    estensione = ESTENSIONE.get(instance.tipo, "")
    return f"ambiti/{instance.ambito_id}/{cartella}/{uuid.uuid4().hex}{estensione}"


class Allegato(TenantModel):
    """One attachment of an object (of any module): a title and its versions, the newest being current.

    ``chiave`` names a slot the owning module manages itself (an act's ``documento``: one per object); free
    attachments added from the panel have none.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    oggetto = GenericForeignKey("content_type", "object_id")
    chiave = models.CharField(_("chiave"), max_length=40, blank=True)
    titolo = models.CharField(_("titolo"), max_length=250)
    versione_corrente = models.ForeignKey("VersioneAllegato", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", verbose_name=_("versione corrente"))
    creato_il = models.DateTimeField(_("creato il"), default=timezone.now)

    class Meta:
        verbose_name = _("allegato")
        verbose_name_plural = _("allegati")
        ordering = ["creato_il", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "chiave"], condition=~Q(chiave=""),
                                    name="allegato_chiave_unica"),
        ]
        indexes = [models.Index(fields=["ambito", "content_type", "object_id"], name="allegato_oggetto")]

    def __str__(self) -> str:
        return self.titolo


class VersioneAllegato(TenantModel):
    """One uploaded file of an attachment. Versions are never changed nor deleted: a replacement adds one."""

    allegato = models.ForeignKey(Allegato, on_delete=models.PROTECT, related_name="versioni")
    numero = models.PositiveIntegerField(_("versione"))
    file = models.FileField(_("file"), upload_to=_percorso_versione, max_length=300)
    nome_file = models.CharField(_("nome del file caricato"), max_length=250)
    tipo = models.CharField(_("tipo di file"), max_length=10, choices=TipoFile.choices)
    dimensione = models.PositiveBigIntegerField(_("dimensione (byte)"))
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64)
    caricato_da = models.ForeignKey("ambito.Utente", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("caricato da"))
    caricato_il = models.DateTimeField(_("caricato il"), default=timezone.now)

    class Meta:
        verbose_name = _("versione di un allegato")
        verbose_name_plural = _("versioni di allegati")
        ordering = ["-numero"]
        constraints = [models.UniqueConstraint(fields=["allegato", "numero"], name="versione_allegato_unica")]

    def __str__(self) -> str:
        return f"{self.nome_file} (v{self.numero})"

    @property
    def dimensione_leggibile(self) -> str:
        """The size as Italians read it: "303 byte", "12,4 kB", "1,8 MB"."""
        if self.dimensione < 1024:
            return f"{self.dimensione} byte"
        if self.dimensione < 1024 * 1024:
            return f"{formato_numero(Decimal(self.dimensione) / 1024, 1)} kB"
        return f"{formato_numero(Decimal(self.dimensione) / (1024 * 1024), 1)} MB"


class ScaricamentoAllegato(TenantLogModel):
    """Who downloaded which version of an attachment, and when. Append-only (a database trigger)."""

    solo_aggiunta = True  # ambito.audit.services.append_only_models picks it up

    versione = models.ForeignKey(VersioneAllegato, on_delete=models.PROTECT, related_name="scaricamenti")
    utente = models.ForeignKey("ambito.Utente", null=True, on_delete=models.SET_NULL, related_name="+")
    utente_email = models.EmailField(_("utente"), blank=True, help_text=_("Vuoto: scaricato da una pagina pubblica."))
    indirizzo_ip = models.GenericIPAddressField(null=True, blank=True)
    avvenuto_il = models.DateTimeField(_("avvenuto il"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("scaricamento di un allegato")
        verbose_name_plural = _("scaricamenti di allegati")
        ordering = ["-avvenuto_il"]
