"""Territory: comuni (shared reference data), enti, the Ambito tenant and its comuni over time."""

from __future__ import annotations

import datetime as dt

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ambito.tenancy.attori import AuditedHistory
from ambito.tenancy.models import TenantModel
from ambito.territorio.validators import validate_codice_fiscale_ente, validate_codice_istat


class Comune(models.Model):
    """A comune (shared reference data, NOT tenant-owned: no scope applies).

    Loaded from ISTAT's "Elenco comuni italiani" by ``import_comuni``; merged comuni keep their
    row with ``valido_al`` and point to their ``successore``.
    """

    codice_istat = models.CharField(_("codice ISTAT"), max_length=6, unique=True,
                                    validators=[validate_codice_istat])
    codice_catastale = models.CharField(_("codice catastale (Belfiore)"), max_length=4, db_index=True)
    denominazione = models.CharField(_("denominazione"), max_length=200)
    sigla_provincia = models.CharField(_("sigla provincia"), max_length=2)
    provincia = models.CharField(_("provincia / città metropolitana"), max_length=100, blank=True)
    codice_regione = models.CharField(_("codice regione"), max_length=2, blank=True)
    valido_dal = models.DateField(_("valido dal"), null=True, blank=True)
    valido_al = models.DateField(_("valido al"), null=True, blank=True)
    successore = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="predecessori", verbose_name=_("comune successore"))
    popolazione = models.PositiveIntegerField(_("popolazione"), null=True, blank=True)
    popolazione_anno = models.PositiveSmallIntegerField(_("anno di riferimento popolazione"), null=True,
                                                        blank=True)
    popolazione_fonte = models.CharField(_("fonte popolazione"), max_length=100, blank=True)

    history = AuditedHistory(inherit=False)

    class Meta:
        verbose_name = _("comune")
        verbose_name_plural = _("comuni")
        ordering = ["denominazione"]

    def __str__(self) -> str:
        return f"{self.denominazione} ({self.sigla_provincia})"

    def attivo_al(self, data: dt.date) -> bool:
        return (self.valido_dal is None or self.valido_dal <= data) and (
            self.valido_al is None or data <= self.valido_al)


class TipoEnte(models.TextChoices):
    COMUNE = "comune", _("Comune")
    AZIENDA_CONSORTILE = "azienda_consortile", _("Azienda speciale consortile")
    CONSORZIO = "consorzio", _("Consorzio")
    UNIONE = "unione", _("Unione di comuni")
    COMUNITA_MONTANA = "comunita_montana", _("Comunità montana")
    ATS = "ats", _("ATS")
    ASST = "asst", _("ASST")
    ETS = "ets", _("Ente del Terzo Settore")
    COOPERATIVA = "cooperativa", _("Cooperativa sociale")
    REGIONE = "regione", _("Regione")
    ALTRO = "altro", _("Altro")


class Ente(models.Model):
    """A body the domain talks about (shared registry, audited).

    Enti are shared between Ambiti (an ATS or a cooperative works for many). Staff of an Ambito
    may register one; only that Ambito (``registrato_da``) or a platform administrator edits it.
    """

    tipo = models.CharField(_("tipo"), max_length=30, choices=TipoEnte.choices)
    denominazione = models.CharField(_("denominazione"), max_length=250)
    codice_fiscale = models.CharField(_("codice fiscale / partita IVA"), max_length=16, blank=True,
                                      validators=[validate_codice_fiscale_ente])
    partita_iva = models.CharField(_("partita IVA"), max_length=11, blank=True)
    pec = models.EmailField(_("PEC"), blank=True)
    legale_rappresentante = models.CharField(_("legale rappresentante"), max_length=200, blank=True)
    numero_runts = models.CharField(_("numero RUNTS"), max_length=30, blank=True)
    comune = models.ForeignKey(Comune, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("comune (se l'ente è un comune)"))
    registrato_da = models.ForeignKey("ambito.Ambito", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("registrato dall'Ambito"))

    history = AuditedHistory(inherit=False)

    class Meta:
        verbose_name = _("ente")
        verbose_name_plural = _("enti")
        ordering = ["denominazione"]
        constraints = [
            models.UniqueConstraint(fields=["codice_fiscale"], condition=~Q(codice_fiscale=""),
                                    name="ente_codice_fiscale_unico"),
        ]

    def __str__(self) -> str:
        return self.denominazione


class SubAmbito(TenantModel):
    """A named group of the Ambito's comuni (e.g. Legnanese and Castanese in Alto Milanese)."""

    nome = models.CharField(_("nome"), max_length=120)

    class Meta:
        verbose_name = _("sub-ambito")
        verbose_name_plural = _("sub-ambiti")
        ordering = ["nome"]
        constraints = [models.UniqueConstraint(fields=["ambito", "nome"], name="subambito_nome_unico")]

    def __str__(self) -> str:
        return self.nome


class AppartenenzaComune(TenantModel):
    """A comune belongs to an Ambito from ``valido_dal`` to ``valido_al`` (inclusive).

    The database refuses overlapping periods for one comune, whatever the Ambito (exclusion
    constraint on the date range): a comune belongs to at most one Ambito at a date.
    """

    comune = models.ForeignKey(Comune, on_delete=models.PROTECT, related_name="appartenenze",
                               verbose_name=_("comune"))
    sub_ambito = models.ForeignKey(SubAmbito, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="appartenenze", verbose_name=_("sub-ambito"))
    valido_dal = models.DateField(_("valido dal"))
    valido_al = models.DateField(_("valido al"), null=True, blank=True)


    class Meta:
        verbose_name = _("appartenenza di un comune")
        verbose_name_plural = _("appartenenze dei comuni")
        ordering = ["comune__denominazione"]
        constraints = [
            models.CheckConstraint(condition=Q(valido_al__isnull=True) | Q(valido_al__gte=models.F("valido_dal")),
                                   name="appartenenza_date_ordinate"),
            ExclusionConstraint(
                name="appartenenza_un_ambito_per_data",
                expressions=[
                    ("comune", RangeOperators.EQUAL),
                    (models.Func(models.F("valido_dal"),
                                 Coalesce(models.F("valido_al"), models.Value(dt.date(9999, 12, 30))),
                                 models.Value("[]"), function="daterange",
                                 output_field=DateRangeField()), RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.comune} → {self.ambito}"

    def clean(self) -> None:
        if self.valido_al and self.valido_al < self.valido_dal:
            raise ValidationError({"valido_al": _("La data di fine precede la data di inizio.")})
