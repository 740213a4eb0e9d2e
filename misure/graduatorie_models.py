"""Rankings (graduatorie) of a bando: the computed list, its rows, what-if simulations and scorrimenti.

* :class:`Graduatoria` — one per bando (overall) or per strumento, per computation period (rolling bandi get
  one per monthly cut-off). It keeps the rule version, the input snapshot, the parameters and a SHA-256 of
  inputs and outputs, so it can be recomputed later (:func:`misure.regole.graduatoria.calcola`) with the same
  result. States: bozza (recomputable) → provvisoria (approved by an act, published) → definitiva (approved
  through the two-person approval, frozen).
* :class:`PosizioneGraduatoria` — one row per domanda: position, points per criterion, total, esito, and for
  funded rows the amount and months (the contract read by the erogazioni part).
* :class:`SimulazioneGraduatoria` — a named what-if on a draft; it never changes domande.
* :class:`ScorrimentoGraduatoria` — a later funding of the next rows in order, with its act.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ambito.tenancy.models import TenantModel

__all__ = ["EsitoPosizione", "Graduatoria", "GraduatoriaPer", "PoliticaFinanziamento", "PosizioneGraduatoria",
           "ScorrimentoGraduatoria", "SimulazioneGraduatoria", "StatoGraduatoria"]

IMPORTO_G = {"max_digits": 12, "decimal_places": 2}


class GraduatoriaPer(models.TextChoices):
    UNICA = "unica", _("Una graduatoria per tutto il bando")
    STRUMENTO = "strumento", _("Una graduatoria per strumento")


class PoliticaFinanziamento(models.TextChoices):
    ORDINE = "ordine", _("Ordine stretto (chi non rientra e i successivi attendono)")
    RIEMPIMENTO = "riempimento", _("Riempimento (si salta chi non rientra e si prosegue)")


class StatoGraduatoria(models.TextChoices):
    BOZZA = "bozza", _("Bozza")
    PROVVISORIA = "provvisoria", _("Provvisoria")
    DEFINITIVA = "definitiva", _("Definitiva")


class EsitoPosizione(models.TextChoices):
    FINANZIATA = "finanziata", _("Idonea finanziata")
    NON_FINANZIATA = "non_finanziata", _("Idonea non finanziata")
    NON_IDONEA = "non_idonea", _("Non idonea")
    IN_SOSPESO = "in_sospeso", _("In sospeso")


class Graduatoria(TenantModel):
    """A computed ranking of a bando (or of one of its strumenti) with its funding line."""

    bando = models.ForeignKey("misure.Bando", on_delete=models.PROTECT, related_name="graduatorie",
                              verbose_name=_("bando"))
    strumento = models.ForeignKey("misure.StrumentoBando", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="graduatorie", verbose_name=_("strumento"))
    titolo = models.CharField(_("titolo"), max_length=250)
    fino_al = models.DateField(_("domande presentate fino al"), null=True, blank=True)
    stato = models.CharField(_("stato"), max_length=20, choices=StatoGraduatoria.choices,
                             default=StatoGraduatoria.BOZZA)
    versione_regole = models.ForeignKey("misure.VersioneRegole", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("versione delle regole"))
    politica = models.CharField(_("politica di finanziamento"), max_length=20,
                                choices=PoliticaFinanziamento.choices, default=PoliticaFinanziamento.ORDINE)
    budget = models.DecimalField(_("budget"), **IMPORTO_G)
    quota = models.ForeignKey("fondi.Quota", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("quota di fondi"))
    parametri = models.JSONField(_("parametri del calcolo"), default=dict)
    snapshot = models.JSONField(_("dati di ingresso (snapshot)"), default=list)
    hash_calcolo = models.CharField(_("hash di verifica"), max_length=64, blank=True)
    calcolata_il = models.DateTimeField(_("calcolata il"), null=True, blank=True)
    finanziato = models.DecimalField(_("totale finanziato"), default=0, **IMPORTO_G)
    atto_provvisoria = models.ForeignKey("ambito.Atto", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("atto della graduatoria provvisoria"))
    atto_definitiva = models.ForeignKey("ambito.Atto", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("atto della graduatoria definitiva"))
    pubblicata_dal = models.DateField(_("pubblicata dal"), null=True, blank=True)
    pubblicata_al = models.DateField(_("pubblicata fino al"), null=True, blank=True)

    class Meta:
        verbose_name = _("graduatoria")
        verbose_name_plural = _("graduatorie")
        ordering = ["bando", "-fino_al", "strumento", "pk"]
        constraints = [models.CheckConstraint(condition=Q(budget__gte=0), name="misure_graduatoria_budget")]

    def __str__(self) -> str:
        return self.titolo


class PosizioneGraduatoria(TenantModel):
    """One row of a graduatoria. ``posizione`` is null for non idonea / in sospeso rows."""

    graduatoria = models.ForeignKey(Graduatoria, on_delete=models.CASCADE, related_name="posizioni",
                                    verbose_name=_("graduatoria"))
    domanda = models.ForeignKey("misure.Domanda", on_delete=models.PROTECT, related_name="posizioni",
                                verbose_name=_("domanda"))
    posizione = models.PositiveIntegerField(_("posizione"), null=True, blank=True)
    ordine = models.PositiveIntegerField(_("ordine di stampa"))
    esito = models.CharField(_("esito"), max_length=20, choices=EsitoPosizione.choices)
    punti = models.JSONField(_("punti per criterio"), default=dict)
    punteggio = models.DecimalField(_("punteggio"), max_digits=10, decimal_places=2, null=True, blank=True)
    importo_richiesto = models.DecimalField(_("costo pieno"), null=True, blank=True, **IMPORTO_G)
    importo_assegnato = models.DecimalField(_("importo assegnato"), default=0, **IMPORTO_G)
    mesi_finanziati = models.PositiveSmallIntegerField(_("mesi finanziati"), default=0)
    motivo = models.CharField(_("motivo"), max_length=300, blank=True)
    quota = models.ForeignKey("fondi.Quota", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("quota di fondi"))

    class Meta:
        verbose_name = _("posizione in graduatoria")
        verbose_name_plural = _("posizioni in graduatoria")
        ordering = ["graduatoria", "ordine"]
        constraints = [
            models.UniqueConstraint(fields=["graduatoria", "domanda"], name="misure_posizione_unica"),
            models.CheckConstraint(condition=Q(importo_assegnato__gte=0), name="misure_posizione_importo"),
        ]


class SimulazioneGraduatoria(TenantModel):
    """A named what-if on a draft graduatoria: other parameters, same snapshot. Never changes domande."""

    graduatoria = models.ForeignKey(Graduatoria, on_delete=models.CASCADE, related_name="simulazioni",
                                    verbose_name=_("graduatoria"))
    nome = models.CharField(_("nome"), max_length=120)
    parametri = models.JSONField(_("parametri"), default=dict)
    risultato = models.JSONField(_("confronto"), default=dict)
    creata_da = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("creata da"))
    creata_il = models.DateTimeField(_("creata il"), auto_now_add=True)

    class Meta:
        verbose_name = _("simulazione di graduatoria")
        verbose_name_plural = _("simulazioni di graduatoria")
        ordering = ["graduatoria", "-creata_il"]


class ScorrimentoGraduatoria(TenantModel):
    """Funding of the next rows in order when money returns or arrives, recorded with its act."""

    graduatoria = models.ForeignKey(Graduatoria, on_delete=models.PROTECT, related_name="scorrimenti",
                                    verbose_name=_("graduatoria"))
    atto = models.ForeignKey("ambito.Atto", on_delete=models.PROTECT, related_name="+", verbose_name=_("atto"))
    disponibile = models.DecimalField(_("somma disponibile"), **IMPORTO_G)
    finanziato = models.DecimalField(_("finanziato"), **IMPORTO_G)
    domande = models.JSONField(_("domande finanziate"), default=list)
    da_residui = models.JSONField(_("residui ricevuti da"), default=list)
    quando = models.DateTimeField(_("quando"), auto_now_add=True)

    class Meta:
        verbose_name = _("scorrimento di graduatoria")
        verbose_name_plural = _("scorrimenti di graduatoria")
        ordering = ["graduatoria", "quando"]

    def __str__(self) -> str:
        return str(_("Scorrimento n. %(n)s — %(g)s") % {"n": self.pk, "g": self.graduatoria})
