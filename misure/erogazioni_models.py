"""Disbursements (erogazioni) of funded domande: payment plans, monthly runs, payments, benefit events,
indebiti and the SIUSS outbox. See misure/README.md, section "Erogazioni".

* :class:`PianoErogazione` — one per funded domanda: start month (set by the office), monthly amount, end month,
  total, payee (the beneficiary, the caregiver or an accredited provider ``Ente`` for vouchers) and IBAN.
* :class:`Distinta` — the monthly run of a bando: one per (bando, month) — the idempotency key is a unique
  constraint — with its lines (:class:`RigaDistinta`, included or excluded with the reason).
* :class:`Pagamento` — a payment recorded at confirmation: UNIQUE (domanda, month) in the database, so nobody is
  ever paid twice for the same month whatever the code path.
* :class:`EventoBeneficio` — suspension (from/to), resumption, decadenza (death, moving out), rinuncia, change of
  strumento, with date and reason; :class:`Indebito` — an amount paid and not due, to recover.
* :class:`EventoSIUSS` — the outbox the rendicontazione issue reads (one row per payment, suspension, end).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from ambito.tenancy.models import ComuneTenantModel, TenantModel

__all__ = [
    "TIPI_CESSAZIONE",
    "Distinta",
    "EventoBeneficio",
    "EventoSIUSS",
    "Indebito",
    "Pagamento",
    "PianoErogazione",
    "RigaDistinta",
    "StatoDistinta",
    "StatoIndebito",
    "StatoPiano",
    "TipoDestinatario",
    "TipoEventoBeneficio",
    "TipoEventoSIUSS",
]

IMPORTO_EROG = {"max_digits": 12, "decimal_places": 2}


class TipoDestinatario(models.TextChoices):
    BENEFICIARIO = "beneficiario", _("Beneficiario")
    CAREGIVER = "caregiver", _("Caregiver familiare")
    ENTE = "ente", _("Ente erogatore accreditato (voucher)")


class StatoPiano(models.TextChoices):
    ATTIVO = "attivo", _("Attivo")
    SOSPESO = "sospeso", _("Sospeso")
    CESSATO = "cessato", _("Cessato")


class PianoErogazione(ComuneTenantModel):
    """The payment plan of one funded domanda (``comune`` = the domanda's comune, for the assistenti's scope)."""

    domanda = models.OneToOneField("misure.Domanda", on_delete=models.PROTECT, related_name="piano_erogazione",
                                   verbose_name=_("domanda"))
    beneficiario = models.ForeignKey("misure.Beneficiario", on_delete=models.PROTECT, related_name="piani_erogazione",
                                     verbose_name=_("beneficiario"))
    strumento = models.ForeignKey("misure.StrumentoBando", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("strumento"))
    quota = models.ForeignKey("fondi.Quota", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("quota di fondi"))
    mese_inizio = models.DateField(_("primo mese"))
    mese_fine = models.DateField(_("ultimo mese"))
    importo_mensile = models.DecimalField(_("importo mensile"), **IMPORTO_EROG)
    totale = models.DecimalField(_("totale del piano"), **IMPORTO_EROG)
    tipo_destinatario = models.CharField(_("pagato a"), max_length=20, choices=TipoDestinatario.choices,
                                         default=TipoDestinatario.BENEFICIARIO)
    ente = models.ForeignKey("ambito.Ente", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("ente erogatore"))
    intestatario = models.CharField(_("intestatario del conto"), max_length=200)
    codice_fiscale_destinatario = models.CharField(_("codice fiscale o P.IVA del destinatario"), max_length=16,
                                                   blank=True)
    iban = models.CharField(_("IBAN"), max_length=34)
    stato = models.CharField(_("stato"), max_length=20, choices=StatoPiano.choices, default=StatoPiano.ATTIVO)
    cessato_dal = models.DateField(_("cessato dal"), null=True, blank=True)
    creato_da = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("creato da"))

    class Meta:
        verbose_name = _("piano di erogazione")
        verbose_name_plural = _("piani di erogazione")
        ordering = ["beneficiario__cognome", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(mese_fine__gte=models.F("mese_inizio")),
                                   name="misure_piano_mesi_ordinati"),
            models.CheckConstraint(condition=Q(importo_mensile__gt=0) & Q(totale__gt=0),
                                   name="misure_piano_importi_positivi"),
            models.CheckConstraint(condition=~Q(tipo_destinatario="ente") | Q(ente__isnull=False),
                                   name="misure_piano_ente_per_voucher"),
        ]
        indexes = [models.Index(fields=["ambito", "stato"], name="misure_piano_stato")]

    def __str__(self) -> str:
        return str(_("Piano della domanda %(d)s") % {"d": self.domanda})


class StatoDistinta(models.TextChoices):
    PREPARATA = "preparata", _("Preparata")
    IN_APPROVAZIONE = "in_approvazione", _("In approvazione")
    CONFERMATA = "confermata", _("Confermata")


class Distinta(TenantModel):
    """The monthly payment run (distinta di liquidazione) of one bando; one per (bando, month)."""

    bando = models.ForeignKey("misure.Bando", on_delete=models.PROTECT, related_name="distinte",
                              verbose_name=_("bando"))
    mese = models.DateField(_("mese"))
    chiave = models.CharField(_("chiave di idempotenza"), max_length=60)
    stato = models.CharField(_("stato"), max_length=20, choices=StatoDistinta.choices,
                             default=StatoDistinta.PREPARATA)
    preparata_da = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("preparata da"))
    preparata_il = models.DateTimeField(_("preparata il"), null=True, blank=True)
    confermata_da = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("confermata da"))
    confermata_il = models.DateTimeField(_("confermata il"), null=True, blank=True)
    atto = models.ForeignKey("ambito.Atto", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("atto di liquidazione"))
    totale = models.DecimalField(_("totale da pagare"), default=0, **IMPORTO_EROG)
    righe_incluse = models.PositiveIntegerField(_("righe da pagare"), default=0)
    righe_escluse = models.PositiveIntegerField(_("righe escluse"), default=0)

    class Meta:
        verbose_name = _("distinta di liquidazione")
        verbose_name_plural = _("distinte di liquidazione")
        ordering = ["-mese", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["ambito", "bando", "mese"], name="misure_distinta_bando_mese_unica"),
            models.UniqueConstraint(fields=["ambito", "chiave"], name="misure_distinta_chiave_unica"),
            models.CheckConstraint(condition=Q(mese__day=1), name="misure_distinta_primo_del_mese"),
        ]

    def __str__(self) -> str:
        return str(_("Distinta %(mese)s — %(bando)s") % {"mese": self.mese.strftime("%m/%Y"), "bando": self.bando})


class RigaDistinta(ComuneTenantModel):
    """One plan's line of a run: the amount due for the month (pro rata) or the reason it is excluded."""

    distinta = models.ForeignKey(Distinta, on_delete=models.CASCADE, related_name="righe",
                                 verbose_name=_("distinta"))
    piano = models.ForeignKey(PianoErogazione, on_delete=models.PROTECT, related_name="righe",
                              verbose_name=_("piano"))
    importo = models.DecimalField(_("importo"), default=0, **IMPORTO_EROG)
    giorni = models.PositiveSmallIntegerField(_("giorni dovuti"), default=0)
    esclusa = models.BooleanField(_("esclusa"), default=False)
    motivo_esclusione = models.CharField(_("motivo dell'esclusione"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("riga della distinta")
        verbose_name_plural = _("righe della distinta")
        ordering = ["distinta", "esclusa", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["distinta", "piano"], name="misure_riga_piano_unica"),
            models.CheckConstraint(condition=Q(importo__gte=0), name="misure_riga_importo_positivo"),
        ]


class Pagamento(ComuneTenantModel):
    """A payment of one month to one domanda. UNIQUE (domanda, mese): never paid twice for a month."""

    distinta = models.ForeignKey(Distinta, on_delete=models.PROTECT, related_name="pagamenti",
                                 verbose_name=_("distinta"))
    piano = models.ForeignKey(PianoErogazione, on_delete=models.PROTECT, related_name="pagamenti",
                              verbose_name=_("piano"))
    domanda = models.ForeignKey("misure.Domanda", on_delete=models.PROTECT, related_name="pagamenti",
                                verbose_name=_("domanda"))
    beneficiario = models.ForeignKey("misure.Beneficiario", on_delete=models.PROTECT, related_name="pagamenti",
                                     verbose_name=_("beneficiario"))
    mese = models.DateField(_("mese"))
    importo = models.DecimalField(_("importo"), **IMPORTO_EROG)
    giorni = models.PositiveSmallIntegerField(_("giorni pagati"))
    tipo_destinatario = models.CharField(_("pagato a"), max_length=20, choices=TipoDestinatario.choices)
    ente = models.ForeignKey("ambito.Ente", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("ente erogatore"))
    intestatario = models.CharField(_("intestatario del conto"), max_length=200)
    iban = models.CharField(_("IBAN"), max_length=34)
    movimento_id_fondi = models.PositiveBigIntegerField(_("liquidazione in fondi"), null=True, blank=True)

    class Meta:
        verbose_name = _("pagamento")
        verbose_name_plural = _("pagamenti")
        ordering = ["-mese", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["domanda", "mese"], name="misure_pagamento_domanda_mese_unico"),
            models.CheckConstraint(condition=Q(importo__gt=0), name="misure_pagamento_importo_positivo"),
            models.CheckConstraint(condition=Q(mese__day=1), name="misure_pagamento_primo_del_mese"),
        ]


class TipoEventoBeneficio(models.TextChoices):
    SOSPENSIONE = "sospensione", _("Sospensione (ricovero, RSA…)")
    RIPRESA = "ripresa", _("Ripresa")
    DECESSO = "decesso", _("Decadenza per decesso")
    TRASFERIMENTO = "trasferimento", _("Decadenza per trasferimento fuori Ambito")
    RINUNCIA = "rinuncia", _("Rinuncia")
    CAMBIO_STRUMENTO = "cambio_strumento", _("Cambio di strumento")


TIPI_CESSAZIONE = (TipoEventoBeneficio.DECESSO, TipoEventoBeneficio.TRASFERIMENTO, TipoEventoBeneficio.RINUNCIA,
                   TipoEventoBeneficio.CAMBIO_STRUMENTO)


class EventoBeneficio(TenantModel):
    """An event that changes a running benefit, with its date (and end, for a suspension) and reason."""

    piano = models.ForeignKey(PianoErogazione, on_delete=models.PROTECT, related_name="eventi",
                              verbose_name=_("piano"))
    tipo = models.CharField(_("tipo"), max_length=20, choices=TipoEventoBeneficio.choices)
    dal = models.DateField(_("dal"))
    al = models.DateField(_("al"), null=True, blank=True)
    motivo = models.TextField(_("motivo"))
    utente = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("registrato da"))
    registrato_il = models.DateTimeField(_("registrato il"), auto_now_add=True)

    objects = ScopedManager(ambito="ambito", comune="piano__comune")

    class Meta:
        verbose_name = _("evento del beneficio")
        verbose_name_plural = _("eventi del beneficio")
        ordering = ["piano", "dal", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(al__isnull=True) | Q(al__gte=models.F("dal")),
                                   name="misure_evento_beneficio_date_ordinate"),
        ]


class StatoIndebito(models.TextChoices):
    DA_RECUPERARE = "da_recuperare", _("Da recuperare")
    RECUPERATO = "recuperato", _("Recuperato")


class Indebito(ComuneTenantModel):
    """An amount paid for a month and no longer due after an event: to recover from the beneficiary."""

    beneficiario = models.ForeignKey("misure.Beneficiario", on_delete=models.PROTECT, related_name="indebiti",
                                     verbose_name=_("beneficiario"))
    pagamento = models.OneToOneField(Pagamento, on_delete=models.PROTECT, related_name="indebito",
                                     verbose_name=_("pagamento"))
    evento = models.ForeignKey(EventoBeneficio, on_delete=models.PROTECT, related_name="indebiti",
                               verbose_name=_("evento"))
    importo = models.DecimalField(_("importo da recuperare"), **IMPORTO_EROG)
    stato = models.CharField(_("stato"), max_length=20, choices=StatoIndebito.choices,
                             default=StatoIndebito.DA_RECUPERARE)
    recuperato_il = models.DateField(_("recuperato il"), null=True, blank=True)
    movimento_id_fondi = models.PositiveBigIntegerField(_("rettifica in fondi"), null=True, blank=True)

    class Meta:
        verbose_name = _("indebito")
        verbose_name_plural = _("indebiti")
        ordering = ["beneficiario", "pk"]
        constraints = [models.CheckConstraint(condition=Q(importo__gt=0), name="misure_indebito_positivo")]


class TipoEventoSIUSS(models.TextChoices):
    PAGAMENTO = "pagamento", _("Erogazione")
    SOSPENSIONE = "sospensione", _("Sospensione")
    CESSAZIONE = "cessazione", _("Cessazione")


class EventoSIUSS(TenantModel):
    """Outbox row for the SIUSS return (rendicontazione issue): written in the transaction of the fact it records,
    read and marked ``inviato_il`` by the reader. ``chiave`` makes each fact appear once."""

    tipo = models.CharField(_("tipo"), max_length=20, choices=TipoEventoSIUSS.choices)
    chiave = models.CharField(_("chiave"), max_length=80)
    beneficiario = models.ForeignKey("misure.Beneficiario", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("beneficiario"))
    piano = models.ForeignKey(PianoErogazione, on_delete=models.PROTECT, related_name="+", verbose_name=_("piano"))
    data = models.DateField(_("data"))
    dati = models.JSONField(_("dati"), default=dict)
    creato_il = models.DateTimeField(_("creato il"), auto_now_add=True)
    inviato_il = models.DateTimeField(_("inviato il"), null=True, blank=True)

    class Meta:
        verbose_name = _("evento per il SIUSS")
        verbose_name_plural = _("eventi per il SIUSS")
        ordering = ["creato_il", "pk"]
        constraints = [models.UniqueConstraint(fields=["ambito", "chiave"], name="misure_siuss_chiave_unica")]
