"""Governance acts (Atti) and their links to the objects of any module they approve."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ambito.allegati.models import VersioneAllegato
from ambito.tenancy.models import TenantModel

# The act's own document is the attachment it keeps under this key (ambito.allegati); other attachments
# (annexes) hang on the act too, without a key.
CHIAVE_DOCUMENTO = "documento"


class TipoAtto(models.TextChoices):
    DELIBERAZIONE_ASSEMBLEA = "deliberazione_assemblea", _("Deliberazione dell'Assemblea dei Sindaci")
    RISOLUZIONE_ASSEMBLEA = "risoluzione_assemblea", _("Risoluzione dell'Assemblea dei Sindaci")
    DELIBERAZIONE_GIUNTA = "deliberazione_giunta", _("Deliberazione della Giunta esecutiva")
    DETERMINA_CAPOFILA = "determina_capofila", _("Determina dell'ente capofila")
    DECRETO_REGIONALE = "decreto_regionale", _("Decreto regionale")
    DGR = "dgr", _("Deliberazione di Giunta regionale (DGR)")
    ACCORDO_PROGRAMMA = "accordo_programma", _("Accordo di programma")
    AVVISO = "avviso", _("Avviso")
    CONVENZIONE = "convenzione", _("Convenzione")
    GRADUATORIA = "graduatoria", _("Graduatoria approvata")


def _percorso_allegato_atto(instance: Atto, filename: str) -> str:
    """Upload path of the former ``Atto.allegato`` field, kept because past migrations name it (the act's
    document is an attachment now, see :data:`CHIAVE_DOCUMENTO`)."""
    return f"ambiti/{instance.ambito_id}/atti/{filename}"


class Atto(TenantModel):
    """A formal act other modules refer to (by FK, or through :class:`AttoCollegamento`)."""

    tipo = models.CharField(_("tipo"), max_length=40, choices=TipoAtto.choices)
    numero = models.CharField(_("numero"), max_length=40)
    data = models.DateField(_("data"))
    oggetto = models.TextField(_("oggetto"))
    organo = models.ForeignKey("ambito.OrganoCollegiale", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="atti", verbose_name=_("organo che lo ha adottato"))
    ente_emittente = models.ForeignKey("ambito.Ente", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("ente emittente"))
    pubblicato = models.BooleanField(
        _("pubblicato"), default=False,
        help_text=_("Gli atti pubblicati sono visibili ai componenti dell'Assemblea e ai partner."))
    pubblicato_il = models.DateTimeField(_("pubblicato il"), null=True, blank=True)
    # Publication in the public area (/p/<slug>/atti/), outside the login: a separate, explicit decision
    # (approved by a second person, ambito.atti.pubblicazione_online) for a limited period.
    pubblicazione_dal = models.DateField(_("pubblicato nell'area pubblica dal"), null=True, blank=True)
    pubblicazione_al = models.DateField(_("pubblicato nell'area pubblica fino al"), null=True, blank=True)

    class Meta:
        verbose_name = _("atto")
        verbose_name_plural = _("atti")
        ordering = ["-data", "-numero"]
        constraints = [
            models.UniqueConstraint(fields=["ambito", "tipo", "numero", "data"], name="atto_numero_unico"),
            models.CheckConstraint(
                condition=Q(pubblicazione_dal__isnull=True, pubblicazione_al__isnull=True)
                | Q(pubblicazione_dal__isnull=False, pubblicazione_al__gte=models.F("pubblicazione_dal")),
                name="atto_pubblicazione_periodo"),
        ]
        indexes = [models.Index(fields=["ambito", "-data"], name="atto_ambito_data")]

    def __str__(self) -> str:
        return f"{self.get_tipo_display()} n. {self.numero} del {self.data:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("atti:atto_detail", kwargs={"ambito_slug": self.ambito.slug, "atto_pk": self.pk})

    @property
    def documento(self) -> VersioneAllegato | None:
        """The current version of the act's document (PDF, PDF/A or signed .p7m), or None.

        Read once per instance; lists from ``atto_list`` carry ``documento_versione_id`` and cost no query
        when the act has none.
        """
        if not hasattr(self, "_documento"):
            from ambito.allegati.selectors import documento_corrente

            senza = hasattr(self, "documento_versione_id") and self.documento_versione_id is None
            self._documento = None if senza else documento_corrente(oggetto=self, chiave=CHIAVE_DOCUMENTO)
        return self._documento

    @property
    def ha_documento(self) -> bool:
        if hasattr(self, "documento_versione_id"):
            return self.documento_versione_id is not None
        return self.documento is not None

    @property
    def allegato(self) -> FieldFile:
        """The stored file of the act's document (an empty, false file when there is none)."""
        documento = self.documento
        if documento is not None:
            return documento.file
        return FieldFile(None, VersioneAllegato._meta.get_field("file"), None)


class AttoCollegamento(TenantModel):
    """An object an act approves (a bando, a graduatoria, a riparto, ...), of any module."""

    atto = models.ForeignKey(Atto, on_delete=models.CASCADE, related_name="collegamenti")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    oggetto = GenericForeignKey("content_type", "object_id")
    descrizione = models.CharField(_("descrizione"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("oggetto approvato")
        verbose_name_plural = _("oggetti approvati")
        constraints = [
            models.UniqueConstraint(fields=["atto", "content_type", "object_id"], name="atto_collegamento_unico"),
        ]
