"""The tenant (``Ambito``) and the abstract bases of every tenant-owned model.

``Ambito`` lives here, at the bottom of the core, because the entry points that open a scope
resolve it from the URL before anything else; its territorial side (comuni over time,
sub-ambiti) and its pages live in :mod:`ambito.territorio`.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from ambito.tenancy.attori import AuditedHistory


class RegolaVoto(models.TextChoices):
    MAGGIORANZA_SEMPLICE = "maggioranza_semplice", _("Maggioranza semplice dei votanti")
    UNANIMITA = "unanimita", _("Unanimità dei presenti")
    PONDERATO_POPOLAZIONE = "ponderato_popolazione", _("Maggioranza ponderata per popolazione")
    DOPPIA_MAGGIORANZA = "doppia_maggioranza", _("Doppia maggioranza (componenti e popolazione)")


class TipoISEE(models.TextChoices):
    ORDINARIO = "ordinario", _("ISEE ordinario")
    SOCIOSANITARIO = "sociosanitario", _("ISEE sociosanitario")
    MINORENNI = "minorenni", _("ISEE minorenni")
    CORRENTE = "corrente", _("ISEE corrente")
    UNIVERSITARIO = "universitario", _("ISEE universitario")


class Ambito(models.Model):
    """The tenant: an Ambito territoriale and its settings.

    Not scoped itself (it *is* the scope); resolved from the URL slug by the entry points.
    """

    denominazione = models.CharField(_("denominazione"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    codice = models.CharField(_("codice"), max_length=20, unique=True)
    ente_capofila = models.ForeignKey("ambito.Ente", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="ambiti_capofila", verbose_name=_("ente capofila"))
    ats = models.ForeignKey("ambito.Ente", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("ATS"), limit_choices_to={"tipo": "ats"})
    asst = models.ForeignKey("ambito.Ente", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("ASST"), limit_choices_to={"tipo": "asst"})
    distretto = models.CharField(_("distretto"), max_length=200, blank=True)
    logo = models.ImageField(_("logo"), upload_to="loghi/", blank=True)
    attivo = models.BooleanField(_("attivo"), default=True)
    # Settings of the Ambito (voting is a rule of each Accordo di programma, not a regional one).
    regola_voto = models.CharField(_("regola di voto dell'Assemblea"), max_length=30,
                                   choices=RegolaVoto.choices, default=RegolaVoto.MAGGIORANZA_SEMPLICE)
    quorum_componenti_percento = models.PositiveSmallIntegerField(
        _("quorum costitutivo (% dei componenti)"), default=50)
    quorum_popolazione_percento = models.PositiveSmallIntegerField(
        _("quorum costitutivo (% della popolazione)"), default=0)
    mese_inizio_esercizio = models.PositiveSmallIntegerField(_("mese di inizio dell'esercizio"), default=1)
    tipi_isee_default = ArrayField(models.CharField(max_length=20, choices=TipoISEE.choices),
                                   default=list, blank=True, verbose_name=_("tipi ISEE predefiniti"))

    history = AuditedHistory(inherit=False)

    class Meta:
        verbose_name = _("Ambito")
        verbose_name_plural = _("Ambiti")
        ordering = ["denominazione"]
        constraints = [
            models.CheckConstraint(condition=Q(mese_inizio_esercizio__gte=1, mese_inizio_esercizio__lte=12),
                                   name="ambito_mese_esercizio_valido"),
            models.CheckConstraint(condition=Q(quorum_componenti_percento__lte=100,
                                               quorum_popolazione_percento__lte=100),
                                   name="ambito_quorum_percentuale"),
        ]

    def __str__(self) -> str:
        return self.denominazione


class TenantLogModel(models.Model):
    """A row owned by one Ambito that is itself a log (jobs, read logs): scoped, not audited."""

    ambito = models.ForeignKey(
        "ambito.Ambito", on_delete=models.PROTECT, related_name="+", verbose_name=_("Ambito"),
        db_index=True,
    )

    objects = ScopedManager(ambito="ambito")

    class Meta:
        abstract = True


class TenantModel(TenantLogModel):
    """Base of every tenant-owned model: scoped by Ambito and audited (before/after, actor)."""

    history = AuditedHistory()

    class Meta:
        abstract = True


class ComuneTenantModel(TenantModel):
    """A tenant row that belongs to one comune: assistenti sociali see only their comuni's rows."""

    comune = models.ForeignKey("ambito.Comune", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Comune"))

    objects = ScopedManager(ambito="ambito", comune="comune")

    class Meta:
        abstract = True
