"""The funds ledger: sources, assignments to the Ambito, allocations (quote) and movements.

Shape:

* :class:`FonteFinanziamento` — the catalogue of sources (FNA, FNPS, FSR, Fondo Povertà and its
  quote, Dopo di Noi, PNRR M5C2 lines, quote comunali, fondazioni…). **Shared reference data**,
  like ``Comune``: the sources are defined by national and regional law and are the same for all
  91 Ambiti, and a common code is what regional cross-Ambito reports group by. A specific donor
  (a foundation, a private company) is recorded on the :class:`Assegnazione` (``ente_finanziatore``),
  not as a new source. Platform administrators maintain it (Django admin); it is seeded by a data
  migration from :mod:`fondi.catalogo`.
* :class:`Assegnazione` — an amount assigned to the Ambito for one source and annualità by an act.
* :class:`Quota` — part of an assegnazione destined to a use (a bando, a project, a comune, the
  UdO, administrative costs…), approved by an act. The destination is generic (type + description
  + optional comune + optional link to any object), so later modules point at their own objects
  without changing this one.
* :class:`Movimento` — the append-only ledger. **Every** figure is a sum of movements up to a date:
  the assigned amount (assegnazione, riporti), the allocated amount (allocazione/riduzione of a
  quota), committed (impegno/disimpegno) and paid (liquidazione). No total is ever stored.

Each movement carries the ``voce`` (which balance it moves) and ``segno`` (+1/−1) implied by its
``tipo``; a check constraint ties the three together, so a balance is one conditional
``SUM(importo * segno)``. A rettifica corrects an earlier movement: it moves the same voce with the
same sign, by a signed ``importo`` (negative = the original was too large).

Invariants, for every assegnazione and quota **at every date**: assegnato ≥ allocato ≥ 0 and
allocato ≥ impegnato ≥ liquidato ≥ 0. They are enforced twice: by the services (with row locks, so
concurrent requests serialise and the loser gets an Italian message) and by a database trigger
installed by :mod:`fondi.db` (which also takes the locks and refuses UPDATE/DELETE of movements).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ambito.formato import euro, percentuale
from ambito.tenancy.attori import AuditedHistory
from ambito.tenancy.models import TenantLogModel, TenantModel

IMPORTO = {"max_digits": 14, "decimal_places": 2}


class CategoriaFonte(models.TextChoices):
    NAZIONALE = "nazionale", _("Nazionale")
    REGIONALE = "regionale", _("Regionale")
    EUROPEA = "europea", _("Europea / PNRR")
    COMUNALE = "comunale", _("Comunale")
    PRIVATA = "privata", _("Privata (fondazioni, donazioni)")


class FonteFinanziamento(models.Model):
    """A funding source (shared reference data, NOT tenant-owned: no scope applies)."""

    codice = models.CharField(_("codice"), max_length=40, unique=True)
    denominazione = models.CharField(_("denominazione"), max_length=250)
    categoria = models.CharField(_("categoria"), max_length=20, choices=CategoriaFonte.choices)
    padre = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="linee",
                              verbose_name=_("fondo di cui è una linea o quota"))
    riferimento_normativo = models.CharField(_("riferimento normativo"), max_length=250, blank=True)
    descrizione = models.TextField(_("descrizione"), blank=True)
    attiva = models.BooleanField(_("attiva"), default=True)
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)

    history = AuditedHistory(inherit=False)

    class Meta:
        verbose_name = _("fonte di finanziamento")
        verbose_name_plural = _("fonti di finanziamento")
        ordering = ["ordine", "codice"]

    def __str__(self) -> str:
        return f"{self.codice} — {self.denominazione}"


class Assegnazione(TenantModel):
    """An amount assigned to the Ambito by an act (decreto/DGR) for one source and annualità.

    ``importo`` is the amount of the act and never changes; the *assigned balance* also counts
    riporti and rettifiche and is derived from the movements (the first one, tipo
    ``assegnazione``, is written with the assegnazione itself).
    """

    fonte = models.ForeignKey(FonteFinanziamento, on_delete=models.PROTECT, related_name="assegnazioni",
                              verbose_name=_("fonte"))
    descrizione = models.CharField(_("descrizione"), max_length=250)
    annualita = models.PositiveSmallIntegerField(
        _("annualità"), validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Anno del fondo (es. FNA 2024)."))
    esercizio = models.PositiveSmallIntegerField(
        _("esercizio"), validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Anno in cui le risorse sono spese (es. esercizio 2025)."))
    importo = models.DecimalField(_("importo assegnato dall'atto"), **IMPORTO)
    data_assegnazione = models.DateField(_("data contabile dell'assegnazione"))
    atto = models.ForeignKey("ambito.Atto", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("atto di assegnazione"))
    ente_finanziatore = models.ForeignKey("ambito.Ente", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", verbose_name=_("ente finanziatore"))
    scadenza_impegno = models.DateField(_("impegnare entro il"), null=True, blank=True)
    scadenza_spesa = models.DateField(_("spendere entro il"), null=True, blank=True)
    scadenza_rendicontazione = models.DateField(_("rendicontare entro il"), null=True, blank=True)
    rendicontata_il = models.DateField(_("rendicontata il"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    creato_il = models.DateTimeField(_("registrata il"), auto_now_add=True)

    class Meta:
        verbose_name = _("assegnazione")
        verbose_name_plural = _("assegnazioni")
        ordering = ["-annualita", "fonte__ordine", "pk"]
        indexes = [models.Index(fields=["ambito", "fonte", "annualita"], name="fondi_assegn_fonte_anno")]
        constraints = [
            models.CheckConstraint(condition=Q(importo__gt=0), name="fondi_assegnazione_importo_positivo"),
            models.CheckConstraint(condition=Q(esercizio__gte=models.F("annualita")),
                                   name="fondi_assegnazione_esercizio_dopo_annualita"),
        ]

    def __str__(self) -> str:
        return f"{self.fonte.codice} {self.annualita} (es. {self.esercizio}) — {self.descrizione}"

    def get_absolute_url(self) -> str:
        return reverse("fondi:assegnazione_detail",
                       kwargs={"ambito_slug": self.ambito.slug, "assegnazione_pk": self.pk})


class VincoloTipo(models.TextChoices):
    MINIMO = "minimo", _("Quota minima")
    MASSIMO = "massimo", _("Quota massima")


class TipoDestinazione(models.TextChoices):
    BANDO = "bando", _("Bando / avviso (misure)")
    PROGETTO = "progetto", _("Progetto del Piano di Zona")
    COMUNE = "comune", _("Comune (riparto)")
    UDOS = "udos", _("Unità d'offerta sociali")
    SPESE_AMMINISTRATIVE = "spese_amministrative", _("Spese amministrative e di gestione")
    ALTRO = "altro", _("Altro")


class AreaIntervento(models.TextChoices):
    FAMIGLIA_MINORI = "famiglia_minori", _("Famiglia e minori")
    DISABILITA = "disabilita", _("Disabilità")
    ANZIANI = "anziani", _("Anziani")
    POVERTA_INCLUSIONE = "poverta_inclusione", _("Povertà e inclusione")
    DOMICILIARITA = "domiciliarita", _("Domiciliarità e non autosufficienza")
    ABITARE = "abitare", _("Politiche abitative")
    GOVERNANCE = "governance", _("Governance e sistema")


class Vincolo(TenantModel):
    """A constraint of the assignment act: a minimum or maximum share for a destination type or
    an area (e.g. FNPS ≥ 50 % to famiglia e minori; spese amministrative ≤ 5 %).

    A *maximum* is enforced when allocating (a quota that would exceed it is refused); a
    *minimum* is a goal, checked and shown on the assegnazione and the position report.
    """

    assegnazione = models.ForeignKey(Assegnazione, on_delete=models.CASCADE, related_name="vincoli")
    tipo = models.CharField(_("tipo"), max_length=10, choices=VincoloTipo.choices)
    tipo_destinazione = models.CharField(_("destinazione"), max_length=30, choices=TipoDestinazione.choices,
                                         blank=True)
    area = models.CharField(_("area"), max_length=30, choices=AreaIntervento.choices, blank=True)
    percentuale = models.DecimalField(_("percentuale"), max_digits=5, decimal_places=2,
                                      validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))])
    descrizione = models.CharField(_("descrizione"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("vincolo")
        verbose_name_plural = _("vincoli")
        constraints = [
            models.CheckConstraint(condition=(Q(tipo_destinazione="") & ~Q(area=""))
                                   | (~Q(tipo_destinazione="") & Q(area="")),
                                   name="fondi_vincolo_destinazione_o_area"),
            models.CheckConstraint(condition=Q(percentuale__gte=0) & Q(percentuale__lte=100),
                                   name="fondi_vincolo_percentuale"),
        ]

    def __str__(self) -> str:

        oggetto = self.get_tipo_destinazione_display() if self.tipo_destinazione else self.get_area_display()
        return f"{self.get_tipo_display()} {percentuale(self.percentuale)} — {oggetto}"


class MetodoRiparto(models.TextChoices):
    POPOLAZIONE = "popolazione", _("In proporzione alla popolazione")
    PARTI_UGUALI = "parti_uguali", _("In parti uguali")
    FISSA_POPOLAZIONE = "fissa_popolazione", _("Quota fissa in parti uguali + quota per popolazione")
    PESI_IMPORTATI = "pesi_importati", _("In proporzione a valori importati (es. popolazione 18–64)")
    IMPORTI_IMPORTATI = "importi_importati", _("Importi importati per comune")


class Riparto(TenantModel):
    """A recorded split of an amount among the comuni of the Ambito (one Quota per comune).

    ``calcolo`` keeps the whole computation as shown to the user (weights, exact shares, cents
    given by the largest-remainder rule), so the act can cite it and it can be re-displayed.
    """

    assegnazione = models.ForeignKey(Assegnazione, on_delete=models.PROTECT, related_name="riparti")
    descrizione = models.CharField(_("descrizione"), max_length=250)
    metodo = models.CharField(_("metodo"), max_length=30, choices=MetodoRiparto.choices)
    totale = models.DecimalField(_("totale ripartito"), **IMPORTO)
    anno_popolazione = models.PositiveSmallIntegerField(_("anno di riferimento della popolazione"), null=True,
                                                        blank=True)
    percentuale_fissa = models.DecimalField(_("percentuale della quota fissa"), max_digits=5, decimal_places=2,
                                            null=True, blank=True)
    data_riferimento = models.DateField(_("comuni dell'Ambito alla data"))
    data_contabile = models.DateField(_("data contabile"))
    atto = models.ForeignKey("ambito.Atto", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("atto di approvazione"))
    calcolo = models.JSONField(_("calcolo"), default=dict)
    creato_da = models.ForeignKey("ambito.Utente", null=True, on_delete=models.SET_NULL, related_name="+")
    creato_il = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("riparto tra comuni")
        verbose_name_plural = _("riparti tra comuni")
        ordering = ["-data_contabile", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(totale__gt=0), name="fondi_riparto_totale_positivo")]

    def __str__(self) -> str:
        return self.descrizione

    def get_absolute_url(self) -> str:
        return reverse("fondi:riparto_detail", kwargs={"ambito_slug": self.ambito.slug, "riparto_pk": self.pk})


class Quota(TenantModel):
    """Part of an assegnazione destined to one use, approved by an act.

    The allocated amount is derived from the movements (``allocazione`` / ``riduzione``).
    ``oggetto`` optionally links the object of another module (a Bando, a Progetto…).
    """

    assegnazione = models.ForeignKey(Assegnazione, on_delete=models.PROTECT, related_name="quote")
    tipo_destinazione = models.CharField(_("destinazione"), max_length=30, choices=TipoDestinazione.choices)
    descrizione = models.CharField(_("descrizione"), max_length=250)
    area = models.CharField(_("area"), max_length=30, choices=AreaIntervento.choices, blank=True)
    comune = models.ForeignKey("ambito.Comune", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("comune"))
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    oggetto = GenericForeignKey("content_type", "object_id")
    atto = models.ForeignKey("ambito.Atto", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("atto di approvazione"))
    riparto = models.ForeignKey(Riparto, null=True, blank=True, on_delete=models.PROTECT, related_name="quote")
    creato_il = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quote")
        ordering = ["assegnazione", "tipo_destinazione", "descrizione", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(tipo_destinazione="comune") | Q(comune__isnull=False),
                                   name="fondi_quota_comune_per_riparto"),
            models.CheckConstraint(condition=Q(content_type__isnull=True, object_id__isnull=True)
                                   | Q(content_type__isnull=False, object_id__isnull=False),
                                   name="fondi_quota_oggetto_completo"),
        ]

    def __str__(self) -> str:
        return f"{self.get_tipo_destinazione_display()}: {self.descrizione}"

    def get_absolute_url(self) -> str:
        return reverse("fondi:assegnazione_detail",
                       kwargs={"ambito_slug": self.ambito.slug, "assegnazione_pk": self.assegnazione_id})


class Voce(models.TextChoices):
    """Which balance a movement moves."""

    ASSEGNATO = "assegnato", _("Assegnato")
    ALLOCATO = "allocato", _("Allocato")
    IMPEGNATO = "impegnato", _("Impegnato")
    LIQUIDATO = "liquidato", _("Liquidato")


class TipoMovimento(models.TextChoices):
    ASSEGNAZIONE = "assegnazione", _("Assegnazione")
    RIPORTO_ENTRATA = "riporto_entrata", _("Riporto da altra annualità")
    RIPORTO_USCITA = "riporto_uscita", _("Riporto ad altra annualità")
    ALLOCAZIONE = "allocazione", _("Allocazione a quota")
    RIDUZIONE = "riduzione", _("Riduzione di quota")
    IMPEGNO = "impegno", _("Impegno")
    DISIMPEGNO = "disimpegno", _("Disimpegno / economia")
    LIQUIDAZIONE = "liquidazione", _("Liquidazione")
    RETTIFICA = "rettifica", _("Rettifica")


# tipo → (voce, segno). A rettifica takes voce and segno of the movement it corrects.
EFFETTO: dict[str, tuple[str, int]] = {
    TipoMovimento.ASSEGNAZIONE: (Voce.ASSEGNATO, 1),
    TipoMovimento.RIPORTO_ENTRATA: (Voce.ASSEGNATO, 1),
    TipoMovimento.RIPORTO_USCITA: (Voce.ASSEGNATO, -1),
    TipoMovimento.ALLOCAZIONE: (Voce.ALLOCATO, 1),
    TipoMovimento.RIDUZIONE: (Voce.ALLOCATO, -1),
    TipoMovimento.IMPEGNO: (Voce.IMPEGNATO, 1),
    TipoMovimento.DISIMPEGNO: (Voce.IMPEGNATO, -1),
    TipoMovimento.LIQUIDAZIONE: (Voce.LIQUIDATO, 1),
}
VOCI_DI_QUOTA = {Voce.ALLOCATO, Voce.IMPEGNATO, Voce.LIQUIDATO}


def _coerenza_tipo() -> Q:
    """tipo ↔ (voce, segno, sign of importo, quota present) as one check constraint."""
    condizione = Q(tipo=TipoMovimento.RETTIFICA, rettifica_di__isnull=False) & ~Q(importo=0)
    for tipo, (voce, segno) in EFFETTO.items():
        condizione |= Q(tipo=tipo, voce=voce, segno=segno, importo__gt=0, rettifica_di__isnull=True)
    return condizione


class Movimento(TenantModel):
    """One line of the ledger. Append-only: a database trigger refuses UPDATE and DELETE; a
    mistake is corrected by a new ``rettifica`` that names the movement and the reason."""

    assegnazione = models.ForeignKey(Assegnazione, on_delete=models.PROTECT, related_name="movimenti")
    quota = models.ForeignKey(Quota, null=True, blank=True, on_delete=models.PROTECT, related_name="movimenti")
    tipo = models.CharField(_("tipo"), max_length=20, choices=TipoMovimento.choices)
    voce = models.CharField(_("voce"), max_length=20, choices=Voce.choices, editable=False)
    segno = models.SmallIntegerField(_("segno"), editable=False)
    importo = models.DecimalField(_("importo"), **IMPORTO)
    data_contabile = models.DateField(_("data contabile"))
    atto = models.ForeignKey("ambito.Atto", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("atto"))
    comune = models.ForeignKey("ambito.Comune", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("comune"))
    descrizione = models.CharField(_("descrizione"), max_length=250, blank=True)
    motivo = models.TextField(_("motivo"), blank=True)
    rettifica_di = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="rettifiche", verbose_name=_("rettifica del movimento"))
    collegato = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("movimento collegato (riporto)"))
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    riferimento = GenericForeignKey("content_type", "object_id")
    creato_da = models.ForeignKey("ambito.Utente", null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("registrato da"))
    creato_il = models.DateTimeField(_("registrato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("movimento")
        verbose_name_plural = _("movimenti")
        ordering = ["data_contabile", "pk"]
        indexes = [
            models.Index(fields=["ambito", "data_contabile"], name="fondi_mov_ambito_data"),
            models.Index(fields=["quota", "data_contabile"], name="fondi_mov_quota_data"),
            models.Index(fields=["assegnazione", "data_contabile"], name="fondi_mov_assegn_data"),
            # The assegnazione's own balances (assigned, allocated) without its quote's spending:
            # read by the services and the trigger at every allocation (fondi.db).
            models.Index(fields=["assegnazione", "data_contabile"], name="fondi_mov_assegn_allocaz",
                         condition=Q(voce__in=["assegnato", "allocato"])),
        ]
        constraints = [
            models.CheckConstraint(condition=_coerenza_tipo(), name="fondi_movimento_tipo_coerente"),
            models.CheckConstraint(condition=Q(segno__in=[-1, 1]), name="fondi_movimento_segno"),
            models.CheckConstraint(condition=Q(voce=Voce.ASSEGNATO, quota__isnull=True)
                                   | (~Q(voce=Voce.ASSEGNATO) & Q(quota__isnull=False)),
                                   name="fondi_movimento_quota_per_voce"),
            models.CheckConstraint(condition=~Q(tipo=TipoMovimento.RETTIFICA) | ~Q(motivo=""),
                                   name="fondi_rettifica_con_motivo"),
            models.CheckConstraint(condition=~Q(tipo=TipoMovimento.RIPORTO_ENTRATA) | Q(collegato__isnull=False),
                                   name="fondi_riporto_collegato"),
        ]

    def __str__(self) -> str:

        return f"{self.get_tipo_display()} di {euro(self.importo)} del {self.data_contabile:%d/%m/%Y}"

    @property
    def effetto(self) -> Decimal:
        """Signed change of the movement on its voce."""
        return self.importo * self.segno


class Cofinanziamento(TenantModel):
    """Municipal co-financing: every comune pays ``quota_per_abitante`` × its population.

    Expected amounts per comune are fixed when the cofinanziamento is created (the population
    used is recorded on each :class:`QuotaComunale`); receipts are :class:`Versamento` rows.
    """

    descrizione = models.CharField(_("descrizione"), max_length=250)
    anno = models.PositiveSmallIntegerField(_("anno"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quota_per_abitante = models.DecimalField(_("quota per abitante"), max_digits=8, decimal_places=4)
    anno_popolazione = models.PositiveSmallIntegerField(_("anno di riferimento della popolazione"))
    data_riferimento = models.DateField(_("comuni dell'Ambito alla data"))
    scadenza = models.DateField(_("versare entro il"), null=True, blank=True)
    atto = models.ForeignKey("ambito.Atto", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("atto di approvazione"))
    assegnazione = models.ForeignKey(Assegnazione, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("assegnazione nel bilancio dei fondi"))
    creato_il = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cofinanziamento comunale")
        verbose_name_plural = _("cofinanziamenti comunali")
        ordering = ["-anno", "descrizione"]
        constraints = [
            models.CheckConstraint(condition=Q(quota_per_abitante__gt=0), name="fondi_cofin_quota_positiva"),
        ]

    def __str__(self) -> str:
        return f"{self.descrizione} ({self.anno})"

    def get_absolute_url(self) -> str:
        return reverse("fondi:cofinanziamento_detail",
                       kwargs={"ambito_slug": self.ambito.slug, "cofinanziamento_pk": self.pk})


class QuotaComunale(TenantModel):
    """What one comune is expected to pay for a cofinanziamento."""

    cofinanziamento = models.ForeignKey(Cofinanziamento, on_delete=models.CASCADE, related_name="quote_comunali")
    comune = models.ForeignKey("ambito.Comune", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("comune"))
    popolazione = models.PositiveIntegerField(_("popolazione"))
    importo_atteso = models.DecimalField(_("importo atteso"), **IMPORTO)

    class Meta:
        verbose_name = _("quota comunale")
        verbose_name_plural = _("quote comunali")
        ordering = ["comune__denominazione"]
        constraints = [
            models.UniqueConstraint(fields=["cofinanziamento", "comune"], name="fondi_quota_comunale_unica"),
            models.CheckConstraint(condition=Q(importo_atteso__gte=0), name="fondi_quota_comunale_non_negativa"),
        ]

    def __str__(self) -> str:

        return f"{self.comune} — {euro(self.importo_atteso)}"


class Versamento(TenantModel):
    """A payment received from a comune against its quota (negative = refund/correction)."""

    quota_comunale = models.ForeignKey(QuotaComunale, on_delete=models.PROTECT, related_name="versamenti")
    data = models.DateField(_("data"))
    importo = models.DecimalField(_("importo"), **IMPORTO)
    riferimento = models.CharField(_("riferimento (reversale, quietanza)"), max_length=120, blank=True)
    creato_da = models.ForeignKey("ambito.Utente", null=True, on_delete=models.SET_NULL, related_name="+")
    creato_il = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("versamento")
        verbose_name_plural = _("versamenti")
        ordering = ["data", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(importo=0), name="fondi_versamento_non_nullo")]

    def __str__(self) -> str:

        return f"{euro(self.importo)} del {self.data:%d/%m/%Y}"


# --- balances kept by the ledger trigger -------------------------------------------------------
#
# Derived rows, written only by the database trigger of :mod:`fondi.db` in the transaction of the
# movement (a guard trigger refuses any other write): one row per assegnazione / quota and per day
# on which something moved it, with the balances **cumulated up to the end of that day**. The
# balance at a date is the row with the greatest ``giorno`` ≤ that date (one index probe); the
# latest row is the current balance. A movement dated in the past updates the rows of the later
# days it changes (bounded by days, not by movements). Not audited: they are a function of the
# audited ledger, recomputed and compared by the tests (``fondi.db.verifica_saldi``).

_SALDO = {"max_digits": 16, "decimal_places": 2, "default": 0}


class SaldoAssegnazione(TenantLogModel):
    """Assigned and allocated amount of an assegnazione at the end of ``giorno``.

    What the quote committed and paid is not here but in :class:`SaldoQuota` (summed per
    assegnazione when read): keeping it here would make every commitment on any quota of the
    assegnazione wait on this one row, and two transactions touching two quote in opposite order
    would deadlock on it."""

    assegnazione = models.ForeignKey(Assegnazione, on_delete=models.DO_NOTHING, related_name="+")
    giorno = models.DateField()
    assegnato = models.DecimalField(**_SALDO)
    allocato = models.DecimalField(**_SALDO)

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["assegnazione", "giorno"], name="fondi_saldo_assegn_giorno")]


class SaldoQuota(TenantLogModel):
    """Allocated, committed, paid and released (disimpegnato) amount of a quota at the end of ``giorno``."""

    assegnazione = models.ForeignKey(Assegnazione, on_delete=models.DO_NOTHING, related_name="+")
    quota = models.ForeignKey(Quota, on_delete=models.DO_NOTHING, related_name="+")
    giorno = models.DateField()
    allocato = models.DecimalField(**_SALDO)
    impegnato = models.DecimalField(**_SALDO)
    liquidato = models.DecimalField(**_SALDO)
    rilasciato = models.DecimalField(**_SALDO)

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["quota", "giorno"], name="fondi_saldo_quota_giorno")]
        indexes = [models.Index(fields=["assegnazione", "giorno"], name="fondi_saldo_quota_assegn")]


class SaldoComune(TenantLogModel):
    """The part of a quota's balances that its movements attribute to a comune other than the
    quota's own (e.g. an impegno for comune X on a bando quota): the position report by comune
    moves it from the quota's comune to this one. Empty in the usual case."""

    assegnazione = models.ForeignKey(Assegnazione, on_delete=models.DO_NOTHING, related_name="+")
    quota = models.ForeignKey(Quota, on_delete=models.DO_NOTHING, related_name="+")
    comune = models.ForeignKey("ambito.Comune", on_delete=models.DO_NOTHING, related_name="+")
    giorno = models.DateField()
    allocato = models.DecimalField(**_SALDO)
    impegnato = models.DecimalField(**_SALDO)
    liquidato = models.DecimalField(**_SALDO)

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["quota", "comune", "giorno"],
                                               name="fondi_saldo_comune_giorno")]
